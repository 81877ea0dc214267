"""Declared derived estimates: Monte Carlo propagation, exact intervals, sensitivity. Stage 9.

Each estimate is declared once in ``data/raw/estimates.yml`` (safe-loaded): the
figures it uses, a formula, each assumption with its distribution and reason, a
caveat and an evidence grade. Formulas are arithmetic only (``+ - * /``, numbers,
declared names), checked against a whitelist of syntax-tree nodes and run on numpy
arrays; nothing is executed. Draws come from ``np.random.default_rng`` seeded by
``SEED`` and the estimate's id, so adding an estimate never changes another.
"""
from __future__ import annotations

import ast
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy import stats

from ..inputs import paths
from ..inputs.errors import Problem, ValidationFailed, brief, raise_if_any
from ..register.caveats import joined, read_caveats
from .external import load_external_enforcement, load_external_estimates
from ..register.grades import GRADES, external_grade, worst
from ..register.load import entries, parse_period, read_yaml
from ..tables.declared import columns
from ..tables.figures import load_tables

SEED = 20041108
DRAWS = 100_000
LEVEL = 0.95
ESTIMATES_FILE = paths.RAW / "estimates.yml"
METHODS = ("monte_carlo", "deterministic", "wilson", "poisson_exact", "range", "as_published")
DISTRIBUTIONS = {"fixed": ("value",), "uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                 "rounded": ("value", "step")}
EFFECTS = ("increases", "decreases")
REQUIRED = ("id", "quantity", "unit", "period", "geography", "method", "evidence_grade", "caveats")
OPTIONAL = ("inputs", "formula", "assumptions", "scenarios", "successes", "trials", "count", "per", "low", "high")
SCENARIO_KEYS = ("scenario", "quantity", "period", "geography", "inputs", "assumptions")
FIELD_TYPES = {"id": str, "quantity": str, "unit": str, "period": (str, type(None)), "geography": str, "method": str,
               "evidence_grade": str, "inputs": dict, "formula": str, "assumptions": list, "scenarios": list,
               "successes": str, "trials": str, "count": str, "per": str, "low": str, "high": str}
SCENARIO_TYPES = {"scenario": str, "quantity": str, "period": (str, type(None)), "geography": str, "inputs": dict,
                  "assumptions": list}
_TYPE_NAMES = {str: "text", dict: "a mapping", list: "a list", type(None): "null"}
# The values each unit can take: every draw, the central value and both ends of the interval lie within.
DOMAINS = {"persons": (0.0, math.inf), "cases": (0.0, math.inf), "share": (0.0, 1.0), "ratio": (0.0, math.inf)}


# ---------------------------------------------------------------- formulas

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}
MAX_FORMULA_CHARS = 400   # the longest declared formula is ~50 characters
MAX_FORMULA_NODES = 100
MAX_LITERAL = 1e15        # no count in the report comes near; larger is a typo or an attack


def compile_formula(text: str, names: set[str]) -> Callable[[dict], Any]:
    """Arithmetic on declared names and numbers only; anything else raises ``ValueError``.

    The formula is short (``MAX_FORMULA_CHARS``, ``MAX_FORMULA_NODES``), its numbers finite and at most
    ``MAX_LITERAL``; it runs on float64 with numpy, so a division by zero gives inf, never an exception,
    and ``result_problems`` refuses the non-finite result."""
    if len(text) > MAX_FORMULA_CHARS:
        raise ValueError(f"formula is {len(text)} characters long; the limit is {MAX_FORMULA_CHARS}")
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise ValueError(f"cannot read formula {brief(text)}: {getattr(exc, 'msg', type(exc).__name__)}") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_FORMULA_NODES:
        raise ValueError(f"formula has {count} terms and operators; the limit is {MAX_FORMULA_NODES}")
    return _node(tree, names, text)


def _node(node: ast.AST, names: set[str], text: str) -> Callable[[dict], Any]:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op, left, right = _BINARY[type(node.op)], _node(node.left, names, text), _node(node.right, names, text)
        return lambda env: op(left(env), right(env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _node(node.operand, names, text)
        return lambda env: np.negative(inner(env))
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if not (math.isfinite(node.value) and abs(node.value) <= MAX_LITERAL):
            raise ValueError(f"formula {brief(text)} uses the number {brief(node.value)}; numbers must be "
                             f"finite and at most {MAX_LITERAL:g}")
        number = np.float64(node.value)
        return lambda env: number
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise ValueError(f"formula {brief(text)} uses {brief(node.id)}, which is neither an input nor an assumption")
        key = node.id
        return lambda env: env[key]
    raise ValueError(f"formula {brief(text)} may use only + - * /, parentheses, numbers and declared names")


# ---------------------------------------------------------------- declarations

@dataclass
class Assumption:
    """One declared assumption: a distribution with resolved numeric parameters."""

    name: str
    distribution: str
    parameters: dict[str, float]
    written: dict[str, Any]
    reason: str
    effect: str | None = None

    def ends(self) -> tuple[float, float]:
        """Lowest and highest value the assumption can take."""
        p = self.parameters
        if self.distribution == "rounded":
            return p["value"] - p["step"] / 2, p["value"] + p["step"] / 2
        if self.distribution == "fixed":
            return p["value"], p["value"]
        return p["low"], p["high"]

    def central(self) -> float:
        """The point used for the central value: midpoint, mode, or the stated value."""
        p = self.parameters
        if self.distribution in ("fixed", "rounded"):
            return p["value"]
        return p["mode"] if self.distribution == "triangular" else (p["low"] + p["high"]) / 2

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray | float:
        """``n`` draws (a scalar for a fixed assumption)."""
        lo, hi = self.ends()
        if self.distribution == "fixed":
            return lo
        if self.distribution == "triangular":
            return _triangular(rng, lo, self.parameters["mode"], hi, n)
        return rng.uniform(lo, hi, n)


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float, n: int) -> np.ndarray:
    """Triangular draws; with the mode at an end, by the inverse CDF (twice as fast as rng.triangular)."""
    if mode not in (low, high):
        return rng.triangular(low, mode, high, n)
    u = rng.random(n)
    np.sqrt(u, out=u)  # sqrt of a uniform has density 2x: the triangle rising to one end
    u *= high - low
    if mode == low:
        return np.subtract(high, u, out=u)
    return np.add(low, u, out=u)


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

    def __init__(self, figures: pd.DataFrame, sources: pd.DataFrame,
                 external_estimates: pd.DataFrame, external_enforcement: pd.DataFrame):
        self.figures = figures.set_index("figure_id")
        self.grades = self.figures["evidence_grade"].to_dict()  # figures.csv carries each figure's grade
        self.external = pd.concat([external_estimates.assign(table="estimates"),
                                   external_enforcement.assign(table="enforcement")]).set_index("external_id")

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
            row = self.external.loc[ext_id]
            number, grade = row.get(part, np.nan), external_grade(row["table"], row["indicator"], str(row.get("definition", "")))
        else:
            if base not in self.figures.index:
                raise KeyError(f"unknown figure id '{base}'")
            number, grade = self.figures.at[base, part], self.grades[base]
        if pd.isna(number):
            raise KeyError(f"'{base}' has no {part}; name '{base}.low' or '{base}.high'")
        return float(number), grade, base


def _ids(refs: list[str]) -> str:
    return " ".join(dict.fromkeys(refs))


def declared_estimates(path: Path | None = None, context: Context | None = None) -> list[Estimate]:
    """Read and check ``estimates.yml``; ``ValidationFailed`` with every problem (path, estimate id, field)."""
    path = Path(path or ESTIMATES_FILE)
    where = str(path)
    items, problems = read_yaml(path, "estimates")
    raise_if_any(problems)
    context = context or default_context()
    pairs, problems = entries(where, items)  # non-mappings and repeated ids, as in the register
    out = []
    for entry, spec in pairs:
        found = _field_problems(where, entry, spec)
        if found:
            problems += found
            continue
        for variant in spec.get("scenarios") or [{}]:
            estimate, found = _build(where, entry, spec, variant, context)
            problems += found
            if estimate is not None:
                out.append(estimate)
    raise_if_any(problems)
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


def _field_problems(where: str, entry: str, spec: dict) -> list[Problem]:
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
    for i, variant in enumerate(spec.get("scenarios") or []):
        if not isinstance(variant, dict) or not isinstance(variant.get("scenario"), str):
            problems.append(Problem(where, entry, f"scenarios[{i + 1}]", "expected a mapping with a 'scenario' name"))
            continue
        at = f"scenarios.{brief(variant['scenario'], 40).strip(chr(39))}."
        problems += [Problem(where, entry, f"{at}{brief(k, 40).strip(chr(39))}", "unknown field")
                     for k in variant if k not in SCENARIO_KEYS]
        problems += _type_problems(where, entry, variant, SCENARIO_TYPES, at)
    return problems


def _merged(spec: dict, variant: dict) -> dict:
    """The estimate with one scenario's inputs and assumptions laid over it (by name)."""
    merged = {**spec, **{k: v for k, v in variant.items() if k in ("quantity", "period", "geography")}}
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
    unknown = set(raw) - {"name", "distribution", "parameters", "reason", "effect"}
    if unknown:
        p(at, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    if not (isinstance(raw.get("reason"), str) and raw["reason"].strip()):
        p(f"{at}.reason", "every assumption needs a one-line reason")
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
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and abs(value) <= MAX_LITERAL:
            params[key] = float(value)
        elif isinstance(value, str):
            try:
                params[key], grade, ident = context.resolve(value)
                refs.append(ident)
                grades.append(grade)
            except KeyError as exc:
                p(f"{at}.parameters.{key}", exc.args[0])
        else:
            p(f"{at}.parameters.{key}", f"expected a finite number (at most {MAX_LITERAL:g}) or a figure reference, "
                                        f"found {brief(value)}")
    if not problems:
        problems += [Problem(where, label, f"{at}.parameters", m) for m in _order_problems(dist, params)]
    if problems:
        return None, problems
    return Assumption(name, dist, params, written, raw["reason"].strip(), raw.get("effect")), []


def _order_problems(dist: str, p: dict[str, float]) -> list[str]:
    if dist == "uniform" and not p["low"] < p["high"]:
        return [f"uniform needs low < high, found {p['low']} and {p['high']}"]
    if dist == "triangular" and not (p["low"] <= p["mode"] <= p["high"] and p["low"] < p["high"]):
        return [f"triangular needs low <= mode <= high and low < high, found {p['low']}, {p['mode']}, {p['high']}"]
    if dist == "rounded" and not p["step"] > 0:
        return [f"rounded needs a positive step, found {p['step']}"]
    return []


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


# ---------------------------------------------------------------- computation

def estimate_seed(seed: int, key: str) -> np.random.SeedSequence:
    """A seed for one estimate: the named seed and a hash of the estimate's id (stable across machines)."""
    words = np.frombuffer(hashlib.sha256(key.encode("utf-8")).digest()[:16], dtype="<u4")
    return np.random.SeedSequence([seed, *map(int, words)])


def simulate(est: Estimate, draws: int, seed: int = SEED) -> np.ndarray:
    """The formula on ``draws`` joint draws of the assumptions (in declaration order)."""
    rng = np.random.default_rng(estimate_seed(seed, est.key))
    env = dict(est.inputs)
    for assumption in est.assumptions:
        env[assumption.name] = assumption.draw(rng, draws)
    with np.errstate(all="ignore"):
        return np.broadcast_to(est.formula(env), (draws,))


def central(est: Estimate, **override: float) -> float:
    """The formula with every assumption at its central point (or at an overridden value)."""
    env = {**est.inputs, **{a.name: a.central() for a in est.assumptions}, **override}
    with np.errstate(all="ignore"):  # inf or nan come back as such; compute() refuses them
        return float(est.formula(env))


def quantile_interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    """Central interval at ``level``: the (1-level)/2 and (1+level)/2 quantiles, interpolated linearly
    between order statistics (numpy's default 'linear' definition).

    One selection per end: numpy's partition with several kth at once is many times slower.
    """
    part = np.array(samples, dtype=float)  # a private copy, partitioned in place
    n, tail, ends, start = part.size, (1 - level) / 2, [], 0
    for q in (tail, 1 - tail):
        h = q * (n - 1)
        k = int(math.floor(h))
        # After the first selection everything right of k_low is >= it: select the upper end in that slice only.
        part[start:].partition(k - start)
        below = part[k]
        above = part[k + 1:].min() if k + 1 < n else below
        ends.append(float(below + (above - below) * (h - k)))
        start = k
    return ends[0], ends[1]


def wilson_interval(successes: float, trials: float, level: float) -> tuple[float, float]:
    """Wilson score interval, from scipy's binomtest."""
    ci = stats.binomtest(int(successes), int(trials)).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def poisson_exact_interval(count: float, level: float) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson mean given one observed count, via chi-square quantiles."""
    alpha = 1 - level
    low = stats.chi2.ppf(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    return float(low), float(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2)


def compute(est: Estimate, draws: int, seed: int, level: float) -> tuple[float, float, float, int]:
    """(value, low, high, draws used) for one estimate by its method; ``ValidationFailed`` when a result is
    not finite or leaves the unit's domain (``DOMAINS``), at the central point, an end or any draw."""
    with np.errstate(all="ignore"):  # a division by zero gives inf here and a Problem below
        value, low, high, used, samples = _compute(est, draws, seed, level)
    raise_if_any(result_problems(est, value, low, high, samples))
    return value, low, high, used


def _compute(est: Estimate, draws: int, seed: int, level: float):
    method, s, nan = est.spec["method"], est.spec, float("nan")
    if method == "monte_carlo":
        samples = simulate(est, draws, seed)
        finite = bool(np.isfinite(samples).all())
        ends = quantile_interval(samples, level) if finite else (nan, nan)
        return central(est), *ends, draws, samples
    if method == "deterministic":
        return central(est), nan, nan, 0, None
    if method == "wilson":
        k, n = est.inputs[s["successes"]], est.inputs[s["trials"]]
        return k / n, *wilson_interval(k, n, level), 0, None
    if method == "poisson_exact":
        k, base = est.inputs[s["count"]], est.inputs[s["per"]]
        low, high = poisson_exact_interval(k, level)
        return k / base, low / base, high / base, 0, None
    if method == "range":
        env = dict(est.inputs)
        return nan, float(est.bounds[0](env)), float(est.bounds[1](env)), 0, None
    return next(iter(est.inputs.values())), nan, nan, 0, None


# Which of value, low, high each method must give (the others are left empty).
GIVES = {"monte_carlo": ("value", "low", "high"), "deterministic": ("value",), "wilson": ("value", "low", "high"),
         "poisson_exact": ("value", "low", "high"), "range": ("low", "high"), "as_published": ("value",)}


def result_problems(est: Estimate, value: float, low: float, high: float,
                    samples: np.ndarray | None = None) -> list[Problem]:
    """Results are finite and within the unit's domain (persons >= 0, shares 0-1) at every draw; low <= high."""
    unit, method = est.spec["unit"], est.spec["method"]
    bottom, top = DOMAINS[unit]
    label = est.spec["id"] + (f" ({est.scenario})" if est.scenario else "")
    field = {"monte_carlo": "formula", "deterministic": "formula", "range": "low/high"}.get(method, "inputs")
    problems = []
    p = lambda msg: problems.append(Problem(est.where, label, field, msg))  # noqa: E731
    results = {"value": value, "low": low, "high": high}
    for name in GIVES[method]:
        x = results[name]
        if not math.isfinite(x):
            p(f"the {name} is {x} (not a finite number: a division by zero or an overflow?)")
        elif not bottom <= x <= top:
            p(f"the {name} {x:g} lies outside what {unit} can be ({bottom:g} to {top:g})")
    if samples is not None:
        bad = int(np.count_nonzero(~np.isfinite(samples)))
        outside = int(np.count_nonzero((samples < bottom) | (samples > top)))
        if bad:
            p(f"{bad} of {samples.size} draws are not finite numbers (a division by zero or an overflow?)")
        elif outside:
            p(f"{outside} of {samples.size} draws lie outside what {unit} can be ({bottom:g} to {top:g}); "
              "narrow the assumptions")
    if not problems and "low" in GIVES[method] and "high" in GIVES[method] and low > high:
        p(f"the interval is reversed (low {low:g} > high {high:g})")
    return problems


def _assumption_text(a: Assumption) -> str:
    params = ", ".join(f"{k}={v}" for k, v in a.written.items())
    return f"{a.name} ~ {a.distribution}({params})"


def load_estimates(draws: int = DRAWS, seed: int = SEED, level: float = LEVEL, *, path: Path | None = None,
                   context: Context | None = None) -> pd.DataFrame:
    """Every declared estimate (one row per scenario): central value, interval at ``level``, grade, caveat."""
    if not 0 < level < 1 or draws < 1:
        raise ValueError("level must lie strictly between 0 and 1 and draws must be positive")
    rows, problems, where = [], [], str(path or ESTIMATES_FILE)
    for est in declared_estimates(path, context):
        try:
            value, low, high, used = compute(est, draws, seed, level)
        except ValidationFailed as failed:  # every estimate is computed; all problems reported at once
            problems += failed.problems
            continue
        s = est.spec
        rows.append({"estimate_id": s["id"], "scenario": est.scenario, "quantity": s["quantity"], "value": value,
                     "low": low, "high": high, "level": level, "unit": s["unit"], "period_start": est.period[0],
                     "period_end": est.period[1], "geography": s["geography"], "method": s["method"],
                     "inputs": _ids(est.refs), "assumptions": " | ".join(map(_assumption_text, est.assumptions)) or None,
                     "evidence_grade": s["evidence_grade"], **_caveat_cells(where, s), "draws": used})
    raise_if_any(problems)
    return pd.DataFrame(rows, columns=columns("estimates"))


def _caveat_cells(where: str, spec: dict) -> dict:
    """The ``caveat`` and ``caveat_priority`` cells: texts and priorities in rank order, ' | '-joined."""
    caveats = read_caveats(where, spec["id"], "caveats", spec["caveats"])[0]
    return {"caveat": joined(caveats), "caveat_priority": joined(caveats, "priority")}


def assumptions_table(*, path: Path | None = None, context: Context | None = None) -> pd.DataFrame:
    """Every assumption as a row a non-programmer can read: estimate, assumption, distribution, parameters, reason."""
    rows = []
    for est in declared_estimates(path, context):
        for a in est.assumptions:
            lo, hi = a.ends()
            rows.append({"estimate_id": est.spec["id"], "scenario": est.scenario, "assumption": a.name,
                         "distribution": a.distribution,
                         "parameters": ", ".join(f"{k}={v}" for k, v in a.written.items()),
                         "low_end": lo, "central": a.central(), "high_end": hi, "effect": a.effect, "reason": a.reason})
    return pd.DataFrame(rows, columns=columns("assumptions"))


def sensitivity(*, path: Path | None = None, context: Context | None = None) -> pd.DataFrame:
    """Tornado data: the estimate when one assumption alone is set to its low end and to its high end."""
    rows = []
    for est in declared_estimates(path, context):
        if est.formula is None:
            continue
        for a in est.assumptions:
            lo, hi = a.ends()
            if lo == hi:
                continue
            at_low, at_high = central(est, **{a.name: lo}), central(est, **{a.name: hi})
            rows.append({"estimate_id": est.spec["id"], "scenario": est.scenario, "assumption": a.name,
                         "assumption_low": lo, "assumption_high": hi, "value": central(est),
                         "value_at_low": at_low, "value_at_high": at_high, "swing": abs(at_high - at_low),
                         "effect": "increases" if at_high > at_low else "decreases"})
    frame = pd.DataFrame(rows, columns=columns("sensitivity"))
    return frame.sort_values(["estimate_id", "scenario", "swing"], ascending=[True, True, False],
                             kind="stable", na_position="first").reset_index(drop=True)


def default_context() -> Context:
    """Figures, sources and external tables from their usual places, validated."""
    tables = load_tables()
    return Context(tables["figures"], tables["sources"], load_external_estimates(), load_external_enforcement())
