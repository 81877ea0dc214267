"""Findings that are flagged, never refused: near-duplicates and modelling judgements, printed by `validate` and
`build` on stderr as `PATH: ENTRY: FIELD: warning: message`, with the exit code unchanged.

The properties copy a real row of a real table (the figure register, every declared source) under a new id with
its quote reworded, the way a curator adding the same count from a second account would, and expect a warning
naming the file, the new id and the field.
"""
from __future__ import annotations

import functools
import shutil

import pandas as pd
import pytest
import yaml_c
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from csecstats import cli
from csecstats.analysis.external import declared_sources
from csecstats.inputs import paths
from csecstats.inputs.errors import InputWarning, Problem, warn_all
from csecstats.inputs.fingerprint import sha256_file
from csecstats.register import documents, identity
from real_inputs import refused

FEW = settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
               suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.PROCESSED / f"{name}.csv", keep_default_na=False, na_values=[""])


@functools.lru_cache(maxsize=1)
def _tables() -> tuple:
    """(input file, built frame, id column, indicator column) of the register and of every declared source."""
    return ((paths.REGISTER_FILE, _read("figures"), "figure_id", "indicator"),
            *((s.data, frame, column, indicator) for s, frame, column, indicator in _sources_and_frames()))


def _dated(frame: pd.DataFrame, indicator: str) -> list[int]:
    """Rows with a value, a period and an origin: the ones a near-duplicate can repeat."""
    key = frame[[indicator, *documents.NEAR_KEY]]
    return [int(i) for i in key.index[key.notna().all(axis=1)]]


@FEW
@given(data=st.data(), words=st.sampled_from(["As another account puts it: ", "Reported again: ", "Also: "]))
def test_a_real_row_copied_under_a_new_id_in_other_words_is_flagged(data, words):
    where, frame, id_column, indicator = data.draw(st.sampled_from(_tables()), label="table")
    n = data.draw(st.sampled_from(_dated(frame, indicator)), label="row")
    copy = frame.iloc[[n]].copy()
    new_id = f"{frame.iloc[n][id_column]}_again"
    copy[id_column] = new_id
    copy["quote"] = words + copy["quote"]
    found = documents.near_duplicate_findings([(where, pd.concat([frame, copy], ignore_index=True), id_column,
                                                indicator)])
    mine = [p for p in found if p.entry == new_id]
    assert [(p.path, p.field) for p in mine] == [(str(where), "value")], found
    assert f"near-duplicate of {frame.iloc[n][id_column]}" in mine[0].message


@FEW
@given(data=st.data())
def test_a_row_differing_in_value_period_indicator_or_origin_is_not_flagged(data):
    """Change one part of the key of the copy: it states something else, and nothing is flagged for it."""
    where, frame, id_column, indicator = data.draw(st.sampled_from(_tables()), label="table")
    n = data.draw(st.sampled_from(_dated(frame, indicator)), label="row")
    part = data.draw(st.sampled_from([indicator, *documents.NEAR_KEY]), label="changed")
    copy = frame.iloc[[n]].copy().astype({part: object})
    copy[id_column] = "another_row"
    copy[part] = copy[part].iloc[0] * 3 + 1 if part == "value" else "9999-12-31" if "period" in part else "other"
    found = documents.near_duplicate_findings([(where, pd.concat([frame, copy], ignore_index=True), id_column,
                                                indicator)])
    assert "another_row" not in {p.entry for p in found}


def test_a_key_without_a_value_or_a_period_matches_nothing():
    rows = [("a", ("share", 0.5, None, None, "o")), ("b", ("share", 0.5, None, None, "o")),
            ("c", ("share", float("nan"), "2003-01-01", "2003-12-31", "o")),
            ("d", ("share", float("nan"), "2003-01-01", "2003-12-31", "o"))]
    assert identity.near_duplicates("x.yml", rows) == []


def test_an_input_warning_prints_as_one_line_naming_file_entry_and_field():
    warning = InputWarning("data/raw/figures.yml", "some_id", "value", "near-duplicate of other_id")
    assert str(warning) == "data/raw/figures.yml: some_id: value: warning: near-duplicate of other_id"
    with pytest.warns(InputWarning) as caught:
        warn_all([Problem("a.csv", "row_1", "value", "x\ny")])
    assert [str(w.message) for w in caught] == ["a.csv: row_1: value: warning: x\\ny"]


def _project(folder):
    shutil.copytree(paths.RAW, folder / "data" / "raw")
    shutil.copytree(paths.EXTERNAL, folder / "data" / "external")
    shutil.copyfile(paths.ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def test_validate_and_build_print_a_near_duplicate_and_still_succeed(tmp_path, unfixed_paths, capsys, unpinned):
    """The 1990 Phnom Penh count added again from a reworded quote (annotated like the first): validate and
    build exit 0, each printing the warning once on stderr, naming the data file, the new row's id and value."""
    unfixed_paths.setenv("CSECSTATS_ROOT", str(paths.ROOT))
    root = _project(tmp_path / "project")
    data = root / "data" / "external" / "external-estimates.csv"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    again = lines[1].replace('"In 1990 there were only 1,500 prostitutes working in Phnom Penh"',
                             '"Only 1,500 prostitutes were working in Phnom Penh in 1990"')
    assert again != lines[1]
    data.write_text("".join([*lines, again]), encoding="utf-8")
    sums = root / "data" / "external" / "SHA256SUMS"
    sums.write_text("".join(line if not line.rstrip().endswith(data.name) else f"{sha256_file(data)}  {data.name}\n"
                            for line in sums.read_text(encoding="utf-8").splitlines(keepends=True)), encoding="utf-8")
    rows = root / "data" / "raw" / "external_rows.yml"
    declared = yaml_c.safe_load(rows.read_text(encoding="utf-8"))
    annotations = declared["tables"]["external-estimates.csv"]
    annotations["ext_sex_workers_phnom_penh_1990_2"] = dict(annotations["ext_sex_workers_phnom_penh_1990"])
    rows.write_text(yaml_c.safe_dump(declared, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    expected = (f"{data}: ext_sex_workers_phnom_penh_1990_2: value: warning: near-duplicate of "
                "ext_sex_workers_phnom_penh_1990: the same value, period, indicator and origin ('sex_workers', 1500, ")
    assert cli.main(["--root", str(root), "validate", str(data)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.startswith(expected) for line in lines].count(True) == 1, lines
    assert cli.main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 0
    assert [line.startswith(expected) for line in capsys.readouterr().err.splitlines()].count(True) == 1


def test_a_typed_judgement_prints_as_a_warning_line(tmp_path, capsys):
    """A modelling judgement is the same kind of warning: one line naming the estimates file, the estimate and
    the assumption; validate still exits 0."""
    declared = yaml_c.safe_load(paths.ESTIMATES_FILE.read_text(encoding="utf-8"))
    entry = next(e for e in declared["estimates"] if e["id"] == "khmer_sex_workers_cambodia_2003")
    scenario = next(v for v in entry["scenarios"] if v["scenario"] == "national_total_reconciled")
    scenario["assumptions"][0]["parameters"]["low"] = 12000
    path = tmp_path / "estimates.yml"
    path.write_text(yaml_c.safe_dump(declared, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith(f"{path}: khmer_sex_workers_cambodia_2003/national_total_reconciled: assumptions.national_total: "
            "warning: judgement: assumption 'national_total'") for line in lines), lines


# ---------------------------------------------------------------- reviewed repeats: declared, checked, silent

def _sources_and_frames() -> list[tuple]:
    """(source, built frame, id column, indicator column) of every declared source."""
    return [(s, _read(s.name), s.id_column, s.indicator_column)
            for s in declared_sources(paths.EXTERNAL, None)[0].declared]


def test_every_near_duplicate_of_the_real_tables_is_a_reviewed_repeat_and_each_review_still_holds():
    """The real build flags nothing: each near-duplicate of a source is declared under its `repeats`, and each
    declared repeat still names two matching rows. Forgetting one review brings its warning back."""
    keyed = _sources_and_frames()
    reviewed = {s.name: s.repeats for s, *_ in keyed}
    assert sum(map(len, reviewed.values())) == 7, reviewed
    assert documents.near_duplicate_findings((s.data, f, c, i, s.repeats) for s, f, c, i in keyed) == []
    assert documents.repeats_problems((s.path, f, c, i, s.repeats) for s, f, c, i in keyed) == []
    source, frame, column, indicator = next(k for k in keyed if k[0].repeats)
    row, of = next(iter(source.repeats.items()))
    forgot = {r: o for r, o in source.repeats.items() if r != row}
    found = documents.near_duplicate_findings([(source.data, frame, column, indicator, forgot)])
    assert [(p.path, p.entry, p.field) for p in found] == [(str(source.data), row, "value")]
    assert f"near-duplicate of {of}" in found[0].message


@pytest.mark.parametrize("change, message", [
    ("gone", "names the row 'no_such_row', which the data file does not have"),
    ("other", "declared to repeat {other}, but it does not state the same value, period, indicator and origin"),
    ("reversed", "declared to repeat {row}, but it does not state the same value, period, indicator and origin "
                 "after it"),
])
def test_a_declared_repeat_that_no_longer_holds_is_refused_naming_the_declaration_row_and_field(change, message):
    source, frame, column, indicator = next(k for k in _sources_and_frames() if k[0].repeats)
    row, of = next(iter(source.repeats.items()))
    other = next(i for i in frame[column] if i not in (row, of))
    declared = {"gone": {"no_such_row": of}, "other": {row: other}, "reversed": {of: row}}[change]
    found = documents.repeats_problems([(source.path, frame, column, indicator, declared)])
    entry = next(iter(declared))
    assert [(p.path, p.entry, p.field) for p in found] == [(str(source.path), entry, "repeats")]
    assert message.format(other=other, row=row) in found[0].message


def test_a_repeat_declared_without_its_reason_stops_the_build(tmp_path, unfixed_paths, capsys):
    unfixed_paths.setenv("CSECSTATS_ROOT", str(paths.ROOT))
    root = _project(tmp_path / "project")
    declaration = next((root / "data" / "external").glob("tip-*.source.yml"))
    spec = yaml_c.safe_load(declaration.read_text(encoding="utf-8"))
    row = next(iter(spec["repeats"]))
    del spec["repeats"][row]["reason"]
    declaration.write_text(yaml_c.safe_dump(spec, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert f"{declaration}: {row}: repeats: expected {{of: EARLIER_ROW_ID, reason: TEXT}}" in err
