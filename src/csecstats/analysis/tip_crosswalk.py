"""The TIP figures in the terms of the tables beside them: triangulation rows, caveat rows, one number read two ways.

Each TIP figure (``analysis.tip``) keeps its own indicator, form and definition here; the
triangulation compares it only within one definition, and two accounts giving the same
number as different indicators or periods are flagged, not reconciled.
"""
from __future__ import annotations

import pandas as pd

from ..register.caveats import caveat_rows, split
from ..inputs import frames

# TIP indicator -> the triangulation quantity it counts.
QUANTITIES = {"investigations_cases": "police_cases", "prosecutions_defendants": "prosecutions",
              "prosecutions_cases": "prosecutions", "convictions": "convictions",
              "victims_identified": "victims_identified", "arrests": "tip_arrests"}


def triangulation_rows(frame: pd.DataFrame) -> list[dict]:
    """TIP rows in the triangulation's terms: quantity, indicator (with form), source, grade. Each keeps its own
    definition: nothing here sets a TIP count beside a report count of another definition.

    Parameters
    ----------
    frame : pandas.DataFrame
        The TIP figures as ``load_tip`` returns them.

    Returns
    -------
    list of dict
        One triangulation row per TIP figure.
    """
    rows = []
    for r in frames.records(frame):
        indicator = r["indicator"] + ("" if r["form"] == "all" else f"_{r['form']}")
        account = "" if r["account"] == "report_text" else ", press account"
        rows.append({"quantity": QUANTITIES[r["indicator"]], "indicator": indicator, "compare_indicator": indicator,
                     "start": r["period_start"], "end": r["period_end"], "record_id": r["tip_id"],
                     "value": r["value"], "low": r["low"], "high": r["high"], "unit": r["unit"],
                     "source": f"US TIP Report {r['report_year']} ({r['publisher']}{account})",
                     "definition": r["definition"],
                     "grade": r["evidence_grade"],
                     "period_kind": {"calendar_year": "calendar_year", "none": "none"}.get(r["period_kind"],
                                                                                         "non_calendar_year")})
    return rows


def conflicting_readings(frame: pd.DataFrame) -> dict[str, str]:
    """tip_id -> text, for one number read two ways: two accounts give the same value, within a year of each
    other, but as a different indicator, form or period.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    dict of str to str
    """
    out: dict[str, list[str]] = {}
    dated = frames.rows(frame[frame["period_start"].notna()])  # rows made once, not once per row
    for a in dated:
        for b in dated:
            same_reading = (a.indicator, a.form, a.period_start, a.period_end) == \
                (b.indicator, b.form, b.period_start, b.period_end)
            near = abs(int(a.period_start[:4]) - int(b.period_start[:4])) <= 1
            if a.tip_id != b.tip_id and a.value == b.value and a.url != b.url and near and not same_reading:
                out.setdefault(a.tip_id, []).append(
                    f"the same number {b.value:g} is read as {b.indicator.replace('_', ' ')} ({b.form}) for "
                    f"{b.period_start[:4]} by {b.publisher} ({b.tip_id})")
    return {k: "conflicting readings: " + "; ".join(v) for k, v in out.items()}


def tip_caveats(tip: pd.DataFrame) -> pd.DataFrame:
    """The TIP figures' caveats as rows of caveats.csv (record kind 'tip'), in rank order.

    Parameters
    ----------
    tip : pandas.DataFrame
        The TIP figures as ``load_tip`` returns them (``caveat`` and ``caveat_priority`` joined by `` | ``).

    Returns
    -------
    pandas.DataFrame
        One row per caveat of each figure.
    """
    return pd.DataFrame([row for r in frames.rows(tip)
                         for row in caveat_rows("tip", r.tip_id, split(r.caveat, r.caveat_priority))])
