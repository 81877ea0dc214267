"""The TIP enforcement table: validated like the other external tables, periods read, breaks as data."""
import csv
import io
from pathlib import Path

import pandas as pd
import pytest
import yaml_c

from csecstats.analysis import tip as T
from csecstats.analysis.tip import COLUMNS, FORMS, checked, load_tip, tip_problems
from csecstats.analysis.tip_periods import RELATIVE
from csecstats.inputs import paths
from csecstats.register.breaks import load_breaks, parse_period, shift_years
from csecstats.validate import validate_paths


@pytest.fixture(scope="module")
def tip():
    return load_tip()


@pytest.fixture(scope="module")
def published_rows():
    with open(paths.TIP_FILE, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(folder: Path, rows: list[dict], name: str = "tip.csv") -> Path:
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def problems(path: Path, breaks: Path | None = None) -> set[tuple[str, str]]:
    return {(p.entry, p.field) for p in tip_problems(path, breaks, verify_fingerprint=False)}


def test_published_table_loads_one_row_per_published_row(tip, published_rows):
    assert len(tip) == len(published_rows)
    assert tip["tip_id"].is_unique
    assert list(tip["period_stated"]) == [r["period_covered"] for r in published_rows]


def test_validate_accepts_the_published_table_and_breaks():
    assert validate_paths([paths.TIP_FILE, paths.BREAKS_FILE]) == []


def test_copy_is_fingerprinted(tmp_path):
    copy = tmp_path / paths.TIP_FILE.name
    copy.write_bytes(paths.TIP_FILE.read_bytes().replace(b"only 12", b"only 13"))
    (tmp_path / "SHA256SUMS").write_bytes((paths.EXTERNAL / "SHA256SUMS").read_bytes())
    assert ("(file)", "sha256") in {(p.entry, p.field) for p in tip_problems(copy)}


# ---------------------------------------------------------------- periods

def test_stated_periods_parse_to_their_span():
    assert parse_period("2013").kind == "calendar_year"
    span = parse_period("April 2008-March 2009")
    assert (span.start.isoformat(), span.end.isoformat(), span.kind) == ("2008-04-01", "2009-03-31", "april_march")
    assert parse_period("March 2009-April 2008") is None and parse_period("2008/09") is None


def test_every_period_is_stated_resolved_or_marked(tip):
    for row in tip.itertuples(index=False):
        parsed = parse_period(row.period_stated)
        if parsed:
            assert row.period_basis == "stated" and row.period_start == parsed.start.isoformat()
        elif row.period_stated in RELATIVE:
            assert row.period_basis == "relative" and row.period_reading
        else:
            assert row.period_basis in ("inferred", "none")
            assert (row.period_basis == "inferred") == isinstance(row.period_reading, str)
        if row.period_end is not None and isinstance(row.period_end, str):
            assert int(row.period_end[:4]) <= row.report_year  # a report never covers a period after it


def test_relative_period_is_the_stated_period_of_the_same_quote_shifted(tip):
    for row in tip[tip["period_basis"] == "relative"].itertuples(index=False):
        anchor = tip[(tip["quote"] == row.quote) & (tip["period_basis"] == "stated")].iloc[0]
        expected = shift_years(parse_period(anchor["period_stated"]), RELATIVE[row.period_stated])
        assert (row.period_start, row.period_end) == (expected.start.isoformat(), expected.end.isoformat())


# ---------------------------------------------------------------- row rules

@pytest.mark.parametrize("change, field", [
    ({"report_year": "04"}, "report_year"),
    ({"report_year": "1999"}, "report_year"),
    ({"indicator": "raids"}, "indicator"),
    ({"unit": "people"}, "unit"),
    ({"indicator": "victims_identified", "unit": "cases"}, "unit"),
    ({"qualifier": "about"}, "qualifier"),
    ({"value": "12.5"}, "value"),
    ({"value": "13"}, "value"),                              # not in the quote
    ({"period_covered": "2008/09"}, "period_covered"),
    ({"period_covered": "2011"}, "period_covered"),          # after the report year
    ({"tier": "Tier 4"}, "tier"),
    ({"quote": ""}, "quote"),
    ({"url": "www.state.gov/x"}, "caveat"),                  # the report's own page is not a press paraphrase
])
def test_row_rule(tmp_path, published_rows, change, field):
    row = {**published_rows[1], **change}
    found = problems(write(tmp_path, [published_rows[0], row]))
    assert any(e.startswith("row 2 (") and f == field for e, f in found), found
    assert not any(e.startswith("row 1 ") for e, _ in found)


def test_relative_period_needs_one_stated_period_in_its_quote(tmp_path, published_rows):
    alone = {**published_rows[2], "quote": "compared to 52 in the same period a year earlier."}
    found = problems(write(tmp_path, [alone]))
    assert ("row 1 (convictions 2009 'the same period a year earlier')", "period_covered") in found


def test_every_problem_at_once_in_the_shared_format(tmp_path, published_rows):
    path = write(tmp_path, [{**published_rows[1], "value": "x"}, {**published_rows[3], "unit": "people"}])
    found = tip_problems(path, verify_fingerprint=False)  # then the breaks' quotes this two-row table lacks
    assert [str(p) for p in found if p.path == str(path)] == [
        f"{path}: row 1 (convictions 2009 'April 2008-March 2009'): value: a count must be written as plain digits "
        "(no sign, exponent, separator or leading zero), found 'x'",
        f"{path}: row 2 (convictions 2010 '2009'): unit: unknown unit 'people'; expected one of persons, cases, "
        "not stated"]


def test_missing_column_reported_as_in_other_external_tables(tmp_path, published_rows):
    path = tmp_path / "tip.csv"
    text = io.StringIO()
    writer = csv.DictWriter(text, [c for c in COLUMNS if c != "tier"], extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerow(published_rows[0])
    path.write_text(text.getvalue(), encoding="utf-8")
    assert problems(path) == {("(header)", "tier")}


# ---------------------------------------------------------------- breaks as data

def edit_breaks(tmp_path: Path, edit) -> Path:
    data = yaml_c.safe_load(paths.BREAKS_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "breaks.yml"
    path.write_text(yaml_c.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, entry, field", [
    (lambda d: d["breaks"][0].update(scope="decade"), "law_2008", "scope"),
    (lambda d: d["breaks"][0].update({"from": "2008-02-30"}), "law_2008", "from"),
    (lambda d: d["breaks"][3].update({"to": 2016}), "provisions_2017", "to"),           # ends before it starts
    (lambda d: d["breaks"][1].update({"from": "july_june"}), "counting_april_march", "from"),
    (lambda d: d["breaks"][0].update(quote="words not in the table"), "law_2008", "quote"),
    (lambda d: d["breaks"][0].pop("reason"), "law_2008", "reason"),
    (lambda d: d["period_readings"][0].update(period="2015"), None, "period"),          # after its report
    (lambda d: d["period_readings"][0].update(period_stated="the period"), None, "period_stated"),  # no such row
    (lambda d: d["series_caveats"][0].update(priority="urgent"), "(file)", "series_caveats[1].priority"),
])
def test_breaks_rule(tmp_path, edit, entry, field):
    found = problems(paths.TIP_FILE, edit_breaks(tmp_path, edit))
    assert any(f == field and (entry is None or e == entry) for e, f in found), found


def test_breaks_are_declared_once_with_reasons():
    breaks, readings = load_breaks()
    assert len({b.id for b in breaks}) == len(breaks)
    assert all(b.reason and b.changes and b.source for b in breaks)
    assert all(r["reason"] for r in readings.values())


def test_segment_is_the_set_of_breaks_a_row_lies_in(tip):
    for row in tip.itertuples(index=False):
        inside = row.breaks.split() if isinstance(row.breaks, str) else []
        across = [f"across_{b}" for b in row.straddles.split()] if isinstance(row.straddles, str) else []
        expected = "+".join(inside + across) or ("baseline" if isinstance(row.period_start, str) else "undated")
        assert row.segment == expected


def test_a_period_straddling_a_dated_break_is_on_neither_side(tip):
    breaks, _ = load_breaks()
    dated = [b for b in breaks if b.scope == "period"]
    for row in tip[tip["period_start"].notna()].itertuples(index=False):
        for brk in dated:
            if row.period_start < brk.start.isoformat() <= row.period_end:
                assert f"across_{brk.id}" in row.segment.split("+")
                assert brk.id not in row.segment.split("+")


def test_rows_of_different_report_regimes_are_different_segments(tip):
    breaks, _ = load_breaks()
    for brk in (b for b in breaks if b.scope == "report"):
        inside = tip["report_year"].between(brk.start, brk.end or 9999)
        assert not set(tip.loc[inside, "segment"]) & set(tip.loc[~inside, "segment"])


# ---------------------------------------------------------------- grades, forms, triangulation

def test_press_accounts_and_bounds_are_never_graded_as_the_report_text(tip):
    assert set(tip.loc[tip["account"] == "press", "evidence_grade"]) == {"C"}
    assert set(tip.loc[tip["qualifier"] == "lower_bound", "evidence_grade"]) == {"C"}
    text = tip[(tip["account"] == "report_text") & (tip["qualifier"] == "exact")
               & ~tip["quote"].str.contains("media reports")]
    assert set(text["evidence_grade"]) == {"A"}
    assert (tip["account"] == "press").sum() and (tip["account"] == "report_text").sum()


def test_press_rows_are_those_the_caveat_marks(tip, published_rows):
    marked = ["Press paraphrase" in r["caveat"] for r in published_rows]
    assert list(tip["account"] == "press") == marked


def test_lower_bounds_have_no_upper_end(tip):
    bounds = tip[tip["qualifier"] == "lower_bound"]
    assert len(bounds) and bounds["high"].isna().all() and (bounds["low"] == bounds["value"]).all()


def test_every_form_is_a_declared_one_and_subsets_are_named(tip):
    assert set(tip["form"]) <= set(FORMS)
    assert (tip["measures"] == "detection").all()


def test_one_number_read_two_ways_is_flagged_on_both_rows(tip):
    from csecstats.analysis.triangulation import load_triangulation
    tri = load_triangulation(tip=tip).set_index("record_id")
    flagged = [i for i in tip["tip_id"] if "conflicting readings" in str(tri.loc[i, "compared_with"])]
    assert flagged
    for tip_id in flagged:
        row = tip.set_index("tip_id").loc[tip_id]
        partners = tip[(tip["value"] == row["value"]) & (tip["tip_id"] != tip_id) & (tip["url"] != row["url"])]
        assert any((p.indicator, p.form, p.period_start) != (row["indicator"], row["form"], row["period_start"])
                   and p.tip_id in tri.loc[tip_id, "compared_with"] for p in partners.itertuples())
        assert tri.loc[tip_id, "disagrees"]


def test_tip_2003_investigations_are_not_compared_with_the_reports_suspected_cases(tip):
    """'Over 400 trafficki...' is cut mid-word: what it counted is unknown, so it keeps its own definition and is
    never set beside the report's 257 suspected cases; both rows say they are not comparable, and why."""
    from csecstats.analysis.triangulation import load_triangulation
    tri = load_triangulation(tip=tip).set_index("record_id")
    first = tip[tip["indicator"] == "investigations_cases"].sort_values("period_start").iloc[0]
    assert "trafficki" in first["quote"] and not hasattr(T, "BESIDE_REPORT")
    assert tri.loc[first["tip_id"], "definition"] == "tip:investigations_cases"
    assert tri.loc[first["tip_id"], "compare_key"] != tri.loc["suspected_cases_2003", "compare_key"]
    assert tri.loc["suspected_cases_2003", "status"] == tri.loc[first["tip_id"], "status"] == "not_comparable"
    assert not tri.loc["suspected_cases_2003", "disagrees"]
    assert (tri.loc[tri["origin"] == "external (TIP)", "definition"].str.startswith("tip:")).all()


def test_april_march_counts_are_compared_only_with_the_same_months(tip):
    from csecstats.analysis.triangulation import load_triangulation
    tri = load_triangulation(tip=tip)
    for key, group in tri[tri["origin"] == "external (TIP)"].groupby("compare_key"):
        assert group[["period_start", "period_end"]].drop_duplicates().shape[0] == 1 or \
            (group["period_kind"] == "calendar_year").all(), key


def test_processed_table_is_described_in_the_data_package():
    import json
    package = json.loads((paths.PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for name, file in (("tip-enforcement", "tip_enforcement.csv"), ("breaks", "breaks.csv")):
        header = pd.read_csv(paths.PROCESSED / file, nrows=0).columns
        assert [f["name"] for f in resources[name]["schema"]["fields"]] == list(header)
        assert all(f["description"] for f in resources[name]["schema"]["fields"])


def test_every_tip_caveat_is_in_the_caveats_table(tip):
    from csecstats.register.caveats import split
    caveats = pd.read_csv(paths.PROCESSED / "caveats.csv")
    tip_rows = caveats[caveats["record_kind"] == "tip"]
    assert len(tip_rows) == sum(len(split(t, p)) for t, p in zip(tip["caveat"], tip["caveat_priority"]))
    assert set(tip_rows["record_id"]) == set(tip["tip_id"])


def test_an_undated_reporting_period_keeps_both_readings(tip):
    """'The reporting period' without a date is a reading: the default (the calendar year the text points to) is
    the period; the TIP report's own reporting period, April to March before publication, stands beside it with
    the segment it would put the count in, so a chart or a reader can take either."""
    inferred = tip[tip["period_basis"] == "inferred"]
    assert len(inferred) >= 5 and inferred["period_stated"].str.startswith(("the reporting period", "not stated")).all()
    for r in inferred.itertuples():
        assert (r.alt_period_start, r.alt_period_end) == (f"{r.report_year - 1}-04-01", f"{r.report_year}-03-31")
        assert r.period_kind == "calendar_year" and "counting_april_march" in r.alt_segment.split("+")
        assert "counting_april_march" not in r.segment.split("+")
    others = tip[tip["period_basis"] != "inferred"]
    assert others[["alt_period_start", "alt_period_end", "alt_segment"]].isna().all().all()
    notes = (paths.RAW / "breaks.yml").read_text(encoding="utf-8")
    assert "The default, drawn on the charts, is the calendar year" in notes


def test_a_figure_joins_only_the_one_whose_period_ends_the_day_before(tip):
    """The table says what a line may join: 36 (2009) and 20 (2011) convictions are never joined across the
    missing 2010; adjacent calendar years of one series are."""
    rows = tip.set_index("tip_id")
    assert pd.isna(rows.at["tip2012_convictions_2011", "joins_previous"])
    for tip_id, previous in rows["joins_previous"].dropna().items():
        a, b = rows.loc[previous], rows.loc[tip_id]
        assert pd.Timestamp(a["period_end"]) + pd.Timedelta(days=1) == pd.Timestamp(b["period_start"])
        assert all(a[c] == b[c] for c in ("indicator", "form", "unit", "segment", "account"))
    base = {"indicator": "convictions", "form": "all", "unit": "persons", "segment": "law_2008", "account": "press",
            "period_kind": "calendar_year", "qualifier": "exact"}
    years = pd.DataFrame([{**base, "tip_id": f"t{y}", "period_start": f"{y}-01-01", "period_end": f"{y}-12-31"}
                          for y in (2009, 2010, 2012)])
    assert T.joins_previous(years) == [None, "t2009", None]
    assert T.joins_previous(years.assign(qualifier=["exact", "lower_bound", "exact"])) == [None, None, None]


def test_one_report_one_tier():
    """Every report year's rows that state a tier state one; a row given another tier than its report's siblings
    is refused on its tier, for every such row and every other tier."""
    import csv as _csv
    import io as _io
    from csecstats.analysis.tip import TIERS, row_entry, tier_problems
    raw = [{**r, "_row": n} for n, r in enumerate(_csv.DictReader(_io.StringIO(paths.TIP_FILE.read_text(
        encoding="utf-8"))), start=1)]
    assert tier_problems("t.csv", raw) == []
    tried = 0
    for i, row in enumerate(raw):
        siblings = [r for j, r in enumerate(raw) if j != i and r["report_year"] == row["report_year"] and r["tier"]]
        for tier in (t for t in TIERS if t and siblings and t != siblings[0]["tier"]):
            changed = [dict(r) for r in raw]
            changed[i]["tier"] = tier
            found = tier_problems("t.csv", changed)
            assert {p.field for p in found} == {"tier"} and found, (i, tier)
            assert any(row_entry(changed[i]) in (p.entry + p.message) for p in found)
            tried += 1
    assert tried > 50


def test_a_stated_period_prints_only_years_its_quote_states(tmp_path):
    """Every row whose period is stated ('2013', 'April 2008-March 2009') prints only years its quote states; the
    2022 report's 370 arrests (a quote stating no year) given the period '2014' is refused on period_covered."""
    import csv as _csv
    import io as _io
    text = paths.TIP_FILE.read_text(encoding="utf-8")
    rows = list(_csv.DictReader(_io.StringIO(text)))
    i = next(n for n, r in enumerate(rows) if r["value"] == "370" and r["indicator"] == "arrests")
    rows[i]["period_covered"] = "2014"
    out = _io.StringIO()
    writer = _csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    copy = tmp_path / paths.TIP_FILE.name
    copy.write_text(out.getvalue(), encoding="utf-8")
    found = [(p.entry, p.field, p.message) for p in tip_problems(copy, verify_fingerprint=False)]
    assert (f"row {i + 1} (arrests 2022 '2014')", "period_covered",
            "'2014' prints 2014, a year its quote does not state") in found
