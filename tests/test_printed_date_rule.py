"""A row's published date is the one its own citation prints (a bracketed date in a publisher column, a date path
in its address): every real row agrees, and every real row given every date its file holds is refused exactly when
a date its citation prints disagrees."""
from __future__ import annotations

import pytest

from csecstats.analysis.external import declared_sources
from csecstats.analysis.row_pages import printed_date_problems, row_entry
from csecstats.inputs import paths
from csecstats.inputs.cells import read_csv

SOURCES = {s.name: s for s in declared_sources(paths.EXTERNAL, None)[0].declared if "published" in s.fields}
ROWS = {name: read_csv(s.data)[1] for name, s in SOURCES.items()}
# The dates the real citations print, read by eye: (source, address) -> dates its citation and address print.
PRINTED = {
    ("external_estimates", "acontrarioicl.com/2012/11/01/calculating-the-truth-in-human-trafficking/"):
        ["2012", "2012-11-01"],  # 'Steinfatt, T. M. (2012) ...'
    ("external_enforcement", "urdupoint.com/en/miscellaneous/cambodia-committed-to-cracking-down-on-human-1546264.html"):
        ["2022-08-12"],  # 'UrduPoint (12 Aug 2022): ...'
    ("external_enforcement", "asiaviews.net/cambodia-police-increasing-pressure-on-intl-human-trafficking-gangs"):
        ["2024-08-12"],  # 'Khmer Times via AsiaViews (12 Aug 2024): ...'
    ("population", "es.slideshare.net/roeunnakry/00000821"): ["2008-03"],  # '... (March 2008)'
    ("population", "cambodiaeconomy.site/2021/01/27/cambodian-population-increases-to-15-6-million/"):
        ["2021-01-27"],
}


def test_the_sources_and_rows_read_are_the_real_ones():
    assert sorted(SOURCES) == ["embassy_tip_submissions", "external_enforcement", "external_estimates", "population"]
    assert set(PRINTED) <= {(name, r["url"]) for name, rows in ROWS.items() for r in rows}
    assert [p for name, s in SOURCES.items() for p in printed_date_problems(s, "t.csv", ROWS[name])] == []


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_row_given_any_date_of_its_file_is_refused_exactly_when_its_citation_prints_another(name):
    """Each real row, given each published value its file holds (blank among them): refused on its published
    cell, once, exactly when it prints a date the value is neither a prefix of nor extends; a row printing no date
    takes any."""
    source, rows = SOURCES[name], ROWS[name]
    tried = refused = 0
    for row in rows:
        printed = PRINTED.get((name, row["url"]), [])
        for date in sorted({r["published"] for r in rows} | {""}):
            moved = {**row, "published": date}
            found = printed_date_problems(source, "t.csv", [moved])
            agrees = not printed or (bool(date) and all(p.startswith(date) or date.startswith(p) for p in printed))
            assert [(p.entry, p.field) for p in found] == ([] if agrees else [
                (row_entry(source.spec, moved), "published")]), (row["url"], date)
            tried, refused = tried + 1, refused + (not agrees)
    assert refused == 0 if name == "embassy_tip_submissions" else tried > refused > 0


def test_a_bracketed_word_that_is_no_month_prints_no_date():
    row = {**ROWS["external_estimates"][0], "source": "NGO statement (Yokohama 2001); Steinfatt (March 2003)",
           "url": "x.org/2003/13/01/a"}
    found = [printed_date_problems(SOURCES["external_estimates"], "t.csv", [{**row, "published": d}])
             for d in ("2003-03", "2003", "2001", "2003-13-01")]
    assert [len(f) for f in found] == [0, 0, 1, 1]
    assert found[2][0].message.endswith("prints 2003-03: a row is published when its own citation says")


def test_the_build_refuses_steinfatts_2012_page_dated_2004(tmp_path, capsys):
    """The Steinfatt page (its citation prints 2012, its address /2012/11/01/) given the 2004 Phnom Penh Post
    article's date: exit 2, named on its published cell, nothing written."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "external-estimates.csv"
    replace_once(path, 'Human Trafficking",2012-11-01,', 'Human Trafficking",2004-05-21,')
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: row 5 (sex_workers_and_trafficked_claimed 2001 Cambodia): published: 2004-05-21, but its "
            "source, 'Steinfatt, T. M. (2012) Calculating the Truth in H...', prints 2012: a row is published when "
            "its own citation says") in err
