"""A row whose period is given by its first and last dates ends no later than the day the account reporting it was
published (a count 'in the first nine months' of 2008, reported on 9 December, never runs to 31 December); a
period given by its year alone keeps to the year (a fact sheet of March 2008 may give the population of 2008).
Tried on every dated row of the declared sources with its end moved, and through the build."""
from __future__ import annotations

import csv
import datetime as dt
import io

from csecstats.inputs import paths
from csecstats.register.rules import period_problems
from real_inputs import project, project_copy, refused, replace_once


def _dated_rows() -> list[tuple[str, dict]]:
    found = []
    for source in project()[2].declared:
        period = source.spec.get("period") or {}
        if "start" not in period:
            continue
        for raw in csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))):
            if raw.get("published", "").count("-") == 2:
                found.append((source.data.name, {"start": raw[period["start"]], "end": raw[period["end"]],
                                                 "published": raw["published"], "quote": raw["quote"]}))
    return found


def _ends(row: dict, field: str = "period_end", **kw) -> list:
    return [p for p in period_problems("t.csv", "e", row["start"], row["end"], quote=row["quote"],
                                       published=row["published"], by="the account reporting it", field=field, **kw)
            if "after the account reporting it was published" in p.message]


def test_every_dated_row_with_its_end_moved_past_its_publication_day():
    rows = _dated_rows()
    assert len(rows) >= 12  # the external enforcement table's rows with a publication date
    tried = refused_here = 0
    for name, row in rows:
        assert _ends(row, to_the_day=True) == [], (name, row)
        published = dt.date.fromisoformat(row["published"])
        for end in (published, published + dt.timedelta(days=1), dt.date(published.year, 12, 31)):
            if end < dt.date.fromisoformat(row["start"]):
                continue
            moved = {**row, "end": end.isoformat()}
            expected = end > published
            assert bool(_ends(moved, to_the_day=True)) == expected, (name, row, end)
            assert _ends(moved) == []  # by the year alone, the same year is never after it
            tried += 1
            refused_here += expected
    assert tried >= 35 and refused_here >= 20, (tried, refused_here)


def test_the_build_refuses_nine_months_of_2008_run_to_the_end_of_the_year(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/external-enforcement.csv", "cases_to_court,75,cases,2008-01-01,2008-09-30,",
                 "cases_to_court,75,cases,2008-01-01,2008-12-31,")
    err = refused(root, tmp_path / "out", capsys)
    assert ("period_end: ends 2008-12-31 after the account reporting it was published (2008-12-09)") in err, err
