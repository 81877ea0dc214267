"""A count kept April to March stands inside a declared counting break: with the break deleted from breaks.yml the
April-March rows would be joined with calendar years' counts in one series, so each of them is refused instead,
naming its period. The real breaks file declares the counting every real row is read in."""
from __future__ import annotations

import csv
import io

from csecstats.analysis.tip import counting_problems
from csecstats.analysis.tip_periods import resolve_period, row_entry
from csecstats.inputs import paths
from csecstats.register.breaks import COUNTINGS, load_breaks


def raw() -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8"))))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=2)]


def test_every_counting_a_real_row_is_read_in_is_declared():
    breaks, readings = load_breaks()
    assert counting_problems(str(paths.TIP_FILE), raw(), breaks, readings) == []


def test_each_counting_break_removed_leaves_exactly_its_rows_refused():
    breaks, readings = load_breaks()
    rows = raw()
    counted = {b.start for b in breaks if b.scope == "counting"}
    assert counted and counted <= set(COUNTINGS)
    for counting in counted:
        kept = [b for b in breaks if not (b.scope == "counting" and b.start == counting)]
        found = counting_problems(str(paths.TIP_FILE), rows, kept, readings)
        read_so = [row_entry(r) for r in rows if (p := resolve_period(r, rows, readings)[0]) and p.kind == counting]
        assert len(read_so) >= 2  # the 2009 report's April-March count and the year before it
        assert [(p.entry, p.field) for p in found] == [(e, "period_covered") for e in read_so], counting
        assert all("no break of the breaks file declares that counting" in p.message for p in found)
    other = [b for b in breaks if b.scope != "counting"]
    assert len(counting_problems(str(paths.TIP_FILE), rows, other, readings)) >= 2  # the period breaks are no counting


def test_the_build_refuses_the_april_march_counts_once_their_break_is_deleted(tmp_path, capsys):
    from real_inputs import project_copy, refused
    root = project_copy(tmp_path)
    path = root / "data/raw/breaks.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: counting_april_march\n")
    path.write_text(text[:start] + text[text.index("  - id:", start + 5):], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert ": period_covered: 'April 2008-March 2009' is counted april-march, but no break" in err, err
