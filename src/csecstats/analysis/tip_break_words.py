"""A break the TIP table's own words speak of is declared (``breaks.yml``), so that no chart joins across it.

The rows of a TIP report say where its counts change basis: its figures 'likely included victims of crimes that
did not meet standard definitions', victim data came from all provinces ('coverage break vs earlier years'), the
government prosecuted under 'comparable provisions in the penal code', figures 'augmented by media and NGO
reports', 'no centralized record or database', 'precluding the ability to compare'. Where a report's rows print
such words (``SIGNALS``), a row of that report lies inside (or straddles) a declared break whose own words (label,
changes, reason, quote) print them too. A row set after a law of a year ('after the 2008 anti-human trafficking
law was enacted') lies inside a declared period break beginning in that year, and one set before it ('Pre-2008 law
era', 'pre-2008-law convictions', 'before the 2008 law was enacted') begins before such a break. A deleted break whose words stand in the rows is
refused; one no row's words speak of (a break read from a source note alone) is not.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..inputs.errors import Problem
from ..register.breaks import Break
from .tip_periods import row_entry

# Words by which a row says its report counts on another basis than the reports before it.
SIGNALS = ("standard definition", "coverage break", "comparable provisions", "augmented by media",
           "ability to compare", "centralized record")
AFTER_LAW = re.compile(r"\bafter the ((?:19|20)\d\d) (?:[\w-]+ ){0,3}law\b")
BEFORE_LAW = re.compile(r"\b(?:pre-?|before the )((?:19|20)\d\d)[- ](?:[\w-]+ ){0,3}law\b")
COLUMNS = ("quote", "indicator_note", "caveat")


def _folded(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def _words(b: Break) -> str:
    return _folded(" ".join([b.label, b.changes, b.reason, b.quote or ""]).replace("-", " "))


def _inside(row: dict) -> set[str]:
    return set(str(row.get("breaks") or "").split()) | set(str(row.get("straddles") or "").split())


def break_word_problems(where: str, raw: list[dict], rows: list[dict], breaks: Iterable[Break]) -> list[Problem]:
    """Each break the rows' words speak of is declared where they stand: one problem per report and words (on
    its first row printing them), and per row set after or before a law of a year with no such break.

    Parameters
    ----------
    where : str
        The TIP table's path.
    raw : list of dict
        Its raw rows (for the entries' names).
    rows : list of dict
        The same rows placed in time (``report_year``, ``period_start``, ``breaks``, ``straddles``).
    breaks : iterable of Break

    Returns
    -------
    list of Problem
    """
    breaks = list(breaks)
    problems, seen = [], set()
    for line, row in zip(raw, rows):
        for column in COLUMNS:
            text = _folded(row.get(column))
            for signal in (s for s in SIGNALS if s in text.replace("-", " ") and (row["report_year"], s) not in seen):
                seen.add((row["report_year"], signal))
                holding = {b.id for b in breaks if signal in _words(b)}
                if not any(holding & _inside(r) for r in rows if r["report_year"] == row["report_year"]):
                    problems.append(Problem(where, row_entry(line), column, f"says {signal!r}, but no declared break "
                                            f"whose words say so holds a row of the {row['report_year']} report: its "
                                            "counts would be joined with earlier ones"))
            problems += [p for p in _law_problems(where, line, row, column, text, breaks)
                         if (p.entry, p.message) not in seen and not seen.add((p.entry, p.message))]
    return problems


def _law_problems(where: str, line: dict, row: dict, column: str, text: str, breaks: list[Break]) -> list[Problem]:
    """A row set after (inside) or before a law of a year, against the period breaks beginning in that year."""
    if not row.get("period_start"):
        return []
    found = []
    for pattern, side in ((AFTER_LAW, "after"), (BEFORE_LAW, "before")):
        for year in {int(y) for y in pattern.findall(text)}:
            begun = [b for b in breaks if b.scope == "period" and b.start is not None and b.start.year == year]
            placed = [b for b in begun if (b.id in str(row.get("breaks") or "").split()) == (side == "after")
                      and (side == "after" or str(row["period_start"]) < b.start.isoformat())]
            if not placed:
                found.append(Problem(where, row_entry(line), column, f"sets it {side} the {year} law, but no declared "
                                     f"period break beginning in {year} has it {'inside' if side == 'after' else 'after'}"
                                     " it: counts under two laws would be joined"))
    return found
