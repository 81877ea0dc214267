"""Caveats as data: each caveat a priority from a small ranked vocabulary and its text.

The register (``figures.yml``) and the estimate declarations (``estimates.yml``) write
every caveat as a mapping ``{priority: reading, text: "..."}``. The priority says how
much the caveat matters to a reader of the number, so a chart can print the few that
change its reading and leave the rest one click away. Tables keep caveats in rank
order (priority first, then the order written), with the priorities beside them.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..inputs import frames
from ..inputs.errors import Problem, brief

# Ranked: the first matters most. The descriptions are the rule a curator applies.
PRIORITIES: dict[str, str] = {
    "reading": "Changes how the number is read: what is counted (definition, base, unit, who is included), "
               "a bound or a planned rather than achieved value, a possible double count, or a published "
               "value that contradicts it.",
    "qualifies": "Qualifies the number without changing what it means: date inferred or missing, method or "
                 "source not described, second-hand or indicative data, rounding, a residual left unexplained.",
    "provenance": "Provenance detail: where in the report the number, its footnote or its actor is found, "
                  "and how it is printed.",
}
SEPARATOR = " | "
CAVEAT_COLUMNS = ["record_kind", "record_id", "rank", "priority", "text"]


def rank_of(priority: str) -> int:
    """1 for the most important priority ('reading'), then 2, 3 ...

    Parameters
    ----------
    priority : str
        One of ``PRIORITIES``.

    Returns
    -------
    int
    """
    return list(PRIORITIES).index(priority) + 1


def read_caveats(where: str, entry: str, field: str, value: Any) -> tuple[list[dict], list[Problem]]:
    """A list of ``{priority, text}`` mappings, checked; every problem names the item (``caveats[2].priority``).

    Parameters
    ----------
    where : str
        The file, named in each problem.
    entry : str
        The entry's id.
    field : str
        The field holding the list.
    value : object
        The list as read.

    Returns
    -------
    tuple of (list of dict, list of Problem)
        The caveats ranked and no problem, or no caveat and every problem.
    """
    if not isinstance(value, list):
        return [], [Problem(where, entry, field, "expected a list of {priority, text} mappings (may be empty)")]
    out, problems = [], []
    for i, item in enumerate(value, start=1):
        at = f"{field}[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, entry, at, f"expected a mapping {{priority: {'|'.join(PRIORITIES)}, "
                                                      f"text: ...}}, found {type(item).__name__}"))
            continue
        problems += [Problem(where, entry, f"{at}.{k}", "unknown field") for k in item if k not in ("priority", "text")]
        text, priority = item.get("text"), item.get("priority")
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(where, entry, f"{at}.text", "every caveat must be non-empty text"))
        if not isinstance(priority, str) or priority not in PRIORITIES:  # a list is unhashable: test the type first
            problems.append(Problem(where, entry, f"{at}.priority",
                                    f"{brief(priority)} is not a caveat priority; expected one of {', '.join(PRIORITIES)}"))
        if isinstance(text, str) and text.strip() and isinstance(priority, str) and priority in PRIORITIES:
            out.append({"priority": priority, "text": " ".join(text.split())})
    return (ranked(out) if not problems else []), problems


def ranked(caveats: list[dict]) -> list[dict]:
    """Caveats by priority rank, keeping the written order within a priority.

    Parameters
    ----------
    caveats : list of dict

    Returns
    -------
    list of dict
    """
    return sorted(caveats, key=lambda c: rank_of(c["priority"]))


def joined(caveats: list[dict], key: str = "text") -> str | None:
    """Texts (or priorities) of ranked caveats joined by ' | ' for a table cell; None when there are none.

    Parameters
    ----------
    caveats : list of dict
        Ranked caveats.
    key : str, default "text"
        ``text`` or ``priority``.

    Returns
    -------
    str or None
    """
    return SEPARATOR.join(c[key] for c in caveats) or None


def split(texts: Any, priorities: Any) -> list[dict]:
    """The caveats of a table row back from its ``caveat`` and ``caveat_priority`` cells.

    Parameters
    ----------
    texts, priorities : object
        The two cells (NaN or None when empty).

    Returns
    -------
    list of dict

    Raises
    ------
    ValueError
        When the cells hold different numbers of parts.
    """
    if not isinstance(texts, str) or not texts.strip():
        return []
    parts = [t.strip() for t in texts.split(SEPARATOR)]
    ranks = [p.strip() for p in priorities.split(SEPARATOR)] if isinstance(priorities, str) else []
    if len(ranks) != len(parts):
        raise ValueError(f"{len(parts)} caveat(s) but {len(ranks)} priorities: {texts[:60]!r}")
    return [{"priority": p, "text": t} for t, p in zip(parts, ranks)]


def caveat_rows(record_kind: str, record_id: str, caveats: list[dict]) -> list[dict]:
    """Long-table rows of one record's caveats: kind, id, rank (1 = read first), priority, text.

    Parameters
    ----------
    record_kind : str
        ``figure``, ``estimate`` or ``tip``.
    record_id : str
        The figure's or estimate's id.
    caveats : list of dict
        Ranked caveats.

    Returns
    -------
    list of dict
    """
    return [{"record_kind": record_kind, "record_id": record_id, "rank": i, "priority": c["priority"],
             "text": c["text"]} for i, c in enumerate(ranked(caveats), start=1)]


def caveats_table(figures: pd.DataFrame, estimates: pd.DataFrame,
                  lists: Mapping[tuple[str, str], list] | None = None) -> pd.DataFrame:
    """Every caveat of every figure and estimate, one row each, in rank order within its record.

    ``lists`` gives each record's caveats as declared ({(kind, id): [{priority, text}, ...]}), so a caveat
    whose text holds " | " stays one caveat; a record not in it is read back from its table cells.

    Parameters
    ----------
    figures : pandas.DataFrame
        The ``figures`` table.
    estimates : pandas.DataFrame
        The ``estimates`` table.
    lists : mapping, optional
        The declared lists (above).

    Returns
    -------
    pandas.DataFrame
        The ``caveats`` table.
    """
    rows = []
    for kind, frame, id_column in (("figure", figures, "figure_id"), ("estimate", estimates, "estimate_id")):
        for row in frames.records(frame.drop_duplicates(id_column)):  # scenarios share their estimate's caveats
            key = (kind, row[id_column])
            caveats = (read_caveats("", key[1], "caveats", lists[key])[0] if lists and key in lists
                       else split(row["caveat"], row["caveat_priority"]))
            rows += caveat_rows(kind, row[id_column], caveats)
    return pd.DataFrame(rows, columns=CAVEAT_COLUMNS)
