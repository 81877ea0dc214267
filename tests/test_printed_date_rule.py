"""A row's published date is the one its own citation prints (a bracketed date in a publisher column, a date path
in its address): every real row agrees, and every row that prints a date given any other row's date of its file
is refused exactly when the two disagree."""
from __future__ import annotations

import pytest

from csecstats.analysis.external import declared_sources
from csecstats.analysis.external_rows import printed_date_problems, printed_dates, row_entry
from csecstats.inputs import paths
from csecstats.inputs.cells import read_csv

SOURCES = [s for s in declared_sources(paths.EXTERNAL, None)[0].declared if "published" in s.fields]
ROWS = {s.name: read_csv(s.data)[1] for s in SOURCES}


def _printed(source, row) -> list[str]:
    return ["-".join(f"{p:02d}" for p in parts) for _, parts in printed_dates(source, row)]


def test_every_real_row_is_published_when_its_citation_says():
    dated = {(s.name, row.get("source") or row.get("account"), d) for s in SOURCES for row in ROWS[s.name]
             for d in _printed(s, row)}
    assert {(name, d) for name, _, d in dated} == {
        ("external_estimates", "2012"), ("external_estimates", "2012-11-01"),
        ("external_enforcement", "2022-08-12"), ("external_enforcement", "2024-08-12"),
        ("population", "2008-03"), ("population", "2021-01-27")}
    assert [p for s in SOURCES for p in printed_date_problems(s, str(s.data), ROWS[s.name])] == []


@pytest.mark.parametrize("source", [s for s in SOURCES if s.name != "embassy_tip_submissions"], ids=lambda s: s.name)
def test_a_dated_row_given_another_rows_date_is_refused_exactly_when_they_disagree(source):
    """Each row printing a date, given each published value its file holds (blank among them): refused, on its
    published cell and once, unless the value is a prefix of every date it prints or they of it."""
    rows = ROWS[source.name]
    dates = sorted({r["published"] for r in rows} | {""})
    tried = refused = 0
    for row in (r for r in rows if _printed(source, r)):
        for date in dates:
            moved = {**row, "published": date}
            found = printed_date_problems(source, "t.csv", [moved])
            agrees = bool(date) and all(p.startswith(date) or date.startswith(p) for p in _printed(source, row))
            assert [(p.entry, p.field) for p in found] == ([] if agrees else [
                (row_entry(source.spec, moved), "published")]), (row, date)
            tried, refused = tried + 1, refused + (not agrees)
    assert tried > refused > 0


def test_a_bracketed_word_that_is_no_month_prints_no_date():
    source = next(s for s in SOURCES if s.name == "external_estimates")
    row = {"source": "NGO statement (Yokohama 2001); Steinfatt (March 2003)", "url": "x.org/2003/13/01/a",
           "published": "2003-03"}
    assert _printed(source, row) == ["2003-03"]
    assert printed_date_problems(source, "t.csv", [row]) == []


def test_the_build_refuses_steinfatts_2012_page_dated_2004(tmp_path, capsys):
    """The Steinfatt page (its citation prints 2012, its address /2012/11/01/) given the 2004 Phnom Penh Post
    article's date: exit 2, named on its published cell, nothing written."""
    from csecstats.cli import main
    from real_inputs import project_copy, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "external-estimates.csv"
    replace_once(path, 'Human Trafficking",2012-11-01,', 'Human Trafficking",2004-05-21,')
    assert main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 2
    assert (f"{path}: row 5 (sex_workers_and_trafficked_claimed 2001 Cambodia): published: 2004-05-21, but its "
            "source, 'Steinfatt, T. M. (2012) Calculating the Truth in H...', prints 2012: a row is published when "
            "its own citation says") in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
