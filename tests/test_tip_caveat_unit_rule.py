"""A TIP row's caveat saying its unit is not stated goes with a row of unit 'not stated', and such a row's caveat
says so. Tried on every real row given every unit the table uses, every row given every real caveat, and through
the build."""
from __future__ import annotations

import csv
import io
import re

from csecstats.analysis.tip_caveat_words import caveat_unit_problems
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


def raw() -> list[dict]:
    return [{**r, "_row": n} for n, r in enumerate(csv.DictReader(io.StringIO(
        paths.TIP_FILE.read_text(encoding="utf-8"))), start=1)]


def _says(caveat: str) -> bool:
    return bool(re.search(r"unit (is )?not stated", caveat, re.IGNORECASE))


def test_every_row_given_every_unit_and_every_caveat():
    rows = raw()
    assert caveat_unit_problems("t.csv", rows) == []
    units, caveats = sorted({r["unit"] for r in rows}), sorted({r["caveat"] for r in rows})
    assert "not stated" in units and sum(map(_says, caveats)) >= 3
    tried = refused_here = 0
    for i, row in enumerate(rows):
        for field, values in (("unit", units), ("caveat", caveats)):
            for value in values:
                changed = [dict(r) for r in rows]
                changed[i][field] = value
                found = caveat_unit_problems("t.csv", changed)
                expected = _says(changed[i]["caveat"]) != (changed[i]["unit"] == "not stated")
                assert len(found) == expected, (i, field, value)
                tried += 1
                refused_here += expected
    assert refused_here >= 100, (tried, refused_here)


def test_the_build_refuses_the_44_convictions_given_persons_under_a_caveat_saying_no_unit_is_stated(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    replace_once(path, "2014,2012,convictions,prior-year comparison figure,44,exact,not stated,",
                 "2014,2012,convictions,prior-year comparison figure,44,exact,persons,")
    err = refused(root, tmp_path / "out", capsys)
    assert "unit: 'persons', but its caveat says its unit is not stated" in err, err
