"""Derived estimates: hand calculations, reproducible Monte Carlo, sensitivity direction, refusals."""
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
import yaml_c

from csecstats.analysis import declarations
from csecstats.analysis import estimates as E
from csecstats.inputs.errors import ValidationFailed
import real_inputs
from real_inputs import project_copy


@pytest.fixture(scope="module")
def context():
    return real_inputs.context()  # the project's, read once per test process


@pytest.fixture(scope="module")
def table(context):
    return E.load_estimates(draws=20_000, context=context).set_index(["estimate_id"])


def row(table, estimate_id, scenario=None):
    rows = table.loc[[estimate_id]]
    return rows[rows["scenario"].isna()].iloc[0] if scenario is None else rows[rows["scenario"] == scenario].iloc[0]


def test_plain_readings_equal_hand_calculations(table):
    report = table.loc[["trafficked_sex_workers_cambodia_2003_report"]].set_index("scenario")["plain_reading"]
    assert report["report_20_percent_of_18256"] == pytest.approx(18256 * 0.20)
    arithmetic = table.loc[["trafficked_sex_workers_cambodia_2003_report"]].set_index("scenario")
    assert arithmetic.at["phnom_penh_share_5317_applied_nationally", "value"] == pytest.approx(18256 * 1074 / 5317)
    assert arithmetic.at["phnom_penh_share_5250_applied_nationally", "value"] == pytest.approx(18256 * 1074 / 5250)
    assert arithmetic.loc[arithmetic["method"] == "deterministic", ["low", "high", "level"]].isna().all().all()
    assert report["study_national_estimate_about_2000"] == 2000
    for scenario in ("report_66_percent_of_18256", "national_total_reconciled"):
        assert row(table, "khmer_sex_workers_cambodia_2003", scenario)["plain_reading"] == pytest.approx(18256 * 0.66)
    for scenario in ("report_33_percent_of_18256", "national_total_reconciled"):
        assert row(table, "vietnamese_sex_workers_cambodia_2003", scenario)["plain_reading"] == pytest.approx(18256 * 0.33)
    residual = row(table, "other_ethnicity_sex_workers_cambodia_2003")
    assert np.isnan(residual["value"]) and residual["low"] == 0 and residual["high"] == pytest.approx(18256 * 0.02)
    assert row(table, "share_trafficked_phnom_penh_2003_study", "base_5317_phnom_penh_post")["value"] == 1074 / 5317
    assert row(table, "share_trafficked_cambodia_2003_study")["plain_reading"] == pytest.approx(2000 / 18256)
    span = row(table, "trafficked_sex_workers_cambodia_2003_range")
    assert np.isnan(span["value"]) and (span["low"], span["high"]) == (1074, pytest.approx(18256 * 0.205))
    assert row(table, "sex_workers_phnom_penh_after_untac")["plain_reading"] == pytest.approx(20000 * 0.55)
    for scenario in ("report_one_third_of_over_14000", "over_14000_up_to_1992_level"):
        assert row(table, "under_age_sex_workers_phnom_penh_1997", scenario)["plain_reading"] == pytest.approx(14000 / 3)
    assert row(table, "forced_or_tricked_sex_workers", "base_cambodia_2003")["plain_reading"] == pytest.approx(18256 * 0.5)
    assert row(table, "forced_or_tricked_sex_workers", "base_phnom_penh_1997")["plain_reading"] == 14000 * 0.5
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


def test_monte_carlo_intervals_lie_within_the_formula_at_the_assumptions_ends(table, declared):
    for key, est in declared.items():
        if est.spec["method"] != "monte_carlo":
            continue
        corners = [E.central(est, **dict(zip([a.name for a in est.assumptions], ends)))
                   for ends in itertools.product(*[a.ends() for a in est.assumptions])]
        estimate_id, _, scenario = key.partition("/")
        r = row(table, estimate_id, scenario or None)
        assert min(corners) - 1e-9 <= r["low"] <= r["value"] <= r["high"] <= max(corners) + 1e-9, key


def test_monte_carlo_value_is_the_median_of_the_draws_with_the_plain_reading_placed(context):
    for est in E.declared_estimates(context=context):
        if est.spec["method"] != "monte_carlo":
            continue
        draws = E.simulate(est, 5_000, E.SEED)
        value, low, high, plain, percentile = E.monte_carlo_summary(est, 5_000, E.SEED, 0.95)
        assert value == np.median(draws) and low <= value <= high
        assert percentile == pytest.approx(np.mean(draws < plain) + np.mean(draws == plain) / 2, abs=1e-3)


def test_under_age_1997_value_no_longer_sits_in_the_tail_of_its_draws(table):
    """Where the plain reading sits in a tail of the draws (one third of 14,000 itself, with the 1997 total read as
    reaching up to the 1992 level), the value shown is the median, on the body side of it: the rule, whatever the
    judged reach of the total."""
    mc = table[table["method"] == "monte_carlo"]
    assert (mc["central_rule"] == E.CENTRAL_RULE).all()
    assert mc["plain_reading_percentile"].between(0, 100).all() and (mc["plain_reading_percentile"] > 1).any()
    low_tail, high_tail = mc[mc["plain_reading_percentile"] < 10], mc[mc["plain_reading_percentile"] > 90]
    assert (low_tail["value"] > low_tail["plain_reading"]).all() and (high_tail["value"] < high_tail["plain_reading"]).all()


def test_level_is_empty_exactly_where_there_is_no_interval(table):
    has_interval = table["value"].notna() & table["low"].notna() & (table["low"] < table["high"])
    assert table.loc[has_interval, "level"].notna().all() and table.loc[~has_interval, "level"].isna().all()


def test_readers_never_see_false_precision(table):
    persons = table[table["unit"] == "persons"]
    assert not persons["shown"].str.contains(r"\.\d").any()
    assert "3,651" not in " ".join(table["shown"])


def test_every_row_recomputing_the_report_holds_the_reports_own_number(table, declared):
    """The report's arithmetic is the reference: a row declared as recomputing it has, as its plain reading, the
    formula at the printed numbers, and that number lies inside its interval (which carries only the rounding of
    what was printed: no doubt about a base, which is a scenario of its own)."""
    recomputing = [k for k, est in declared.items() if est.spec.get("report_arithmetic")]
    expected = {"khmer_sex_workers_cambodia_2003/report_66_percent_of_18256": 18256 * 0.66,
                "vietnamese_sex_workers_cambodia_2003/report_33_percent_of_18256": 18256 * 0.33,
                "trafficked_sex_workers_cambodia_2003_report/report_20_percent_of_18256": 18256 * 0.20,
                "under_age_sex_workers_phnom_penh_1997/report_one_third_of_over_14000": 14000 / 3}
    assert sorted(recomputing) == sorted(expected)
    for key, number in expected.items():
        estimate_id, _, scenario = key.partition("/")
        r = row(table, estimate_id, scenario)
        assert r["plain_reading"] == pytest.approx(number) and r["low"] <= number <= r["high"], key
        printed = [a for a in declared[key].assumptions if a.parameters_text().count(".low")]
        assert {a.name for a in declared[key].assumptions} == {a.name for a in printed}, key  # rounding only


def test_doubt_about_the_national_total_is_a_two_sided_scenario_of_one_definition(table, declared, context):
    """The base scenario is two-sided around the study's 18,256 and built from counts of all venues only."""
    lineage = context.lineage
    for key, est in declared.items():
        total = [a for a in est.assumptions if a.name == "national_total"]
        if not total:
            continue
        low, high = total[0].ends()
        assert low < 18256 == total[0].central() < high, key
        refs = [t for v in total[0].written.values() for t in (v if isinstance(v, list) else [v])]
        definitions = {context.external.at[r.removeprefix("external:").partition(".")[0], "definition"]
                       if r.startswith("external:") else context.figures.at[r.partition(".")[0], "definition"]
                       for r in refs}
        # all venues, or the two halves of all venues added together; never one half alone
        assert definitions <= {"all_sex_workers", "brothel_based", "outside_brothels"}, key
        if definitions & {"brothel_based", "outside_brothels"}:
            assert {"brothel_based", "outside_brothels"} <= definitions
        assert "scenario about the base" in est.spec["caveats"][0]["text"], key
        estimate_id, _, scenario = key.partition("/")
        r = row(table, estimate_id, scenario)
        assert r["low"] < r["plain_reading"] < r["high"]
    assert all("national_total_factor" not in a.name for est in declared.values() for a in est.assumptions)


def test_every_estimate_names_definition_measures_and_origins(table):
    assert table["definition"].notna().all() and table["measures"].notna().all() and table["origin_ids"].notna().all()
    police = table[table["origin_ids"].str.contains("police")]
    assert (police["measures"] == "detection").all()


def test_each_reading_of_the_20_percent_names_its_account(table):
    readings = table.loc[["trafficked_sex_workers_cambodia_2003_report"]]
    assert len(readings) == 5 and readings["accounts"].notna().all()
    assert readings["caveat"].str.contains("article|report", case=False).all()


def test_intervals_contain_the_central_value(table):
    bounded = table[table["low"].notna() & table["value"].notna()]
    assert len(bounded) >= 12
    assert ((bounded["low"] <= bounded["value"]) & (bounded["value"] <= bounded["high"])).all()


def test_monte_carlo_reproduces_bit_for_bit_and_depends_on_the_seed(context):
    a = E.load_estimates(draws=5_000, context=context)
    b = E.load_estimates(draws=5_000, context=context)
    c = E.load_estimates(draws=5_000, seed=1, context=context)
    assert a.equals(b)
    mc = (a["method"] == "monte_carlo") & a["level"].notna()
    assert (a.loc[mc, "low"].to_numpy() != c.loc[mc, "low"].to_numpy()).all()
    assert (a.loc[mc, "plain_reading"].to_numpy() == c.loc[mc, "plain_reading"].to_numpy()).all()


def test_adding_an_estimate_changes_no_other(context, tmp_path):
    data = yaml_c.safe_load(declarations.ESTIMATES_FILE.read_text(encoding="utf-8"))
    extra = dict(data["estimates"][0], id="aaa_first_new_estimate")
    data["estimates"].insert(0, extra)
    path = tmp_path / "estimates.yml"
    path.write_text(yaml_c.safe_dump(data, sort_keys=False), encoding="utf-8")
    before = E.load_estimates(draws=2_000, context=context)
    after = E.load_estimates(draws=2_000, context=context, path=path)
    assert after.iloc[1:].reset_index(drop=True).equals(before)


def test_each_assumption_moves_its_estimate_in_the_declared_direction(context):
    sens = E.sensitivity(context=context)
    declared = E.assumptions_table(context=context).dropna(subset=["effect"])
    merged = sens.merge(declared, on=["estimate_id", "scenario", "assumption"], suffixes=("", "_declared"))
    assert len(merged) == len(declared) >= 10
    assert (merged["effect"] == merged["effect_declared"]).all()


def edited_entry(estimate_id):
    data = yaml_c.safe_load(declarations.ESTIMATES_FILE.read_text(encoding="utf-8"))
    return next(e for e in data["estimates"] if e["id"] == estimate_id)


def edited(tmp_path, estimate_id, edit):
    data = yaml_c.safe_load(declarations.ESTIMATES_FILE.read_text(encoding="utf-8"))
    entry = next(e for e in data["estimates"] if e["id"] == estimate_id)
    edit(entry)
    path = tmp_path / "estimates.yml"
    path.write_text(yaml_c.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_raising_the_reading_of_nearly_half_raises_the_estimate(context, declared, tmp_path):
    key = "sex_workers_phnom_penh_after_untac"
    reading = next(a for a in declared[key].assumptions if a.name == "ratio_after_before")
    low, high = reading.ends()
    index = [a.get("name") for a in edited_entry(key)["assumptions"]].index("ratio_after_before")
    path = edited(tmp_path, key, lambda e: e["assumptions"][index]["parameters"].update(high=high + 0.1))
    new = E.load_estimates(draws=2_000, context=context, path=path).set_index("estimate_id")
    old = E.load_estimates(draws=2_000, context=context).set_index("estimate_id")
    before = at_centre(declared, key)["before"]
    assert new.at[key, "plain_reading"] == pytest.approx(before * (low + high + 0.1) / 2, rel=1e-12)
    assert new.at[key, "value"] > old.at[key, "value"]
    assert new.at[key, "high"] > old.at[key, "high"]


def refusal(context, tmp_path, estimate_id, edit):
    with pytest.raises(ValidationFailed) as failed:
        declarations.declared_estimates(edited(tmp_path, estimate_id, edit), context)
    return {(p.entry, p.field): p.message for p in failed.value.problems}, failed.value


def test_unknown_figure_id_refused(context, tmp_path):
    found, failed = refusal(context, tmp_path, "share_trafficked_cambodia_2003_study",
                            lambda e: e["inputs"].update(sex_workers="sex_workers_atlantis_2003"))
    assert found == {("share_trafficked_cambodia_2003_study", "inputs.sex_workers"):
                     "unknown figure id 'sex_workers_atlantis_2003'"}
    assert str(failed).startswith(f"{tmp_path / 'estimates.yml'}: share_trafficked_cambodia_2003_study: inputs.sex_workers:")


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
                       lambda e: e["assumptions"][1].update(change))
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


@pytest.mark.parametrize("estimate_id, scenario, k, n", [
    ("confirmed_share_of_suspected_cases_2003", None, 227, 257), ("hotline_share_of_reports_2003", None, 177, 257),
    ("share_trafficked_phnom_penh_2003_study", "base_5317_phnom_penh_post", 1074, 5317),
    ("share_trafficked_phnom_penh_2003_study", "base_5250_cambodia_daily", 1074, 5250)])
def test_wilson_intervals_are_scipys_on_the_effective_sample(table, estimate_id, scenario, k, n):
    """The Wilson interval at the declared design effect: scipy's Wilson interval on n / deff units with the same
    share (independently: the score interval's closed form on the effective sample)."""
    from scipy import stats  # here, not at import: it costs every worker collecting this module about a second

    r = row(table, estimate_id, scenario)
    deff = r["design_effect"]
    assert deff >= 1 and isinstance(r["design_effect_note"], str) and len(r["design_effect_note"]) > 20
    if deff == 1:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert (r["value"], r["low"], r["high"]) == (k / n, ci.low, ci.high)
    z, m, p = stats.norm.ppf(0.975), n / deff, k / n
    centre, half = (p + z * z / (2 * m)) / (1 + z * z / m), z / (1 + z * z / m) * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
    assert (r["value"], r["low"], r["high"]) == (k / n, pytest.approx(centre - half), pytest.approx(centre + half))


@pytest.mark.parametrize("estimate_id, k, base", [("victims_rescued_per_confirmed_case_2003", 427, 227),
                                                  ("perpetrators_arrested_per_confirmed_case_2003", 271, 227)])
def test_poisson_exact_interval_has_exact_tail_probabilities_on_the_effective_count(table, estimate_id, k, base):
    from scipy import stats

    r = row(table, estimate_id)
    deff = r["design_effect"]
    assert r["value"] == k / base and deff == 2  # victims and arrests come in groups from one raid
    assert stats.gamma.sf(r["low"] * base / deff, k / deff) == pytest.approx(0.975, rel=1e-6)  # Garwood on k / deff
    assert stats.gamma.cdf(r["high"] * base / deff, k / deff + 1) == pytest.approx(0.975, rel=1e-6)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10**7), data=st.data(), level=st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99, 0.999]))
def test_the_intervals_are_scipy_stats_own_bits_without_importing_it(n, data, level):
    """``wilson_interval`` and ``poisson_exact_interval`` compute with ``scipy.special`` what ``scipy.stats`` computes
    (binomtest's Wilson interval, chi2.ppf), bit for bit, at any count and level; and refuse what binomtest
    refuses."""
    from scipy import stats

    k = data.draw(st.integers(0, n))
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    assert E.wilson_interval(k, n, level) == (float(ci.low), float(ci.high))
    alpha = 1 - level
    low = stats.chi2.ppf(alpha / 2, 2 * k) / 2 if k > 0 else 0.0
    assert E.poisson_exact_interval(k, level) == (float(low), float(stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2))
    assert E.wilson_deff(k, n, 1.0, level)[0] == pytest.approx(float(ci.low), rel=1e-12, abs=1e-15)
    for bad in ((n + 1, n), (-1, n), (0, 0)):
        with pytest.raises(ValueError):
            E.wilson_interval(*bad, level)
        with pytest.raises(ValueError):
            stats.binomtest(*bad)


def test_clustered_units_carry_their_design_effect_into_the_estimate_and_others_say_why_not(table, context):
    """Establishments and raids cluster: each Wilson or Poisson interval is computed at its declared design effect,
    wider than at 1 where it exceeds 1; every other row says why no design effect applies."""
    from csecstats.analysis import design_effects
    sampled = table[table["method"].isin(["wilson", "poisson_exact"])]
    assert sampled["design_effect"].notna().all() and (sampled["design_effect"] > 1).sum() >= 4
    at = design_effects.design_effects(E.declared_estimates(None, context)).set_index(["estimate_id", "deff"])
    at = at[at["scenario"].isna()]
    for estimate_id, r in sampled[sampled["scenario"].isna()].iterrows():
        same = at.loc[(estimate_id, r["design_effect"])]
        assert (same["low"], same["high"]) == pytest.approx((r["low"], r["high"]))
        if r["design_effect"] > 1:
            one = at.loc[(estimate_id, 1.0)]
            assert r["high"] - r["low"] > one["high"] - one["low"]
    others = table[~table["method"].isin(["wilson", "poisson_exact"])]
    assert others["design_effect"].isna().all() and others["design_effect_note"].str.startswith("none: ").all()


def test_forced_or_tricked_is_scenarios_not_one_number(table):
    rows = table.loc[["forced_or_tricked_sex_workers"]]
    assert sorted(rows["scenario"]) == ["base_cambodia_2003", "base_phnom_penh_1997"]
    assert set(rows["period_start"]) == {pd.Timestamp("1997-01-01"), pd.Timestamp("2003-01-01")}


def test_assumptions_table_reads_as_a_table(context, declared):
    table = E.assumptions_table(context=context)
    assert list(table.columns[:5]) == ["estimate_id", "scenario", "assumption", "distribution", "parameters"]
    assert table["reason"].str.len().min() > 20
    nearly_half = table[table["assumption"] == "ratio_after_before"].iloc[0]
    written = next(a for a in declared["sex_workers_phnom_penh_after_untac"].assumptions
                   if a.name == "ratio_after_before")
    assert nearly_half["parameters"] == ", ".join(f"{k}={v}" for k, v in written.written.items())
    total = table[table["assumption"] == "national_total"].iloc[0]
    assert total["parameters"].startswith("low=external:ext_direct_sex_workers_cambodia_2000.low + "
                                          "external:ext_indirect_sex_workers_cambodia_2000.low, ")
    assert total["low_end"] == 7000 + 2500
    assert (nearly_half["low_end"], nearly_half["high_end"]) == written.ends()


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 100_001])
def test_quantile_interval_equals_numpy_quantile(n):
    samples = np.random.default_rng(n).random(n)
    assert E.quantile_interval(samples, 0.9) == pytest.approx(tuple(np.quantile(samples, [0.05, 0.95])), rel=1e-14)


def test_triangular_with_mode_at_an_end_has_the_triangle_mean():
    draws = declarations._triangular(np.random.default_rng(0), 14000.0, 14000.0, 20000.0, 200_000)
    assert draws.min() >= 14000 and draws.max() <= 20000
    assert draws.mean() == pytest.approx((14000 + 14000 + 20000) / 3, rel=2e-3)


def test_a_reason_states_the_parameters_it_is_given_so_it_cannot_go_stale(context, tmp_path):
    """Numbers in a reason are filled from the parameters: change a parameter and the reason follows."""
    key = "sex_workers_phnom_penh_after_untac"
    before = E.assumptions_table(context=context)
    old = before[(before["estimate_id"] == key) & (before["assumption"] == "ratio_after_before")]["reason"].iloc[0]
    assert "0.50" in old and "0.60" in old and "{" not in old
    index = [a.get("name") for a in edited_entry(key)["assumptions"]].index("ratio_after_before")
    path = edited(tmp_path, key, lambda e: e["assumptions"][index]["parameters"].update(low=0.45, high=0.7))
    after = E.assumptions_table(context=context, path=path)
    new = after[(after["estimate_id"] == key) & (after["assumption"] == "ratio_after_before")]["reason"].iloc[0]
    assert "0.45" in new and "0.70" in new and "0.60" not in new
    assert not E.assumptions_table(context=context)["reason"].str.contains(r"[{}]").any()


@pytest.mark.parametrize("reason, words", [
    ("Between 15,000 and 25,000, the row's rounding.", "a number typed in the reason goes stale"),
    ("Read as 0.55 at most.", "a number typed in the reason goes stale"),
    ("Between {low:,.0f} and {top:,.0f}.", "unknown placeholder(s) top"),
    ("Between {low:,.0f} and {high:%Q}.", "cannot fill the placeholders"),
])
def test_a_reason_with_a_typed_number_or_an_unknown_placeholder_is_refused(context, tmp_path, reason, words):
    found, _ = refusal(context, tmp_path, "sex_workers_phnom_penh_after_untac",
                       lambda e: e["assumptions"][0].update(reason=reason))
    assert words in found[("sex_workers_phnom_penh_after_untac", "assumptions.before.reason")]


def test_quotations_and_years_may_stand_in_a_reason():
    text, problem = declarations.render_reason(
        "The report's 'over 14, 000' (1997) and the study's \"18,256\" stand; {low:,.0f} is filled.", {"low": 14000.0})
    assert problem is None and text.endswith("14,000 is filled.")
    assert declarations.render_reason("Rounded from the study's 66% of the total.", {})[1] is not None


def test_estimate_rows_never_share_a_label(table):
    labels = table["quantity"]
    assert not labels.duplicated().any(), labels[labels.duplicated(keep=False)].tolist()


# ---------------------------------------------------------------- judgements are warnings, rules are errors

# The rule tests: what must hold whatever a researcher judges (intervals hold their centres, values stay in their
# unit's domain, each assumption moves its estimate the declared way, the report's arithmetic holds its number,
# no comparison mixes definitions or counts a compilation as agreement).
RULE_TESTS = [
    "tests/test_estimates.py::test_monte_carlo_intervals_lie_within_the_formula_at_the_assumptions_ends",
    "tests/test_estimates.py::test_level_is_empty_exactly_where_there_is_no_interval",
    "tests/test_estimates.py::test_readers_never_see_false_precision",
    "tests/test_estimates.py::test_intervals_contain_the_central_value",
    "tests/test_estimates.py::test_each_assumption_moves_its_estimate_in_the_declared_direction",
    "tests/test_estimates.py::test_every_row_recomputing_the_report_holds_the_reports_own_number",
    "tests/test_estimates.py::test_estimate_rows_never_share_a_label",
    "tests/test_estimates.py::test_under_age_1997_value_no_longer_sits_in_the_tail_of_its_draws",
    "tests/test_triangulation.py::test_only_the_declared_statuses_or_none",
    "tests/test_triangulation.py::test_no_comparison_mixes_definitions",
    "tests/test_triangulation.py::test_no_compilation_is_counted_as_agreeing_with_what_it_compiles",
]


def judged(data: dict) -> dict[str, dict]:
    """Every assumption declaring a judgement, by name (a shared one is one judgement wherever it is declared)."""
    found = {}
    for entry in data["estimates"]:
        for variant in [entry] + (entry.get("scenarios") or []):
            for a in variant.get("assumptions") or []:
                if a.get("judgement"):
                    found.setdefault(a["name"], []).append(a)
    return found


def rejudge(declared_ends: dict[str, tuple[float, float, float]], data: dict, rng: np.random.Generator,
            count: int) -> dict[str, dict]:
    """Change ``count`` judgements at random within their domains: each end moves anywhere from the central point
    to twice as far out as declared (never below zero), the central point kept; written as typed numbers."""
    names = sorted(judged(data))
    chosen = rng.choice(names, size=min(count, len(names)), replace=False)
    changed = {}
    for name in chosen:
        low, centre, high = declared_ends[name]
        new_low = float(rng.uniform(max(0.0, low - (centre - low)), centre))
        new_high = float(rng.uniform(centre, high + (high - centre)))
        new_low, new_high = (new_low, new_high) if new_low < new_high else (centre * 0.99, centre * 1.01)
        for a in judged(data)[name]:
            mode = {"mode": centre} if a["distribution"] == "triangular" else {}
            a["parameters"] = {"low": round(new_low, 6), **mode, "high": round(new_high, 6)}
            if a["distribution"] == "uniform":  # keep the declared central point: the midpoint
                half = min(centre - new_low, new_high - centre)
                a["parameters"] = {"low": round(centre - half, 6), "high": round(centre + half, 6)}
        changed[name] = judged(data)[name][0]["parameters"]
    return changed


@pytest.mark.parametrize("seed", [20041108, 1])
def test_rules_hold_when_judgements_change_at_random(declared, tmp_path, seed, unfixed_paths, capsys):
    """A researcher's judgements change (three at random, within their domains); the build in a temporary copy
    succeeds and names each changed judgement as a warning, and every rule test passes on the rebuilt copy.

    The build runs in this process (``--root``, as a user would give it; paths are looked up afresh); the rule
    tests run in a fresh pytest whose project is the copy, named only by the environment."""
    import subprocess
    import sys

    from csecstats import cli
    from csecstats.inputs import paths

    unfixed_paths.setenv(paths.ROOT_VARIABLE, str(paths.ROOT))  # restored after the test (--root sets it)
    root = project_copy(tmp_path)
    data = yaml_c.safe_load((root / "data/raw/estimates.yml").read_text(encoding="utf-8"))
    ends = {a.name: (a.ends()[0], a.central(), a.ends()[1]) for est in declared.values() for a in est.assumptions
            if a.judgement}
    changed = rejudge(ends, data, np.random.default_rng(seed), 3)
    assert len(changed) == 3
    (root / "data/raw/estimates.yml").write_text(yaml_c.safe_dump(data, sort_keys=False), encoding="utf-8")
    checkout = paths.ROOT
    assert cli.main(["--root", str(root), "build"]) == 0, capsys.readouterr().err
    warned = capsys.readouterr().err
    for name in changed:
        assert f"judgement: assumption '{name}'" in warned
    assert (root / "data/processed/estimates.csv").is_file()
    env = {**__import__("os").environ, paths.ROOT_VARIABLE: str(root)}
    tests = [str(checkout / t) for t in RULE_TESTS]
    # A plain pytest: the notebook, xdist, random-order, cache and hypothesis plugins serve none of the rule tests
    # (loading them took half of this run's time). The first test says which project the rule tests read (-s).
    lean = ["-o", "addopts=", *(f"-pno:{plugin}" for plugin in ("nbval", "xdist", "randomly", "cacheprovider",
                                                                 "hypothesispytest", "anyio", "typeguard"))]
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", *lean, "--rootdir", str(checkout),
                          str(checkout / "tests/test_estimates.py::test_the_project_is_the_one_the_environment_names"),
                          *tests], capture_output=True, text=True, env=env, timeout=600, cwd=str(checkout))
    assert ran.returncode == 0, f"changed {changed}:\n{ran.stdout[-3000:]}"
    assert f"{len(tests) + 1} passed" in ran.stdout, ran.stdout[-3000:]
    assert f"reading the project at {root.resolve()}\n" in ran.stdout, ran.stdout[-3000:]  # the copy, not the checkout


def test_the_project_is_the_one_the_environment_names():
    """Run by the test above in a fresh pytest, which checks the project printed is its copy: the rule tests read
    the project the environment names (in the suite, the checkout or whatever CSECSTATS_ROOT names)."""
    import os

    from csecstats.inputs import paths
    named = os.environ.get(paths.ROOT_VARIABLE)
    assert paths.ROOT == (Path(named).resolve() if named else Path(__file__).resolve().parents[1])
    assert paths.ESTIMATES_FILE == paths.ROOT / "data" / "raw" / "estimates.yml"
    print(f"reading the project at {paths.ROOT}")


def test_a_typed_judgement_is_a_warning_naming_the_assumption_never_a_refusal(context, tmp_path):
    """Narrowing how far the national total can fall (its low end typed as a number) builds, with a warning."""
    def narrow(entry):
        scenario = next(v for v in entry["scenarios"] if v["scenario"] == "national_total_reconciled")
        scenario["assumptions"][0]["parameters"]["low"] = 12000
    path = edited(tmp_path, "khmer_sex_workers_cambodia_2003", narrow)
    with pytest.warns(E.JudgementWarning, match=r"judgement: assumption 'national_total' "
                                                r"\(khmer_sex_workers_cambodia_2003/national_total_reconciled, .*\): low=12000 typed"):
        out = E.load_estimates(draws=2_000, context=context, path=path)
    narrowed = out[(out["estimate_id"] == "khmer_sex_workers_cambodia_2003")
                   & (out["scenario"] == "national_total_reconciled")].iloc[0]
    assert narrowed["low"] > 12000 * 0.655
    reason = E.assumptions_table(context=context, path=path).query("assumption == 'national_total'")["reason"]
    assert reason.str.contains("12,000").any()  # the reason states the new low end: it cannot go stale


def test_sensitivity_swings_are_measured_from_the_value_shown(table, context):
    """The tornado's centre is the value a reader sees (the median of the draws), and each end is the median again
    with one assumption pinned there: not the plain reading with the others at their central points."""
    sens = E.sensitivity(context=context, draws=20_000)
    shown = table.reset_index().set_index(["estimate_id", "scenario"])["value"]
    mc = sens[sens["estimate_id"].isin(table.index[table["method"] == "monte_carlo"])]
    assert len(mc) >= 10
    for r in mc.itertuples():
        assert r.value == shown.loc[(r.estimate_id, r.scenario)], r
        assert r.swing_percent == pytest.approx(r.swing / r.value)
    under_age = sens[(sens["scenario"] == "over_14000_up_to_1992_level") & (sens["assumption"] == "share_aged_12_17")]
    pinned = under_age.iloc[0]
    est = next(e for e in E.declared_estimates(context=context)
               if e.key == "under_age_sex_workers_phnom_penh_1997/over_14000_up_to_1992_level")
    base = np.median(E.assumption_draws(est.assumptions[1], 20_000))  # the 1997 total, drawn as in the build
    assert est.assumptions[1].name == "sex_workers_phnom_penh_1997"
    assert pinned["value_at_high"] == pytest.approx(base * pinned["assumption_high"], rel=1e-12)
    assert pinned["value"] != pytest.approx(E.central(est))  # the median, not the plain reading


@pytest.mark.parametrize("estimate_id, design, field, words", [
    ("sex_workers_phnom_penh_after_untac", {"value": 2, "reason": "x"}, "design_effect", "only a wilson or poisson"),
    ("confirmed_share_of_suspected_cases_2003", {"value": 0.5, "reason": "x"}, "design_effect.value", "from 1 to 100"),
    ("confirmed_share_of_suspected_cases_2003", {"value": 2}, "design_effect", "exactly value and reason"),
])
def test_a_misplaced_or_impossible_design_effect_is_refused(context, tmp_path, estimate_id, design, field, words):
    found, _ = refusal(context, tmp_path, estimate_id, lambda e: e.update(design_effect=design))
    assert words in found[(estimate_id, field)]


@pytest.mark.parametrize("size", [1, 2, 3, 10, 4_001, 100_000])
@pytest.mark.parametrize("level", [0.95, 0.5, 0.0])
def test_one_selection_gives_the_interval_and_the_median_to_the_bit(size, level):
    rng = np.random.default_rng([size, int(level * 100)])
    for values in (rng.lognormal(8, 1.5, size), rng.integers(0, 5, size).astype(float),  # ties
                   np.where(rng.random(size) < 0.01, np.inf, rng.normal(size=size))):
        expected = (*E.quantile_interval(values, level), float(np.median(values)))
        assert E.summary_of(values, level) == pytest.approx(expected, rel=0, abs=0, nan_ok=True)
        assert [E.median(values)] == pytest.approx([float(np.median(values))], rel=0, abs=0, nan_ok=True)
    with_nan = rng.normal(size=size)
    with_nan[size // 3] = np.nan
    assert all(np.isnan(E.summary_of(with_nan, level)))
    assert np.isnan(E.quantile_interval(with_nan, level)).all() and np.isnan(np.median(with_nan))


def test_sensitivity_measures_from_the_median_the_estimates_table_found_as_from_its_own():
    fresh, after = declarations.default_context(), declarations.default_context()
    table = E.estimates_table(after, draws=20_000)
    monte_carlo = table[table["method"] == "monte_carlo"]
    assert len(after.medians) == len(monte_carlo) > 10  # kept for sensitivity, one per Monte Carlo row
    assert sorted(after.medians.values()) == sorted(monte_carlo["value"])
    pd.testing.assert_frame_equal(E.sensitivity(context=after, draws=20_000), E.sensitivity(context=fresh, draws=20_000))


def test_every_draw_is_checked_not_only_the_summary():
    """A Monte Carlo estimate whose value and interval lie in the unit's domain is still refused when any one draw
    leaves it or is not a finite number; draws all within pass. (The summary is read from the least and greatest
    draw first; the counts are made only when one of them is out.)"""
    from types import SimpleNamespace

    from csecstats.analysis.estimates import result_problems
    est = SimpleNamespace(spec={"unit": "persons", "method": "monte_carlo", "id": "e"}, scenario=None,
                          where="data/raw/estimates.yml")
    fine = np.linspace(10.0, 20.0, 1001)
    assert result_problems(est, 15.0, 10.25, 19.75, fine) == []
    for one, message in ((-1.0, "1 of 1001 draws lie outside what persons can be (0 to inf)"),
                         (np.nan, "1 of 1001 draws are not finite numbers"),
                         (np.inf, "1 of 1001 draws are not finite numbers"),
                         (-np.inf, "1 of 1001 draws are not finite numbers")):
        for where in (0, 500, 1000):
            drawn = fine.copy()
            drawn[where] = one
            found = result_problems(est, 15.0, 10.25, 19.75, drawn)
            assert [p.field for p in found] == ["formula"] and message in found[0].message, (one, where)
    share = SimpleNamespace(spec={"unit": "share", "method": "monte_carlo", "id": "s"}, scenario=None, where="x")
    assert "lie outside what share can be" in result_problems(share, 0.5, 0.1, 0.9, np.array([0.2, 1.0001]))[0].message
    assert result_problems(share, 0.5, 0.1, 0.9, np.array([0.0, 1.0, -0.0])) == []
