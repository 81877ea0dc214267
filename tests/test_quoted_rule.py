"""A row's quote names the study it rests on (the declaration's ``quoted`` columns): every embassy row given the
other study is refused on its study cell."""
from __future__ import annotations

import csv
import io

import pytest

from csecstats.analysis.external import declared_sources
from csecstats.analysis.external_rows import quoted_problems, row_entry
from csecstats.inputs import paths

EMBASSY = next(s for s in declared_sources(paths.EXTERNAL, None)[0].declared if s.spec.get("quoted"))
ROWS = [{**r, "_row": n} for n, r in enumerate(csv.DictReader(io.StringIO(EMBASSY.data.read_text(encoding="utf-8"))),
                                                start=1)]
STUDIES = sorted({r["study"] for r in ROWS})


def test_every_real_row_names_its_study():
    assert EMBASSY.spec["quoted"] == ["study"] and len(STUDIES) == 2
    assert quoted_problems(EMBASSY, "t.csv", ROWS) == []


@pytest.mark.parametrize("index", range(len(ROWS)))
def test_a_row_given_the_other_study_is_refused(index):
    row = ROWS[index]
    other = next(s for s in STUDIES if s != row["study"])
    found = quoted_problems(EMBASSY, "t.csv", [{**row, "study": other}])
    assert [(p.entry, p.field) for p in found] == [(row_entry(EMBASSY.spec, row), "study")]
