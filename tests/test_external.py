"""External tables: loaded as published, one failing case per validation rule, every problem at once."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

from csecstats.inputs import paths
from csecstats.inputs.errors import ValidationFailed
from csecstats.analysis.external import declared_sources, file_problems
from csecstats.analysis.external_rows import source_problems
from csecstats.validate import validate_paths

SOURCES = declared_sources(paths.EXTERNAL, None)[0]
ESTIMATES, ENFORCEMENT = SOURCES.of("external_estimates"), SOURCES.of("external_enforcement")
ESTIMATE_COLUMNS, ENFORCEMENT_COLUMNS = ESTIMATES.fields, ENFORCEMENT.fields
GEOGRAPHIES = {"Cambodia": (), "Phnom Penh": ("capital",)}  # places, each with the other words naming it


def external_problems(path, *, verify_fingerprint=True):
    """Problems of a data file read with the declaration its header belongs to."""
    from csecstats.inputs.cells import read_csv
    from csecstats.tables.sources import matching
    header = read_csv(path)[0]
    source = matching(header, SOURCES.declared) if header else None
    if source is None:
        return file_problems(path, SOURCES, geographies=GEOGRAPHIES)
    return source_problems(source, GEOGRAPHIES, data=path, verify_fingerprint=verify_fingerprint)


def load(name, data=None):
    from csecstats.analysis.external import read_source
    from csecstats.register.lineage import load_lineage
    frame, problems = read_source(SOURCES.of(name), GEOGRAPHIES, load_lineage()[0], data=data)
    if problems:
        raise ValidationFailed(problems)
    return frame

EST_ROW = {"indicator": "sex_workers", "value": "20000", "low": "", "high": "", "unit": "persons", "year": "1992",
           "geography": "Phnom Penh", "definition": "prostitutes", "source": "Paper", "published": "1993-02-12",
           "url": "example.org/a", "quote": "up to 20,000"}
ENF_ROW = {"indicator": "cases", "value": "92", "unit": "cases", "period_start": "2016-01-01",
           "period_end": "2016-12-31", "geography": "Cambodia", "reporter": "NCCT", "source": "Paper",
           "published": "2018", "url": "example.org/b", "quote": "92 cases", "note": ""}


def write(tmp_path: Path, name: str, columns: list[str], rows: list[dict]) -> Path:
    import csv
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def fields(path: Path) -> set[tuple[str, str]]:
    return {(p.entry, p.field) for p in external_problems(path, verify_fingerprint=False)}


def test_published_tables_load_with_values_as_printed():
    est, enf = load("external_estimates"), load("external_enforcement")
    assert len(est) == 17 and len(enf) == 22
    row = est.set_index("external_id").loc["ext_trafficked_sex_workers_phnom_penh_2003"]
    assert (row["value"], row["year"], row["geography"]) == (1074.0, 2003, "Phnom Penh")
    kinds = enf.set_index("external_id")["period_kind"]
    assert kinds["enf_cases_to_court_cambodia_2008"] == "part_year"        # Jan-Sep 2008
    assert kinds["enf_cases_cambodia_2024"] == "part_year"                 # Jan-Jun 2024
    assert kinds["enf_cases_cambodia_2015"] == kinds["enf_cases_cambodia_2016"] == "non_calendar_year"  # Dec 25
    assert kinds["enf_cases_cambodia_2016_2"] == "calendar_year"


def test_validate_command_accepts_the_published_tables():
    assert validate_paths(sorted(paths.EXTERNAL.glob("*.csv"))) == []


def test_valid_small_tables_have_no_problems(tmp_path):
    assert fields(write(tmp_path, "e.csv", ESTIMATE_COLUMNS, [EST_ROW])) == set()
    assert fields(write(tmp_path, "f.csv", ENFORCEMENT_COLUMNS, [ENF_ROW])) == set()


@pytest.mark.parametrize("change, field", [
    ({"value": "abc"}, "value"),
    ({"value": "-5"}, "value"),
    ({"value": ""}, "value"),
    ({"low": "30000"}, "value"),                 # low > value
    ({"high": "100"}, "value"),                  # value > high
    ({"year": "92"}, "year"),
    ({"published": "12/02/1993"}, "published"),
    ({"indicator": "brothels"}, "indicator"),
    ({"unit": "people"}, "unit"),
    ({"unit": "cases"}, "unit"),                 # sex_workers are persons
    ({"quote": " "}, "quote"),
])
def test_estimates_rule(tmp_path, change, field):
    found = fields(write(tmp_path, "e.csv", ESTIMATE_COLUMNS, [EST_ROW, {**EST_ROW, **change}]))
    entry = f"row 2 ({change.get('indicator', 'sex_workers')} {change.get('year', '1992')} Phnom Penh)"
    assert (entry, field) in found and not any(e.startswith("row 1 ") for e, _ in found)


@pytest.mark.parametrize("change, field", [
    ({"period_start": "2016-02-30"}, "period_start"),
    ({"period_end": "2016/12/31"}, "period_end"),
    ({"period_start": "2017-01-01"}, "period_end"),   # starts after it ends
    ({"value": "9.5"}, "value"),
    ({"indicator": "raids"}, "indicator"),
    ({"reporter": ""}, "reporter"),
])
def test_enforcement_rule(tmp_path, change, field):
    found = fields(write(tmp_path, "f.csv", ENFORCEMENT_COLUMNS, [{**ENF_ROW, **change}]))
    assert any(e.startswith("row 1 (") and f == field for e, f in found), found


def test_every_problem_at_once_with_entry_named(tmp_path):
    path = write(tmp_path, "e.csv", ESTIMATE_COLUMNS,
                 [EST_ROW, {**EST_ROW, "year": "1993", "quote": "in 1993 up to 20,000"},
                  {**EST_ROW, "value": "x", "year": "y"}])
    problems = external_problems(path, verify_fingerprint=False)
    assert [str(p) for p in problems] == [
        f"{path}: row 3 (sex_workers y Phnom Penh): value: a count must be written as plain digits (no sign, "
        "exponent, separator or leading zero), found 'x'",
        f"{path}: row 3 (sex_workers y Phnom Penh): year: expected a year YYYY in ASCII digits, found 'y'"]


def test_missing_and_extra_columns(tmp_path):
    columns = [c for c in ESTIMATE_COLUMNS if c != "quote"] + ["comment"]
    found = fields(write(tmp_path, "e.csv", columns, [EST_ROW]))
    assert found == {("(header)", "quote"), ("(header)", "comment")}


@pytest.mark.parametrize("data, field", [
    (b"\xef\xbb\xbfindicator,value\n", "(encoding)"),
    (b"indicator,value\nsex\xff,1\n", "(encoding)"),
    (b"", "(file)"),
    (b"  \n", "(file)"),
])
def test_bad_files_refused(tmp_path, data, field):
    path = tmp_path / "external-estimates.csv"
    path.write_bytes(data)
    assert fields(path) == {("(file)", field)}


def test_changed_copy_refused_by_fingerprint(tmp_path):
    for name in ("external-estimates.csv", "SHA256SUMS"):
        shutil.copyfile(paths.EXTERNAL / name, tmp_path / name)
    path = tmp_path / "external-estimates.csv"
    assert load("external_estimates", path).shape[0] == 17
    path.write_text(path.read_text(encoding="utf-8").replace("27925", "27926"), encoding="utf-8")
    with pytest.raises(ValidationFailed, match="sha256: file changed"):
        load("external_estimates", path)


def test_a_published_range_has_no_centre_in_any_table():
    """80,000-100,000, 7,000-8,000 and 2,500-3,000 are published as ranges: no value, only their ends, in the
    external table and in the triangulation table (the midpoint in the copied file is its compiler's)."""
    import pandas as pd

    table = load("external_estimates")
    ranges = table[table["qualifier"] == "range"].set_index("external_id")
    assert sorted(zip(ranges["low"], ranges["high"])) == [(2500, 3000), (7000, 8000), (80000, 100000)]
    assert ranges["value"].isna().all()
    tri = pd.read_csv(paths.PROCESSED / "triangulation.csv").set_index("record_id")
    assert tri.loc[list(ranges.index), "value"].isna().all()


@pytest.mark.parametrize("name", [s.name for s in SOURCES.declared if s.spec.get("reading") != "tip_periods"])
def test_a_source_table_has_its_declared_columns_and_types_with_missing_text_none_and_numbers_nan(name):
    table, declared = load(name), SOURCES.of(name).table
    assert list(table.columns) == [c.name for c in declared.columns] and isinstance(table.index, pd.RangeIndex)
    for column in declared.columns:
        cells = table[column.name]
        if column.type == "number":
            assert cells.dtype == "float64", column.name
        elif column.type == "integer":
            assert str(cells.dtype) == ("Int64" if column.nullable else "int64"), column.name
        else:
            assert cells.dtype == object and all(v is None or isinstance(v, str) for v in cells), column.name
    if "bounds_basis" in table:
        assert set(table["bounds_basis"]) <= {None, "published", "rounding"}
        rounded = table[table["bounds_basis"] == "rounding"]  # approximate, no published bounds: its rounding's
        assert (rounded["qualifier"] == "approximate").all() and (rounded["low"] < rounded["value"]).all()
