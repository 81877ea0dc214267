"""A row recomputing the report's arithmetic (report_arithmetic) is the row whose quantity says so ("The report's
arithmetic: 66% of 18,256 ..."), and no other: a scenario that draws the national total, given that quantity, is
refused. Tried on every real estimate and scenario given every other's quantity, and through the build."""
from __future__ import annotations

import dataclasses
import functools

from csecstats.analysis import declarations
from csecstats.analysis.coherence import coherence_problems
from real_inputs import context, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def specified() -> tuple:
    return tuple(declarations.declared_estimates(None, context()))


def refused_on_arithmetic(estimate) -> bool:
    return any(p.field == "report_arithmetic" and "quantity" in p.message
               for p in coherence_problems([estimate], context(), "estimates.yml"))


def refused_on_its_words(estimate) -> bool:
    """Refused on its quantity (one quantity problem is enough: the arithmetic's words are then not read) or on
    the report's arithmetic its quantity claims or disowns."""
    return any(p.field == "quantity" or (p.field == "report_arithmetic" and "quantity" in p.message)
               for p in coherence_problems([estimate], context(), "estimates.yml"))


def test_every_real_row_given_every_other_quantity():
    quantities = sorted({e.spec["quantity"] for e in specified()})
    tried = refused_here = 0
    for e in specified():
        declared = isinstance(e.spec.get("report_arithmetic"), str)
        assert not refused_on_arithmetic(e), e.key
        for quantity in quantities:
            lie = dataclasses.replace(e, spec={**e.spec, "quantity": quantity})
            says = quantity.startswith("The report's arithmetic")
            if says != declared:
                assert refused_on_its_words(lie), (e.key, quantity)
            else:
                assert not refused_on_arithmetic(lie), (e.key, quantity)
            tried += 1
            refused_here += says != declared
    assert tried >= 600 and refused_here >= 150


def test_the_build_refuses_the_reconciled_scenario_called_the_reports_arithmetic(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml",
                 "quantity: \"66% of a national total between the health ministry's 2000 count and the 2008 count "
                 "(all venues)\"", "quantity: \"The report's arithmetic: 66% of 18,256\"")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/estimates.yml'}: khmer_sex_workers_cambodia_2003/national_total_reconciled: "
                     "report_arithmetic: none declared, but the quantity says \"The report's arithmetic: 66% of "
                     "18,256\""]
