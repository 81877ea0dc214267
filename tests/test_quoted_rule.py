"""A row's quote names the study it rests on and what it counts (the declaration's ``quoted`` columns): every
embassy row given the other study is refused on its study cell, and one given another row's ``counts`` its quote names
none of on its counts cell."""
from __future__ import annotations

import csv
import io
import re

import pytest

from csecstats.analysis.external import declared_sources
from csecstats.analysis.row_pages import quoted_problems, row_entry
from csecstats.inputs import paths
from csecstats.inputs.errors import brief

EMBASSY = next(s for s in declared_sources(paths.EXTERNAL, None)[0].declared if s.spec.get("quoted"))
ROWS = [{**r, "_row": n} for n, r in enumerate(csv.DictReader(io.StringIO(EMBASSY.data.read_text(encoding="utf-8"))),
                                                start=1)]
STUDIES = sorted({r["study"] for r in ROWS})


def test_every_real_row_names_its_study():
    assert EMBASSY.spec["quoted"] == ["study", "counts"] and len(STUDIES) == 2
    assert quoted_problems(EMBASSY, "t.csv", ROWS) == []


@pytest.mark.parametrize("index", range(len(ROWS)))
def test_a_row_given_the_other_study_is_refused(index):
    row = ROWS[index]
    other = next(s for s in STUDIES if s != row["study"])
    found = quoted_problems(EMBASSY, "t.csv", [{**row, "study": other}])
    assert [(p.entry, p.field) for p in found] == [(row_entry(EMBASSY.spec, row), "study")]


def test_a_row_given_another_year_than_its_studys_is_refused_on_its_year():
    """Every embassy row given every year from 1990 to 2010: refused on its year, naming the study's, exactly when
    the year is not the one its study's name prints (2003 for 'Steinfatt 2003', 1997 for the 1997 report)."""
    assert {r["study"]: r["year"] for r in ROWS} == {
        "1997 Commission on Human Rights report for the National Assembly": "1997", "Steinfatt 2003": "2003"}
    tried = 0
    for row in ROWS:
        for year in map(str, range(1990, 2011)):
            moved = {**row, "year": year}
            found = [str(p) for p in quoted_problems(EMBASSY, "t.csv", [moved])]
            studied = row["study"][:4] if row["study"][:4].isdigit() else row["study"][-4:]
            assert found == ([] if year == studied else [
                f"t.csv: {row_entry(EMBASSY.spec, moved)}: year: {year}, but the study it rests on, "
                f"{brief(row['study'], 40)}, is of {studied}"]), (row["_row"], year)
            tried += bool(found)
    assert tried == len(ROWS) * 20


def test_the_build_refuses_steinfatts_share_dated_to_the_1997_report(tmp_path, capsys):
    """The 2003 study's 80.4 percent dated 1997 (the other study's year): exit 2, named on its year cell,
    nothing written."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "us-embassy-tip-submissions.csv"
    old = "ethnicity of sex-trafficking victims,0.804,share,exact,2003,"
    replace_once(path, old, old.replace("2003", "1997"))
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: row 11 (09PHNOMPENH114 share_vietnamese_trafficked 1997): year: 1997, but the study it rests "
            "on, 'Steinfatt 2003', is of 2003") in err


def test_a_row_given_another_rows_counts_its_quote_names_none_of_is_refused_on_its_counts():
    """Every embassy row given every other row's ``counts`` (what the number counts; it also chooses the row's
    method, definition and note): refused on counts exactly when its quote prints no word of four letters or more of
    it (read by its first five letters): the 2003 study's share of trafficking victims given the 1997 survey's
    'brothel workers (other venues ignored)' is refused."""
    kinds = sorted({r["counts"] for r in ROWS})
    assert len(kinds) == 6
    refused_count = 0
    for row in ROWS:
        for counts in (c for c in kinds if c != row["counts"]):
            found = quoted_problems(EMBASSY, "t.csv", [{**row, "counts": counts}])
            words = [w for w in re.findall(r"[a-z]+", counts) if len(w) >= 4]
            named = any(re.search(rf"(?<![a-z]){w[:5]}", row["quote"].casefold()) for w in words)
            assert [(p.entry, p.field) for p in found] == ([] if named else [(row_entry(EMBASSY.spec, row), "counts")])
            refused_count += bool(found)
    assert refused_count >= 10


def test_the_build_refuses_the_share_of_trafficking_victims_said_to_count_brothel_workers(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "us-embassy-tip-submissions.csv"
    old = "ethnicity of sex-trafficking victims,0.804,"
    replace_once(path, old, "brothel workers (other venues ignored),0.804,")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: row 11 (09PHNOMPENH114 share_vietnamese_trafficked 2003): counts: 'brothel workers (other venues "
            "ignored)': its quote names none of it ('brothel', 'workers', 'other')") in err
