"""A row's qualifier is what its quote says of its value: 'over 400' is a lower bound, 'about 2,000' is not
exact, a plainly stated count is no bound. Tried on every real row of the external and TIP tables."""
from __future__ import annotations

import functools
import hashlib

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import declared_sources
from csecstats.cli import main
from csecstats.inputs import paths
from csecstats.register.qualifiers import BOUND_WORDS, qualifier_problem, words_before
from real_inputs import project_copy, refused

OTHER = ("exact", "approximate", "lower_bound", "upper_bound")


@functools.lru_cache(maxsize=1)
def real_rows() -> list[tuple[str, str, float, str]]:
    """(id, quote, value, qualifier) of every row of the built external and TIP tables whose quote prints its value."""
    from fractions import Fraction
    found = []
    for source in declared_sources(paths.EXTERNAL, None)[0].declared:
        frame = pd.read_csv(paths.PROCESSED / f"{source.name}.csv", keep_default_na=False, na_values=[""])
        if "quote" not in frame or source.spec.get("denominators"):
            continue
        for key, quote, value, qualifier in zip(frame[source.id_column], frame["quote"], frame["value"],
                                                frame["qualifier"]):
            if value == value and words_before(quote, Fraction(value).limit_denominator(10**6)):
                found.append((key, quote, float(value), qualifier))
    return found


def test_every_real_row_is_qualified_as_its_quote_says():
    assert len(real_rows()) >= 77
    assert [(k, qualifier_problem(q, v, qual)) for k, q, v, qual in real_rows()
            if qualifier_problem(q, v, qual)] == []


@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_real_row_given_a_qualifier_its_quote_contradicts_is_refused(data):
    """Any real row re-qualified against its quote is refused: a plainly stated or hedged count called a bound
    (but 'up to', which also says 'risen to'), a bound called a count or the other bound."""
    key, quote, value, qualifier = data.draw(st.sampled_from(real_rows()), label="row")
    if qualifier in ("exact", "approximate"):
        contradicting = ["lower_bound"] + ([] if "up to" in quote.casefold() else ["upper_bound"])
    else:
        contradicting = [q for q in OTHER if q != qualifier]
    other = data.draw(st.sampled_from(contradicting), label="qualifier")
    assert qualifier_problem(quote, value, other) is not None, (key, other)


@pytest.mark.parametrize("quote, value, qualifier, refused", [
    ("police investigated over 400 trafficking cases", 400, "exact", "exact, but its quote prints 400 as a lower bound"),
    ("police investigated over 400 trafficking cases", 400, "lower_bound", None),
    ("with approximately 2,000 victims of", 2000, "exact", "exact, but its quote hedges 2000"),
    ("with approximately 2,000 victims of", 2000, "approximate", None),
    ("with approximately 2,000 victims of", 2000, "lower_bound", "lower_bound, but its quote prints 2000 without"),
    ("fewer than 50 convictions", 50, "approximate", "approximate, but its quote prints 50 as a upper bound"),
    ("the number was up to 20,000", 20000, "approximate", None),  # 'up to': also 'risen to'
    ("the number was up to 20,000", 20000, "upper_bound", None),
    ("81 percent of workers", 0.81, "lower_bound", "lower_bound, but its quote prints 0.81 without"),
    ("between 7,000 and 8,000", 7500, "lower_bound", None),  # a midpoint the quote does not print: value_problem's
])
def test_qualifier_against_the_words_before_the_value(quote, value, qualifier, refused):
    found = qualifier_problem(quote, value, qualifier)
    assert (found is None) if refused is None else found.startswith(refused), found


def test_an_annotated_qualifier_is_named_where_it_is_written(tmp_path, capsys):
    root = project_copy(tmp_path)
    rows = root / "data/raw/external_rows.yml"
    text = rows.read_text(encoding="utf-8")
    old = '    ext_indirect_sex_workers_cambodia_2006:\n      origin: "moh_nchads_estimates"\n      qualifier: "lower_bound"'
    assert old in text
    rows.write_text(text.replace(old, old.replace("lower_bound", "approximate")), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{rows}: external-estimates.csv: ext_indirect_sex_workers_cambodia_2006: qualifier: approximate, but "
            "its quote prints 7000 as a lower bound") in err


def test_a_tip_bound_called_exact_is_refused(tmp_path, capsys):
    root = project_copy(tmp_path)
    tip = root / "data/external" / paths.TIP_FILE.name
    text = tip.read_text(encoding="utf-8")
    old = "unit assumed,400,lower_bound"
    assert old in text
    tip.write_text(text.replace(old, "unit assumed,400,exact", 1), encoding="utf-8")
    sums = root / "data/external/SHA256SUMS"
    lines = [line for line in sums.read_text(encoding="utf-8").splitlines() if not line.endswith(f"  {tip.name}")]
    sums.write_text("\n".join([*lines, f"{hashlib.sha256(tip.read_bytes()).hexdigest()}  {tip.name}"]) + "\n",
                    encoding="utf-8")
    assert main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 2
    assert "row 1 (investigations_cases 2004 '2003'): qualifier: exact, but its quote prints 400 as a lower bound" \
        in capsys.readouterr().err


def test_every_annotated_row_given_every_qualifier_is_refused_exactly_when_its_published_bounds_disagree():
    """A range has a published low and high, a lower bound a low only, an upper bound a high only, any other
    qualifier neither: every row of a file declaring both bounds (the external estimates), given every qualifier,
    is refused on it for its bounds exactly then ('more than 7,000', low 7,000, never a range)."""
    from csecstats.analysis.external_rows import checked_rows
    from csecstats.analysis.row_lineage import PUBLISHED_BOUNDS, qualifier_problems
    from csecstats.analysis.external import stable_ids
    from real_inputs import project
    lineage, places, sources = project()
    qualifiers = ("exact", "approximate", "lower_bound", "upper_bound", "range", "derived")
    tried = 0
    for source in (s for s in sources.declared if {"low", "high"} <= set(s.spec.get("bounds") or {})):
        rows, raws, problems = checked_rows(source, places)
        assert problems == []
        ids = stable_ids(source.spec["ids"]["pattern"], rows, source.spec.get("rename", {}))
        notes = [dict(lineage.external[source.spec["data"]][i]) for i in ids]
        assert qualifier_problems(source, raws, rows, notes, ids) == []
        for i, row in enumerate(rows):
            given = (row["low"] is not None, row["high"] is not None)
            for qualifier in qualifiers:
                moved = [dict(n, qualifier=qualifier) if j == i else n for j, n in enumerate(notes)]
                found = [p for p in qualifier_problems(source, raws, rows, moved, ids) if "its file publishes" in
                         p.message]
                assert bool(found) == (PUBLISHED_BOUNDS.get(qualifier, (False, False)) != given), (ids[i], qualifier)
                assert all(p.entry.endswith(f": {ids[i]}") and p.field == "qualifier" for p in found), found
                tried += bool(found)
    assert tried >= 40


def test_the_build_refuses_more_than_7000_called_a_range(tmp_path, capsys):
    from real_inputs import replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "external_rows.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    ext_indirect_sex_workers_cambodia_2006:\n")
    block = text[start:text.index("\n    ext_", start + 10)]
    replace_once(path, block, block.replace('qualifier: "lower_bound"', 'qualifier: "range"'))
    err = refused(root, tmp_path / "out", capsys)
    assert "ext_indirect_sex_workers_cambodia_2006: qualifier: range, but its file publishes a low for it" in err
