"""A TIP row's caveat and note speak of its own row: a caveat saying its unit is not stated ('Unit not stated ('44
convictions')') goes with a row whose unit is 'not stated', and such a row's caveat says so, as each real row's
does ('44 convictions' given persons while its caveat still says no unit is stated is refused); and what a note
says of its count, the law it is counted under, what it includes, that it counts potential ones, its quote prints,
and the law it is counted after, its quote or its caveat (``note_claim_problems``). The caveats every row of the
series carries (``breaks.yml`` ``series_caveats``) say what the series holds (``series_caveat_problems``): that its
counts measure what was detected, that it is not one series where breaks are declared, and that some of its figures
are press accounts where some are."""
from __future__ import annotations

import re

from ..inputs.errors import Problem
from .tip_periods import row_entry

UNSTATED_UNIT = "not stated"
SAYS_UNSTATED = re.compile(r"\bunit (?:is )?not stated\b", re.IGNORECASE)


def caveat_unit_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose caveat says its unit is not stated has unit 'not stated', and one of unit 'not stated' has a
    caveat saying so.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        says, unit = bool(SAYS_UNSTATED.search(row.get("caveat") or "")), (row.get("unit") or "").strip()
        if says and unit != UNSTATED_UNIT:
            problems.append(Problem(where, row_entry(row), "unit", f"{unit!r}, but its caveat says its unit is not "
                                                                    "stated"))
        elif unit == UNSTATED_UNIT and not says:
            problems.append(Problem(where, row_entry(row), "caveat", "its unit is not stated, but its caveat does not "
                                                                     "say so ('Unit not stated (...)')"))
    return problems


# What a note says of its count -> the words its quote prints when it says so: a count under a law ('under the
# anti-trafficking law') is one whose quote names a law or code; one that includes ('includes some trials begun in
# the previous reporting period') or is of potential ones, one whose quote says so. The other way round from
# ``tip_rows.CARRIED`` (what a quote prints after its number, its note carries).
_LAW = re.compile(r"\b(?:law|code)\b", re.IGNORECASE)
CLAIMS = {"under a law": (re.compile(r"\bunder\b[^;]*" + _LAW.pattern, re.IGNORECASE), _LAW),
          "includes": (re.compile(r"\binclud", re.IGNORECASE),) * 2,
          "potential": (re.compile(r"\bpotential\b", re.IGNORECASE),) * 2,
          "after a law": (re.compile(r"\bafter\b[^;]*" + _LAW.pattern, re.IGNORECASE), _LAW)}
# A claim the row's caveat may carry for its quote (the article links the count to the period after a law: its
# caveat says so, 'Article links the decrease to the period after the 2008 law was enacted'); the others, its quote.
CAVEAT_CARRIES = ("after a law",)


def note_claim_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row's ``indicator_note`` says of its count only what its quote prints (``CLAIMS``; that it is counted after a
    law, what its quote or its caveat prints): 'under the anti-trafficking law' moved onto the 370 suspected
    traffickers media reports say were arrested is refused, and so is 'after the 2008 anti-human trafficking law was
    enacted' moved onto the 36 prosecutions VOA reported.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        note, quote = row.get("indicator_note") or "", row.get("quote") or ""
        said = [claim for claim, (says, prints) in CLAIMS.items() if says.search(note) and not prints.search(
            f"{quote} {row.get('caveat') or ''}" if claim in CAVEAT_CARRIES else quote)]
        if said:
            problems.append(Problem(where, row_entry(row), "indicator_note", (
                f"{note!r:.50} says its count is {said[0]}, but its quote prints no such thing"
                + (" (nor its caveat)" if said[0] in CAVEAT_CARRIES else ""))))
    return problems


# What the series holds -> the words one of its caveats prints when it holds it: counts measuring detection (what
# the authorities detected, never how much trafficking there was), declared breaks (not one series), press accounts.
SERIES_SAYS = {"detection": (re.compile(r"\bdetect", re.IGNORECASE),
                             "its rows measure detection: a caveat says the counts are what the authorities detected"),
               "breaks": (re.compile(r"\bbreaks?\b", re.IGNORECASE),
                          "{breaks} breaks are declared: a caveat says it is not one series, and marks its breaks"),
               "press": (re.compile(r"\bpress\b", re.IGNORECASE),
                         "some of its rows are press accounts: a caveat says which")}


def series_caveat_problems(where: str, caveats: list[dict], measures: list[str], accounts: list[str],
                           breaks: int) -> list[Problem]:
    """The series caveats say what the series holds (``SERIES_SAYS``): where its rows measure detection, one says
    the counts are what was detected; where breaks are declared, one says it is not one series (its breaks); where
    rows are press accounts, one says so. The caveat on detection left out of ``series_caveats`` is refused.

    Parameters
    ----------
    where : str
        The breaks file (``series_caveats``), named in each problem.
    caveats : list of dict
        The series caveats (``text``).
    measures : list of str
        What each row of the TIP table can measure.
    accounts : list of str
        Each row's account (``press``, ``report_text`` ...).
    breaks : int
        How many breaks are declared.

    Returns
    -------
    list of Problem
    """
    holds = {"detection": "detection" in measures, "breaks": breaks > 0, "press": "press" in accounts}
    texts = " ".join(str(c.get("text") or "") for c in caveats)
    return [Problem(where, "series_caveats", "(list)", f"no caveat speaks of it, but {why.format(breaks=breaks)}")
            for what, (says, why) in SERIES_SAYS.items() if holds[what] and not says.search(texts)]
