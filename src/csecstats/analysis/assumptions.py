"""Assumptions: a distribution, its parameters, its draws and a reason that cannot go stale. Stage 8.

An assumption of ``data/raw/estimates.yml`` once its parameters are resolved to numbers (``analysis.declarations``
resolves them): its ends, its central point, its draws, its identity (what makes two declarations one quantity,
drawn once: common random numbers), and its reason with the numbers filled from the parameters (``render_reason``).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..register.rules import quote_numbers

DISTRIBUTIONS = {"fixed": ("value",), "uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                 "rounded": ("value", "step")}


# A number in an assumption's reason is either a placeholder filled from its parameters ("{low:,.0f}"), a
# quotation ('over 14, 000', "66%") or a year: nothing typed there can go stale when a parameter changes.
_QUOTED = re.compile(r"(?<![A-Za-z])'.*?'(?![A-Za-z])|\".*?\"")
_YEAR = re.compile(r"(?<![\d,.])(19|20)\d\d(?![\d,.]\d)")


@dataclass
class Assumption:
    """One declared assumption: a distribution with resolved numeric parameters.

    Parameters
    ----------
    name : str
        The assumption's name in its estimate's formula.
    distribution : str
        One of ``DISTRIBUTIONS``: ``fixed``, ``uniform``, ``triangular`` or ``rounded``.
    parameters : dict of str to float
        The distribution's parameters resolved to numbers.
    written : dict
        The parameters as ``estimates.yml`` writes them: numbers, references or summed lists.
    reason : str
        Why the assumption holds, its placeholders already filled.
    effect : str, optional
        ``increases`` or ``decreases``: how raising it moves the estimate.
    judgement : str, optional
        What a researcher decides here (not read from any printed number).
    """

    name: str
    distribution: str
    parameters: dict[str, float]
    written: dict[str, Any]
    reason: str
    effect: str | None = None
    judgement: str | None = None  # what a researcher decides here (not read from any printed number)

    @property
    def typed(self) -> list[str]:
        """Parameters written as numbers rather than read from a figure or external row."""
        return [k for k, v in self.written.items()
                if any(isinstance(t, (int, float)) for t in (v if isinstance(v, list) else [v]))]

    @property
    def identity(self) -> str:
        """What the assumption is: name, distribution and parameters as written. Assumptions declared alike
        in several estimates or scenarios are one quantity and share their draws (common random numbers)."""
        written = ", ".join(f"{k}={self.written[k]!r}" for k in sorted(self.written))
        return f"assumption:{self.name}~{self.distribution}({written})"

    def parameters_text(self) -> str:
        """The parameters as written ('low=a + b, high=c'): references by name, a summed list joined by '+'."""
        show = lambda v: " + ".join(map(str, v)) if isinstance(v, list) else str(v)  # noqa: E731
        return ", ".join(f"{k}={show(v)}" for k, v in self.written.items())

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


def render_reason(template: str, params: dict[str, float]) -> tuple[str, str | None]:
    """An assumption's reason with its numbers filled from the parameters, or why it is refused.

    (reason, problem or None): the reason with its placeholders ("{high:,.0f}", "{low:.1%}") filled from the
    resolved parameters. A number typed outside a placeholder, a quotation or a year would go stale when a
    parameter changes, so it is refused.

    Parameters
    ----------
    template : str
        The reason as written, with placeholders such as ``{low:,.0f}``.
    params : dict of str to float
        The resolved parameters the placeholders name.

    Returns
    -------
    tuple of (str, str or None)
        The filled reason and None; or the template unchanged and why it was refused.
    """
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        unknown = sorted({f for f in fields if f not in params})
        if unknown:
            return template, f"unknown placeholder(s) {', '.join(unknown)}; parameters: {', '.join(params)}"
        typed = _YEAR.sub("", _QUOTED.sub("", patterns.sub(r"\{[^{}]*\}", "", template)))
        if patterns.search(r"\d", typed):
            return template, ("a number typed in the reason goes stale when a parameter changes: write it as a "
                              "placeholder of the parameters (e.g. {low:,.0f}) or quote the words it comes from")
        return template.format(**params), None
    except (ValueError, IndexError, KeyError) as exc:
        return template, f"cannot fill the placeholders: {exc}"


def _order_problems(dist: str, p: dict[str, float]) -> list[str]:
    if dist == "uniform" and not p["low"] < p["high"]:
        return [f"uniform needs low < high, found {p['low']} and {p['high']}"]
    if dist == "triangular" and not (p["low"] <= p["mode"] <= p["high"] and p["low"] < p["high"]):
        return [f"triangular needs low <= mode <= high and low < high, found {p['low']}, {p['mode']}, {p['high']}"]
    if dist == "rounded" and not p["step"] > 0:
        return [f"rounded needs a positive step, found {p['step']}"]
    return []


def mode_problem(written, mode: float, resolve) -> str | None:
    """A triangular's mode read from one row is the number the row prints (its ``.low`` or ``.high`` only where
    that is the printed number, as for 'over 14, 000'): the most likely value is the published one, never a bound
    of its rounding moved there.

    Parameters
    ----------
    written : object
        The mode as declared: a reference ('figure_id', 'figure_id.high', 'external:ID'), or anything else (a
        typed number, a sum), which this leaves alone.
    mode : float
        The mode, resolved.
    resolve : callable
        ``Context.resolve``: a reference to (number, grade, id); ``KeyError`` if unknown.

    Returns
    -------
    str or None
    """
    if not isinstance(written, str) or "." not in written.removeprefix("external:"):
        return None
    base = written.rpartition(".")[0]
    try:
        printed = resolve(base)[0]
    except KeyError:
        return None
    if mode == printed:
        return None
    return (f"{written} is {mode:g}, but the most likely value read from {base.removeprefix('external:')} is the "
            f"number it prints, {printed:g}: name '{base}'")


# The words a reason says of one parameter: from the last clause boundary (';', a sentence's end) or the last
# placeholder before it, up to the placeholder ("as high as the same team's count ... in 2008, {high:,.0f}").
_PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}")
_CLAUSE_END = re.compile(r";|\.\s|\{[^{}]*\}")


def clauses(template: str) -> list[tuple[str, str]]:
    """(parameter, the words before its placeholder in its clause) for each placeholder of a reason.

    Parameters
    ----------
    template : str
        The reason as written, placeholders unfilled.

    Returns
    -------
    list of (str, str)
    """
    out = []
    for match in _PLACEHOLDER.finditer(template):
        before = template[:match.start()]
        ends = [m.end() for m in _CLAUSE_END.finditer(before)]
        out.append((match.group(1), before[ends[-1] if ends else 0:]))
    return out


def reason_row_problems(template: str, written: dict[str, Any], row, places: set[str],
                        judgement: str | None = None) -> list[tuple[str, str]]:
    """Where a reason's clause names a year or a place for a parameter ('the 1992 level of {high:,.0f}', 'the
    health ministry's 2000 count of all venues, {low:,.0f}', 'in Cambodia'), each row the parameter is read from
    is of that year and that place: a high moved to another row leaves words that no longer describe it. A
    judgement's quotations are its reason's ('nearly cut in half') and, where every parameter is read from a row,
    its years those of a row it reads ('the 1997 total'): a judgement moved to another assumption no longer
    describes it.

    Parameters
    ----------
    template : str
        The reason as written, placeholders unfilled.
    written : dict
        The parameters as written: references ('figure_id.low', 'external:ID'), numbers or summed lists.
    row : callable
        ``Context.row``: a reference's base ('figure_id' or 'external:ID') to its row as a dict, or None.
    places : set of str
        The places rows are of (their geographies).
    judgement : str, optional
        What a researcher decides here, as written.

    Returns
    -------
    list of (str, str)
        (field: 'parameters.NAME' or 'judgement', message) for each row or judgement the words misdescribe.
    """
    problems = _judgement_problems(judgement, template, written, row) if isinstance(judgement, str) else []
    problems += _quoted_number_problems(template, written, row) + _rounding_problems(template, written)
    for key, words in clauses(template):
        terms = written.get(key)
        said = _QUOTED.sub("", words)  # a quotation's year is the report's words, not what the reason says of the row
        years = {int(m.group()) for m in _YEAR.finditer(said)}
        named = sorted(p for p in places if patterns.search(rf"(?<!\w){re.escape(p)}(?!\w)", said))
        for term in terms if isinstance(terms, list) else [terms]:
            if not isinstance(term, str):
                continue
            base = _base(term)
            found = row(base) or {}
            start, end = (str(found.get(k) or "")[:4] for k in ("period_start", "period_end"))
            shown = f"'{words.strip()} {{{key}}}'"
            if years and start.isdigit() and end.isdigit() and not any(int(start) <= y <= int(end) for y in years):
                span = start if start == end else f"{start}-{end}"
                problems.append((f"parameters.{key}", f"read from {base.removeprefix('external:')}, of {span}, but the reason's "
                                      f"words {shown} name {', '.join(map(str, sorted(years)))}"))
            if named and isinstance(found.get("geography"), str) and found["geography"] not in named:
                problems.append((f"parameters.{key}", f"read from {base.removeprefix('external:')}, of {found['geography']}, but "
                                      f"the reason's words {shown} name {', '.join(named)}"))
    return problems


def _base(term: str) -> str:
    """The row a reference reads ('figure_id' or 'external:ID'), its '.low' or '.high' aside."""
    return term.rpartition(".")[0] if "." in term.removeprefix("external:") else term


def _bases(written: dict[str, Any]) -> list[str]:
    """The rows the written parameters read, in order, each once."""
    terms = [t for v in written.values() for t in (v if isinstance(v, list) else [v]) if isinstance(t, str)]
    return list(dict.fromkeys(map(_base, terms)))


def _quoted_number_problems(reason: str, written: dict[str, Any], row) -> list[tuple[str, str]]:
    """A quotation of a reason that prints a number ("'66%' is printed to a whole percent") quotes a row its
    parameters read: its phrase, or a number that is the row's value, low or high; the Khmer share's reason never
    quotes the Vietnamese '33%' (both stand in one sentence of the report)."""
    rows = [r for r in map(row, _bases(written)) if r]
    if not rows:
        return []
    found = []
    for quoted in (q[1:-1] for q in _QUOTED.findall(reason) if patterns.search(r"\d", q)):
        numbers = {float(n) for n in quote_numbers(quoted)}
        said = any(isinstance(r.get("phrase"), str) and r["phrase"].casefold() in quoted.casefold()
                   or numbers & {float(r[k]) for k in ("value", "low", "high") if _number(r.get(k))} for r in rows)
        if not said:
            found.append(("reason", f"quotes '{quoted}', which is no phrase or number of a row its parameters read "
                                    f"({', '.join(b.removeprefix('external:') for b in _bases(written))})"))
    return found


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


# A reason saying its bounds are a printed number's rounding ('its rounding interval', 'the row's rounding bounds',
# 'as rounded: ... the figure row's low and high').
ROUNDING = re.compile(r"\brounding (?:interval|bounds)\b|\bas rounded\b", re.IGNORECASE)


def _rounding_problems(reason: str, written: dict[str, Any]) -> list[tuple[str, str]]:
    """An assumption whose reason calls its low and high a printed number's rounding reads them as the ``.low`` and
    ``.high`` of one row: the trafficked share's high never reads the Khmer share's ``.high``, nor a row's value."""
    low, high = written.get("low"), written.get("high")
    if not ROUNDING.search(reason) or not isinstance(low, str) or not isinstance(high, str):
        return []
    if low.endswith(".low") and high.endswith(".high") and low[:-4] == high[:-5]:
        return []
    return [("parameters", f"low {low} and high {high}: its reason calls them a rounding interval, which is the .low "
                           "and .high of one row")]


def _judgement_problems(judgement: str, reason: str, written: dict[str, Any], row) -> list[tuple[str, str]]:
    quoted = [q[1:-1] for q in _QUOTED.findall(judgement) if q[1:-1].casefold() not in reason.casefold()]
    bases = _bases(written)
    spans = [(str(r.get("period_start"))[:4], str(r.get("period_end"))[:4]) for r in map(row, bases) if r]
    typed = any(not isinstance(t, str) for v in written.values() for t in (v if isinstance(v, list) else [v]))
    years = [y for y in map(int, (m.group() for m in _YEAR.finditer(_QUOTED.sub("", judgement))))
             if not typed and not any(s.isdigit() and e.isdigit() and int(s) <= y <= int(e) for s, e in spans)]
    return ([("judgement", f"quotes '{q}', which its reason does not") for q in quoted]
            + [("judgement", f"names {y}, but no row its parameters read is of {y}") for y in years])


def row_years(rows: list[dict]) -> set[int]:
    """The years rows are of (from their ``period_start`` to their ``period_end``) or were published in.

    Parameters
    ----------
    rows : list of dict
        Figure or external rows (``Context.row``).

    Returns
    -------
    set of int
    """
    spans = [(str(r.get(a))[:4], str(r.get(b))[:4]) for r in rows
             for a, b in (("period_start", "period_end"), ("published", "published"))]
    return {y for s, e in spans if s.isdigit() and e.isdigit() for y in range(int(s), int(e) + 1)}


# A year printed after 'before' ('before the 1997 figure'): the period may end the year before it.
_BEFORE_YEAR = re.compile(r"\bbefore (?:(?:the|its|a|an|\w+'s) )?((?:19|20)\d\d)\b")


def period_year_problem(period: tuple[str | None, str | None], rows: list[dict], spec: dict) -> str | None:
    """Each year an estimate's period begins or ends in is a year its inputs are of or were published in, a year its
    quantity or caveats print, or the year before one they print after 'before', and none is that year or later:
    the sex workers after UNTAC left are of October 1993 ('its mandate ended September 1993') to the end of 1996
    ('before the 1997 figure'), never 1999, nor 1997.

    Parameters
    ----------
    period : tuple of (str or None, str or None)
        The estimate's first and last day (ISO dates), as declared.
    rows : list of dict
        Its inputs' rows (``Context.row``).
    spec : dict
        The estimate's declaration as its scenario reads it (its ``quantity`` and ``caveats``).

    Returns
    -------
    str or None
    """
    texts = [str(spec.get("quantity") or ""), *(str(c.get("text", "")) for c in spec.get("caveats") or []
                                                 if isinstance(c, dict))]
    printed = {int(y) for t in texts for y in patterns.findall(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)", t)}
    before = sorted(int(y) for t in texts for y in _BEFORE_YEAR.findall(t))
    years = [int(str(d)[:4]) for d in period if d is not None and str(d)[:4].isdigit()]
    missing = sorted({y for y in years if y not in row_years(rows) | printed | {b - 1 for b in before}})
    late, span = sorted({y for y in years if before and y >= before[0]}), f"{period[0]} to {period[1]}"
    if missing:
        return f"{span}: {', '.join(map(str, missing))} is no year its inputs are of and no year its quantity or caveats print"
    return f"{span}: {', '.join(map(str, late))}, but its words place it before {before[0]}" if late else None


def bound_name_problems(estimates: list, where: str) -> list[Problem]:
    """An input or parameter named for a bound reads that bound, never the other: ``khmer_low`` (or a uniform's
    ``low``) never reads a figure's ``.high``, ``share_high`` (or ``high``) never its ``.low``; once per estimate.

    Parameters
    ----------
    estimates : list of Estimate
        The declared estimates (``declarations.declared_estimates``), each scenario's spec as it reads it.
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    found: dict[tuple, Problem] = {}
    for est in estimates:
        named = [(f"inputs.{k}", k, v) for k, v in (est.spec.get("inputs") or {}).items()]
        named += [(f"assumptions.{a.get('name')}.parameters.{k}", k, v) for a in est.spec.get("assumptions") or []
                  if isinstance(a, dict) for k, v in (a.get("parameters") or {}).items()]
        for field, name, value in named:
            side = {"low", "high"} & set(str(name).split("_"))
            read = {ref.rpartition(".")[2] for ref in (value if isinstance(value, list) else [value])
                    if isinstance(ref, str) and "." in ref} & {"low", "high"}
            if len(side) == 1 and read and read != side:
                found.setdefault((est.spec["id"], field), Problem(
                    where, est.key, field, f"{brief(value, 60)}: named for its {side.pop()} end, it reads the "
                                           f"{read.pop()} one"))
    return list(found.values())


# The words by which a quantity says it counts persons ('Sex workers ...', 'victims', 'perpetrators') or cases; a
# base after 'per' ('Victims rescued per confirmed case') is what it is counted against, not what it counts.
COUNTS_WORDS = {"cases": re.compile(r"\bcases?\b", re.IGNORECASE),
                "persons": re.compile(r"\b(?:sex workers?|victims?|perpetrators?|people|persons?|women|children|"
                                      r"migrants?|workers?)\b", re.IGNORECASE)}
PER_BASE = re.compile(r"\bper\b.*$", re.IGNORECASE)


def quantity_unit_problems(estimates: list, counted_in: dict[str, str], where: str) -> list[Problem]:
    """An estimate's quantity counts in the unit its definition counts in (``definitions.yml`` ``counted_in``): it
    names cases only for a definition of cases, and a definition of cases names no persons but cases, its base after
    'per' aside: 'Share of suspected trafficking cases confirmed by the police' is never the study's share of sex
    workers judged trafficked; once per estimate and quantity.

    Parameters
    ----------
    estimates : list of Estimate
        The declared estimates (``declarations.declared_estimates``), each scenario's spec as it reads it.
    counted_in : dict of str to str
        The unit a count with each definition is in.
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    found: dict[tuple, Problem] = {}
    for est in estimates:
        definition = est.spec.get("definition")
        unit = counted_in.get(definition)
        # the scenario's quantity, and the estimate's own where its scenarios give theirs
        for key, quantity in ((est.key, est.spec.get("quantity")), (est.spec["id"], est.spec.get("estimate_quantity"))):
            said = {u for u, words in COUNTS_WORDS.items() if words.search(PER_BASE.sub("", str(quantity or "")))}
            if unit and ("cases" in said and unit == "persons" or unit == "cases" and said == {"persons"}):
                found.setdefault((est.spec["id"], quantity), Problem(
                    where, key, "quantity", f"{brief(quantity, 60)} counts {' and '.join(sorted(said))}, but its "
                                            f"definition {definition} counts in {unit}"))
    return list(found.values())
