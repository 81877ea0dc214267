"""A name a caveat says the report gives ('the report describes the remaining 1% as Chinese') is one the report
prints. Tried on every figure's first caveat given every capitalised word of the origins' producers and titles,
and through the build on the estimates' residual ethnicity."""
from __future__ import annotations

import re

from csecstats.analysis.row_words import attributed_name_problems
from real_inputs import checked_register, project, project_copy, refused, replace_once


def _report_words() -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", checked_register().report.body_text)}


def test_every_figure_told_the_report_gives_a_name_is_refused_exactly_when_the_report_never_prints_it():
    reg, lineage = checked_register(), project()[0]
    names = {w.casefold() for w in re.findall(r"[^\W\d_]+", reg.report.body_text)}
    assert attributed_name_problems(reg.figures, names, "f.yml") == []
    said = sorted({w for o in lineage.origins.values() for w in re.findall(r"\b[A-Z][a-z]{2,}\b",
                                                                           f"{o['producer']} {o.get('title') or ''}")})
    printed = _report_words()
    tried = refused_here = 0
    for figure in reg.figures[::5]:
        for word in said:
            caveats = [{"priority": "reading", "text": f"The report describes the rest as {word}."}, *figure["caveats"]]
            found = attributed_name_problems([{**figure, "caveats": caveats}], names, "f.yml")
            expected = word.lower() not in printed
            assert [(p.entry, p.field) for p in found] == ([(figure["figure_id"], "caveats[1].text")] if expected
                                                           else []), (figure["figure_id"], word)
            tried += 1
            refused_here += expected
    assert tried >= 300 and refused_here >= 100, (tried, refused_here)


def test_the_build_refuses_the_residual_one_percent_said_to_be_chinese(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "the report does not describe the remaining 1% (other groups, "
                 "unknown, or rounding)", "the report describes the remaining 1% as Chinese")
    err = refused(root, tmp_path / "out", capsys)
    assert "says the report gives 'Chinese', which the report never prints" in err, err
