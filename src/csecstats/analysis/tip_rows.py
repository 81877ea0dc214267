"""What the rows of the TIP table say of each other and of their own words.

* **one report, one tier**: rows of one report year that state a tier state the same one (blank: not stated);
* **one page, one report**: rows read from one address give the same report year and the same tier;
* **subject**: a row's indicator is what its quote speaks of ('investigated' for cases investigated,
  'convicted' or 'convictions' for convictions; ``register.subjects``), never only its note or caveat.
"""
from __future__ import annotations

from ..inputs.errors import Problem
from ..register.subjects import indicator_problem
from .tip_periods import row_entry

# indicator -> the phrases, any one of which in the quote names it (each read from the start of a word)
NAMED_BY: dict[str, tuple[str, ...]] = {
    "investigations_cases": ("investigat",),
    "prosecutions_defendants": ("prosecut",),
    "prosecutions_cases": ("prosecut",),
    "convictions": ("convict",),
    "victims_identified": ("victim",),
    "arrests": ("arrest",),
}
PAGE = ("report_year", "tier")  # what every row read from one address gives alike


def rows_problems(where: str, raw: list[dict]) -> list[Problem]:
    """Every rule over the TIP table's rows together and each row's words (this module's rules).

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
    return tier_problems(where, raw) + page_problems(where, raw) + subject_problems(where, raw)


def tier_problems(where: str, raw: list[dict]) -> list[Problem]:
    """One report, one tier: rows of one report year that state a tier state the same one (blank: not stated).

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
    first: dict[str, dict] = {}
    problems = []
    for row in raw:
        if not row["tier"].strip():
            continue
        seen = first.setdefault(row["report_year"].strip(), row)
        if row["tier"].strip() != seen["tier"].strip():
            problems.append(Problem(where, row_entry(row), "tier", f"{row['tier']!r:.40}, but {row_entry(seen)} of the "
                                                                 f"same report gives {seen['tier']!r:.40}: one report, one tier"))
    return problems


def page_problems(where: str, raw: list[dict]) -> list[Problem]:
    """One page, one report: rows read from one address (``url``) give the same report year and tier as the
    page's first row; a row that differs is named.

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
    first: dict[str, dict] = {}
    problems = []
    for row in raw:
        seen = first.setdefault(row["url"].strip(), row)
        problems += [Problem(where, row_entry(row), column, f"{row[column]!r:.40}, but {row_entry(seen)} read from "
                                                            f"the same page gives {seen[column]!r:.40}: one page, one report")
                     for column in PAGE if row[column].strip() != seen[column].strip()]
    return problems


def subject_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose quote does not speak of its indicator (``NAMED_BY``): 64 cases prosecuted called convictions.

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
        indicator = row["indicator"].strip()
        if indicator in NAMED_BY and (message := indicator_problem(indicator, row["quote"], NAMED_BY[indicator])):
            problems.append(Problem(where, row_entry(row), "indicator", message))
    return problems
