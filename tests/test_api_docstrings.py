"""Every public callable a researcher reaches (the front doors ``help(csecstats)`` names and the modules
behind them) documents its parameters and what it returns in numpy style, naming every parameter of its
signature, in order."""
import importlib
import inspect
import re

import pytest

import csecstats

# The modules whose every public callable is held to the rule: the front doors' own modules, and the layers
# below them that researchers and notebooks import (inputs, source, register, tables, the analysis steps).
MODULES = (
    "csecstats.tables.built", "csecstats.tables.figures", "csecstats.publish.notebooks",
    "csecstats.inputs.cells", "csecstats.inputs.errors", "csecstats.inputs.files", "csecstats.inputs.fingerprint",
    "csecstats.inputs.freshness", "csecstats.inputs.paths", "csecstats.inputs.reading",
    "csecstats.source.parse", "csecstats.source.printed", "csecstats.source.reader",
    "csecstats.register.audit", "csecstats.register.breaks", "csecstats.register.caveats",
    "csecstats.register.documents", "csecstats.register.figures", "csecstats.register.grades",
    "csecstats.register.identity", "csecstats.register.lineage", "csecstats.register.load",
    "csecstats.register.places", "csecstats.register.rules", "csecstats.register.tokens",
    "csecstats.tables.datapackage", "csecstats.tables.declared", "csecstats.tables.references",
    "csecstats.tables.schema", "csecstats.tables.sources", "csecstats.tables.table",
    "csecstats.analysis.assumptions", "csecstats.analysis.checks", "csecstats.analysis.design_effects",
    "csecstats.analysis.effects", "csecstats.analysis.external", "csecstats.analysis.external_rows", "csecstats.analysis.row_pages",
    "csecstats.analysis.formulas", "csecstats.analysis.tip", "csecstats.analysis.tip_crosswalk",
    "csecstats.analysis.tip_periods", "csecstats.validate",
)
SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+)\n-{3,}\n", re.M)


def sections(doc: str) -> dict[str, str]:
    """A numpy-style docstring's sections (``Parameters``, ``Returns``, ...) by title, each its body."""
    doc = inspect.cleandoc(doc)
    found = list(SECTION.finditer(doc))
    return {m["title"]: doc[m.end(): found[i + 1].start() if i + 1 < len(found) else len(doc)]
            for i, m in enumerate(found)}


def documented_parameters(body: str) -> list[str]:
    """The names a ``Parameters`` section documents: its unindented ``name : type`` (or ``a, b : type``) lines."""
    names = []
    for line in body.splitlines():
        if line.strip() and not line[0].isspace():
            names += [n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")]
    return names


def problems(obj) -> list[str]:
    """What keeps ``obj``'s docstring from being numpy style with every parameter named; empty when it is."""
    doc = obj.__doc__ or ""
    found = sections(doc)
    out = []
    if not inspect.cleandoc(doc).split("\n\n")[0].strip():
        out.append("no summary line")
    try:
        params = [p for p in inspect.signature(obj).parameters if p != "self"]
    except ValueError:  # a class built on a builtin (an exception taking ``*args``) shows no signature
        params = []
    if params and documented_parameters(found.get("Parameters", "")) != params:
        out.append(f"Parameters section names {documented_parameters(found.get('Parameters', ''))}, "
                   f"signature has {params}")
    if not inspect.isclass(obj) and "Returns" not in found and "Yields" not in found:
        out.append("no Returns section")
    return out


def front_doors() -> dict[str, object]:
    """Every callable ``help(csecstats)`` names: the package's own, and each ``csecstats.x.y.name(`` it lists."""
    doors = {name: getattr(csecstats, name) for name in csecstats.__all__ if callable(getattr(csecstats, name))}
    for dotted in re.findall(r"^(csecstats(?:\.\w+)+)\(", csecstats.__doc__, re.M):
        module, name = dotted.rsplit(".", 1)
        doors[dotted] = getattr(importlib.import_module(module), name)
    return doors


def public_callables() -> dict[str, object]:
    found = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and callable(obj) and getattr(obj, "__module__", None) == module_name:
                found[f"{module_name}.{name}"] = obj
    return found


def test_help_names_the_front_doors_and_the_modules_hold_public_callables():
    assert {"built_tables", "load_figures", "load_sources", "csecstats.analysis.estimates.load_estimates",
            "csecstats.analysis.draws.estimate_draws"} <= set(front_doors())
    assert len(public_callables()) >= 260


@pytest.mark.parametrize("name", sorted(front_doors()))
def test_every_front_door_has_a_numpy_docstring_naming_its_parameters(name):
    assert problems(front_doors()[name]) == [], name


@pytest.mark.parametrize("name", sorted(public_callables()))
def test_every_public_callable_has_a_numpy_docstring_naming_its_parameters(name):
    assert problems(public_callables()[name]) == [], name


def _missing_one(frame, level=0.95):
    """Summary.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame.

    Returns
    -------
    float
    """


def _no_returns(a, b):
    """Summary.

    Parameters
    ----------
    a, b : int
        Two numbers.
    """


def _complete(a, *, b=1, **kwargs):
    """Summary.

    Parameters
    ----------
    a : int
        A number.
    b : int, default 1
        Another.
    **kwargs
        The rest.

    Returns
    -------
    int
    """


class _Refused(Exception):
    """An exception keeping the builtin ``__init__``: Python shows no signature for it."""


class _Undocumented(Exception):
    pass


def test_the_check_finds_a_missing_parameter_or_returns_and_passes_a_complete_docstring():
    assert problems(_missing_one) == ["Parameters section names ['frame'], signature has ['frame', 'level']"]
    assert problems(_no_returns) == ["no Returns section"]
    assert problems(_complete) == []
    assert problems(_Refused) == []
    assert problems(_Undocumented) == ["no summary line"]
