"""csecstats: traceable, caveated figures from Cambodia's 2004 country progress report against CSEC."""
__version__ = "0.1.0"

__all__ = ["__version__", "load_figures", "load_sources"]


def __getattr__(name: str):
    """``load_figures`` and ``load_sources`` on first use: importing a sub-module (the charts, the
    CLI) then costs only what that sub-module needs, not the validation stack."""
    if name in ("load_figures", "load_sources"):
        from .tables import figures as tables
        return getattr(tables, name)
    raise AttributeError(f"module 'csecstats' has no attribute {name!r}")
