"""A row whose quote counts within another row's number of its page ('The 92 cases saved 244 victims') covers that
row's period. Tried on every row of every declared source given every period bound of its page's rows, and through
the build."""
from __future__ import annotations

import functools

from csecstats.analysis.external_rows import checked_rows
from csecstats.analysis.row_periods import referred_problems
from real_inputs import project, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def sources_read():
    _, places, sources = project()
    found = []
    for source in (s for s in sources.declared if not s.spec.get("reading")):
        raws = checked_rows(source, places)[1]
        found.append((source, raws))
    return found


def test_every_row_given_another_bound_is_refused_where_its_quote_counts_within_another_row():
    tried = refused_here = 0
    for source, raws in sources_read():
        assert referred_problems(source, "d.csv", raws) == []
        for i, raw in enumerate(raws):
            referred = "The 92 cases" in raw.get("quote", "")  # the one such quote of the real rows
            for column in (source.spec.get("period") or {}).values():
                for value in sorted({r[column] for r in raws} - {raw[column]}):
                    moved = [dict(r, **{column: value}) if j == i else r for j, r in enumerate(raws)]
                    found = referred_problems(source, "d.csv", moved)
                    tried += 1
                    refused_here += bool(found)
                    if referred:
                        assert [p.field for p in found] == [column], (raw["_row"], column, value)
                    elif not any(f"the {r['value']}" in r["quote"].lower() for r in raws if r is not raw):
                        assert found == [], (raw["_row"], column, value)
    assert tried >= 500 and refused_here >= 20


def test_the_build_refuses_the_saved_victims_dated_from_december_2016(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/external-enforcement.csv", "victims_rescued,244,persons,2015-12-25,",
                 "victims_rescued,244,persons,2016-12-25,")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    row = f"{root / 'data/external/external-enforcement.csv'}: row 5 (victims_rescued 2016-12-25/2016-12-25 Cambodia)"
    assert lines == [f"{row}: period_start: 2016-12-25 to 2016-12-25, 1 day, but its words say it is a year: a period "
                     "lasts a year unless its row says it is part of one ('first six months')",
                     f"{row}: period_start: 2016-12-25, but its quote counts within the 92 of row 4 (cases "
                     "2015-12-25/2016-12-25 Cambodia), whose start is 2015-12-25"]
