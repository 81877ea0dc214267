"""A number printed bare counts what its sentence last names: "18 cases led to convictions, 10 for sex trafficking
and eight for labor trafficking" (10 and eight are cases), "a mounting number of traffickers convicted, from 43 in
2015 to at least 100 in 2016" (persons). A TIP row given another unit, or none, is refused on its unit. Tried on
every real TIP row with every unit."""
from __future__ import annotations

import csv
import io

from csecstats.analysis.tip import UNITS, check_row
from csecstats.inputs import paths
from csecstats.register.nouns import UNIT_NOUNS, counted_among, nouns_after, unit_noun_problem
from real_inputs import project_copy, refused, replace_once


def tip_rows() -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8"))))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=1)]


def inherited(row: dict, unit: str) -> bool:
    """Whether the row's value is printed bare among a noun of another unit than ``unit`` (and after no noun)."""
    value = int(row["value"])
    if any(n in UNIT_NOUNS for n in nouns_after(row["quote"], value)):
        return False
    counted = {UNIT_NOUNS[n] for n, _ in counted_among(row["quote"], value)}
    return bool(counted) and unit not in counted


def test_every_real_tip_row_counts_in_the_unit_its_sentence_names():
    rows = tip_rows()
    assert sum(bool(counted_among(r["quote"], int(r["value"]))) for r in rows) >= 8
    for r in rows:
        assert not [p for p in check_row(str(paths.TIP_FILE), r) if p.field in ("unit", "value")], r["_row"]


def test_every_tip_row_given_another_unit_than_its_sentence_names_is_refused_on_its_unit():
    tried = 0
    for r in tip_rows():
        for unit in (u for u in UNITS if u != r["unit"]):
            lie = {**r, "unit": unit}
            found = [p for p in check_row(str(paths.TIP_FILE), lie)
                     if p.field == "unit" and "among the" in p.message]
            assert bool(found) == inherited(r, unit), (r["_row"], unit, found)
            tried += bool(found)
    assert tried >= 10


def test_the_noun_read_is_the_sentence_s_last_and_an_other_noun_names_none():
    quote = "Of these, just 18 cases led to convictions, 10 for sex trafficking and eight for labor trafficking"
    assert [n for n, _ in counted_among(quote, 8)] == ["cases"]
    assert counted_among("In 2017, authorities made 203 arrests for such crimes – up from 113 in 2016", 113) == []
    assert counted_among("investigated 35 cases in 2013. The 10 were", 10) == []  # not bare, and another sentence
    assert unit_noun_problem("by the time the UN's 15,000 troops left town there were more than 20,000", 20000,
                             "persons") is None


def test_the_build_refuses_eight_of_18_cases_called_persons(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    line = next(l for l in path.read_text(encoding="utf-8").splitlines() if ",labor trafficking only,8," in l)
    replace_once(path, line, line.replace(",exact,cases,", ",exact,persons,", 1))
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: row 11 (convictions 2014 '2013'): unit: persons, but its quote counts 8 among the cases its "
            "sentence names before it ('cases led to convictions, 10 for sex trafficking and eight'): cases") in err, err


def test_the_build_refuses_at_least_100_traffickers_said_unstated(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    line = next(l for l in path.read_text(encoding="utf-8").splitlines()
                if l.startswith("2017,2016,convictions,,100,"))
    replace_once(path, line, line.replace(",lower_bound,persons,", ",lower_bound,not stated,", 1))
    err = refused(root, tmp_path / "out", capsys)
    assert ": row 22 (convictions 2017 '2016'): unit: not stated, but its quote counts 100 among the traffickers" \
        in err, err
