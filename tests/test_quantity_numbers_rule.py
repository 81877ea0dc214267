"""An estimate's quantity prints only numbers its inputs' quotes or caveats print, years aside: the sex workers
after UNTAC are never 'aged 12-17'. Tried on every estimate given every other real quantity, and through the
build."""
from __future__ import annotations

import dataclasses
import functools
import re

from csecstats.analysis.coherence import _row, coherence_problems
from csecstats.analysis.declarations import declared_estimates
from real_inputs import context as shared_context, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def declared():
    context = shared_context()
    return context, declared_estimates(None, context)


def plain(text: str) -> set[str]:
    """The numbers a text prints, read plainly (thousands' commas dropped, '14, 000' as the report prints it),
    years aside."""
    found = {re.sub(r", ?", "", n) for n in re.findall(r"\d{1,3}(?:, ?\d{3})+(?!\d)|\d+(?:\.\d+)?", text)}
    return {n for n in found if not (len(n) == 4 and 1950 <= int(n) <= 2030)}


def test_every_estimate_given_every_other_quantity():
    context, estimates = declared()
    assert coherence_problems(estimates, context, "e.yml") == []
    quantities = sorted({e.spec["quantity"] for e in estimates if isinstance(e.spec.get("quantity"), str)})
    refused_here = 0
    for est in estimates:
        inputs = [r for r in (_row(context, ref) for ref in dict.fromkeys(est.refs)) if r is not None]
        printed = set().union(*(plain(str(r.get(k) or "")) for r in inputs for k in ("quote", "caveat")))
        for quantity in (q for q in quantities if q != est.spec.get("quantity")):
            moved = dataclasses.replace(est, spec={**est.spec, "quantity": quantity})
            found = [p for p in coherence_problems([moved], context, "e.yml") if p.field == "quantity"]
            if plain(quantity) - printed:
                assert [p.entry for p in found] == [est.key], (est.key, quantity)
                refused_here += 1
    assert refused_here >= 150


def test_the_build_refuses_the_sex_workers_after_untac_aged_12_17(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "    quantity: Sex workers in Phnom Penh after UNTAC left\n",
                 "    quantity: Sex workers aged 12-17 in Phnom Penh after UNTAC left\n")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/estimates.yml'}: sex_workers_phnom_penh_after_untac: quantity: prints 12, "
                     "which no quote or caveat of its inputs prints"]
