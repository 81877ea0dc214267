"""A break the TIP table's own words speak of is declared: the 2021 report's 'coverage break vs earlier years'
and 'standard definitions', the 2017 report's 'comparable provisions', the 2022 report's 'ability to compare', a
row 'after' or 'pre-' the 2008 law. Tried on every break deleted and every break moved past the last report, and
through the build."""
from __future__ import annotations

import dataclasses
import functools

import pytest

from csecstats.analysis.tip import build_rows, load_breaks
from csecstats.analysis.tip_break_words import break_word_problems
from csecstats.inputs import paths
from csecstats.inputs.cells import read_csv
from real_inputs import project_copy, refused, replace_once

# Breaks whose words stand in the rows; counting_april_march is the counting rule's (analysis.tip.counting_problems),
# and various_sources_2015 rests on a source note no row prints.
SPOKEN_OF = {"law_2008", "provisions_2017", "other_crimes_2020", "all_provinces_2020", "no_database_2022"}


@functools.lru_cache(maxsize=1)
def table():
    raw = read_csv(paths.TIP_FILE)[1]
    breaks, readings = load_breaks()
    return raw, breaks, readings


def problems_with(breaks):
    raw, _, readings = table()
    rows, found = build_rows("tip.csv", raw, breaks, readings)
    assert found == []
    return break_word_problems("tip.csv", raw, rows, breaks)


def test_every_break_the_rows_speak_of_is_declared():
    assert problems_with(table()[1]) == []
    assert SPOKEN_OF < {b.id for b in table()[1]}


@pytest.mark.parametrize("gone", [b.id for b in load_breaks()[0]])
def test_a_deleted_break_is_refused_where_the_rows_speak_of_it(gone):
    problems = problems_with([b for b in table()[1] if b.id != gone])
    assert bool(problems) == (gone in SPOKEN_OF)
    assert all(p.path == "tip.csv" and p.entry.startswith("row ") and p.field in ("quote", "indicator_note", "caveat")
               for p in problems)


@pytest.mark.parametrize("moved", sorted(SPOKEN_OF))
def test_a_break_moved_away_from_its_rows_is_refused(moved):
    breaks = [dataclasses.replace(b, start=b.start.replace(year=2030) if b.scope == "period" else 2030, end=None)
              if b.id == moved else b for b in table()[1]]
    assert problems_with(breaks)


def test_the_build_refuses_the_all_provinces_break_deleted(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/breaks.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: all_provinces_2020\n")
    replace_once(path, text[start:text.index("  - id: no_database_2022\n")], "")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert len(lines) == 1 and lines[0].startswith(
        f"{root / 'data/external/tip-report-cambodia-enforcement.csv'}: row 23 (victims_identified 2021 ")
    assert ": caveat: says 'coverage break', but no declared break whose words say so holds a row of the 2021 " \
        "report" in lines[0]


def test_every_row_set_before_or_after_the_2008_law_is_refused_where_its_period_lies_on_the_other_side():
    """'before the 2008 anti-human trafficking law', 'pre-2008-law' and 'after the 2008 law' appended to each row's
    note in turn (the rule reads each row alone, placed in time as before): refused exactly where the row lies on
    the other side of the law's break (or straddles it)."""
    raw, breaks, readings = table()
    law = next(b for b in breaks if b.id == "law_2008")
    rows, _ = build_rows("tip.csv", raw, breaks, readings)
    refused_here = 0
    for words, after in (("before the 2008 anti-human trafficking law was enacted", False), ("pre-2008-law", False),
                         ("after the 2008 law was enacted", True)):
        for line, row in zip(raw, rows):
            note = f"{row.get('indicator_note') or ''} {words}".strip()
            found = [p for p in break_word_problems("tip.csv", [line], [{**row, "indicator_note": note}], breaks)
                     if p.field == "indicator_note"]
            if not row.get("period_start"):
                assert found == [], (line, words)
                continue
            inside = law.id in str(row.get("breaks") or "").split()
            holds = inside if after else str(row["period_start"]) < law.start.isoformat()
            assert bool(found) == (not holds), (line, words, row["period_start"], found)
            refused_here += bool(found)
    assert refused_here >= 30, refused_here


def test_the_build_refuses_the_2009_convictions_set_before_the_2008_law(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv",
                 "trafficking suspects convicted; after the 2008 anti-human trafficking law was enacted",
                 "trafficking suspects convicted; before the 2008 anti-human trafficking law was enacted")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/external/tip-report-cambodia-enforcement.csv'}: row 2 (convictions 2009 'April 2008-March "
            "2009'): indicator_note: sets it before the 2008 law, but no declared period break beginning in 2008 has "
            "it after it") in err
