"""One passage, every number read (`analysis.row_passages`): a quote that gives two rows or more has each number it
prints read by one of them, or made by its own words (a percentage of two counts it prints, a change, a year, the
day of a date). Tried on every row of every real passage dropped, on generated passages, and through the build."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from csecstats.analysis.row_passages import passage_number_problems, unread_numbers
from csecstats.inputs import paths
from real_inputs import project, project_copy, raw_rows, refused, replace_once


def _tables() -> list[tuple[str, list[str], list[dict]]]:
    """(name, value columns, rows) of every declared source and of the TIP table."""
    out = [(s.name, list((s.spec.get("bounds") or {"value": "value"}).values()), raw_rows(s)) for s in project()[2].declared]
    tip = list(csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8"))))
    return [*out, ("tip", ["value"], [{**r, "_row": i} for i, r in enumerate(tip, start=1)])]


def _passages(rows: list[dict]) -> list[list[dict]]:
    found = defaultdict(list)
    for row in rows:
        found[" ".join(row["quote"].split())].append(row)
    return [group for group in found.values() if len(group) >= 2]


def _entry(row: dict) -> str:
    return f"row {row['_row']}"


def test_every_real_passage_reads_every_number_it_prints():
    tables = _tables()
    assert sum(len(_passages(rows)) for _, _, rows in tables) >= 20
    for name, columns, rows in tables:
        assert passage_number_problems(name, rows, columns, _entry) == [], name


def test_every_row_dropped_from_a_real_passage_is_refused_exactly_when_no_other_row_of_it_reads_its_number():
    """Where one row is left, the quote gives one row and the rule does not speak (a quote of one row may print
    numbers it does not read: '92 cases - 65 of them sex-trafficking incidents')."""
    tried = refused_count = 0
    for name, columns, rows in _tables():
        for passage in _passages(rows):
            for dropped in passage:
                kept = [r for r in rows if r is not dropped]
                others = {Fraction(str(r[c]).replace(",", "")) for r in passage if r is not dropped for c in columns
                          if str(r.get(c) or "").strip()}
                expected = len(passage) > 2 and Fraction(dropped[columns[0]].replace(",", "")) not in others
                found = passage_number_problems(name, kept, columns, _entry)
                assert bool(found) == expected, (name, dropped["_row"], found)
                tried += 1
                refused_count += bool(found)
    assert tried >= 50 and refused_count >= 40


@settings(max_examples=200, deadline=None, derandomize=True)
@given(part=st.integers(1, 10**6), more=st.integers(1, 10**6), year=st.integers(1990, 2024),
       day=st.integers(1, 28), month=st.sampled_from(["January", "March", "October"]), change=st.integers(1, 99))
def test_a_generated_passage_leaves_unread_exactly_the_counts_no_row_reads(part, more, year, day, month, change):
    whole = part + more
    quote = (f"On {month} {day}, {year}, {whole:,} people were counted, of whom {part:,} "
             f"({part / whole * 100:.1f} percent) were children, a {change} percent increase")
    assert unread_numbers(quote, {Fraction(whole), Fraction(part)}) == []
    assert unread_numbers(quote, {Fraction(whole)}) == [f"{part:,}"]
    assert unread_numbers(quote, {Fraction(part)}) == [f"{whole:,}"]
    share = part / whole * 100
    other = f"{share + 7.3 if share < 50 else share - 7.3:.1f} percent"  # a share no two of its counts make
    unmade = f"{quote[:quote.index('(')]}({other}) were children"
    assert unread_numbers(unmade, {Fraction(whole), Fraction(part)}) == [other]


def test_the_build_refuses_the_embassys_cambodian_share_dropped_from_its_cable_paragraph(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "us-embassy-tip-submissions.csv"
    line = next(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                if l.startswith("09PHNOMPENH114") and ",Steinfatt 2003,share_cambodian," in l)
    replace_once(path, line, "")
    err = refused(root, tmp_path / "out", capsys)
    assert ("(09PHNOMPENH114 sex_workers 2003): quote: its quote gives 2 rows but prints 65.6 percent, which none of "
            "them reads") in err, err


def test_the_build_refuses_the_tip_2021_reports_2019_victims_dropped_from_its_sentence(tmp_path, capsys):
    """The TIP table is read by its own reading (`analysis.tip`): the rule runs there too."""
    root = project_copy(tmp_path)
    path = root / "data" / "external" / paths.TIP_FILE.name
    line = next(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                if l.startswith("2021,2019,victims_identified,sex trafficking"))
    replace_once(path, line, "")
    err = refused(root, tmp_path / "out", capsys)
    assert "quote: its quote gives 4 rows but prints 76, which none of them reads" in err, err
