"""Evidence grades: a rubric kept as data, and the rule that grades each figure.

A is best, D weakest. A figure's grade comes from the kind of work it rests on
(its source's ``kind``) and how the report words it (its ``qualifier``). A derived
estimate can never be graded better than its weakest input (see ``worst``).
Each figure's grade is a column of ``figures.csv``; ``figure_grades.csv`` gives the
reason for each grade beside the rubric (``grades.csv``).
"""
from __future__ import annotations

import pandas as pd

from ..source.parse import is_declared_reading
from ..inputs import frames

RUBRIC = pd.DataFrame([
    {"grade": "A", "label": "administrative count",
     "definition": "A count an organisation keeps of its own activity or caseload (police cases, people trained), "
                   "printed exactly in the producer's own text or an official document relaying it."},
    {"grade": "B", "label": "field count or survey",
     "definition": "A direct count or survey with a described method, or an estimate extrapolated from one, in the "
                   "producer's text or an official document citing it."},
    {"grade": "C", "label": "expert or secondary estimate",
     "definition": "An estimate by officials or researchers whose method is not given, a figure in circulation, or "
                   "any number known only from a secondary account (a press article relaying an official count or a "
                   "study), whatever the method of the count it relays."},
    {"grade": "D", "label": "derived from qualitative wording",
     "definition": "A number read from words ('nearly cut in half', 'thousands of') through a declared reading."},
])
# Numbers computed from published ones (by this project or a table's compiler) are marked qualifier
# 'derived', never 'stated', and graded no better than the numbers they are computed from.
DERIVED_RULE = "computed from published numbers, not stated by any publisher: derived"
GRADES = tuple(RUBRIC["grade"])

# Source kind (data/raw/sources.yml) -> grade before the wording is considered.
SOURCE_KIND_GRADES = {
    "report_itself": "A", "project_paper": "A", "database": "A",
    "field_study": "B", "survey": "B", "needs_assessment": "B",
    "government_report": "C", "situation_report": "C", "development_plan": "C", "secondary": "C",
}


def worst(*grades: str) -> str:
    """The weakest of the grades given (D is weaker than C, and so on).

    Parameters
    ----------
    *grades : str
        Grades A-D.

    Returns
    -------
    str
    """
    return max(grades, key=GRADES.index)


# A count whose noun the text leaves out: what was counted is not known, so it is not a kept count of anything named.
NOUN_UNSTATED = "noun_unstated"


def figure_grade(source_kind: str, qualifier: str, phrase: str, unit: str | None = None) -> tuple[str, str]:
    """A register figure's evidence grade and the reason for it.

    (grade, reason): words read as numbers are D; an inexact A-source number is an estimate, C; a count whose
    noun the text leaves out is C at best (what was counted is not stated).

    Parameters
    ----------
    source_kind : str
        The kind of the figure's source.
    qualifier : str
        How the report prints it (``exact``, ``approximate``, ...).
    phrase : str
        The number phrase as printed.
    unit : str, optional
        What it counts (``noun_unstated`` when the text leaves out what was counted).

    Returns
    -------
    tuple of (str, str)
    """
    base = SOURCE_KIND_GRADES.get(source_kind, "C")
    if qualifier == "relative" or is_declared_reading(phrase):
        return "D", f"'{phrase}' is words read as a number through a declared reading"
    if unit == NOUN_UNSTATED:
        return worst(base, "C"), f"'{phrase}' is printed without a noun: what was counted (reports, calls, cases) is not stated"
    if base == "A" and qualifier != "exact":
        return "C", f"'{phrase}' is {qualifier.replace('_', ' ')}: an estimate, not a kept count"
    return base, f"source kind {source_kind}; the report prints it as {qualifier.replace('_', ' ')}"


def figure_grades(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per figure: figure_id, evidence_grade, grade_label, grade_reason.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.
    sources : pandas.DataFrame
        The sources table (each source's kind).

    Returns
    -------
    pandas.DataFrame
    """
    kinds = dict(zip(sources["source_id"], sources["kind"]))
    labels = dict(zip(RUBRIC["grade"], RUBRIC["label"]))
    rows = []
    for fig in frames.rows(figures):
        grade, reason = figure_grade(kinds.get(fig.source_id, "secondary"), fig.qualifier, fig.phrase, fig.unit)
        rows.append({"figure_id": fig.figure_id, "evidence_grade": grade, "grade_label": labels[grade],
                     "grade_reason": reason})
    return pd.DataFrame(rows, columns=["figure_id", "evidence_grade", "grade_label", "grade_reason"])


# How an external number was made (data/raw/external_rows.yml `methods`) -> grade before the account is considered.
METHOD_GRADES = {"administrative_count": "A", "direct_count": "B", "model_extrapolation": "B", "venue_survey": "B",
                 "method_not_described": "C", "circulated_claim": "C", "derived_sum": "C"}


def external_grade(method: str, account: str, qualifier: str) -> tuple[str, str]:
    """An external row's evidence grade and the reason for it.

    (grade, reason) of an external row from its declared method and account: a press account of any
    count, or another body's summary of it (``secondary``: an embassy's report citing a study), is a
    secondary account, C at best; a number the table's compiler computed is marked derived.

    Parameters
    ----------
    method : str
        How the row's number was made (declared in ``external_rows.yml``).
    account : str
        Whose account it is: ``official``, ``press`` or ``secondary``.
    qualifier : str
        How the table prints it.

    Returns
    -------
    tuple of (str, str)
    """
    grade = METHOD_GRADES.get(method, "C")
    reason = f"method {method.replace('_', ' ')}"
    if account == "press":
        grade, reason = worst(grade, "C"), reason + "; known only from a press account (secondary)"
    elif account == "secondary":
        grade, reason = worst(grade, "C"), reason + "; known only from another body's summary of it (secondary)"
    if qualifier == "derived":
        reason += f"; {DERIVED_RULE}"
    return grade, reason
