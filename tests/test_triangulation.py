"""Triangulation: four statuses with a tolerance; repeats of one origin are never corroboration."""
import pandas as pd
import pytest

from csecstats.analysis.estimates import estimates_table
from csecstats.analysis.triangulation import STATUSES, TOLERANCE, compare, pair_status
from csecstats.analysis.triangulation import load_triangulation
from csecstats.register.lineage import mixed_definitions
from csecstats.tables.figures import load_tables
from real_inputs import context  # the project's, read once per test process


@pytest.fixture(scope="module")
def tri():
    estimates = estimates_table(context(), draws=2_000)  # the build's form (dates as text)
    return load_triangulation(tables=load_tables(), estimates=estimates)


def status(tri, record_id):
    return tri.set_index("record_id").at[record_id, "status"]


def test_only_the_declared_statuses_or_none(tri):
    assert set(tri["status"].dropna()) <= set(STATUSES)
    assert (tri["disagrees"] == (tri["status"] == "disagree")).all()
    single = tri.groupby("compare_key")["record_id"].transform("size") == 1
    assert tri.loc[~single, "status"].notna().all()
    # a row alone in its key has a status only when one TIP number is read two ways (tip.conflicting_readings)
    # or when it is declared not comparable with a row a reader might set beside it
    alone_with_status = tri[single & tri["status"].notna() & (tri["status"] != "not_comparable")]
    assert (alone_with_status["origin"] == "external (TIP)").all()
    assert alone_with_status["compared_with"].str.contains("conflicting readings").all()
    apart = tri[tri["status"] == "not_comparable"]
    # the four rows of the first two declared pairs, and the report's 1997 figure (its embassy counterparts
    # keep the status of their own pair)
    assert len(apart) == 5 and apart["compared_with"].str.startswith("not_comparable: ").all()


def test_no_comparison_mixes_definitions(tri):
    assert mixed_definitions(tri, ["compare_key"]).empty
    assert set(tri["compare_key"].str.split("|").str[1]) <= set(tri["definition"])


def test_repeats_of_one_origin_are_same_origin_not_agreement(tri):
    # the report's 18,256 and the press's 18,256; the 1992 20,000 in the report and in the press
    assert status(tri, "sex_workers_cambodia_2003") == status(tri, "ext_sex_workers_cambodia_2003") == "same_origin"
    assert status(tri, "sex_workers_phnom_penh_1992") == status(tri, "ext_sex_workers_phnom_penh_1992") == "same_origin"


def test_close_independent_counts_agree_far_ones_disagree(tri):
    # 151 against 159 (5%) is within the tolerance; 2,000 against 3,651 is not (and both claim one study)
    derived = "trafficked_sex_workers_cambodia_2003_as_printed"
    assert status(tri, derived) == status(tri, "ext_trafficked_sex_workers_cambodia_2003") == "disagree"
    assert status(tri, "enf_victims_rescued_cambodia_2016") == "disagree"     # 244 against 298


def test_after_untac_left_and_when_the_troops_left_are_different_moments_not_a_disagreement(tri):
    """'After the departure of UNTAC' is read after UNTAC's period; 'when the troops left' is that moment: the two
    are never in one compare key, so neither is counted as disagreeing with the other."""
    figures = load_tables()["figures"].set_index("figure_id")
    rows = tri.set_index("record_id")
    after, press = rows.loc["sex_workers_phnom_penh_after_untac"], rows.loc["ext_sex_workers_phnom_penh_1993"]
    assert after["period_start"] > figures.at["untac_staff_cambodia_1992_1993", "period_end"]
    assert after["compare_key"] != press["compare_key"]
    assert after["status"] == press["status"] == "not_comparable" and not after["disagrees"]
    assert "different moments" in after["compared_with"]


def test_no_compilation_is_counted_as_agreeing_with_what_it_compiles(tri):
    """The NCCT compiles police figures: its 2016 and 2017 counts beside the police's are dependent (or disagree
    where they cannot both be right), never agreement or overlap."""
    from csecstats.register.lineage import load_lineage
    compiled = load_lineage()[0].compiled()
    assert ("ncct_compilation", "national_police_records") in compiled
    pairs = 0
    for _, group in tri.groupby("compare_key"):
        for a in group.itertuples():
            for b in group.itertuples():
                if any({(x, y), (y, x)} & compiled for x in a.origin_id.split() for y in b.origin_id.split()):
                    pairs += 1
                    said = [p for p in (a.compared_with or "").split("; ") if f" {b.record_id} =" in f" {p.split(': ', 1)[-1]}"]
                    assert said and all(p.split(":")[0] in ("dependent", "disagree") for p in said), (a.record_id, said)
    assert pairs == 12  # cases, arrests and rescues, 2016 and 2017, each pair from both sides
    for record in ("enf_cases_cambodia_2016", "enf_cases_cambodia_2016_2", "enf_cases_cambodia_2017",
                   "enf_cases_cambodia_2017_2", "enf_suspects_arrested_cambodia_2016"):
        assert status(tri, record) == "dependent"
    assert status(tri, "enf_victims_rescued_cambodia_2016") == "disagree"  # 244 against 298: cannot both be right


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
    (row(92, origin="ncct"), row(92, origin="police"), "dependent"),       # a compilation and what it compiles
    (row(159, origin="ncct"), row(151, origin="police"), "dependent"),     # close: still not agreement
    (row(298, origin="ncct"), row(244, origin="police"), "disagree"),      # cannot both be right
    (row(300, 300, origin="ncct"), row(345, origin="police"), "dependent"),  # a bound met: not overlap
])
def test_pair_rule(a, b, expected):
    compiled = frozenset({("ncct", "police")})
    assert pair_status(a, b, compiled=compiled) == expected == pair_status(b, a, compiled=compiled)


def test_a_row_takes_the_most_serious_status_of_its_pairs():
    frame = pd.DataFrame({"compare_key": ["k"] * 3, "record_id": ["x", "y", "z"], "value": [100.0, 100.0, 200.0],
                          "low": [float("nan")] * 3, "high": [float("nan")] * 3, "origin_id": ["a", "a", "b"],
                          "source": ["s", "t", "u"]})
    out = compare(frame).set_index("record_id")
    assert out.at["x", "status"] == "disagree" and "same_origin: y" in out.at["x", "compared_with"]


def test_a_quantity_may_declare_its_own_tolerance_and_the_uniap_figure_disagrees_with_the_census():
    """Census accounts of one population differ by revision only: population declares a 2% tolerance (with its
    reason), so the UNIAP 14.4 million (2008) disagrees with the census's 13.4 million instead of agreeing
    within the general 10%."""
    import pandas as pd
    import yaml_c
    from csecstats.analysis.triangulation import TOLERANCE, load_comparisons
    from csecstats.inputs import paths
    declared = load_comparisons()
    tolerances = dict(declared.tolerances)
    assert 0 < tolerances["population"] < TOLERANCE
    tri = pd.read_csv(paths.PROCESSED / "triangulation.csv")
    pop = tri[(tri["quantity"] == "population") & (tri["year"] == 2008) & (tri["indicator"] == "total")]
    uniap, census = pop[pop["value"] == 14_400_000], pop[pop["value"] == 13_400_000]
    assert len(uniap) == len(census) == 1
    assert uniap["status"].iloc[0] == "disagree" and census["status"].iloc[0] == "disagree"
    assert abs(14.4 - 13.4) / 14.4 > tolerances["population"]


def test_a_tolerance_without_its_reason_is_refused(tmp_path):
    import yaml_c
    from csecstats.analysis.triangulation import load_comparisons
    from csecstats.inputs import paths
    from csecstats.inputs.errors import ValidationFailed
    data = yaml_c.safe_load((paths.RAW / "triangulation.yml").read_text(encoding="utf-8"))
    entry = next(q for q in data["quantities"] if q["id"] == "population")
    entry.pop("tolerance_reason")
    path = tmp_path / "triangulation.yml"
    path.write_text(yaml_c.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_comparisons(path)
    assert [(p.entry, p.field) for p in failed.value.problems] == [("population", "tolerance")]
