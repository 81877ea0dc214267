"""Triangulation's rows, keys and wording, rule by rule, and the whole table against the build's.

Written against the mutants `make mutation` found alive: which rows a quantity takes (indicator
and place), how each row's period, key and source are worded, how a declaration is refused.
"""
import math

import numpy as np
import pandas as pd
import pytest
import yaml_c

from csecstats.analysis import triangulation as tri
from csecstats.inputs.errors import Problem, ValidationFailed
from csecstats.tables.built import tables

NAN = float("nan")


def record(**changes) -> dict:
    """One figure-like record as the row builders receive it."""
    base = {"period_start": "2003-01-01", "period_end": "2003-12-31", "geography": "Cambodia",
            "indicator": "suspected_cases", "value": 257.0, "low": 257.0, "high": 257.0, "unit": "cases",
            "qualifier": "exact", "definition": "suspected_trafficking_cases", "measures": "detection",
            "origin_id": "national_police_records", "evidence_grade": "A"}
    return {**base, **changes}


def test_the_table_is_the_one_the_build_wrote():
    built = tables()
    as_text = {c: "%Y-%m-%d" for c in ("period_start", "period_end")}  # the analysis reads dates as the build writes them
    fresh = tri.load_triangulation(estimates=built["estimates"].assign(
        **{c: built["estimates"][c].dt.strftime(f) for c, f in as_text.items()}))
    expected = built["triangulation"].assign(**{c: built["triangulation"][c].dt.strftime(f) for c, f in as_text.items()})
    assert list(fresh.columns) == list(expected.columns)
    for frame in (fresh, expected):
        frame.index = range(len(frame))
    pd.testing.assert_frame_equal(fresh.astype(object).where(fresh.notna(), None),
                                  expected.astype(object).where(expected.notna(), None), check_dtype=False)


@pytest.mark.parametrize("start, end, kind", [
    ("2003-01-01", "2003-12-31", "calendar_year"),
    ("2003-01-01", "2004-12-31", "stated_period"),      # two years: stated, not one calendar year
    ("2003-02-01", "2003-12-31", "stated_period"),
    ("2003-01-01", "2003-11-30", "stated_period"),
    (None, None, "none"),
])
def test_period_kind_is_read_from_the_dates(start, end, kind):
    row = tri._row("q", record(period_start=start, period_end=end), "report", "r1", "src", "desc")
    assert row["period_kind"] == kind
    assert row["year"] == (int(end[:4]) if end else None)


def test_a_declared_period_kind_is_kept_and_part_years_get_their_own_key():
    row = tri._row("q", record(period_kind="part_year", period_end="2003-09-30"), "report", "r1", "src", "desc")
    assert row["period_kind"] == "part_year"
    assert row["compare_key"] == "q|suspected_trafficking_cases|Cambodia|2003|part_year"
    full = tri._row("q", record(), "report", "r1", "src", "desc")
    assert full["compare_key"] == "q|suspected_trafficking_cases|Cambodia|2003"


def test_a_row_carries_every_field_it_is_given():
    row = tri._row("police_cases", record(value=5, low=4, high=6), "external", "ext_1", "Police (press)", "as said")
    assert row == {
        "quantity": "police_cases", "indicator": "suspected_cases", "year": 2003, "period_start": "2003-01-01",
        "period_end": "2003-12-31", "period_kind": "calendar_year", "geography": "Cambodia", "origin": "external",
        "record_id": "ext_1", "value": 5.0, "low": 4.0, "high": 6.0, "unit": "cases", "qualifier": "exact",
        "source": "Police (press)", "described_as": "as said", "definition": "suspected_trafficking_cases",
        "measures": "detection", "origin_id": "national_police_records", "evidence_grade": "A",
        "compare_key": "police_cases|suspected_trafficking_cases|Cambodia|2003"}
    assert all(type(row[k]) is float for k in ("value", "low", "high"))


FIGURES = pd.DataFrame([
    {**record(), "figure_id": "f_cambodia", "source_id": "s1"},
    {**record(geography="Phnom Penh"), "figure_id": "f_phnom_penh", "source_id": "unknown_source"},
    {**record(indicator="victims_rescued"), "figure_id": "f_other_indicator", "source_id": "s1"},
])
SOURCES = pd.DataFrame({"source_id": ["s1"], "author": ["UNIAP"], "year": [2004]})


def test_report_rows_take_the_quantitys_indicators_in_its_place():
    rows = tri._report_rows(FIGURES, SOURCES, {"q": (("suspected_cases",), (), "Cambodia")})
    assert [r["record_id"] for r in rows] == ["f_cambodia"]
    assert rows[0]["origin"] == "report" and rows[0]["quantity"] == "q"
    assert rows[0]["source"] == "Report 2004 citing UNIAP 2004"
    assert rows[0]["described_as"] == "suspected_cases"


def test_report_rows_of_a_quantity_without_a_place_take_every_place():
    rows = tri._report_rows(FIGURES, SOURCES, {"q": (("suspected_cases",), (), None)})
    assert [r["record_id"] for r in rows] == ["f_cambodia", "f_phnom_penh"]
    assert rows[1]["source"] == "Report 2004 citing unknown_source"  # a source without a row is named by id


def external(**changes) -> dict:
    return {**record(low=NAN, high=NAN), "external_id": "x", "source": "The Post", "described_as": None,
            "reporter": None, "note": None, **changes}


def _declared(estimates: pd.DataFrame, enforcement: pd.DataFrame):
    """Two declared sources as the project declares them (data/external/*.source.yml's triangulation)."""
    from types import SimpleNamespace
    specs = {"est": {"triangulation": {"source": "{source}", "described_as": ["described_as"]}},
             "enf": {"triangulation": {"source": "{reporter} ({source})", "described_as": ["reporter", "note"]}}}
    declared = [SimpleNamespace(name=name, spec=spec, id_column="external_id") for name, spec in specs.items()]
    return SimpleNamespace(declared=declared, frames={"est": estimates, "enf": enforcement})


def test_external_rows_take_their_indicators_in_their_place_and_say_who_reported():
    estimates = pd.DataFrame([external(external_id="e_est", described_as="estimated", geography="Cambodia"),
                              external(external_id="e_est_elsewhere", geography="Phnom Penh")])
    enforcement = pd.DataFrame([external(external_id="e_enf", reporter="Police", note="nine months"),
                                external(external_id="e_enf_other", indicator="arrests", reporter="Police")])
    sources = _declared(estimates, enforcement)
    rows = tri._external_rows(sources, {"q": ((), ("suspected_cases",), "Cambodia")})
    assert [r["record_id"] for r in rows] == ["e_est", "e_enf"]
    est, enf = rows
    assert (est["origin"], est["source"], est["described_as"]) == ("external", "The Post", "estimated")
    assert (enf["origin"], enf["source"], enf["described_as"]) == ("external", "Police (The Post)",
                                                                   "Police; nine months")
    assert all(math.isnan(r[k]) for r in rows for k in ("low", "high"))
    anywhere = tri._external_rows(sources, {"q": ((), ("suspected_cases",), None)})
    assert [r["record_id"] for r in anywhere] == ["e_est", "e_est_elsewhere", "e_enf"]


def test_external_described_as_falls_back_to_the_reporter_alone():
    enforcement = pd.DataFrame([external(external_id="e_enf", reporter="Police")])
    rows = tri._external_rows(_declared(pd.DataFrame([external(indicator="none")]), enforcement),
                              {"q": ((), ("suspected_cases",), None)})
    assert rows[0]["described_as"] == "Police"


def test_estimate_rows_are_derived_from_the_report():
    estimates = pd.DataFrame([{**record(), "estimate_id": "est_1", "origin_ids": "o1 o2", "quantity": "Cases read"},
                              {**record(), "estimate_id": "est_2", "origin_ids": "o3", "quantity": "Other"}])
    rows = tri._estimate_rows(estimates, {"est_1": ("police_cases", "confirmed_cases")})
    assert len(rows) == 1
    row = rows[0]
    assert (row["quantity"], row["indicator"], row["qualifier"], row["origin"], row["record_id"]) == \
        ("police_cases", "confirmed_cases", "derived", "report (estimate)", "est_1")
    assert row["source"] == "Report 2004, read by this project (estimates.csv)"
    assert (row["described_as"], row["origin_id"]) == ("Cases read", "o1 o2")


def test_an_estimate_missing_from_the_table_is_named():
    estimates = pd.DataFrame([{**record(), "estimate_id": "est_1", "origin_ids": "o1", "quantity": "x"}])
    with pytest.raises(ValidationFailed) as failed:
        tri._estimate_rows(estimates, {"est_1": ("q", "i"), "gone": ("q", "i"), "absent": ("q", "i")})
    assert failed.value.problems == [Problem(str(tri.TRIANGULATION_FILE), m, "id", "no such estimate in estimates.csv")
                                     for m in ("absent", "gone")]


def span_row(value, low=NAN, high=NAN, origin="a", record_id="r", source="s"):
    return pd.Series({"value": value, "low": low, "high": high, "origin_id": origin, "record_id": record_id,
                      "source": source})


@pytest.mark.parametrize("row, expected", [
    (span_row(5.0), (5.0, 5.0)),
    (span_row(5.0, 4.0, 6.0), (4.0, 6.0)),
    (span_row(5.0, 5.0), (5.0, math.inf)),            # a lower bound reaches up without end
    (span_row(5.0, NAN, 6.0), (5.0, 6.0)),
    (span_row(NAN, 4.0, 6.0), (4.0, 6.0)),
])
def test_interval(row, expected):
    assert tri.interval(row) == expected


@pytest.mark.parametrize("row, shown", [
    (span_row(1234.0), "1,234"),
    (span_row(1234.0, 1000.0, 1500.0), "1,234 [1,000 to 1,500]"),
    (span_row(20000.0, 20000.0), "20,000 [20,000 to no upper end]"),
    (span_row(NAN, 7000.0, 8000.0), "no central value [7,000 to 8,000]"),
])
def test_shown(row, shown):
    assert tri._shown(row) == shown


@pytest.mark.parametrize("a, b, tolerance, expected", [
    (span_row(100.0), span_row(110.0, origin="b"), 0.10, "agree"),          # 10 within 10% of 110
    (span_row(100.0), span_row(112.0, origin="b"), 0.10, "disagree"),
    (span_row(100.0), span_row(112.0, origin="b"), 0.20, "agree"),          # the tolerance is used
    (span_row(-100.0), span_row(-110.0, origin="b"), 0.10, "agree"),        # sizes, not signs
    (span_row(100.0, 90.0, 130.0), span_row(120.0, origin="b"), 0.10, "overlap"),
    (span_row(100.0, 90.0, 130.0), span_row(130.0, origin="b"), 0.10, "overlap"),   # the spans' ends meet
    (span_row(100.0, 90.0, 130.0), span_row(90.0, 70.0, 90.0, origin="b"), 0.0, "overlap"),
    (span_row(NAN, 90.0, 130.0), span_row(NAN, 100.0, 110.0, origin="b"), 0.10, "overlap"),
    (span_row(100.0, origin="a b"), span_row(300.0, origin="c b"), 0.10, "disagree"),  # a shared origin, apart
    (span_row(100.0, 90.0, 130.0, origin="a b"), span_row(120.0, origin="b"), 0.10, "same_origin"),
])
def test_pair_status_edges(a, b, tolerance, expected):
    assert tri.pair_status(a, b, tolerance) == expected == tri.pair_status(b, a, tolerance)


def test_compare_lists_every_pair_and_flags_only_disagreement():
    frame = pd.DataFrame([dict(span_row(100.0, record_id="x", source="S1"), compare_key="k"),
                          dict(span_row(105.0, origin="b", record_id="y", source="S2"), compare_key="k"),
                          dict(span_row(500.0, origin="c", record_id="z", source="S3"), compare_key="alone")])
    out = tri.compare(frame, 0.10).set_index("record_id")
    assert out.at["x", "status"] == out.at["y", "status"] == "agree"
    assert out.at["x", "compared_with"] == "agree: y = 105 (S2)"
    assert out.at["y", "compared_with"] == "agree: x = 100 (S1)"
    assert out.at["z", "status"] is None and out.at["z", "compared_with"] is None
    assert not out["disagrees"].any()
    assert out["disagrees"].dtype == bool
    strict = tri.compare(frame, 0.01).set_index("record_id")
    assert strict.at["x", "status"] == "disagree" and strict["disagrees"].tolist() == [True, True, False]


def test_conflicting_readings_make_a_row_disagree_and_say_why():
    frame = pd.DataFrame({"record_id": ["a", "b", "c"], "status": ["agree", None, "overlap"],
                          "compared_with": ["agree: x = 1 (S)", None, "overlap: y"], "disagrees": [False] * 3})
    out = tri.flag_readings(frame, {"a": "read two ways", "b": "also two ways"})
    assert out["status"].tolist() == ["disagree", "disagree", "overlap"]
    assert out["disagrees"].tolist() == [True, True, False]
    assert out["compared_with"].tolist() == ["agree: x = 1 (S); read two ways", "also two ways", "overlap: y"]
    assert frame["status"].tolist() == ["agree", None, "overlap"]  # the frame given is not changed


def write(tmp_path, data) -> str:
    path = tmp_path / "triangulation.yml"
    path.write_text(yaml_c.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_comparisons_are_read_as_declared(tmp_path):
    path = write(tmp_path, {
        "quantities": [{"id": "q1", "report_indicators": ["a", "b"], "external_indicators": ["c"], "geography": None},
                       {"id": "q2", "report_indicators": [], "external_indicators": ["d"], "geography": "Cambodia"}],
        "estimates": [{"id": "e1", "quantity": "q2", "indicator": "d"}], "not_comparable": []})
    declared = tri.load_comparisons(path)
    assert declared.quantities == {"q1": (("a", "b"), ("c",), None), "q2": ((), ("d",), "Cambodia")}
    assert declared.estimates == {"e1": ("q2", "d")}


def test_every_problem_of_the_comparisons_is_named_at_once(tmp_path):
    path = write(tmp_path, {
        "quantities": [{"id": "q1", "report_indicators": "a", "external_indicators": ["c"], "geography": None}],
        "estimates": [{"id": "e1", "quantity": "nowhere", "indicator": "d"},
                      {"id": "e2", "quantity": "q1", "indicator": 5}], "not_comparable": []})
    with pytest.raises(ValidationFailed) as failed:
        tri.load_comparisons(path)
    found = {(p.entry, p.field) for p in failed.value.problems}
    assert {("q1", "report_indicators"), ("e1", "quantity"), ("e2", "indicator")} <= found
    assert Problem(str(path), "e1", "quantity", "unknown quantity 'nowhere'") in failed.value.problems
    assert all(p.path == str(path) for p in failed.value.problems)


def test_the_built_table_compares_tip_april_march_counts_only_within_their_months():
    built = tables()["triangulation"]
    tip = built[built["origin"] == "external (TIP)"]
    assert len(tip) > 0 and (tip["origin_id"] == tri.TIP_ORIGIN).all() and (tip["geography"] == "Cambodia").all()
    assert (tip["measures"] == "detection").all()
    other = tip[tip["period_kind"] != "calendar_year"]
    assert len(other) > 0
    for _, r in other.iterrows():
        assert r["compare_key"].endswith(f"|{r['period_start']:%Y-%m-%d}/{r['period_end']:%Y-%m-%d}")
    calendar = tip[tip["period_kind"] == "calendar_year"]
    assert not calendar["compare_key"].str.contains("/").any()
    assert tip["definition"].str.startswith("tip:").any()
    np.testing.assert_array_equal(tip["year"].to_numpy(), tip["period_end"].dt.year.to_numpy())


def test_the_estimates_given_are_the_ones_compared():
    built = tables()
    estimates = built["estimates"].copy()
    row = estimates.index[estimates["estimate_id"] == "sex_workers_phnom_penh_after_untac"][0]
    estimates.loc[row, ["value", "low", "high"]] = [20500.0, 20000.0, 21000.0]
    fresh = tri.load_triangulation(estimates=estimates).set_index("record_id")
    assert fresh.loc["sex_workers_phnom_penh_after_untac", ["value", "low", "high"]].tolist() == [20500.0, 20000.0,
                                                                                                  21000.0]


def _one_quantity(**extra) -> dict:
    return {"quantities": [{"id": "q1", "report_indicators": ["a"], "external_indicators": [], "geography": None,
                            **extra}], "estimates": [], "not_comparable": []}


@pytest.mark.parametrize("tolerance", [0, 1, 1.5, -0.1])
def test_a_tolerance_outside_zero_to_one_is_refused_even_with_its_reason(tmp_path, tolerance):
    path = write(tmp_path, _one_quantity(tolerance=tolerance, tolerance_reason="census revisions"))
    with pytest.raises(ValidationFailed) as failed:
        tri.load_comparisons(path)
    assert [(p.entry, p.field) for p in failed.value.problems] == [("q1", "tolerance")]


@pytest.mark.parametrize("records", [["r1", 2], ["r1", "r2", "r3"], ["r1"]])
def test_not_comparable_names_exactly_two_record_ids(tmp_path, records):
    data = _one_quantity()
    data["not_comparable"] = [{"records": records, "reason": "one report, two readings of place"}]
    path = write(tmp_path, data)
    with pytest.raises(ValidationFailed) as failed:
        tri.load_comparisons(path)
    assert [(p.entry, p.field, p.message) for p in failed.value.problems] == [
        ("not_comparable[1]", "records", "expected two record ids")]


def test_load_triangulation_names_an_argument_it_does_not_take():
    with pytest.raises(TypeError, match=r"; not bogus, extra$"):
        tri.load_triangulation(bogus=1, extra=2)
