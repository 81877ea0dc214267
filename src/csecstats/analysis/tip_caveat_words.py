"""A TIP row's caveat speaks of its own row: one saying its unit is not stated ('Unit not stated ('44
convictions')') goes with a row whose unit is 'not stated', and such a row's caveat says so, as each real row's
does; '44 convictions' given persons while its caveat still says no unit is stated is refused."""
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
