"""A row dated by a year is of every year its description prints ('prostitutes at the end of 1992' is a 1992 row),
a publication's year ('published 2011') aside: the declaration's `dated` columns. Tried on every external estimate
given every other row's description, against the years each description was read by eye to print."""
from __future__ import annotations

import csv
import io

from real_inputs import project, project_copy, refused, replace_once

from csecstats.analysis.row_pages import dated_problems, row_entry

# Read by eye: the year each description of data/external/external-estimates.csv prints as the row's own (row 16's
# 'published 2011' is its publication's); the others print none.
DESCRIPTION_YEARS = {"prostitutes at the end of 1992": "1992", "2001 Yokohama Congress": "2001",
                     "(Steinfatt 2003)": "2003", "2003 national figure": "2003", "since 2000": "2000",
                     "(Steinfatt 2003; approximate)": "2003"}


def estimates():
    source = next(s for s in project()[2].declared if s.spec.get("dated"))
    rows = list(csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))))
    return source, [{**r, "_row": i} for i, r in enumerate(rows, start=1)]


def printed_year(description: str) -> str | None:
    return next((y for words, y in DESCRIPTION_YEARS.items() if words in description), None)


def test_every_row_given_another_rows_description_is_refused_exactly_when_it_prints_another_year():
    source, rows = estimates()
    assert source.spec["dated"] == ["definition"]
    assert dated_problems(source, "t.csv", rows) == []  # every real description speaks of its row's year
    assert sum(printed_year(r["definition"]) is not None for r in rows) == 8
    assert any("published 2011" in r["definition"] for r in rows)
    tried = 0
    for i, row in enumerate(rows):
        for other in rows:
            if other["definition"] == row["definition"]:
                continue
            moved = [dict(r, definition=other["definition"]) if j == i else r for j, r in enumerate(rows)]
            found = dated_problems(source, "t.csv", moved)
            year = printed_year(other["definition"])
            assert bool(found) == (year not in (None, row["year"])), (i, other["definition"])
            assert all(p.entry == row_entry(source.spec, moved[i]) and p.field == "year" for p in found)
            tried += bool(found)
    assert tried >= 100


def test_the_build_refuses_the_2003_national_estimate_described_as_of_1992(tmp_path, capsys):
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "external-estimates.csv"
    replace_once(data, "national estimate extrapolated from the counts (Steinfatt 2003)",
                 "prostitutes at the end of 1992, estimate of State of Cambodia public health officials")
    err = refused(root, tmp_path / "out", capsys)
    assert ": row 10 (sex_workers 2003 Cambodia): year: 2003, but its definition, 'prostitutes at the end of 1992, " \
           "estimate of State ...', speaks of 1992" in err
