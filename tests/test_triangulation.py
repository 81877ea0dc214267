"""Triangulation: four statuses with a tolerance; repeats of one origin are never corroboration."""
import pandas as pd
import pytest

from csecstats.analysis.declarations import default_context
from csecstats.analysis.estimates import load_estimates
from csecstats.analysis.triangulation import STATUSES, TOLERANCE, compare, pair_status
from csecstats.analysis.triangulation import load_triangulation
from csecstats.register.lineage import mixed_definitions
from csecstats.tables.figures import load_tables


@pytest.fixture(scope="module")
def tri():
    estimates = load_estimates(draws=2_000, context=default_context())
    return load_triangulation(load_tables(), estimates)


def status(tri, record_id):
    return tri.set_index("record_id").at[record_id, "status"]


def test_only_the_four_statuses_or_none(tri):
    assert set(tri["status"].dropna()) <= set(STATUSES)
    assert (tri["disagrees"] == (tri["status"] == "disagree")).all()
    single = tri.groupby("compare_key")["record_id"].transform("size") == 1
    assert tri.loc[~single, "status"].notna().all()
    # a row alone in its key has a status only when one TIP number is read two ways (tip.conflicting_readings)
    alone_with_status = tri[single & tri["status"].notna()]
    assert (alone_with_status["origin"] == "external (TIP)").all()
    assert alone_with_status["compared_with"].str.contains("conflicting readings").all()


def test_no_comparison_mixes_definitions(tri):
    assert mixed_definitions(tri, ["compare_key"]).empty
    assert set(tri["compare_key"].str.split("|").str[1]) <= set(tri["definition"])


def test_repeats_of_one_origin_are_same_origin_not_agreement(tri):
    # the report's 18,256 and the press's 18,256; the 1992 20,000 in the report and in the press
    assert status(tri, "sex_workers_cambodia_2003") == status(tri, "ext_sex_workers_cambodia_2003") == "same_origin"
    assert status(tri, "sex_workers_phnom_penh_1992") == status(tri, "ext_sex_workers_phnom_penh_1992") == "same_origin"


def test_close_independent_counts_agree_far_ones_disagree(tri):
    # 151 against 159 (5%) is within the tolerance; 2,000 against 3,651 is not (and both claim one study)
    assert status(tri, "enf_cases_cambodia_2017") == status(tri, "enf_cases_cambodia_2017_2") == "agree"
    derived = "trafficked_sex_workers_cambodia_2003_as_printed"
    assert status(tri, derived) == status(tri, "ext_trafficked_sex_workers_cambodia_2003") == "disagree"
    assert status(tri, "enf_victims_rescued_cambodia_2016") == "disagree"     # 244 against 298
    assert status(tri, "sex_workers_phnom_penh_after_untac") == "disagree"    # against 'more than 20,000'
def test_nearly_halved_reading_disagrees_with_more_than_20000_in_1993_exactly_when_the_spans_miss(tri):
    # Expected from the spans themselves: the reading of "nearly cut in half" is an assumption a
    # researcher may widen; it disagrees with the press's lower bound only while its interval stays below it.
    rows = tri[(tri["quantity"] == "sex_workers_phnom_penh") & (tri["year"] == 1993)]
    assert set(rows["origin"]) == {"external", "report (estimate)"}
    reading = rows[rows["origin"] == "report (estimate)"].iloc[0]
    press = rows[rows["origin"] == "external"].iloc[0]
    assert pd.isna(press["high"]) and press["low"] == press["value"]  # "more than 20,000": a lower bound
    assert set(rows["disagrees"]) == {bool(reading["high"] < press["low"])}


def test_two_accounts_of_one_count_that_cannot_both_be_right_disagree(tri):
    assert status(tri, "ext_sex_workers_phnom_penh_2003") == "disagree"      # 5,250 against 5,317


def row(value, low=float("nan"), high=float("nan"), origin="a"):
    return pd.Series({"value": value, "low": low, "high": high, "origin_id": origin})


@pytest.mark.parametrize("a, b, expected", [
    (row(151), row(159, origin="b"), "agree"),
    (row(100), row(100 / (1 - TOLERANCE) + 1, origin="b"), "disagree"),
    (row(20000, 20000), row(25000, origin="b"), "overlap"),                # a lower bound meets a larger value
    (row(float("nan"), 7000, 8000), row(7600, origin="b"), "overlap"),     # a range holds a value
    (row(2000, 1500, 2500), row(3651, 3560, 3742, origin="b"), "disagree"),
    (row(18256), row(18256), "same_origin"),
    (row(5317), row(5250), "disagree"),                                    # one count, two numbers
])
def test_pair_rule(a, b, expected):
    assert pair_status(a, b) == expected == pair_status(b, a)


def test_a_row_takes_the_most_serious_status_of_its_pairs():
    frame = pd.DataFrame({"compare_key": ["k"] * 3, "record_id": ["x", "y", "z"], "value": [100.0, 100.0, 200.0],
                          "low": [float("nan")] * 3, "high": [float("nan")] * 3, "origin_id": ["a", "a", "b"],
                          "source": ["s", "t", "u"]})
    out = compare(frame).set_index("record_id")
    assert out.at["x", "status"] == "disagree" and "same_origin: y" in out.at["x", "compared_with"]
