"""Estimate declarations (``data/raw/estimates.yml``) read and checked.

Each estimate is declared once (safe-loaded): the figures it uses, a formula, each
assumption with its distribution and reason, caveats and an evidence grade.
``declared_estimates`` returns every declaration checked against the figure and
external tables, or raises ``ValidationFailed`` listing every problem; the
computation is in ``analysis.estimates``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..inputs import paths
from ..inputs.errors import Problem, brief, raise_if_any
from ..register.caveats import read_caveats
from ..register.grades import GRADES, worst
from ..register.lineage import Lineage, load_lineage, term_problems
from ..register.figures import parse_period
from ..register.load import entries, read_yaml
from .assumptions import (DISTRIBUTIONS, Assumption, _order_problems, _triangular, mode_problem,  # noqa: F401
                          reason_row_problems, render_reason)
from .formulas import MAX_LITERAL, compile_formula
from .external import project_sources



METHODS = ("monte_carlo", "deterministic", "wilson", "poisson_exact", "range", "as_published")


EFFECTS = ("increases", "decreases")


REQUIRED = ("id", "quantity", "unit", "period", "geography", "definition", "measures", "method", "evidence_grade",
            "caveats")


OPTIONAL = ("inputs", "formula", "assumptions", "scenarios", "successes", "trials", "count", "per", "low", "high",
            "report_arithmetic", "design_effect")


SCENARIO_KEYS = ("scenario", "quantity", "period", "geography", "definition", "inputs", "assumptions", "formula",
                 "caveats", "evidence_grade", "report_arithmetic", "method")


FIELD_TYPES = {"id": str, "quantity": str, "unit": str, "period": (str, type(None)), "geography": str, "method": str,
               "definition": str, "measures": str, "evidence_grade": str, "inputs": dict, "formula": str,
               "assumptions": list, "scenarios": list,
               "successes": str, "trials": str, "count": str, "per": str, "low": str, "high": str,
               "report_arithmetic": str, "design_effect": dict}


SCENARIO_TYPES = {"scenario": str, "quantity": str, "period": (str, type(None)), "geography": str, "inputs": dict,
                  "assumptions": list, "definition": str, "formula": str, "caveats": list, "evidence_grade": str,
                  "report_arithmetic": str, "method": str}


_TYPE_NAMES = {str: "text", dict: "a mapping", list: "a list", type(None): "null"}


# The values each unit can take: every draw, the central value and both ends of the interval lie within.
DOMAINS = {"persons": (0.0, math.inf), "cases": (0.0, math.inf), "share": (0.0, 1.0), "ratio": (0.0, math.inf)}


@dataclass
class Estimate:
    """One estimate (or one scenario of it), with inputs resolved to numbers."""

    spec: dict
    scenario: str | None
    inputs: dict[str, float]
    refs: list[str]
    assumptions: list[Assumption]
    formula: Callable | None = None
    bounds: tuple[Callable, Callable] | None = None
    period: tuple[str | None, str | None] = (None, None)
    where: str = ""

    @property
    def key(self) -> str:
        return self.spec["id"] + (f"/{self.scenario}" if self.scenario else "")


class Context:
    """Figures and external rows that references resolve against, with their grades."""

    def __init__(self, figures: pd.DataFrame, sources: pd.DataFrame, external: list[pd.DataFrame],
                 lineage: Lineage):
        """``external``: the declared sources' tables, each indexed by its row id; ``lineage`` as the build (or
        ``default_context``) read it."""
        self.figures = figures.set_index("figure_id")
        self.grades = self.figures["evidence_grade"].to_dict()  # figures.csv carries each figure's grade
        self.external = pd.concat(external)
        self.lineage = lineage
        self.declared: dict[str, list] = {}  # estimates.yml path -> its estimates, read once per context
        self.drawn: dict[tuple, object] = {}  # each assumption's draws, made once per context (estimates.simulate)
        # each Monte Carlo estimate's median by (file, key, draws, seed), as estimates_table found it, for sensitivity
        self.medians: dict[tuple, float] = {}
        self._rows: dict[str, dict | None] = {}  # each figure or external row asked for, as a dict (``row``)

    def row(self, ident: str) -> dict | None:
        """The figure or external row (by 'figure_id' or 'external:ID') as a dict, None when there is none; each
        row taken from its frame once (a row of a frame is dear to take, and estimates name their inputs often)."""
        if ident not in self._rows:
            key, frame = ((ident.removeprefix("external:"), self.external) if ident.startswith("external:")
                          else (ident, self.figures))
            self._rows[ident] = frame.loc[key].to_dict() if key in frame.index else None
        return self._rows[ident]

    def _known(self, ident: str) -> dict:
        row = self.row(ident)
        if row is None:
            raise KeyError(ident)
        return row

    def origin(self, ident: str) -> str:
        """The origin_id of a figure or external row (by the id ``resolve`` returns)."""
        return str(self._known(ident)["origin_id"])

    def account(self, ident: str) -> str:
        """Who relays the input: the report (citing its source) or the external row's publication."""
        row = self._known(ident)
        if ident.startswith("external:"):
            published = f", {row['published']}" if isinstance(row.get("published"), str) else ""
            return f"{row['source']}{published}"
        return f"the report ({row['source_id']})"

    def resolve(self, ref: str) -> tuple[float, str, str]:
        """(number, grade, id) for 'figure_id', 'figure_id.low|high|value' or 'external:ID'; ``KeyError`` if unknown."""
        base, _, part = ref.partition(".")
        part = part or "value"
        if part not in ("value", "low", "high"):
            raise KeyError(f"'{ref}': after the dot expected value, low or high")
        if base.startswith("external:"):
            ext_id = base.removeprefix("external:")
            if ext_id not in self.external.index:
                raise KeyError(f"unknown external id '{ext_id}'")
            row = self.row(f"external:{ext_id}")
            number, grade, base = row.get(part, np.nan), row["evidence_grade"], f"external:{ext_id}"
        else:
            if base not in self.figures.index:
                raise KeyError(f"unknown figure id '{base}'")
            number, grade = self.figures.at[base, part], self.grades[base]
        if pd.isna(number):
            name = base.removeprefix("external:")
            raise KeyError(f"'{name}' has no {part}; name '{name}.low' or '{name}.high'")
        return float(number), grade, base


def _ids(refs: list[str]) -> str:
    return " ".join(dict.fromkeys(refs))


def declared_estimates(path: Path | None = None, context: Context | None = None) -> list[Estimate]:
    """Read and check ``estimates.yml`` (``path``, else the project's) against the tables of ``context``, which
    is required: the build's, or ``default_context()`` read by the caller (no table is read here). ``ValidationFailed``
    with every problem (path, estimate id, field). Read once per context: a second call gets the first reading."""
    if context is None:
        raise TypeError("declared_estimates() needs the context to resolve against: the build's, or default_context()")
    path = Path(path or paths.ESTIMATES_FILE)
    where = str(path)
    if where in context.declared:  # the build asks four times (estimates, assumptions, sensitivity, design effects)
        return context.declared[where]
    items, problems = read_yaml(path, "estimates")
    raise_if_any(problems)
    pairs, problems = entries(where, items)  # non-mappings and repeated ids, as in the register
    out = []
    for entry, spec in pairs:
        found = _field_problems(where, entry, spec, context.lineage)
        if found:
            problems += found
            continue
        for variant in spec.get("scenarios") or [{}]:
            estimate, found = _build(where, entry, spec, variant, context)
            problems += found
            if estimate is not None:
                out.append(estimate)
    raise_if_any(problems)
    context.declared[where] = out
    return out


def _type_problems(where: str, entry: str, mapping: dict, types: dict, prefix: str = "") -> list[Problem]:
    """Fields of the wrong type (a list where a mapping is expected, a number where text is), named."""
    problems = []
    for key, expected in types.items():
        if key in mapping and not isinstance(mapping[key], expected) or isinstance(mapping.get(key), bool):
            names = " or ".join(_TYPE_NAMES[t] for t in (expected if isinstance(expected, tuple) else (expected,)))
            problems.append(Problem(where, entry, f"{prefix}{key}", f"expected {names}, found {brief(mapping[key])}"))
    for key in ("inputs",):
        if isinstance(mapping.get(key), dict):
            problems += [Problem(where, entry, f"{prefix}{key}.{brief(name, 40).strip(chr(39))}",
                                 f"expected a figure id or external:ID as text, found {brief(ref)}")
                         for name, ref in mapping[key].items() if not isinstance(name, str) or not isinstance(ref, str)]
    return problems


def _field_problems(where: str, entry: str, spec: dict, lineage: Lineage) -> list[Problem]:
    problems = [Problem(where, entry, f, "missing required field") for f in REQUIRED if f not in spec]
    problems += [Problem(where, entry, brief(f, 40).strip("'"), "unknown field") for f in spec
                 if f not in REQUIRED + OPTIONAL]
    problems += _type_problems(where, entry, spec, FIELD_TYPES)
    for variant in [spec] + [v for v in spec.get("scenarios") or [] if isinstance(v, dict)]:
        for i, raw in enumerate(variant.get("assumptions") or [] if isinstance(variant.get("assumptions"), list) else []):
            name = raw.get("name") if isinstance(raw, dict) else None
            if not (isinstance(name, str) and name.isidentifier() and len(name) <= 80):
                problems.append(Problem(where, entry, f"assumptions[{i + 1}].name",
                                        f"every assumption needs a name usable in a formula (letters, digits, _), "
                                        f"found {brief(name)}"))
    if problems:  # the checks below read fields of the right type only
        return problems
    if spec.get("method") not in METHODS:
        problems.append(Problem(where, entry, "method", f"expected one of {', '.join(METHODS)}"))
    if spec.get("evidence_grade") not in GRADES:
        problems.append(Problem(where, entry, "evidence_grade", f"expected one of {', '.join(GRADES)}"))
    if spec.get("unit") not in DOMAINS:
        problems.append(Problem(where, entry, "unit", f"expected one of {', '.join(DOMAINS)}"))
    for key in ("quantity", "unit", "geography"):
        if key in spec and not (isinstance(spec[key], str) and spec[key].strip()):
            problems.append(Problem(where, entry, key, "must be non-empty text"))
    if "caveats" in spec:
        problems += read_caveats(where, entry, "caveats", spec["caveats"])[1]
    if "design_effect" in spec:
        problems += _design_effect_problems(where, entry, spec)
    problems += term_problems(where, entry, spec, lineage)
    for i, variant in enumerate(spec.get("scenarios") or []):
        if not isinstance(variant, dict) or not isinstance(variant.get("scenario"), str):
            problems.append(Problem(where, entry, f"scenarios[{i + 1}]", "expected a mapping with a 'scenario' name"))
            continue
        at = f"scenarios.{brief(variant['scenario'], 40).strip(chr(39))}."
        problems += [Problem(where, entry, f"{at}{brief(k, 40).strip(chr(39))}", "unknown field")
                     for k in variant if k not in SCENARIO_KEYS]
        problems += _type_problems(where, entry, variant, SCENARIO_TYPES, at)
        for key, allowed in (("method", METHODS), ("evidence_grade", GRADES)):
            if isinstance(variant.get(key), str) and variant[key] not in allowed:
                problems.append(Problem(where, entry, f"{at}{key}", f"expected one of {', '.join(allowed)}"))
    return problems


def _design_effect_problems(where: str, entry: str, spec: dict) -> list[Problem]:
    """A design effect {value, reason} is declared only where units are sampled: Wilson and Poisson intervals."""
    deff, problems = spec["design_effect"], []
    if spec.get("method") not in ("wilson", "poisson_exact"):
        problems.append(Problem(where, entry, "design_effect", "only a wilson or poisson_exact interval takes one"))
    value = deff.get("value")
    if set(deff) != {"value", "reason"}:
        problems.append(Problem(where, entry, "design_effect", "expected exactly value and reason"))
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 100:
        problems.append(Problem(where, entry, "design_effect.value", f"expected a number from 1 to 100, found {brief(value)}"))
    elif not (isinstance(deff["reason"], str) and deff["reason"].strip()):
        problems.append(Problem(where, entry, "design_effect.reason", "say why units cluster this much"))
    return problems


def _merged(spec: dict, variant: dict) -> dict:
    """The estimate with one scenario's inputs and assumptions laid over it (by name)."""
    merged = {**spec, **{k: v for k, v in variant.items()
                         if k in ("quantity", "period", "geography", "definition", "formula", "caveats",
                                  "evidence_grade", "report_arithmetic", "method")}}
    if "quantity" in variant:  # the estimate's own words still speak of it: analysis.coherence reads them
        merged["estimate_quantity"] = spec.get("quantity")
    merged["inputs"] = {**(spec.get("inputs") or {}), **(variant.get("inputs") or {})}
    by_name = {a.get("name"): a for a in (spec.get("assumptions") or []) if isinstance(a, dict)}
    by_name.update({a.get("name"): a for a in (variant.get("assumptions") or []) if isinstance(a, dict)})
    merged["assumptions"] = list(by_name.values())
    return merged


def _build(where: str, entry: str, spec: dict, variant: dict, context: Context) -> tuple[Estimate | None, list[Problem]]:
    spec = _merged(spec, variant)
    scenario = variant.get("scenario")
    label = entry + (f" ({scenario})" if scenario else "")
    problems: list[Problem] = []
    p = lambda f, msg: problems.append(Problem(where, label, f, msg))  # noqa: E731
    inputs, refs, grades = {}, [], []
    if not isinstance(spec["inputs"], dict):
        p("inputs", "expected a mapping of name: figure id")
    for name, ref in (spec["inputs"] if isinstance(spec["inputs"], dict) else {}).items():
        try:
            inputs[name], grade, ident = context.resolve(str(ref))
            refs.append(ident)
            grades.append(grade)
        except KeyError as exc:
            p(f"inputs.{name}", exc.args[0])
    assumptions = []
    for i, raw in enumerate(spec["assumptions"]):
        assumption, found = _assumption(where, label, i, raw, context, refs, grades)
        problems += found
        if assumption:
            assumptions.append(assumption)
    try:
        start_end = parse_period(spec["period"])
    except ValueError as exc:
        p("period", str(exc))
        start_end = (None, None)
    # Names declared but refused above still count, so one mistake is reported once.
    names = set(spec["inputs"] if isinstance(spec["inputs"], dict) else ()) | {
        a.get("name") for a in spec["assumptions"] if isinstance(a, dict)}
    estimate = Estimate(spec, scenario, inputs, refs, assumptions, period=start_end, where=where)
    problems += _method_problems(where, label, spec, estimate, names)
    if grades and GRADES.index(spec["evidence_grade"]) < GRADES.index(worst(*grades)):
        p("evidence_grade", f"declared {spec['evidence_grade']}, but its weakest input is graded {worst(*grades)}; "
                            "an estimate cannot be graded better than its weakest input")
    return (None if problems else estimate), problems


def _assumption(where: str, label: str, i: int, raw: Any, context: Context, refs: list, grades: list
                ) -> tuple[Assumption | None, list[Problem]]:
    """Check one assumption: known distribution, exactly its parameters, ordered, a reason."""
    name = raw.get("name") if isinstance(raw, dict) and isinstance(raw.get("name"), str) else f"#{i + 1}"
    at = f"assumptions.{name}"
    if not isinstance(raw, dict):
        return None, [Problem(where, label, at, "expected a mapping")]
    problems = []
    p = lambda f, msg: problems.append(Problem(where, label, f, msg))  # noqa: E731
    unknown = set(raw) - {"name", "distribution", "parameters", "reason", "effect", "judgement"}
    if unknown:
        p(at, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    if not (isinstance(raw.get("reason"), str) and raw["reason"].strip()):
        p(f"{at}.reason", "every assumption needs a one-line reason")
    if raw.get("judgement") is not None and not (isinstance(raw["judgement"], str) and raw["judgement"].strip()):
        p(f"{at}.judgement", "expected one line saying what a researcher decides here")
    if raw.get("effect") is not None and raw["effect"] not in EFFECTS:
        p(f"{at}.effect", f"expected one of {', '.join(EFFECTS)}")
    dist = raw.get("distribution")
    if not isinstance(dist, str) or dist not in DISTRIBUTIONS:
        p(f"{at}.distribution", f"unknown distribution {brief(dist)}; expected one of {', '.join(DISTRIBUTIONS)}")
        return None, problems
    written = raw.get("parameters") if isinstance(raw.get("parameters"), dict) else {}
    if set(written) != set(DISTRIBUTIONS[dist]):
        p(f"{at}.parameters", f"{dist} takes exactly {', '.join(DISTRIBUTIONS[dist])}; found {', '.join(map(str, written)) or 'none'}")
        return None, problems
    params = {}
    for key, value in written.items():
        terms = value if isinstance(value, list) and value else [value]  # a list is the sum of its terms
        total = 0.0
        for term in terms:
            number, message = _parameter(term, context, refs, grades)
            if message:
                p(f"{at}.parameters.{key}", message)
            else:
                total += number
        params[key] = total
    if not problems:
        problems += [Problem(where, label, f"{at}.parameters", m) for m in _order_problems(dist, params)]
    if not problems and dist == "triangular":
        if message := mode_problem(written["mode"], params["mode"], context.resolve):
            p(f"{at}.parameters.mode", message)
    reason = None
    if not problems:
        reason, message = render_reason(raw["reason"].strip(), params)
        if message:
            p(f"{at}.reason", message)
        places = {*context.figures["geography"].dropna(), *context.external["geography"].dropna()}
        for key, message in reason_row_problems(raw["reason"], written, context.row, places, raw.get("judgement")):
            p(f"{at}.{key}", message)
    if problems:
        return None, problems
    return Assumption(name, dist, params, written, reason, raw.get("effect"), raw.get("judgement")), []


def _parameter(term: Any, context: Context, refs: list, grades: list) -> tuple[float, str | None]:
    """(number, problem or None) for one written parameter term: a finite number or a reference."""
    if isinstance(term, (int, float)) and not isinstance(term, bool) and math.isfinite(term) and abs(term) <= MAX_LITERAL:
        return float(term), None
    if isinstance(term, str):
        try:
            number, grade, ident = context.resolve(term)
        except KeyError as exc:
            return math.nan, exc.args[0]
        refs.append(ident)
        grades.append(grade)
        return number, None
    return math.nan, (f"expected a finite number (at most {MAX_LITERAL:g}), a figure reference or a list of them "
                      f"(summed), found {brief(term)}")


def _method_problems(where: str, label: str, spec: dict, est: Estimate, names: set[str]) -> list[Problem]:
    """Each method's fields: a formula, two input names, or two bound formulas."""
    method, problems = spec["method"], []
    needs = {"monte_carlo": ("formula",), "deterministic": ("formula",), "wilson": ("successes", "trials"),
             "poisson_exact": ("count", "per"), "range": ("low", "high"), "as_published": ()}[method]
    for key in needs:
        if not isinstance(spec.get(key), str):
            problems.append(Problem(where, label, key, f"method {method} needs '{key}'"))
    if problems:
        return problems
    try:
        if method in ("monte_carlo", "deterministic"):
            est.formula = compile_formula(spec["formula"], names)
        elif method == "range":
            est.bounds = (compile_formula(spec["low"], names), compile_formula(spec["high"], names))
    except ValueError as exc:
        problems.append(Problem(where, label, "formula" if method != "range" else "low/high", str(exc)))
    if method in ("wilson", "poisson_exact"):
        for key in needs:
            if spec[key] not in est.inputs:
                problems.append(Problem(where, label, key, f"'{spec[key]}' is not one of the inputs"))
    if method in ("wilson", "poisson_exact") and not problems:
        problems += _count_problems(where, label, spec, est.inputs)
    if method == "as_published" and len(est.inputs) != 1:
        problems.append(Problem(where, label, "inputs", "as_published takes exactly one input"))
    if method == "deterministic" and est.assumptions:
        problems.append(Problem(where, label, "assumptions", "a deterministic estimate has no random assumptions"))
    return problems


def _count_problems(where: str, label: str, spec: dict, inputs: dict[str, float]) -> list[Problem]:
    """Wilson needs whole successes <= trials, trials > 0; exact Poisson a whole count and a positive base."""
    problems = []
    p = lambda f, msg: problems.append(Problem(where, label, f, msg))  # noqa: E731
    whole = ("successes", "trials") if spec["method"] == "wilson" else ("count",)
    for key in whole:
        value = inputs[spec[key]]
        if not (value >= 0 and value == math.floor(value)):
            p(key, f"'{spec[key]}' is {value:g}; it must be a whole number of at least 0")
    if spec["method"] == "wilson" and not problems:
        if inputs[spec["trials"]] <= 0:
            p("trials", "needs at least one trial")
        elif inputs[spec["successes"]] > inputs[spec["trials"]]:
            p("successes", "more successes than trials")
    if spec["method"] == "poisson_exact" and not inputs[spec["per"]] > 0:
        p("per", f"'{spec['per']}' is {inputs[spec['per']]:g}; the base must be positive")
    return problems


def default_context() -> Context:
    """The front door for a caller outside the build: figures, sources and external tables read from the
    current project, validated (the build makes its context from what it has already read)."""
    from ..tables.figures import load_tables  # its validation (pandera) loads only for this front door

    tables = load_tables()
    sources = project_sources()
    lineage, problems = load_lineage()
    raise_if_any(problems)
    return Context(tables["figures"], tables["sources"],
                   [frame.set_index(sources.of(name).id_column) for name, frame in sources.frames.items()], lineage)


def __getattr__(name: str):
    """ESTIMATES_FILE: the current project's (``inputs.paths``), looked up when used."""
    if name in ('ESTIMATES_FILE',):
        return getattr(paths, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
