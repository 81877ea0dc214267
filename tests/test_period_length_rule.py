"""A period is a year or part of one: a row of a table dated by its first and last day that spans more than a year
(more than ``YEAR_DAYS`` days, 25 December to 25 December across a leap day) has no period kind (a 'non calendar
year' of two years would be read as one year's count, and its rate per population as a yearly rate) and is refused
on its start. Every real row holds it; every row given another row's start or end is refused exactly when the
period it gets is longer than a year."""
from __future__ import annotations

import csv
import io
from datetime import date

from real_inputs import project, project_copy, refused, replace_once

from csecstats.analysis.external_rows import checked_rows, row_entry
from csecstats.tables.sources import YEAR_DAYS, period_kind


def dated_sources():
    return [s for s in project()[2].declared if "start" in (s.spec.get("period") or {})]


def test_the_longest_year_is_one_from_25_december_across_a_leap_day():
    assert period_kind(date(2015, 12, 25), date(2016, 12, 25)) == "non_calendar_year"  # 367 days, a real row's
    assert (date(2016, 12, 25) - date(2015, 12, 25)).days + 1 == YEAR_DAYS
    assert period_kind(date(2015, 12, 24), date(2016, 12, 25)) is None
    assert period_kind(date(2016, 1, 1), date(2017, 12, 31)) is None
    assert period_kind(date(2016, 1, 1), date(2016, 12, 31)) == "calendar_year"


def test_every_row_given_another_rows_start_or_end_is_refused_exactly_when_longer_than_a_year(tmp_path):
    places = project()[1]
    sources = dated_sources()
    assert sources
    checked = 0
    for source in sources:
        text = source.data.read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        start, end = source.spec["period"]["start"], source.spec["period"]["end"]
        variants = [{**r, field: v} for r in rows for field in (start, end) for v in sorted({x[field] for x in rows})
                    if v != r[field] and r[start if field == end else start] <= (v if field == end else r[end])
                    and (v if field == start else r[start]) <= r[end if field == start else end]]
        out = io.StringIO()
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + variants)
        data = tmp_path / source.data.name
        data.write_text(out.getvalue(), encoding="utf-8")
        problems = checked_rows(source, places, data=data, verify_fingerprint=False)[2]
        refused_rows = {p.entry for p in problems if p.field == start and "longer than a year" in p.message}
        for i, row in enumerate(rows + variants, start=1):
            days = (date.fromisoformat(row[end]) - date.fromisoformat(row[start])).days + 1
            entry = row_entry(source.spec, {**row, "_row": i})
            assert (entry in refused_rows) == (days > YEAR_DAYS), (entry, days)
            checked += days > YEAR_DAYS
    assert checked > 100


def test_the_build_refuses_a_years_count_given_the_year_before_too(tmp_path, capsys):
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "external-enforcement.csv"
    line = next(x for x in data.read_text(encoding="utf-8").splitlines() if x.startswith("victims_rescued,296,"))
    replace_once(data, line, line.replace(",2017-01-01,", ",2016-01-01,"))
    err = refused(root, tmp_path / "out", capsys)
    assert ": period_start: 2016-01-01..2017-12-31 spans 731 days: longer than a year, which no period kind " in err
