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

# Majors the package declares it supports (pyproject.toml); importing with another says why, at once.
_UNSUPPORTED = {"pandas": (3, "pandas 3 reads missing text as NaN and strings with a new dtype, which the build "
                             "does not handle yet")}


def _installed_version(name: str) -> str | None:
    """The version of an installed distribution, from its ``NAME-VERSION.dist-info`` folder beside the
    package: no import of the package and none of ``importlib.metadata``, so ``import csecstats`` stays cheap."""
    import os
    from importlib.util import find_spec
    spec = find_spec(name)
    if spec is None or not spec.origin:
        return None
    site = os.path.dirname(os.path.dirname(spec.origin))
    found = sorted(n for n in os.listdir(site) if n.startswith(f"{name}-") and n.endswith(".dist-info"))
    return found[-1][len(name) + 1:-len(".dist-info")] if found else None


def _refuse_unsupported() -> None:
    """``ImportError`` naming the installed version, the reason and the fix, for a release outside the ranges."""
    for name, (major, why) in _UNSUPPORTED.items():
        found = _installed_version(name)
        if found and int(found.split(".")[0]) >= major:
            raise ImportError(f"csecstats supports {name} below {major}.0, found {name} {found}: {why}. "
                              f"Install a supported version: pip install '{name}<{major}'")


_refuse_unsupported()


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
