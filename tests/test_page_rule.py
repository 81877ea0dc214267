"""One page, one account: rows read from the same web page give the same publisher and the same publication date.
Every real declared source holds it; a row given another row's publisher or date is refused, naming it."""
from __future__ import annotations

import csv
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.row_pages import page_problems, row_entry
from real_inputs import addressed_sources, raw_rows


sources, raws = addressed_sources, raw_rows  # the sources read from web addresses, each one's rows as read


@functools.lru_cache(maxsize=1)
def swaps() -> list[tuple[str, int, str, str]]:
    """(source, row index, page fact, another value of it) for every row whose page other rows were read from."""
    found = []
    for s in sources():
        rows, facts = raws(s), [c for c in [*s.spec.get("publishers", []), "published"] if c in s.fields]
        for i, r in enumerate(rows):
            siblings = [x for j, x in enumerate(rows) if j != i and any(x[a] == r[a] for a in s.spec["addresses"])]
            if siblings:
                found += [(s.name, i, c, v) for c in facts for v in sorted({x[c] for x in rows}) if v != r[c]]
    return found


def test_every_real_page_gives_one_account():
    assert all(page_problems(s, str(s.data), raws(s)) == [] for s in sources())
    assert len(swaps()) > 100


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_row_given_another_publisher_or_date_than_its_page_is_refused(data):
    name, i, column, value = data.draw(st.sampled_from(swaps()), label="swap")
    source = next(s for s in sources() if s.name == name)
    rows = raws(source)
    rows[i] = {**rows[i], column: value}
    found = page_problems(source, "t.csv", rows)
    assert found and {p.field for p in found} == {column}
    entry = row_entry(source.spec, rows[i])  # named, or named as the page's first row the others differ from
    assert any(p.entry == entry or f"but {entry} read from the same page" in p.message for p in found)


def test_a_declared_page_fact_is_one_per_page():
    embassy = next(s for s in sources() if s.name == "embassy_tip_submissions")
    assert embassy.spec["page"] == ["published", "written", "cable"]
    rows = raws(embassy)
    rows[1] = {**rows[1], "written": "2009-02-20"}  # the cable's second row dated a day later
    found = page_problems(embassy, "t.csv", rows)
    assert [(p.entry, p.field) for p in found] == [(row_entry(embassy.spec, rows[1]), "written")]


@functools.lru_cache(maxsize=1)
def passage_swaps() -> list[tuple[str, int, str, str]]:
    """(source, row index, passage column, another value of it) for every row whose quote another row of its page
    shares."""
    found = []
    for s in sources():
        rows = raws(s)
        for i, r in enumerate(rows):
            if any(j != i and x["quote"] == r["quote"] and any(x[a] == r[a] for a in s.spec["addresses"])
                   for j, x in enumerate(rows)):
                found += [(s.name, i, c, v) for c in s.spec.get("passage", []) for v in sorted({x[c] for x in rows})
                          if v != r[c]]
    return found


def test_every_row_given_another_place_in_its_page_than_its_quote_is_refused():
    assert len(passage_swaps()) == 11  # each embassy row: its quote is another row's too, and the other paragraph
    for name, i, column, value in passage_swaps():
        source = next(s for s in sources() if s.name == name)
        rows = raws(source)
        rows[i] = {**rows[i], column: value}
        found = page_problems(source, "t.csv", rows)
        assert {p.field for p in found} == {column}
        entry = row_entry(source.spec, rows[i])
        assert any((p.entry == entry or f"but {entry} with the same quote" in p.message)
                   and "one quote, one place in its page" in p.message for p in found)


def test_the_build_refuses_a_cable_row_moved_to_another_paragraph_than_its_quote(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "us-embassy-tip-submissions.csv"
    line = next(x for x in data.read_text(encoding="utf-8").splitlines() if ",share_cambodian," in x
                and x.startswith("10PHNOMPENH138"))
    replace_once(data, line, line.replace(",2A,", ",1A,"))
    err = refused(root, tmp_path / "out", capsys)
    assert ": row 5 (10PHNOMPENH138 share_cambodian 1997): paragraph: '1A', but row 4 " in err
    assert "with the same quote gives '2A': one quote, one place in its page" in err


def test_a_period_given_another_rows_start_or_end_is_refused_on_a_day_its_page_never_prints():
    """Every row of every source dated by a first and a last day, given every other row's start and end in turn
    (exhaustively): refused on that column exactly when the day lies inside its month (not a month's first day for
    a start, nor its last for an end) and no row of its page prints it ('December 25, 2015, to December 25'): the
    NCCT's 298 victims rescued in 2016 given the police's 25 December end is refused."""
    import calendar
    from csecstats.analysis.row_periods import day_problems
    dated = [s for s in sources() if sorted(s.spec.get("period", {})) == ["end", "start"]]
    assert dated and all(day_problems(s, "d.csv", raws(s)) == [] for s in dated)
    months = "january february march april may june july august september october november december".split()
    refused_count = 0
    for source in dated:
        rows = raws(source)
        for i, row in enumerate(rows):
            page = " ".join(v for r in rows if r["url"] == row["url"] for k, v in r.items()
                            if isinstance(v, str) and k not in ("period_start", "period_end"))
            for bound in ("start", "end"):
                column = source.spec["period"][bound]
                for other in sorted({r[column] for r in rows} - {row[column]}):
                    changed = [dict(r) for r in rows]
                    changed[i][column] = other
                    found = day_problems(source, "d.csv", changed)
                    year, month, day = map(int, other.split("-"))
                    edge = 1 if bound == "start" else calendar.monthrange(year, month)[1]
                    name = months[month - 1]
                    printed = f"{name} {day}" in page.casefold() or f"{day} {name}" in page.casefold()
                    expected = [(row_entry(source.spec, changed[i]), column)] if day != edge and not printed else []
                    assert [(p.entry, p.field) for p in found] == expected, (i, column, other)
                    refused_count += bool(found)
    assert refused_count >= 20


def test_the_build_refuses_a_year_of_rescues_ended_on_the_police_year_end(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "external-enforcement.csv"
    replace_once(data, "victims_rescued,298,persons,2016-01-01,2016-12-31,", "victims_rescued,298,persons,2016-01-01,2016-12-25,")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{data}: row 9 (victims_rescued 2016-01-01/2016-12-25 Cambodia): period_end: 2016-12-25, a day inside "
            "its month, but no row of its page prints 25 December") in err


def test_a_period_lasts_a_year_unless_its_row_says_it_is_part_of_one():
    """Every row of a source dated by a start and an end given every other start and every other end of its table
    (exhaustively): refused on its start exactly when the period, in months (days / 30.44, rounded), is not 12
    and its row's words name no part of a year of that many months ('first nine months only'), or they name one
    and it is not that long; the police's 124 arrests 'in 2016' given one day among them."""
    import datetime as dt
    import re
    from csecstats.analysis.row_periods import length_problems
    dated = [s for s in sources() if sorted(s.spec.get("period", {})) == ["end", "start"]]
    assert dated and all(length_problems(s, "d.csv", raws(s)) == [] for s in dated)
    numbers = {"three": 3, "six": 6, "nine": 9}
    refused_count = tried = 0
    for source in dated:
        rows = raws(source)
        for i, row in enumerate(rows):
            words = " ".join(v for k, v in row.items() if isinstance(v, str) and k not in ("period_start", "period_end"))
            said = {numbers[w] for w in re.findall(r"first (three|six|nine) months", words)} | (
                {6} if re.search(r"\bhalf\b", words, re.IGNORECASE) else set())
            for bound in ("start", "end"):
                column = source.spec["period"][bound]
                for other in sorted({r[column] for r in rows} - {row[column]}):
                    changed = [dict(r) for r in rows]
                    changed[i][column] = other
                    start, end = (dt.date.fromisoformat(changed[i][c]) for c in ("period_start", "period_end"))
                    if end < start:
                        continue  # a period ending before it starts: the schema's rule
                    found = length_problems(source, "d.csv", changed)
                    months = round(((end - start).days + 1) / 30.44)
                    wrong = months not in said if said else months != 12
                    assert [(p.entry, p.field) for p in found] == (
                        [(row_entry(source.spec, changed[i]), "period_start")] if wrong else []), (i, column, other)
                    tried += 1
                    refused_count += wrong
    assert refused_count >= 100 and tried > refused_count, (refused_count, tried)


def test_the_build_refuses_the_arrests_in_2016_given_one_day(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "external-enforcement.csv"
    replace_once(data, "suspects_arrested,124,persons,2015-12-25,", "suspects_arrested,124,persons,2016-12-25,")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{data}: row 6 (suspects_arrested 2016-12-25/2016-12-25 Cambodia): period_start: 2016-12-25 to "
            "2016-12-25, 1 day, but its words say it is a year: a period lasts a year unless its row says it is part "
            "of one ('first six months')") in err
    assert not (tmp_path / "out").exists()
