"""One quote of one date is one account of one status: the 2004 survey's females are never 'other estimate'
beside its total and males. Tried on every population account given every other real status, and through the
build."""
from __future__ import annotations

import functools

from csecstats.analysis.external import read_source
from csecstats.analysis.population_words import one_status_problems
from csecstats.inputs import frames
from real_inputs import project, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def accounts() -> list[dict]:
    lineage, places, sources = project()
    source = next(s for s in sources.declared if s.spec.get("denominators"))
    frame, problems = read_source(source, places, lineage)
    assert problems == []
    return [{**row, "entry": row["population_id"]} for row in frames.records(frame)]


def test_every_account_given_every_other_status():
    rows = accounts()
    assert one_status_problems("p.csv", rows) == []
    statuses = sorted({r["status"] for r in rows})
    tried = 0
    for i, row in enumerate(rows):
        kin = [r for r in rows if r["quote"] == row["quote"] and r["reference_date"] == row["reference_date"]]
        for status in (s for s in statuses if s != row["status"]):
            moved = [dict(r, status=status) if j == i else r for j, r in enumerate(rows)]
            found = one_status_problems("p.csv", moved)
            if len(kin) >= 3:
                assert [(p.entry, p.field) for p in found] == [(row["entry"], "status")], (row["entry"], status)
            else:
                assert bool(found) == (len(kin) == 2), (row["entry"], status)
            tried += len(kin) >= 2
    assert tried >= 60


def test_the_build_refuses_the_2004_survey_females_called_another_estimate(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/cambodia-population.csv",
                 "2004,Cambodia,female,6627000,approximate,persons,inter-censal population survey 2004,",
                 "2004,Cambodia,female,6627000,approximate,persons,other estimate (not a census),")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert len(lines) == 1 and lines[0].startswith(f"{root / 'data/external/cambodia-population.csv'}: ")
    assert lines[0].endswith(": status: 'other estimate (not a census)', but the rows of its quote for 2004 are of "
                             "'inter-censal population survey 2004': one quote, one account")
