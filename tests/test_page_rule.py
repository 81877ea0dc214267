"""One page, one account: rows read from the same web page give the same publisher and the same publication date.
Every real declared source holds it; a row given another row's publisher or date is refused, naming it."""
from __future__ import annotations

import csv
import functools
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import declared_sources
from csecstats.analysis.row_pages import page_problems, row_entry
from csecstats.inputs import paths


@functools.lru_cache(maxsize=1)
def sources():
    return [s for s in declared_sources(paths.EXTERNAL, None)[0].declared if s.spec.get("addresses")]


def raws(source) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=1)]


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
