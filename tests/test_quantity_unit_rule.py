"""An estimate's quantity counts in the unit its definition counts in: cases only for a definition of cases, and a
definition of cases names no persons but cases, its base after 'per' aside. Tried on every estimate and scenario
given every real quantity, and through the build."""
from __future__ import annotations

import re

from csecstats.analysis.assumptions import quantity_unit_problems
from csecstats.analysis.declarations import declared_estimates
from real_inputs import context, project, project_copy, refused, replace_once


def _plain(quantity: str) -> set[str]:
    """What a quantity counts, read plainly: its words before any 'per'."""
    head = re.split(r"\bper\b", quantity, flags=re.I)[0].lower()
    said = {"cases"} if re.search(r"\bcases?\b", head) else set()
    persons = r"\b(sex workers?|victims?|perpetrators?|people|persons?|women|children|migrants?|workers?)\b"
    return said | ({"persons"} if re.search(persons, head) else set())


def test_every_estimate_given_every_real_quantity():
    counted_in = project()[0].counted_in
    estimates = declared_estimates(None, context())
    assert quantity_unit_problems(estimates, counted_in, "e.yml") == []
    quantities = sorted({e.spec["quantity"] for e in estimates})
    tried = refused_here = 0
    for est in estimates:
        unit = counted_in.get(est.spec.get("definition"))
        for quantity in quantities:
            moved = type(est)(**{**vars(est), "spec": {**est.spec, "quantity": quantity}})
            moved.spec.pop("estimate_quantity", None)
            found = quantity_unit_problems([moved], counted_in, "e.yml")
            said = _plain(quantity)
            expected = bool(unit) and ("cases" in said and unit == "persons" or unit == "cases" and said == {"persons"})
            assert [(p.entry, p.field) for p in found] == ([(moved.key, "quantity")] if expected else []), \
                (est.key, quantity)
            tried += 1
            refused_here += expected
    assert tried >= 500 and refused_here >= 25, (tried, refused_here)


def test_the_build_refuses_the_study_share_called_a_share_of_cases(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml",
                 "quantity: Share of sex workers counted in Phnom Penh who were judged trafficked",
                 "quantity: Share of suspected trafficking cases confirmed by the police")
    err = refused(root, tmp_path / "out", capsys)
    assert ("share_trafficked_phnom_penh_2003_study: quantity: 'Share of suspected trafficking cases confirmed by the "
            "police' counts cases, but its definition trafficked_debt_bondage_or_under_16 counts in persons") in err, err
