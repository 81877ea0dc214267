"""A unit its words state is never 'not stated': a TIP or external row whose quote prints its value right before a
noun of a unit ('investigated 35 cases', '109 suspected traffickers') and whose unit is set to 'not stated' is
refused on its unit. Every real row holds it; rows whose quotes name no unit keep 'not stated'."""
from __future__ import annotations

import csv
import io

from csecstats.analysis.tip import check_row
from csecstats.inputs import paths
from csecstats.register.nouns import UNIT_NOUNS, nouns_after, unit_noun_problem


def tip_rows() -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8"))))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=2)]


def stated(row: dict) -> bool:
    return any(n in UNIT_NOUNS for n in nouns_after(row["quote"], int(row["value"])))


def test_every_real_tip_row_names_its_unit_where_its_quote_does():
    rows = tip_rows()
    assert sum(stated(r) for r in rows) >= 15 and any(r["unit"] == "not stated" for r in rows)
    for r in rows:
        assert not [p for p in check_row(str(paths.TIP_FILE), r) if p.field in ("unit", "value")], r["_row"]


def test_every_tip_row_whose_quote_states_its_unit_given_not_stated_is_refused_on_its_unit():
    tried = 0
    for r in tip_rows():
        lie = {**r, "unit": "not stated"}
        found = [(p.field, p.message) for p in check_row(str(paths.TIP_FILE), lie)
                 if p.field == "unit" and "but its quote prints it as" in p.message]
        assert bool(found) == stated(r), (r["_row"], found)
        tried += stated(r)
    assert tried >= 15


def test_the_rule_reads_nouns_for_both_units_and_leaves_an_unnamed_number_alone():
    assert unit_noun_problem("investigated 35 cases of trafficking", 35, "not stated").endswith(": cases")
    assert unit_noun_problem("convicted 20 trafficking offenders", 20, "noun_unstated").endswith(": persons")
    assert unit_noun_problem("compared to 69 prosecutions in 2015", 69, "not stated") is None
    assert unit_noun_problem("In 2003, the DATJP received 257, of which 177", 177, "noun_unstated") is None


def test_the_build_refuses_a_tip_row_whose_cases_are_said_unstated(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    text = path.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("2022,2021,prosecutions_cases,"))
    replace_once(path, line, line.replace(",cases,", ",not stated,", 1))
    err = refused(root, tmp_path / "out", capsys)
    assert ": unit: not stated, but its quote prints it as 64 cases: cases" in err, err
