"""An estimate's own quantity names what its definition counts (``register.subjects.definition_problem``): every
real estimate does; each given every other estimate's quantity is refused exactly when those words name nothing of
its definition, or name another definition of its unit in full; and through the build."""
from __future__ import annotations

import copy
import dataclasses
import functools

from csecstats.analysis.coherence import coherence_problems
from csecstats.analysis.declarations import declared_estimates
from csecstats.inputs import paths
from csecstats.register.subjects import definition_problem
from real_inputs import context as shared_context, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def real():
    context = shared_context()
    return context, declared_estimates(paths.RAW / "estimates.yml", context)


def _own(est) -> str:
    return est.spec.get("estimate_quantity") or est.spec["quantity"]


def _with_own_quantity(est, quantity: str):
    spec = copy.deepcopy(est.spec)
    spec["estimate_quantity" if "estimate_quantity" in spec else "quantity"] = quantity
    return dataclasses.replace(est, spec=spec)


def test_every_estimate_given_every_other_estimates_quantity():
    context, estimates = real()
    counted_in = context.lineage.counted_in
    first = list({est.spec["id"]: est for est in reversed(estimates)}.values())  # one variant per estimate
    quantities = sorted({_own(est) for est in first})
    tried = refused_here = 0
    for est in first:
        others = [d for d, u in counted_in.items() if u == est.spec["unit"]]
        for quantity in quantities:
            problems = coherence_problems([_with_own_quantity(est, quantity)], context, "estimates.yml")
            found = [p for p in problems if "is not what its definition counts" in p.message]
            expected = definition_problem(est.spec["definition"], quantity, others) is not None
            # refused on its quantity: by this rule, or by another quantity rule (then this one stays silent)
            assert expected <= any(p.field == "quantity" for p in problems), (est.key, quantity)
            assert not found or expected and len(problems) == 1, (est.key, quantity, problems)
            assert all((p.entry, p.field) == (est.spec["id"], "quantity") for p in found)
            tried += 1
            refused_here += expected
    assert tried >= 200 and refused_here >= 150, (tried, refused_here)


def test_every_variant_of_an_estimate_is_one_problem_on_the_estimate():
    context, estimates = real()
    variants = [e for e in estimates if e.spec["id"] == "under_age_sex_workers_phnom_penh_1997"]
    assert len(variants) == 2
    lied = [_with_own_quantity(e, "Sex workers who said they were forced or tricked into sex work") for e in variants]
    found = [p for p in coherence_problems(lied, context, "estimates.yml") if "is not what its definition counts" in p.message]
    assert [(p.entry, p.field) for p in found] == [("under_age_sex_workers_phnom_penh_1997", "quantity")]
    assert found[0].message == ("'Sex workers who said they were forced or tricked i...' is not what its definition "
                                "counts: 'aged_12_17': none of its words is in the quantity's ('aged')")


def test_the_build_refuses_the_under_age_estimate_described_as_the_forced_or_tricked(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "    quantity: Sex workers aged 12-17 in Phnom Penh\n",
                 "    quantity: Sex workers who said they were forced or tricked into sex work\n")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: under_age_sex_workers_phnom_penh_1997: quantity: 'Sex workers who "
            "said they were forced or tricked i...' is not what its definition counts: 'aged_12_17': none of its words "
            "is in the quantity's ('aged')") in err


# --------------------------------------------------------------- the age band a quantity prints

def test_every_estimate_given_every_definition_of_its_unit_is_refused_where_its_quantity_prints_another_band():
    from csecstats.register.subjects import band_problem
    context, estimates = real()
    counted_in = context.lineage.counted_in
    tried, refused_here = 0, []
    for est in list({est.spec["id"]: est for est in reversed(estimates)}.values()):
        others = [d for d, u in counted_in.items() if u == est.spec["unit"]]
        assert band_problem(est.spec["definition"], _own(est), others) is None, est.key  # every real one holds
        for definition in others:
            message = band_problem(definition, _own(est), others)
            tried += 1
            if message:
                refused_here.append((est.spec["id"], definition))
                assert message.endswith("but the words print the band of aged_12_17 (12 to 17)")
    assert tried >= 100
    # the under-age estimate given any persons definition but its own: every other one lacks the band 12-17
    persons = [d for d, u in counted_in.items() if u == "persons"]
    assert sorted(refused_here) == sorted(("under_age_sex_workers_phnom_penh_1997", d) for d in persons
                                          if d != "aged_12_17")


def test_a_band_is_read_however_it_is_printed_and_only_whole():
    from csecstats.register.subjects import band_problem
    others = ["all_sex_workers", "aged_12_17", "population_aged_0_14", "trafficked_debt_bondage_or_under_16"]
    for words in ("Sex workers aged 12-17", "aged 12 to 17", "between 12 and 17 years old", "aged 12–17"):
        assert band_problem("all_sex_workers", words, others) is not None, words
        assert band_problem("aged_12_17", words, others) is None, words
    for words in ("aged 112-17", "aged 12-170", "aged 12.5-17", "Sex workers in 2012-2017"):
        assert band_problem("all_sex_workers", words, others) is None, words
    assert band_problem("all_sex_workers", "Children aged 0-14", others).endswith("population_aged_0_14 (0 to 14)")
    assert band_problem("all_sex_workers", "trafficked or under the age of 16", others).endswith(
        "trafficked_debt_bondage_or_under_16 (16)")
    assert band_problem("all_sex_workers", "under 160 sex workers", others) is None


def test_the_build_refuses_the_under_age_estimate_defined_as_all_sex_workers(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "    definition: aged_12_17\n", "    definition: all_sex_workers\n")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: under_age_sex_workers_phnom_penh_1997: quantity: 'Sex workers aged "
            "12-17 in Phnom Penh' is not what its definition counts: 'all_sex_workers', but the words print the band "
            "of aged_12_17 (12 to 17)") in err
