"""Where an assumption's reason says a year or a place of a parameter ('the 1992 level of {high:,.0f}', 'the same
team's count ... in 2008, {high:,.0f}'), every row the parameter is read from is of that year and place. Tried on
every real assumption with each parameter read from every other row, and with each year its reason names moved,
and through the build."""
from __future__ import annotations

import re

import yaml_c

from csecstats.analysis.assumptions import _YEAR, clauses, reason_row_problems
from csecstats.inputs import paths
from real_inputs import context as shared_context, project_copy, refused, replace_once


def real_assumptions() -> list[dict]:
    """Every assumption declared in estimates.yml (estimates' and scenarios'), each reason once."""
    spec = yaml_c.safe_load((paths.RAW / "estimates.yml").read_text(encoding="utf-8"))
    found = {}
    for estimate in spec["estimates"]:
        for holder in [estimate, *(estimate.get("scenarios") or [])]:
            for a in holder.get("assumptions") or []:
                found.setdefault(a["reason"], a)
    return list(found.values())


def base(term: str) -> str:
    return term.rpartition(".")[0] if "." in term.removeprefix("external:") else term


def test_every_real_parameter_read_from_every_row():
    context = shared_context()
    places = {*context.figures["geography"].dropna(), *context.external["geography"].dropna()}
    rows = [*context.figures.index, *(f"external:{i}" for i in context.external.index)]
    tried = refused_here = 0
    for a in real_assumptions():
        assert reason_row_problems(a["reason"], a["parameters"], context.row, places, a.get("judgement")) == []
        said = dict(clauses(a["reason"]))
        for key, value in a["parameters"].items():
            if not isinstance(value, str):
                continue
            years = {int(m.group()) for m in _YEAR.finditer(re.sub(r"'.*?'", "", said.get(key, "")))}
            for other in rows:
                row = context.row(other)
                start, end = str(row["period_start"])[:4], str(row["period_end"])[:4]
                if not (start.isdigit() and end.isdigit()):
                    continue
                found = [f for f in reason_row_problems(a["reason"], {**a["parameters"], key: other}, context.row, places)
                         if f[1].startswith("read from")]  # its quotations and rounding: tests/test_reason_quote_rule.py
                off_year = bool(years) and not any(int(start) <= y <= int(end) for y in years)
                off_place = ("Cambodia" in said.get(key, "") and isinstance(row["geography"], str)
                             and row["geography"] != "Cambodia")
                assert bool(found) == (off_year or off_place), (a["name"], key, other, found)
                tried += 1
                refused_here += off_year or off_place
    assert tried >= 2000 and refused_here >= 300


def test_every_year_a_reason_names_moved_is_refused():
    context = shared_context()
    places = {*context.figures["geography"].dropna(), *context.external["geography"].dropna()}
    moved = 0
    for a in real_assumptions():
        for key, words in clauses(a["reason"]):
            for m in _YEAR.finditer(re.sub(r"'.*?'", "", words)):
                for shift in (-1, 1):
                    lie = a["reason"].replace(words, words.replace(m.group(), str(int(m.group()) + shift)), 1)
                    found = reason_row_problems(lie, a["parameters"], context.row, places)
                    assert {k for k, _ in found} == {f"parameters.{key}"}, (a["name"], lie)
                    moved += 1
    assert moved == 10  # 1992 twice, 2003, 2000 and 2008, each a year earlier and later


def test_every_judgement_moved_to_another_assumption():
    context = shared_context()
    places = {*context.figures["geography"].dropna(), *context.external["geography"].dropna()}
    judged = [a for a in real_assumptions() if a.get("judgement")]
    tried = refused_here = 0
    for a in real_assumptions():
        for other in judged:
            found = reason_row_problems(a["reason"], a["parameters"], context.row, places, other["judgement"])
            quoted = re.findall(r"'(.*?)'", other["judgement"])
            bases = {base(t) for v in a["parameters"].values() for t in (v if isinstance(v, list) else [v])
                     if isinstance(t, str)}
            years = {str(context.row(b)["period_start"])[:4] for b in bases}
            lie = (any(q.lower() not in a["reason"].lower() for q in quoted)
                   or any(y not in years for y in re.findall(r"\b(?:19|20)\d\d\b", other["judgement"])))
            assert bool(found) == lie, (a["name"], other["name"], found)
            tried += 1
            refused_here += lie
    assert len(judged) == 3 and tried == 3 * len(real_assumptions()) and refused_here >= 15


def test_the_build_refuses_the_national_totals_high_moved_to_the_studys_count(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "      high: external:ext_sex_workers_cambodia_2008\n",
                 "      high: sex_workers_cambodia_2003\n")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    problem = ("assumptions.national_total.parameters.high: read from sex_workers_cambodia_2003, of 2003, but the "
               "reason's words 'as high as the same team's count of all venues by the same method in 2008, {high}' "
               "name 2008")
    where = ["khmer_sex_workers_cambodia_2003 (national_total_reconciled)",
             "vietnamese_sex_workers_cambodia_2003 (national_total_reconciled)",
             "trafficked_sex_workers_cambodia_2003_report (report_20_percent_national_total_reconciled)"]
    assert lines == [f"{root / 'data/raw/estimates.yml'}: {entry}: {problem}" for entry in where]


def test_the_build_refuses_the_ratios_judgement_moved_to_the_national_total(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml",
                 "judgement: \"how far the national total can fall or rise around the study's count\"",
                 "judgement: \"how much less than half 'nearly cut in half' leaves\"")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert len(lines) == 3 and all(line.endswith(": assumptions.national_total.judgement: quotes 'nearly cut in "
                                                 "half', which its reason does not") for line in lines)
