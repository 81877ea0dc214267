"""csecstats: traceable, caveated figures from Cambodia's 2004 country progress report against CSEC."""
__version__ = "0.1.0"

__all__ = ["__version__", "built_tables", "load_figures", "load_sources"]


def __getattr__(name: str):
    """The front doors, on first use: importing a sub-module (the charts, the CLI) then costs only
    what that sub-module needs. ``load_figures``/``load_sources`` read and validate the raw register;
    ``built_tables()`` reads what the build wrote (``data/processed``), as charts and notebooks do."""
    if name in ("load_figures", "load_sources"):
        from .tables import figures
        return getattr(figures, name)
    if name == "built_tables":
        from .tables.built import tables
        return tables
    raise AttributeError(f"module 'csecstats' has no attribute {name!r}")
