"""Units follow from the formula: each estimate of the real declarations, varied the way a careless curator might
(an assumption re-pointed at a figure of another unit, the declared unit changed), is refused naming the
estimates file, the estimate (each scenario as resolved) and the field. The unit algebra is that of the formula
compiler (csecstats.analysis.formulas): a share times a count of persons is persons.
"""
from __future__ import annotations

import copy
import functools

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from csecstats.analysis.declarations import DOMAINS, declared_estimates
from csecstats.analysis.formulas import FRACTIONS, estimate_unit_problems, unit_expectations
from csecstats.inputs import paths
from real_inputs import context as shared_context

FEW = settings(max_examples=8, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
               suppress_health_check=[HealthCheck.too_slow])
WHERE = "estimates.yml"


@functools.lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """Every figure's and external row's unit, by id, as the build reads them."""
    read = lambda name: pd.read_csv(paths.PROCESSED / f"{name}.csv", keep_default_na=False)  # noqa: E731
    found = dict(zip(read("figures")["figure_id"], read("figures")["unit"]))
    for name, column in (("external_estimates", "external_id"), ("external_enforcement", "external_id")):
        found.update(zip(read(name)[column], read(name)["unit"]))
    return found


@functools.lru_cache(maxsize=1)
def specs() -> tuple:
    return tuple((e.key, e.spec) for e in declared_estimates(None, shared_context()))


def test_every_real_estimate_computes_its_declared_unit():
    assert specs() and estimate_unit_problems(WHERE, specs(), units()) == []


def _fraction_assumptions() -> list[tuple[int, int]]:
    """(estimate, assumption) positions of every assumption reading shares or ratios in a formula."""
    found = []
    for n, (_, spec) in enumerate(specs()):
        if spec.get("method") not in ("monte_carlo", "deterministic"):
            continue
        for i, a in enumerate(spec.get("assumptions") or []):
            read = {units().get(str(r).rsplit(".", 1)[0]) for v in a["parameters"].values()
                    for r in (v if isinstance(v, list) else [v]) if isinstance(r, str)}
            if read and read <= set(FRACTIONS) and a["name"] in spec["formula"]:
                found.append((n, i))
    return found


def _persons_figures() -> list[str]:
    return sorted(f for f, u in units().items() if u == "persons" and not f.startswith(("ext_", "enf_")))


@FEW
@given(at=st.sampled_from(_fraction_assumptions()), figure=st.sampled_from(_persons_figures()))
def test_an_assumption_re_pointed_at_a_count_is_refused_naming_it(at, figure):
    """A share or ratio assumption whose parameters now read a figure of persons: the formula needs a fraction
    there, so the estimate is refused naming that assumption's parameters."""
    n, i = at
    key, spec = specs()[n]
    lying = copy.deepcopy(spec)
    lying["assumptions"][i]["parameters"] = {name: figure for name in lying["assumptions"][i]["parameters"]}
    problems = estimate_unit_problems(WHERE, [(key, lying)], units())
    assert [(p.path, p.entry, p.field) for p in problems] == [(WHERE, key, f"assumptions[{i + 1}].parameters")]
    assert "is in persons" in problems[0].message


@FEW
@given(n=st.integers(0, 10**6), unit=st.sampled_from(sorted(DOMAINS)))
def test_an_estimate_declared_in_a_unit_its_method_does_not_give_is_refused(n, unit):
    """Changing an estimate's declared unit to one of another kind (a count for a fraction, persons for cases,
    a ratio for a Wilson share) is refused on its unit; a range's formulas are named by their own fields
    (``low``, ``high``), each saying what it gives and the unit declared."""
    key, spec = specs()[n % len(specs())]
    kind = lambda u: u if u not in FRACTIONS else "fraction"  # noqa: E731
    assume(kind(unit) != kind(spec["unit"]) or (spec["method"] == "wilson" and unit != "share"))
    problems = estimate_unit_problems(WHERE, [(key, {**spec, "unit": unit})], units())
    fields = {"low", "high"} if spec["method"] == "range" else {"unit"}
    named = {(p.path, p.entry, p.field) for p in problems}
    assert {(WHERE, key, f) for f in fields} <= named, problems
    assert all(p.message.endswith(unit) for p in problems if p.field in fields), problems


def test_a_range_declared_in_another_unit_is_refused_on_its_low_and_high():
    """The case a generated example found: a range estimate's two formulas, each refused under its field."""
    key, spec = next((k, s) for k, s in specs() if s["method"] == "range")
    problems = estimate_unit_problems(WHERE, [(key, {**spec, "unit": "ratio"})], units())
    assert {(p.entry, p.field) for p in problems} >= {(key, "low"), (key, "high")}, problems


def test_an_assumption_reading_two_units_is_refused():
    key, spec = next((k, s) for k, s in specs() if s.get("assumptions") and s["method"] == "monte_carlo")
    lying = copy.deepcopy(spec)
    lying["assumptions"][0]["parameters"] = {"low": "victims_rescued_2003", "high": "confirmed_cases_2003"}
    assert ("assumptions[1].parameters", "reads figures in cases and persons: one assumption is one quantity in "
            "one unit") in {(p.field, p.message) for p in estimate_unit_problems(WHERE, [(key, lying)], units())}


@pytest.mark.parametrize("formula, names, target, blamed", [
    ("sex_workers * share", {"sex_workers": "persons", "share": "share"}, "persons", []),
    ("sex_workers * share", {"sex_workers": "persons", "share": "persons"}, "persons", ["share"]),
    ("sex_workers * share", {"sex_workers": "persons", "share": "share"}, "share", [None]),
    ("trafficked / counted", {"trafficked": "persons", "counted": "persons"}, "share", []),
    ("trafficked / counted", {"trafficked": "persons", "counted": "cases"}, "share", ["counted"]),
    ("victims / cases", {"victims": "persons", "cases": "cases"}, "ratio", []),
    ("sex_workers * trafficked / counted", {"sex_workers": "persons", "trafficked": "persons",
                                            "counted": "persons"}, "persons", []),
    ("total * (1 - khmer - other)", {"total": "persons", "khmer": "share", "other": "persons"}, "persons", ["other"]),
    ("0 * sex_workers", {"sex_workers": "persons"}, "persons", []),
    ("a + b", {"a": "persons", "b": "cases"}, "persons", ["b"]),
    ("before * typed", {"before": "persons", "typed": None}, "share", []),  # a typed number takes any unit
])
def test_unit_algebra_of_the_formula_grammar(formula, names, target, blamed):
    assert [name for name, _ in unit_expectations(formula, names, target)] == blamed
