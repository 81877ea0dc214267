"""Lineage, definitions, readings, grades and design effects: each rule of the data model, held."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from csecstats.analysis import design_effects as D
from csecstats.analysis.declarations import default_context
from csecstats.analysis.estimates import load_estimates, poisson_exact_interval
from csecstats.analysis.external import project_sources
from csecstats.register import grades, lineage as L
from csecstats.tables.figures import load_tables


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def external():
    sources = project_sources()
    return pd.concat([sources.frames["external_estimates"], sources.frames["external_enforcement"]])


def test_every_figure_and_external_row_names_a_declared_origin_definition_and_measure(tables, external):
    origins = set(tables["origins"]["origin_id"])
    for frame in (tables["figures"], external):
        assert frame["origin_id"].isin(origins).all()
        assert frame["definition"].isin(L.load_lineage()[0].definitions).all()
        assert frame["measures"].isin(L.MEASURES).all()
    assert set(tables["origins"]["held"]) <= set(L.HELD)
    assert tables["origins"].set_index("origin_id").at["report_2004", "held"] == "primary"


def test_enforcement_counts_measure_detection_never_prevalence(tables, external):
    figures = tables["figures"]
    assert (figures.loc[figures["topic"] == "enforcement", "measures"] != "prevalence").all()
    assert (external.loc[external["external_id"].str.startswith("enf_"), "measures"] == "detection").all()


def test_an_unannotated_or_stale_external_row_is_refused():
    lineage = L.load_lineage()[0]
    keys = list(lineage.external["external-estimates.csv"])
    _, problems = L.external_terms(lineage, "external-estimates.csv", keys[1:] + ["ext_new_row_1999"], path="x.csv")
    assert {p.entry for p in problems} == {f"external-estimates.csv: {keys[0]}", "external-estimates.csv: ext_new_row_1999"}


def test_unknown_terms_in_the_lineage_files_are_problems(tmp_path):
    text = L.EXTERNAL_ROWS_FILE.read_text(encoding="utf-8").replace('definition: "brothel_based"',
                                                                     'definition: "brothels"', 1)
    path = tmp_path / "external_rows.yml"
    path.write_text(text, encoding="utf-8")
    problems = L.load_lineage(external_rows=path)[1]
    assert [(p.field, "brothels" in p.message) for p in problems] == [("definition", True)]


def test_mixed_definitions_rule_finds_a_mixed_group():
    frame = pd.DataFrame({"k": ["a", "a", "b"], "definition": ["brothel_based", "all_sex_workers", "x"]})
    assert list(L.mixed_definitions(frame, ["k"])["k"]) == ["a"]


def test_figure_row_carries_the_reading_estimates_use(tables):
    fig = tables["figures"].set_index("figure_id")
    assert fig.at["share_khmer_sex_workers_cambodia_2003", "low"] < 0.66 < fig.at["share_khmer_sex_workers_cambodia_2003", "high"]
    half = fig.loc["sex_workers_change_phnom_penh_after_untac"]
    assert np.isnan(half["value"]) and half["low"] == 0.5 < half["high"]
    untac = fig.loc["untac_staff_cambodia_1992_1993"]
    assert untac["low"] == 2000 and np.isnan(untac["high"])  # 'thousands of' is not capped below 10,000
    assert fig.at["sex_workers_phnom_penh_1992", "qualifier"] == fig.at["sex_workers_cambodia_2003", "qualifier"] \
        == "approximate"


def test_the_257_received_is_not_an_independent_count(tables):
    fig = tables["figures"].set_index("figure_id")
    received = fig.loc["reports_received_2003"]
    assert received["definition"] == "received_noun_unstated"
    assert received["origin_id"] == fig.at["suspected_cases_2003", "origin_id"]


def test_press_relays_are_secondary_accounts_and_derived_numbers_are_never_stated(external):
    press = external[external["account"] == "press"]
    assert (press["evidence_grade"].map(grades.GRADES.index) >= grades.GRADES.index("C")).all()
    derived = external[external["qualifier"] == "derived"]
    assert len(derived) >= 1 and derived["grade_reason"].str.contains("derived").all()
    assert not derived["grade_reason"].str.contains("stated as").any()
    rubric = " ".join(grades.RUBRIC["definition"])
    assert "secondary account" in rubric and "press" in rubric


@pytest.mark.parametrize("k, n", [(227, 257), (177, 257), (1074, 5317)])
def test_design_effect_one_is_the_wilson_interval_and_larger_effects_widen_it(k, n):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert D.wilson_deff(k, n, 1.0) == pytest.approx((ci.low, ci.high), rel=1e-12)
    widths = [np.subtract(*D.wilson_deff(k, n, d)[::-1]) for d in D.DEFFS]
    assert widths == sorted(widths) and widths[0] < widths[-1]


def test_design_effect_one_is_the_garwood_interval():
    assert D.poisson_deff(427, 1.0) == pytest.approx(poisson_exact_interval(427, 0.95))
    assert np.subtract(*D.poisson_deff(427, 4.0)[::-1]) > np.subtract(*D.poisson_deff(427, 1.0)[::-1])


def test_design_effects_table_covers_every_wilson_and_poisson_estimate():
    table = D.design_effects()
    estimates = load_estimates(draws=1_000, context=default_context())
    exact = estimates[estimates["method"].isin(["wilson", "poisson_exact"])]
    assert len(table) == len(exact) * len(D.DEFFS)
    one = table[table["deff"] == 1].reset_index(drop=True)
    assert np.allclose(one["low"], exact["low"].to_numpy()) and np.allclose(one["high"], exact["high"].to_numpy())


def test_every_figure_listed_under_an_origin_is_in_the_register(tables):
    listed = set(L.load_lineage()[0].origin_of_figure())
    assert listed <= set(tables["figures"]["figure_id"])
