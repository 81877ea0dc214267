"""An estimate's readings keep the report's own: where the report prints a share and the count it is a share of in
one quote ('an estimated 18,256 sex workers in the country, of whom 66% are Khmer and 33% are Vietnamese'), the
estimates reading both read them as the report does in one of their rows at least (``report_arithmetic``). The
published arithmetic is the reference: it is never dropped from the readings while another reading of the same
numbers stays (the 33% of 18,256 left with only its reconciled national total is refused). An estimate whose
words say it is read in several rows keeps them (``several_readings_problems``), and one that publishes a figure as
the report gives it keeps every caveat that changes how the figure is read (``published_caveat_problems``). Two
accounts of one study's number that differ are read together, never one chosen silently (``chosen_account_problems``),
and a row that reads a bound at the bound says its result is one (``bound_reading_problems``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..inputs.errors import Problem
from ..register.caveats import SEPARATOR


def kept_arithmetic_problems(estimates: Iterable, context, where: str) -> list[Problem]:
    """Each share a report figure gives of a count printed in the same quote, where an estimate reads both (its
    inputs or its assumptions' parameters), is read by the report's arithmetic in one row at least of the estimates
    reading both (a row declaring ``report_arithmetic``).

    Parameters
    ----------
    estimates : iterable of Estimate
        The declared estimates, one per scenario (``key``, ``refs``, ``spec``).
    context : Context
        What the estimates read (``row``: a figure or external row by its reference).
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    readers: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for est in estimates:
        rows = {ref.split(".", 1)[0] for ref in est.refs}
        read = {ident: row for ident in sorted(rows) if not ident.startswith("external:")
                and isinstance(row := context.row(ident), dict) and isinstance(row.get("quote"), str)}
        for share, s in read.items():
            for count, c in read.items():
                if s.get("unit") == "share" and c.get("unit") != "share" and s["quote"] == c["quote"]:
                    readers.setdefault((share, count), []).append(
                        (est.spec["id"], isinstance(est.spec.get("report_arithmetic"), str)))
    problems = []
    for (share, count), found in readers.items():
        if not any(arithmetic for _, arithmetic in found):
            problems.append(Problem(where, found[0][0], "scenarios", (
                f"reads {share} of {count} (one quote prints both), but no reading is the report's arithmetic")))
    return problems


# Words saying an estimate is read in several rows side by side: 'Not one number: each scenario applies ...', 'Each row
# is one reading: the report's own arithmetic ... or a scenario in which ...'.
SEVERAL = re.compile(r"\b(?:not one number|each scenario|each row is one reading|read the scenarios"
                     r"|the (?:other )?scenarios? (?:reaching|in which|where|that))\b", re.IGNORECASE)


def several_readings_problems(estimates: Iterable, own: Mapping[str, list], where: str) -> list[Problem]:
    """An estimate whose caveats say it is read in several rows ('Not one number: each scenario ...', 'Each row is
    one reading ...', 'the scenario reaching to the 1992 level shows ...': ``SEVERAL``) has two scenarios at least: the
    under-age estimate left with the report's arithmetic alone, its caveat still pointing to the scenario reaching to
    the 1992 level, is refused, as is the Vietnamese share of 18,256 left with the report's arithmetic alone, its
    caveat still speaking of 'a scenario in which the national total itself is uncertain'.

    Parameters
    ----------
    estimates : iterable of Estimate
        The declared estimates, one per scenario (``spec``: its caveats as that scenario declares them; ``scenario``).
    own : mapping of str to list
        Each estimate's own caveats, declared above its scenarios (which may override them all).
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    rows: dict[str, list] = {}
    for estimate in estimates:
        rows.setdefault(estimate.spec["id"], []).append(estimate)
    problems = []
    for estimate_id, scenarios in rows.items():
        caveats = [c for e in scenarios for c in e.spec.get("caveats") or []] + list(own.get(estimate_id, []))
        said = next((c["text"] for c in caveats if isinstance(c, dict) and SEVERAL.search(str(c.get("text", "")))),
                    None)
        if said and len([e for e in scenarios if e.scenario]) < 2:
            problems.append(Problem(where, estimate_id, "scenarios", (
                f"one row, but its caveat says it is read in several ('{said[:50]}...'): keep every reading")))
    return problems


def published_caveat_problems(estimates: Iterable, own: Mapping[str, list], context, where: str) -> list[Problem]:
    """An estimate that publishes a figure as the report gives it (``as_published``) carries, word for word, every
    caveat of that figure that changes how it is read (priority ``reading``): the 88,000 Cambodian women in Thailand
    published without 'All Cambodian women in Thailand, not only trafficked women or sex workers' is refused.

    Parameters
    ----------
    estimates : iterable of Estimate
        The declared estimates, one per scenario (``refs``, ``spec``).
    own : mapping of str to list
        Each estimate's own caveats, declared above its scenarios.
    context : Context
        What the estimates read (``row``: a figure or external row by its reference, its ``caveat`` and
        ``caveat_priority`` joined by ' | ').
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems = []
    for est in estimates:
        if est.spec.get("method") != "as_published":
            continue
        kept = {str(c.get("text")) for c in [*(est.spec.get("caveats") or []), *own.get(est.spec["id"], [])]
                if isinstance(c, dict)}
        for ident in sorted({ref.split(".", 1)[0] for ref in est.refs}):
            row = context.row(ident)
            if not isinstance(row, dict) or not isinstance(row.get("caveat"), str):
                continue
            ranked = zip(row["caveat"].split(SEPARATOR), str(row.get("caveat_priority")).split(SEPARATOR))
            problems += [Problem(where, est.spec["id"], "caveats", (
                f"publishes {ident} as the report gives it, but not its reading caveat '{text[:60]}...': a caveat "
                "that changes how a figure is read goes with it")) for text, rank in ranked
                if rank == "reading" and text not in kept]
    return problems


def chosen_account_problems(estimates: Iterable, frame: pd.DataFrame, where: str) -> list[Problem]:
    """Two accounts of one study's number that differ (published rows of the triangulation table sharing a
    comparison key and an origin, whose values lie apart beyond their printed rounding, ``low``-``high``: the Phnom
    Penh Post's 5,317 sex workers counted in Phnom Penh in 2003 against the Cambodia Daily's 5,250; never the
    report's 66% against the embassy's 65.6%) are read together: an estimate reading one reads the other too, in
    another scenario, so the disagreement is shown, never settled by choosing one account silently.

    Parameters
    ----------
    estimates : iterable of Estimate
        The declared estimates, one per scenario (``refs``, ``spec``).
    frame : pandas.DataFrame
        The triangulation table (``record_id``, ``origin`` ('external', 'report'...), ``origin_id``, ``compare_key``,
        ``value``, ``low``, ``high``).
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    rows = frame[~frame["origin"].str.contains("estimate") & frame["compare_key"].notna() & frame["value"].notna()]
    rows = rows.drop_duplicates("record_id").set_index("record_id")
    reads: dict[str, set[str]] = {}
    for est in estimates:
        reads.setdefault(est.spec["id"], set()).update(ref.split(".", 1)[0].removeprefix("external:") for ref in est.refs)
    problems = []
    for estimate_id, read in reads.items():
        for record in sorted(read & set(rows.index)):
            row = rows.loc[record]
            low, high = rows["low"].fillna(rows["value"]), rows["high"].fillna(rows["value"])
            other = rows[(rows["compare_key"] == row["compare_key"]) & (rows["origin_id"] == row["origin_id"])
                         & ((low > high[record]) | (high < low[record]))]  # apart beyond their printed rounding
            missing = sorted(set(other.index) - read)
            if missing:
                problems.append(Problem(where, estimate_id, "scenarios", (
                    f"reads {record} ({row['value']:,g}) but not {', '.join(missing)} "
                    f"({', '.join(f'{v:,g}' for v in other.loc[missing, 'value'])}), another account of the same "
                    f"{row['origin_id']} number: read each in a scenario, so the disagreement is shown")))
    return problems


# What a caveat says of a result read from a bound: 'A lower end: ...', 'a lower bound', 'at least'; 'at most'.
SAYS_BOUND = {"lower_bound": re.compile(r"\blower (?:end|bound)\b|\bat least\b", re.IGNORECASE),
              "upper_bound": re.compile(r"\bupper (?:end|bound)\b|\bat most\b", re.IGNORECASE)}


def bound_reading_problems(estimates: Iterable, own: Mapping[str, list], context, where: str) -> list[Problem]:
    """A row of an estimate that reads a figure or row printed as a bound ('over 14, 000') at the bound itself, as an
    input (no assumption of that name drawn beyond it), says in a caveat that its result is one ('A lower end: ...'):
    one third of 'over 14, 000' at 14,000, its caveat dropped, would print a lower end as the number.

    Parameters
    ----------
    estimates : iterable of Estimate
        The declared estimates, one per scenario (``spec``: its inputs, assumptions and caveats; ``scenario``).
    own : mapping of str to list
        Each estimate's own caveats, declared above its scenarios.
    context : Context
        What the estimates read (``row``: a figure or external row by its reference, with its ``qualifier``).
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems = []
    for est in estimates:
        drawn = {a.get("name") for a in est.spec.get("assumptions") or [] if isinstance(a, dict)}
        texts = [str(c.get("text")) for c in [*(est.spec.get("caveats") or []), *own.get(est.spec["id"], [])]
                 if isinstance(c, dict)]
        for name, ref in sorted((est.spec.get("inputs") or {}).items()):
            row = context.row(str(ref).split(".", 1)[0]) if name not in drawn else None
            bound = row.get("qualifier") if isinstance(row, dict) else None
            if bound in SAYS_BOUND and not any(SAYS_BOUND[bound].search(t) for t in texts):
                label = est.spec["id"] + (f" ({est.scenario})" if est.scenario else "")
                problems.append(Problem(where, label, "caveats", (
                    f"reads {ref}, a {bound.replace('_', ' ')}, at the bound, but no caveat says its result is one "
                    f"('A {bound.split('_')[0]} end: ...')")))
    return problems
