"""What triangulation compares (``data/raw/triangulation.yml``), read and checked, and what its quantities gather.

``load_comparisons`` reads the declared quantities (which report and external indicators measure each, of which
place), the estimates compared as report values, the pairs of rows kept apart (``not_comparable``) and the rows
compared with nothing, each with why (``not_compared``). ``gathering_problems`` holds the triangulation table to
them (the build runs it beside the other measures rules): each quantity gathers rows measuring one thing, of its
place, leaving no row out unsaid. ``apart_repeat_problems``: a pair kept apart stays apart through a repeat (a row
a source's declaration says relays another says what that one says). ``apart_reason_problems``: a pair kept apart
differs in what it counts, where or when, and its reason says how. ``said_compared_problems``: an estimate whose
own words say it is there for comparison is compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..inputs import paths
from ..inputs.errors import Problem, raise_if_any
from ..register.load import check_fields, entries, read_yaml_keys
from ..register.qualifiers import tolerance_words_problem
from .external import Sources

QUANTITY_FIELDS = {"id": (str,), "report_indicators": (list,), "external_indicators": (list,),
                   "geography": (str, type(None))}
QUANTITY_OPTIONAL = {"tolerance": (float,), "tolerance_reason": (str,)}  # a quantity's own, with why
ESTIMATE_FIELDS = {"id": (str,), "quantity": (str,), "indicator": (str,)}
APART_FIELDS = {"records": (list,), "reason": (str,)}
LEFT_FIELDS = {"record": (str,), "reason": (str,)}  # a declared table's row no quantity gathers, and why
@dataclass(frozen=True)
class Comparisons:
    """What is compared (``data/raw/triangulation.yml``): quantity -> (report indicators, external
    indicators, geography or None for any), and estimate id -> (quantity, indicator)."""

    quantities: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]]
    estimates: dict[str, tuple[str, str]]
    apart: tuple[tuple[tuple[str, ...], str], ...] = ()
    tolerances: tuple[tuple[str, float], ...] = ()  # quantity -> its declared tolerance (else TOLERANCE)
    left_out: tuple[tuple[str, str], ...] = ()  # a declared table's row compared with nothing -> why (not_compared)
    tolerance_reasons: tuple[tuple[str, str], ...] = ()  # quantity -> why its tolerance is what it is


def load_comparisons(path: Path | None = None) -> Comparisons:
    """The declared quantities and estimate rows, checked; ``ValidationFailed`` lists every problem."""
    path = Path(path or paths.TRIANGULATION_FILE)
    where = str(path)
    parts, problems = read_yaml_keys(path, ("quantities", "estimates", "not_comparable"), optional=("not_compared",))
    quantities, estimates, apart, tolerances, left_out = {}, {}, [], {}, {}
    if parts:
        pairs, problems = entries(where, parts["quantities"])
        for entry_id, entry in pairs:
            found = check_fields(where, entry_id, entry, QUANTITY_FIELDS, QUANTITY_OPTIONAL)
            if not found and "tolerance" in entry and not (0 < entry["tolerance"] < 1 and entry.get("tolerance_reason")):
                found = [Problem(where, entry_id, "tolerance", "expected a share between 0 and 1 with a "
                                                               "tolerance_reason saying why")]
            elif not found and (said := tolerance_words_problem(entry.get("tolerance"), entry.get("tolerance_reason"))):
                found = [Problem(where, entry_id, "tolerance", said)]
            problems += found
            if not found:
                quantities[entry_id] = (tuple(entry["report_indicators"]), tuple(entry["external_indicators"]),
                                        entry["geography"])
                if "tolerance" in entry:
                    tolerances[entry_id] = (entry["tolerance"], entry["tolerance_reason"])
        pairs, found = entries(where, parts["estimates"])
        problems += found
        for entry_id, entry in pairs:
            found = check_fields(where, entry_id, entry, ESTIMATE_FIELDS, {})
            if not found and entry["quantity"] not in quantities:
                found = [Problem(where, entry_id, "quantity", f"unknown quantity '{entry['quantity']}'")]
            problems += found
            if not found:
                estimates[entry_id] = (entry["quantity"], entry["indicator"])
        for i, entry in enumerate(parts["not_comparable"] if isinstance(parts["not_comparable"], list) else []):
            found = check_fields(where, f"not_comparable[{i + 1}]", entry, APART_FIELDS, {}) \
                if isinstance(entry, dict) else [Problem(where, f"not_comparable[{i + 1}]", "(entry)", "expected a mapping")]
            if not found and (len(entry["records"]) != 2 or not all(isinstance(r, str) for r in entry["records"])):
                found = [Problem(where, f"not_comparable[{i + 1}]", "records", "expected two record ids")]
            problems += found
            if not found:
                apart.append((tuple(entry["records"]), entry["reason"]))
        for i, entry in enumerate(parts["not_compared"] if isinstance(parts["not_compared"], list) else []):
            found = check_fields(where, f"not_compared[{i + 1}]", entry, LEFT_FIELDS, {}) \
                if isinstance(entry, dict) else [Problem(where, f"not_compared[{i + 1}]", "(entry)", "expected a mapping")]
            if not found and entry["record"] in left_out:
                found = [Problem(where, f"not_compared[{i + 1}]", "record", f"{entry['record']} is listed twice")]
            problems += found
            if not found:
                left_out[entry["record"]] = entry["reason"]
    raise_if_any(problems)
    return Comparisons(quantities, estimates, tuple(apart), tuple((q, t) for q, (t, _) in tolerances.items()),
                       tuple(left_out.items()), tuple((q, why) for q, (_, why) in tolerances.items()))


def gathering_problems(frame: pd.DataFrame, comparisons: Comparisons, *, tables: dict[str, pd.DataFrame] | None = None,
                       sources: Sources | None = None) -> list[Problem]:
    """Each declared quantity gathers rows, and rows that measure one thing: a quantity of victims rescued never
    gathers the report's sex workers (prevalence beside detection); one restricted to a place nobody counted
    gathers nothing; and, given the figure tables and the sources, a quantity's place leaves out no row of its
    indicators that no other quantity gathers (every value of a quantity is set side by side: the trafficked sex
    workers restricted to Cambodia would drop Phnom Penh's count unsaid) and gathers only rows of that place (a
    compared estimate or TIP row, gathered by name, of another place is refused), and a report figure of an indicator a
    quantity gathers from the external tables under the same name is gathered by some quantity. The build runs it on
    the triangulation table beside the other measures rules.

    Parameters
    ----------
    frame : pandas.DataFrame
        The triangulation table (``quantity``, ``measures``, ``record_id``).
    comparisons : Comparisons
    tables : dict of str to pandas.DataFrame, optional
        The figure and source tables (``figures``, ``sources``).
    sources : Sources, optional
        The declared sources.

    Returns
    -------
    list of Problem
    """
    where, problems = str(paths.TRIANGULATION_FILE), []
    for quantity, (_, _, geography) in comparisons.quantities.items():
        rows = frame[frame["quantity"] == quantity]
        measures = sorted(set(rows["measures"].dropna()))
        if rows.empty:
            problems.append(Problem(where, quantity, "geography" if geography else "external_indicators",
                                    f"gathers no row{f' of {geography}' if geography else ''}: never an empty group"))
        elif len(measures) > 1:
            problems.append(Problem(where, quantity, "report_indicators", f"gathers rows measuring "
                                    f"{' and '.join(measures)}: one quantity measures one thing"))
    problems += _placed_problems(where, frame, comparisons)
    placed = {q: spec for q, spec in comparisons.quantities.items() if spec[2]}
    if tables is None or sources is None:
        return problems
    gathered, left = set(frame["record_id"]), {}
    problems += _unnamed_problems(where, tables["figures"], comparisons, gathered)
    problems += _ungathered_problems(where, tables["figures"], sources, gathered)
    studies = frame.loc[~frame["record_id"].isin(dict(comparisons.estimates)), "origin_id"]  # an estimate's aside
    problems += left_out_problems(where, sources, comparisons, gathered, figures=tables["figures"],
                                  compared=set(" ".join(studies.dropna()).split()))
    columns = [(tables["figures"], "indicator", "figure_id", 0)] + [
        (sources.frames[s.name], s.spec["triangulation"].get("indicator", "indicator"), s.id_column, 1)
        for s in sources.declared if s.spec.get("triangulation") and s.name in sources.frames]
    for table, column, id_column, external in columns:  # plain lists: a few hundred rows, read once
        for indicator, place, record in zip(table[column].tolist(), table["geography"].tolist(),
                                            table[id_column].tolist()):
            for quantity, spec in placed.items():
                if indicator in spec[external] and record not in gathered:
                    left.setdefault((quantity, record), place)
    return problems + [Problem(where, quantity, "geography", f"{placed[quantity][2]} leaves out {record} ({place}), "
                               "which no quantity gathers: every value of a quantity is set side by side")
                       for (quantity, record), place in left.items()]


def left_out_problems(where: str, sources: Sources, comparisons: Comparisons, gathered: set,
                      figures: pd.DataFrame | None = None, compared: set = frozenset()) -> list[Problem]:
    """Every row of a declared table that takes part in triangulation (its declaration's ``triangulation``) is
    gathered by some quantity, or listed in ``not_compared`` with why: a row dropped from every quantity (the
    Phnom Penh sex workers' quantity given the country's indicators, so that Steinfatt's count and the circulated
    17,000 are compared with nothing) is refused, never left out unsaid. So is every report figure resting on an
    origin whose rows triangulation compares (the police's 2003 arrests, their quantity's ``report_indicators``
    emptied). A row listed there is a row of such a table or such a figure, and one no quantity gathers.

    Parameters
    ----------
    where : str
        The triangulation file, named in each problem.
    sources : Sources
        The declared sources and their rows.
    comparisons : Comparisons
        The declared quantities and ``not_compared`` rows (``left_out``).
    gathered : set of str
        The record ids of the triangulation table.
    figures : pandas.DataFrame, optional
        The report's figures (``figure_id``, ``indicator``, ``geography``, ``origin_id``: ids separated by spaces).
    compared : set of str, default frozenset()
        The origins of the rows triangulation gathers (an estimate's aside: it rests on what it is computed from).

    Returns
    -------
    list of Problem
    """
    left_out, problems, rows = dict(comparisons.left_out), [], {}
    if figures is not None:
        rows.update((figure, (indicator, place)) for figure, indicator, place, origin in zip(
            figures["figure_id"].tolist(), figures["indicator"].tolist(), figures["geography"].tolist(),
            figures["origin_id"].fillna("").tolist()) if set(origin.split()) & compared)
    for source in sources.declared:
        if source.spec.get("triangulation") and source.name in sources.frames:
            frame = sources.frames[source.name]
            column = source.spec["triangulation"].get("indicator", "indicator")
            rows.update(zip(frame[source.id_column].tolist(), zip(frame[column].tolist(), frame["geography"].tolist())))
    for record, (indicator, place) in rows.items():
        if record not in gathered and record not in left_out:
            problems.append(Problem(where, record, "(quantities)", (
                f"{indicator} of {place}: no quantity gathers it, and not_compared does not say why: every row of a "
                "compared table or origin is set beside its others or said to have none")))
    for i, record in enumerate(left_out):
        if record not in rows:
            problems.append(Problem(where, f"not_compared[{i + 1}]", "record", f"{record}: no row of a compared table "
                                    "nor a figure resting on a compared origin"))
        elif record in gathered:
            problems.append(Problem(where, f"not_compared[{i + 1}]", "record", (
                f"{record}, but a quantity gathers it: listed here, it would say it is compared with nothing")))
    return problems


def _placed_problems(where: str, frame: pd.DataFrame, comparisons: Comparisons) -> list[Problem]:
    """A quantity of one place gathers only rows of that place: its report and external rows are chosen by their
    geography, and a compared estimate or a TIP row (gathered by name) agrees with it, so a Phnom Penh estimate is
    never set beside the country's counts as the country's. Named on the estimate's ``quantity`` (the estimate
    declared of another place's quantity), else on the quantity's ``geography``."""
    problems = []
    for quantity, (_, _, geography) in comparisons.quantities.items():
        rows = frame[(frame["quantity"] == quantity) & (frame["geography"] != geography)] if geography else frame[:0]
        for record, place in zip(rows["record_id"].tolist(), rows["geography"].tolist()):
            estimate = record in comparisons.estimates
            problems.append(Problem(where, record if estimate else quantity, "quantity" if estimate else "geography",
                                    (f"{quantity} (of {geography}), but the estimate is of {place}" if estimate else
                                     f"{geography}, but it gathers {record} (of {place})")
                                    + ": a quantity of one place gathers only rows of that place"))
    return problems


def _unnamed_problems(where: str, figures: pd.DataFrame, comparisons: Comparisons, gathered: set) -> list[Problem]:
    """A report figure whose indicator a quantity gathers from the external tables under the same name is gathered
    by some quantity: the report's share of Vietnamese sex workers is never left out of the quantity that gathers the
    embassy's ``share_vietnamese`` (named on that quantity's ``report_indicators``)."""
    problems = []
    for quantity, (reported, external, _) in comparisons.quantities.items():
        left = [f for f, i in zip(figures["figure_id"].tolist(), figures["indicator"].tolist())
                if i in external and i not in reported and f not in gathered]
        if left:
            problems.append(Problem(where, quantity, "report_indicators", (
                f"{list(reported)}, but it gathers the external {figures.set_index('figure_id').at[left[0], 'indicator']!r} "
                f"and no quantity gathers the report's {', '.join(left[:3])} of that indicator")))
    return problems


def _ungathered_problems(where: str, figures: pd.DataFrame, sources: Sources, gathered: set) -> list[Problem]:
    """Rows of two tables of one definition, place, year and unit (the report's share of Khmer sex workers and the
    embassy's share of Cambodian ones, both 'ethnicity as classified') are set side by side: each is gathered by
    some quantity, so that their agreement or disagreement is shown, never left out of the triangulation table."""
    seen: dict[tuple, list[tuple[str, str]]] = {}
    tables = [("figures", figures, "figure_id")] + [(s.name, sources.frames[s.name], s.id_column)
                                                     for s in sources.declared if s.name in sources.frames]
    for name, table, id_column in tables:
        if not {"definition", "geography", "unit"} <= set(table.columns):
            continue
        years = (table["period_start"].astype("string").str[:4] if "period_start" in table
                 else table["year"].astype("string") if "year" in table else pd.Series(pd.NA, index=table.index))
        for record, *key in zip(table[id_column].tolist(), table["definition"].tolist(), table["geography"].tolist(),
                                years.tolist(), table["unit"].tolist()):
            if all(isinstance(k, str) for k in key):
                seen.setdefault(tuple(key), []).append((name, record))
    problems = []
    for (definition, place, year, unit), rows in seen.items():
        if len({name for name, _ in rows}) > 1:
            problems += [Problem(where, record, "(quantities)", f"{definition} in {place}, {year}, in {unit}, as "
                                 f"{', '.join(r for n, r in rows if n != name)} of another table, but no quantity "
                                 "gathers it: rows of one definition in two tables are set side by side")
                         for name, record in rows if record not in gathered]
    return problems


def __getattr__(name: str):
    """TRIANGULATION_FILE: the current project's (``inputs.paths``), looked up when used."""
    if name in ('TRIANGULATION_FILE',):
        return getattr(paths, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def apart_repeat_problems(comparisons: Comparisons, repeats: dict[str, str], where: str) -> list[Problem]:
    """Rows kept apart (``not_comparable``) stay apart through their repeats: where a row is kept apart from another,
    it is kept apart from each row of that one's family of repeats too (a row a declaration's ``repeats`` says relays
    another, and that one, and so on), each pair declared with its reason. The report's 'over 14, 000' kept apart
    from the embassy's 2009 account of 14,725 brothel workers but no longer from its 2010 repeat of it is refused.

    Parameters
    ----------
    comparisons : Comparisons
        The declared comparisons (``apart``: each pair of rows kept apart, with why).
    repeats : dict of str to str
        Each declared repeat: row id -> the earlier row it relays (every declared source's ``repeats``).
    where : str
        The triangulation file, named in each problem.

    Returns
    -------
    list of Problem
    """
    family = _families(repeats)
    declared = {frozenset(pair) for pair, _ in comparisons.apart}
    problems = []
    for i, (pair, _) in enumerate(comparisons.apart, start=1):
        for one, other in (pair, pair[::-1]):
            for kin in sorted(family.get(other, {other}) - {other, one}):
                if frozenset((one, kin)) not in declared:
                    how = ("which relays it" if repeats.get(kin) == other else
                           "which it relays" if repeats.get(other) == kin else "which relays the same row")
                    problems.append(Problem(where, f"not_comparable[{i}]", "records", (
                        f"{one} is kept apart from {other}, but not from {kin}, {how} (a declared repeat): keep them "
                        "apart too, with why")))
                    declared.add(frozenset((one, kin)))
    return problems


def _families(repeats: dict[str, str]) -> dict[str, set[str]]:
    """Each row a declared repeat links -> every row linked to it through repeats, either way (itself among them); a
    loop of repeats ends where it comes back."""
    family: dict[str, set[str]] = {}
    for row, of in repeats.items():
        joined = family.get(row, {row}) | family.get(of, {of})
        for member in joined:
            family[member] = joined
    return family


# An estimate's words saying it is set beside other rows ('for comparison with the study's national figure', 'the
# triangulation table').
SAYS_COMPARED = re.compile(r"\bfor comparison with\b|\bthe triangulation table\b", re.IGNORECASE)


def said_compared_problems(comparisons: Comparisons, estimates: list[tuple[str, dict]], where: str) -> list[Problem]:
    """An estimate whose quantity or caveats say it is there for comparison (``SAYS_COMPARED``) is among the estimates
    triangulation compares (``triangulation.yml`` ``estimates``): the report's 20% of its 18,256 'for comparison with
    the study's national figure (the triangulation table)' dropped from them is refused.

    Parameters
    ----------
    comparisons : Comparisons
        The declared comparisons (``estimates``: the estimates compared as report values).
    estimates : list of (str, dict)
        Each declared estimate's id and spec (``quantity``, ``caveats``), every scenario's.
    where : str
        The triangulation file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems, seen = [], set()
    for estimate_id, spec in estimates:
        words = [str(spec.get("quantity") or ""), *(str(c.get("text") if isinstance(c, dict) else c)
                                                    for c in spec.get("caveats") or [])]
        said = next((w for w in words if SAYS_COMPARED.search(w)), None)
        if said and estimate_id not in comparisons.estimates and estimate_id not in seen:
            seen.add(estimate_id)
            problems.append(Problem(where, "estimates", "(list)", (
                f"{estimate_id} is not compared, but its words say it is there for comparison ({said[:60]!r})")))
    return problems


# What can tell two rows apart, the columns of the triangulation table recording it, and the words a reason for
# keeping them apart uses to speak of it.
APART_BY = {"what": (("definition", "unit", "measures"),  # the indicator's name aside: a label, not what is counted
                     re.compile(r"\b(count|counted|counts|definitions?|defined|venues?|units?|measures?|what|kind|share)\b", re.I)),
            "where": (("geography",),
                      re.compile(r"\b(place|places|country|country-wide|countries|capital|province|provinces|city|national|geography)\b", re.I)),
            "when": (("period_start", "period_end", "period_kind"),
                     re.compile(r"\b(moments?|periods?|years?|dates?|dated|undated|time|times|months?|before|after|when)\b", re.I))}


def apart_reason_problems(frame: pd.DataFrame, comparisons: Comparisons, where: str) -> list[Problem]:
    """A pair kept apart (``not_comparable``) differs in what it counts (definition, unit, measures: two indicator names
    for one definition count one thing), where or when, as the triangulation table records the two rows (two periods
    sharing more than half the longer one's days, or a day inside a period, are one time, ``_apart_in_time``), and its reason speaks of one of the ways they differ
    (``APART_BY``'s words): two accounts of one count at one place and time that disagree are a disagreement to
    show, never a pair to declare incomparable. The two 2019 census accounts of Cambodia's women kept apart for
    'two definitions' are refused; so is a pair differing only in its period kept apart for 'two definitions'.

    Parameters
    ----------
    frame : pandas.DataFrame
        The triangulation table (``record_id`` and the columns ``APART_BY`` names); a record it lacks is passed over.
    comparisons : Comparisons
        The declared comparisons (``apart``: each pair of rows kept apart, with why).
    where : str
        The triangulation file, named in each problem.

    Returns
    -------
    list of Problem
    """
    rows = frame.drop_duplicates("record_id").set_index("record_id")
    problems = []
    for i, (pair, reason) in enumerate(comparisons.apart, start=1):
        if len(pair) != 2 or not all(r in rows.index for r in pair):
            continue
        one, other = (rows.loc[r] for r in pair)
        apart = [aspect for aspect, (columns, _) in APART_BY.items() if (
            _apart_in_time(one, other) if aspect == "when" and _dated(one) and _dated(other)
            else any(str(one[c]) != str(other[c]) for c in columns if c in rows.columns))]
        if not apart:
            problems.append(Problem(where, f"not_comparable[{i}]", "records", (
                f"{pair[0]} and {pair[1]} count one thing at one place and time (definition, unit, measures and "
                "geography alike, periods alike, sharing most of their days or a day inside the other): a "
                "disagreement is shown, never declared incomparable")))
        elif not any(APART_BY[aspect][1].search(reason) for aspect in apart):
            problems.append(Problem(where, f"not_comparable[{i}]", "reason", (
                f"the two rows differ only in {' and '.join(apart)} they count, but the reason speaks of none of it")))
    return problems


def _dated(row: pd.Series) -> bool:
    return all(pd.notna(row.get(c)) and str(row[c]) != "" for c in ("period_start", "period_end"))


def _apart_in_time(one: pd.Series, other: pd.Series) -> bool:
    """Two dated rows count at different times unless their periods share more than half the longer one's days, or
    one is a day inside the other: a year from 25 December and the calendar year it overlaps (360 of 367 days) are
    one time, and so are the census night of 3 March 2008 and an account dated only '2008', not 'different
    moments'."""
    (s1, e1), (s2, e2) = ((pd.Timestamp(r["period_start"]), pd.Timestamp(r["period_end"])) for r in (one, other))
    shared = (min(e1, e2) - max(s1, s2)).days + 1
    day_inside = (s1 == e1 and s2 <= s1 <= e2) or (s2 == e2 and s1 <= s2 <= e1)
    return not day_inside and 2 * shared <= max((e1 - s1).days, (e2 - s2).days) + 1
