"""csecstats: traceable, caveated figures from Cambodia's 2004 country progress report against CSEC.

Front doors
-----------
built_tables()
    What the build wrote (``data/processed``), typed as declared: a read-only mapping of
    table name -> ``pandas.DataFrame`` (``figures``, ``estimates``, ``triangulation``, ...), as
    charts and notebooks read it. Outside a project, the built tables shipped in the package.
load_figures()
    The report's figures read from the raw register, checked and validated: one row per figure.
load_sources()
    The works the report cites, one row each.
csecstats.analysis.estimates.load_estimates(draws=100_000, seed=20041108, level=0.95)
    The derived estimates with their intervals, recomputed from the declarations.
csecstats.analysis.draws.estimate_draws(estimate_id)
    The Monte Carlo draws behind an estimate, one row per draw.

The command line (``csecstats --help``): ``build``, ``validate``, ``audit``, ``notebooks``,
``charts``, ``gallery``.

Examples
--------
>>> import csecstats
>>> t = csecstats.built_tables()
>>> t["figures"][["figure_id", "value", "unit"]].head()  # doctest: +SKIP
"""
__version__ = "0.1.0"

__all__ = ["__version__", "built_tables", "load_figures", "load_sources"]


def __getattr__(name: str):
    """The front doors, on first use: importing a sub-module (the charts, the CLI) then costs only
    what that sub-module needs."""
    if name in ("load_figures", "load_sources"):
        from .tables import figures
        return getattr(figures, name)
    if name == "built_tables":
        from .tables.built import tables
        return tables
    raise AttributeError(f"module 'csecstats' has no attribute {name!r}; "
                         f"the front doors are: {', '.join(__all__[1:])}")


def __dir__() -> list[str]:
    """Tab completion on ``csecstats.`` offers the front doors, which are loaded lazily."""
    return sorted(set(globals()) | set(__all__))
