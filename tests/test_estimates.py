"""Derived estimates: hand calculations, reproducible Monte Carlo, sensitivity direction, refusals."""
import itertools

import numpy as np
import pytest
import yaml
from scipy import stats

from csecstats.analysis import declarations
from csecstats.analysis import estimates as E
from csecstats.inputs.errors import ValidationFailed


@pytest.fixture(scope="module")
def context():
    return declarations.default_context()


@pytest.fixture(scope="module")
def table(context):
    return E.load_estimates(draws=20_000, context=context).set_index(["estimate_id"])


def row(table, estimate_id, scenario=None):
    rows = table.loc[[estimate_id]]
    return rows[rows["scenario"].isna()].iloc[0] if scenario is None else rows[rows["scenario"] == scenario].iloc[0]


@pytest.fixture(scope="module")
def declared(context):
    """Each estimate (or scenario) as declared in data/raw/estimates.yml, inputs resolved to numbers."""
    return {est.key: est for est in E.declared_estimates(context=context)}


def centre(assumption) -> float:
    """The documented central point: midpoint (uniform), mode (triangular), value (fixed, rounded)."""
    p = assumption.parameters
    return {"uniform": lambda: (p["low"] + p["high"]) / 2, "triangular": lambda: p["mode"],
            "fixed": lambda: p["value"], "rounded": lambda: p["value"]}[assumption.distribution]()


def at_centre(declared, key):
    """Inputs and every assumption at its central point, by name, for a hand calculation."""
    est = declared[key]
    return {**est.inputs, **{a.name: centre(a) for a in est.assumptions}}


# Expected values come from the declarations (a researcher may change any assumption and
# rebuild): figures from the figure table, assumptions at their declared central points.
def test_values_are_hand_calculations_from_the_declarations(table, declared, context):
    v = lambda key: at_centre(declared, key)  # noqa: E731
    figure = context.figures["value"]
    report = v("trafficked_sex_workers_cambodia_2003_report")
    assert report["sex_workers"] == figure["sex_workers_cambodia_2003"]
    assert row(table, "trafficked_sex_workers_cambodia_2003_report")["value"] == pytest.approx(
        report["sex_workers"] * report["share_trafficked"], rel=1e-12)
    for ethnicity in ("khmer", "vietnamese"):
        x = v(f"{ethnicity}_sex_workers_cambodia_2003")
        assert row(table, f"{ethnicity}_sex_workers_cambodia_2003")["value"] == pytest.approx(
            x["sex_workers"] * x[f"share_{ethnicity}"], rel=1e-12)
    other = v("other_ethnicity_sex_workers_cambodia_2003")
    assert row(table, "other_ethnicity_sex_workers_cambodia_2003")["value"] == pytest.approx(
        other["sex_workers"] * (1 - other["share_khmer"] - other["share_vietnamese"]), rel=1e-9)
    study = v("share_trafficked_phnom_penh_2003_study")
    assert row(table, "share_trafficked_phnom_penh_2003_study")["value"] == study["trafficked"] / study["counted"]
    national = v("share_trafficked_cambodia_2003_study")
    assert row(table, "share_trafficked_cambodia_2003_study")["value"] == national["trafficked"] / national["sex_workers"]
    span, spanned = row(table, "trafficked_sex_workers_cambodia_2003_range"), v("trafficked_sex_workers_cambodia_2003_range")
    assert np.isnan(span["value"])
    assert (span["low"], span["high"]) == pytest.approx(
        (spanned["study_national"], spanned["sex_workers"] * spanned["share_trafficked"]), rel=1e-12)
    after = v("sex_workers_phnom_penh_after_untac")
    assert row(table, "sex_workers_phnom_penh_after_untac")["value"] == pytest.approx(
        after["before"] * after["ratio_after_before"], rel=1e-12)
    under = v("under_age_sex_workers_phnom_penh_1997")
    assert row(table, "under_age_sex_workers_phnom_penh_1997")["value"] == pytest.approx(
        under["sex_workers_phnom_penh_1997"] * under["share_aged_12_17"], rel=1e-12)
    for scenario in ("base_cambodia_2003", "base_phnom_penh_1997"):
        forced = v(f"forced_or_tricked_sex_workers/{scenario}")
        assert row(table, "forced_or_tricked_sex_workers", scenario)["value"] == pytest.approx(
            forced["sex_workers"] * forced["share_forced_or_tricked"], rel=1e-12)
    women = row(table, "cambodian_women_in_thailand")
    assert women["value"] == v("cambodian_women_in_thailand")["women"] and np.isnan(women["low"])
    assert women["evidence_grade"] == "C"


def test_monte_carlo_intervals_lie_within_the_formula_at_the_assumptions_ends(table, declared):
    for key, est in declared.items():
        if est.spec["method"] != "monte_carlo":
            continue
        corners = [E.central(est, **dict(zip([a.name for a in est.assumptions], ends)))
                   for ends in itertools.product(*[a.ends() for a in est.assumptions])]
        estimate_id, _, scenario = key.partition("/")
        r = row(table, estimate_id, scenario or None)
        assert min(corners) - 1e-9 <= r["low"] <= r["value"] <= r["high"] <= max(corners) + 1e-9, key


def test_intervals_contain_the_central_value(table):
    bounded = table[table["low"].notna() & table["value"].notna()]
    assert len(bounded) >= 12
    assert ((bounded["low"] <= bounded["value"]) & (bounded["value"] <= bounded["high"])).all()


def test_monte_carlo_reproduces_bit_for_bit_and_depends_on_the_seed(context):
    a = E.load_estimates(draws=5_000, context=context)
    b = E.load_estimates(draws=5_000, context=context)
    c = E.load_estimates(draws=5_000, seed=1, context=context)
    assert a.equals(b)
    mc = a["method"] == "monte_carlo"
    assert (a.loc[mc, "low"].to_numpy() != c.loc[mc, "low"].to_numpy()).all()
    assert (a.loc[mc, "value"].to_numpy() == c.loc[mc, "value"].to_numpy()).all()


def test_adding_an_estimate_changes_no_other(context, tmp_path):
    data = yaml.safe_load(declarations.ESTIMATES_FILE.read_text(encoding="utf-8"))
    extra = dict(data["estimates"][0], id="aaa_first_new_estimate")
    data["estimates"].insert(0, extra)
    path = tmp_path / "estimates.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    before = E.load_estimates(draws=2_000, context=context)
    after = E.load_estimates(draws=2_000, context=context, path=path)
    assert after.iloc[1:].reset_index(drop=True).equals(before)


def test_each_assumption_moves_its_estimate_in_the_declared_direction(context):
    sens = E.sensitivity(context=context)
    declared = E.assumptions_table(context=context).dropna(subset=["effect"])
    merged = sens.merge(declared, on=["estimate_id", "scenario", "assumption"], suffixes=("", "_declared"))
    assert len(merged) == len(declared) >= 10
    assert (merged["effect"] == merged["effect_declared"]).all()


def edited(tmp_path, estimate_id, edit):
    data = yaml.safe_load(declarations.ESTIMATES_FILE.read_text(encoding="utf-8"))
    entry = next(e for e in data["estimates"] if e["id"] == estimate_id)
    edit(entry)
    path = tmp_path / "estimates.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_raising_the_reading_of_nearly_half_raises_the_estimate(context, declared, tmp_path):
    key = "sex_workers_phnom_penh_after_untac"
    reading = next(a for a in declared[key].assumptions if a.name == "ratio_after_before")
    low, high = reading.ends()
    path = edited(tmp_path, key, lambda e: e["assumptions"][0]["parameters"].update(high=high + 0.1))
    new = E.load_estimates(draws=2_000, context=context, path=path).set_index("estimate_id")
    old = E.load_estimates(draws=2_000, context=context).set_index("estimate_id")
    assert new.at[key, "value"] == pytest.approx(declared[key].inputs["before"] * (low + high + 0.1) / 2, rel=1e-12)
    assert new.at[key, "value"] > old.at[key, "value"]
    assert new.at[key, "high"] > old.at[key, "high"]


def refusal(context, tmp_path, estimate_id, edit):
    with pytest.raises(ValidationFailed) as failed:
        declarations.declared_estimates(edited(tmp_path, estimate_id, edit), context)
    return {(p.entry, p.field): p.message for p in failed.value.problems}, failed.value


def test_unknown_figure_id_refused(context, tmp_path):
    found, failed = refusal(context, tmp_path, "khmer_sex_workers_cambodia_2003",
                            lambda e: e["inputs"].update(sex_workers="sex_workers_atlantis_2003"))
    assert found == {("khmer_sex_workers_cambodia_2003", "inputs.sex_workers"):
                     "unknown figure id 'sex_workers_atlantis_2003'"}
    assert str(failed).startswith(f"{tmp_path / 'estimates.yml'}: khmer_sex_workers_cambodia_2003: inputs.sex_workers:")


@pytest.mark.parametrize("change, field, words", [
    ({"distribution": "normal"}, "assumptions.ratio_after_before.distribution", "unknown distribution 'normal'"),
    ({"parameters": {"low": 0.5}}, "assumptions.ratio_after_before.parameters", "uniform takes exactly low, high"),
    ({"parameters": {"low": 0.7, "high": 0.6}}, "assumptions.ratio_after_before.parameters", "low < high"),
    ({"parameters": {"low": "no_such_figure.low", "high": 0.6}},
     "assumptions.ratio_after_before.parameters.low", "unknown figure id 'no_such_figure'"),
    ({"reason": ""}, "assumptions.ratio_after_before.reason", "reason"),
])
def test_invalid_assumption_refused(context, tmp_path, change, field, words):
    found, _ = refusal(context, tmp_path, "sex_workers_phnom_penh_after_untac",
                       lambda e: e["assumptions"][0].update(change))
    assert words in found[("sex_workers_phnom_penh_after_untac", field)]


@pytest.mark.parametrize("formula", ["__import__('os').system('true')", "before ** 2", "before * unknown_name",
                                     "before.real", "before *"])
def test_formula_outside_the_arithmetic_whitelist_refused(context, tmp_path, formula):
    found, _ = refusal(context, tmp_path, "sex_workers_phnom_penh_after_untac",
                       lambda e: e.update(formula=formula))
    assert ("sex_workers_phnom_penh_after_untac", "formula") in found


def test_grade_better_than_weakest_input_refused(context, tmp_path):
    found, _ = refusal(context, tmp_path, "sex_workers_phnom_penh_after_untac",
                       lambda e: e.update(evidence_grade="A"))
    assert "weakest input is graded D" in found[("sex_workers_phnom_penh_after_untac", "evidence_grade")]


@pytest.mark.parametrize("estimate_id, k, n", [("confirmed_share_of_suspected_cases_2003", 227, 257),
                                               ("hotline_share_of_reports_2003", 177, 257),
                                               ("share_trafficked_phnom_penh_2003_study", 1074, 5317)])
def test_wilson_intervals_equal_scipy(table, estimate_id, k, n):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    r = row(table, estimate_id)
    assert (r["value"], r["low"], r["high"]) == (k / n, ci.low, ci.high)


@pytest.mark.parametrize("estimate_id, k, base", [("victims_rescued_per_confirmed_case_2003", 427, 227),
                                                  ("perpetrators_arrested_per_confirmed_case_2003", 271, 227)])
def test_poisson_exact_interval_has_exact_tail_probabilities(table, estimate_id, k, base):
    r = row(table, estimate_id)
    assert r["value"] == k / base
    assert stats.poisson.sf(k - 1, r["low"] * base) == pytest.approx(0.025, rel=1e-6)
    assert stats.poisson.cdf(k, r["high"] * base) == pytest.approx(0.025, rel=1e-6)


def test_forced_or_tricked_is_scenarios_not_one_number(table):
    rows = table.loc[["forced_or_tricked_sex_workers"]]
    assert sorted(rows["scenario"]) == ["base_cambodia_2003", "base_phnom_penh_1997"]
    assert set(rows["period_start"]) == {"1997-01-01", "2003-01-01"}


def test_assumptions_table_reads_as_a_table(context, declared):
    table = E.assumptions_table(context=context)
    assert list(table.columns[:5]) == ["estimate_id", "scenario", "assumption", "distribution", "parameters"]
    assert table["reason"].str.len().min() > 20
    nearly_half = table[table["assumption"] == "ratio_after_before"].iloc[0]
    written = next(a for a in declared["sex_workers_phnom_penh_after_untac"].assumptions
                   if a.name == "ratio_after_before")
    assert nearly_half["parameters"] == ", ".join(f"{k}={v}" for k, v in written.written.items())
    assert (nearly_half["low_end"], nearly_half["high_end"]) == written.ends()


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 100_001])
def test_quantile_interval_equals_numpy_quantile(n):
    samples = np.random.default_rng(n).random(n)
    assert E.quantile_interval(samples, 0.9) == pytest.approx(tuple(np.quantile(samples, [0.05, 0.95])), rel=1e-14)


def test_triangular_with_mode_at_an_end_has_the_triangle_mean():
    draws = declarations._triangular(np.random.default_rng(0), 14000.0, 14000.0, 20000.0, 200_000)
    assert draws.min() >= 14000 and draws.max() <= 20000
    assert draws.mean() == pytest.approx((14000 + 14000 + 20000) / 3, rel=2e-3)
