"""Lineage, definitions, readings, grades and design effects: each rule of the data model, held."""
import numpy as np
import pandas as pd
import pytest

from csecstats.analysis import design_effects as D
from real_inputs import context as shared_context
from csecstats.analysis.estimates import load_estimates, poisson_exact_interval
from csecstats.analysis.external import project_sources
from csecstats.inputs import paths
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


def test_the_257_received_has_no_noun_so_no_unit_of_reports_and_no_grade_of_a_kept_count(tables):
    """'The DATJP received 257' names no noun: its unit says so (never 'reports'), and its grade is not A."""
    from csecstats.register.grades import figure_grade
    fig = tables["figures"].set_index("figure_id")
    for figure_id in ("reports_received_2003", "hotline_reports_2003"):
        assert "received" in fig.at[figure_id, "quote"] and " reports" not in fig.at[figure_id, "quote"]
        assert fig.at[figure_id, "unit"] == "noun_unstated" and fig.at[figure_id, "evidence_grade"] == "C"
    assert figure_grade("report_itself", "exact", "257", "noun_unstated")[0] == "C"
    assert figure_grade("report_itself", "exact", "257", "cases")[0] == "A"
    estimates = __import__("pandas").read_csv(__import__("csecstats").inputs.paths.PROCESSED / "estimates.csv")
    hotline = estimates.set_index("estimate_id").loc["hotline_share_of_reports_2003"]
    assert hotline["evidence_grade"] == "C" and "noun" in hotline["caveat"]


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
    from scipy import stats  # here, not at import: it costs every worker collecting this module about a second

    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert D.wilson_deff(k, n, 1.0) == pytest.approx((ci.low, ci.high), rel=1e-12)
    widths = [np.subtract(*D.wilson_deff(k, n, d)[::-1]) for d in D.DEFFS]
    assert widths == sorted(widths) and widths[0] < widths[-1]


def test_design_effect_one_is_the_garwood_interval():
    assert D.poisson_deff(427, 1.0) == pytest.approx(poisson_exact_interval(427, 0.95))
    assert np.subtract(*D.poisson_deff(427, 4.0)[::-1]) > np.subtract(*D.poisson_deff(427, 1.0)[::-1])


def test_design_effects_table_covers_every_wilson_and_poisson_estimate():
    context = shared_context()
    table = D.design_effects(D.declared_estimates(None, context))
    estimates = load_estimates(draws=1_000, context=context)
    exact = estimates[estimates["method"].isin(["wilson", "poisson_exact"])]
    assert len(table) == len(exact) * len(D.DEFFS)
    # the row at each estimate's declared design effect is the interval estimates.csv shows
    declared = table.merge(exact[["estimate_id", "scenario", "design_effect"]], on=["estimate_id", "scenario"])
    at = declared[declared["deff"] == declared["design_effect"]].reset_index(drop=True)
    assert len(at) == len(exact)
    assert np.allclose(at["low"], exact["low"].to_numpy()) and np.allclose(at["high"], exact["high"].to_numpy())


def test_every_figure_listed_under_an_origin_is_in_the_register(tables):
    listed = set(L.load_lineage()[0].origin_of_figure())
    assert listed <= set(tables["figures"]["figure_id"])


@pytest.mark.parametrize("compiles, words", [("[no_such_origin]", "'no_such_origin' is not a declared origin"),
                                             ("[ncct_compilation]", "'ncct_compilation' is not a declared origin")])
def test_an_origin_compiles_only_other_declared_origins(tmp_path, compiles, words):
    text = L.ORIGINS_FILE.read_text(encoding="utf-8").replace("compiles: [national_police_records]",
                                                               f"compiles: {compiles}", 1)
    path = tmp_path / "origins.yml"
    path.write_text(text, encoding="utf-8")
    problems = L.load_lineage(origins=path)[1]
    assert [(p.entry, p.field) for p in problems] == [("ncct_compilation", "compiles")] and words in problems[0].message
    assert ("ncct_compilation", "national_police_records") in L.load_lineage()[0].compiled()


def _embassy_account(origin_id: str) -> str:
    origin = L.load_lineage()[0].origins[origin_id]
    account = origin["accounts"]
    assert "09PHNOMPENH114" in account and "19 February 2009" in account
    return account[account.index("paragraph 1A: ") + len("paragraph 1A: "):]


def test_a_second_account_of_the_2003_study_agrees_with_the_reports_rounded_numbers(tables):
    """The US Embassy's 2009 TIP submission gives the study's 18,256 (all venues), 65.6% Cambodian, 32.8%
    Vietnamese and 2,000 sex-trafficking victims: read from its verbatim quote and set against the report's
    printed numbers and their rounding, and against the press's 'approximately 2,000'."""
    import re
    quote = _embassy_account("steinfatt_2003")
    fig = tables["figures"].set_index("figure_id")
    total = float(re.search(r"estimated ([\d,]+) sex workers \(all venues\)", quote)[1].replace(",", ""))
    khmer, vietnamese = (float(x) / 100 for x in re.search(r"([\d.]+) percent were Cambodian and ([\d.]+) percent "
                                                           r"Vietnamese", quote).groups())
    victims = float(re.search(r"there were ([\d,]+) sex trafficking victims", quote)[1].replace(",", ""))
    assert total == fig.at["sex_workers_cambodia_2003", "value"]
    assert fig.at["share_khmer_sex_workers_cambodia_2003", "low"] <= khmer <= fig.at["share_khmer_sex_workers_cambodia_2003", "high"]
    assert (fig.at["share_vietnamese_sex_workers_cambodia_2003", "low"] <= vietnamese
            <= fig.at["share_vietnamese_sex_workers_cambodia_2003", "high"])
    estimates = pd.read_csv(paths.PROCESSED / "estimates.csv").set_index("estimate_id")
    residual = estimates.loc["other_ethnicity_sex_workers_cambodia_2003"]
    assert residual["low"] <= (1 - khmer - vietnamese) * total <= residual["high"]  # the 1% the report leaves unsaid
    press = project_sources().frames["external_estimates"].set_index("external_id").loc["ext_trafficked_sex_workers_cambodia_2003"]
    assert press["low"] <= victims <= press["high"] and victims == press["value"]


def test_the_1997_figure_carries_its_contested_geography_and_venues_wherever_it_is_used(tables):
    """The report reads 'over 14, 000' as Phnom Penh; the embassy's account of the same 1997 report is a
    country-wide survey of brothels (14,725, other venues ignored). The figure, its share and every estimate
    resting on it say so."""
    import re
    quote = _embassy_account("national_assembly_1997")
    brothel_workers = float(re.search(r"there were ([\d,]+) brothel workers in Cambodia \(ignoring other venues\)",
                                      quote)[1].replace(",", ""))
    fig = tables["figures"].set_index("figure_id")
    assert brothel_workers >= fig.at["sex_workers_phnom_penh_1997", "low"]  # a number above the bound, another base
    for figure_id in ("sex_workers_phnom_penh_1997", "share_aged_12_17_sex_workers_phnom_penh_1997"):
        assert "country-wide survey of brothels" in fig.at[figure_id, "caveat"], figure_id
    estimates = pd.read_csv(paths.PROCESSED / "estimates.csv")
    resting = estimates[estimates["inputs"].str.contains("sex_workers_phnom_penh_1997")]
    assert len(resting) >= 3
    assert resting["caveat"].str.contains("country-wide survey of brothels").all()
