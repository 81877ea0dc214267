"""A year an estimate's quantity names is a year one of its inputs is of or was published in (or one their quotes
and caveats print): 'the 1992 level of 20,000' moved to 1993 is refused. Tried on every year of every real
quantity moved a year either way, and through the build."""
from __future__ import annotations

import dataclasses
import functools
import re

from csecstats.analysis import declarations
from csecstats.analysis.assumptions import row_years
from csecstats.analysis.coherence import coherence_problems
from real_inputs import context, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def specified() -> tuple:
    return tuple(declarations.declared_estimates(None, context()))


def quantity_problems(estimate) -> list[str]:
    return [p.message for p in coherence_problems([estimate], context(), "estimates.yml") if p.field == "quantity"]


def test_every_year_of_every_real_quantity_moved():
    moved = refused_here = 0
    for e in specified():
        assert quantity_problems(e) == [], e.key
        rows = [context().row(r) for r in dict.fromkeys(e.refs)]
        rows = [r for r in rows if r is not None]
        printed = " ".join(str(r.get(k)) for r in rows for k in ("quote", "caveat"))
        for m in re.finditer(r"(?<![\d,])(?:19|20)\d\d(?![\d,])", e.spec["quantity"]):
            for shift in (-1, 1):
                year = int(m.group()) + shift
                quantity = e.spec["quantity"][:m.start()] + str(year) + e.spec["quantity"][m.end():]
                found = quantity_problems(dataclasses.replace(e, spec={**e.spec, "quantity": quantity}))
                kept = year in row_years(rows) or str(year) in printed
                assert bool(found) == (not kept), (e.key, quantity, found)
                moved += 1
                refused_here += not kept
    assert moved >= 30 and refused_here >= 20


def test_the_build_refuses_the_1992_level_moved_to_1993(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "between 14,000 and the 1992 level of 20,000",
                 "between 14,000 and the 1993 level of 20,000")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/estimates.yml'}: under_age_sex_workers_phnom_penh_1997/"
                     "over_14000_up_to_1992_level: quantity: prints 1993, which no quote or caveat of its inputs "
                     "prints"]
