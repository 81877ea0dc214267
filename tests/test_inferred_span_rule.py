"""A caveat naming the span it inferred ('the term 2005-2009 is inferred from ...') belongs to a figure whose
period runs from that span's first year to its last. Tried on every real figure given every other real period,
and through the build."""
from __future__ import annotations

import re

from csecstats.register.caveat_words import figure_caveat_problems, warned_sections
from real_inputs import checked_register, project_copy, refused, replace_once


register = checked_register  # the register, read and checked once per test process


def test_every_figure_given_every_other_period():
    reg = register()
    warned = warned_sections(reg.report)
    periods = sorted({(f["period_start"], f["period_end"]) for f in reg.figures if f["period_start"]})
    tried = refused_here = 0
    for f in reg.figures:
        assert [p for p in figure_caveat_problems(reg, f, warned) if p.field == "period"] == []
        spans = {m for c in f["caveats"] for m in re.findall(r"term (\d{4})-(\d{4}) is inferred", c["text"])}
        for start, end in periods:
            found = [p for p in figure_caveat_problems(reg, {**f, "period_start": start, "period_end": end}, warned)
                     if p.field == "period" and "but a caveat says the" in p.message]
            expected = bool(spans) and (start[:4], end[:4]) not in spans
            assert bool(found) == expected, (f["figure_id"], start, end)
            tried += 1
            refused_here += expected
    assert tried >= 1000 and refused_here >= 15


def test_the_build_refuses_the_next_npa_cut_to_four_years(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml", 'period: "2005-01/2009-12"', 'period: "2005-01/2008-12"')
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/figures.yml'}: next_npa_duration: period: 2005-01-01..2008-12-31, but a "
                     "caveat says the term 2005-2009 was inferred"]
