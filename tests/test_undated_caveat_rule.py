"""Every undated figure says so in a caveat ('No date is given.'; 'the NGO is not named and no date is given'), a
calendar year's value aside: a caveat dropped from an undated figure is refused. Tried on every real figure with
each of its caveats dropped, and through the build."""
from __future__ import annotations

import re

from csecstats.register.caveat_words import figure_caveat_problems, warned_sections
from real_inputs import checked_register, project_copy, refused, replace_once

SAYS = re.compile(r"no (?:date|year)\b[^.;]*\b(?:is|are) given|undated", re.IGNORECASE)  # read plainly


def _problems(reg, figure, warned) -> list:
    return [p for p in figure_caveat_problems(reg, figure, warned) if p.field == "caveats" and "period_basis is none"
            in p.message]


def test_every_figure_with_each_of_its_caveats_dropped():
    reg = checked_register()
    warned = warned_sections(reg.report)
    tried = refused_here = 0
    for f in reg.figures:
        assert _problems(reg, f, warned) == [], f["figure_id"]
        for i in range(len(f["caveats"])):
            kept = f["caveats"][:i] + f["caveats"][i + 1:]
            found = _problems(reg, {**f, "caveats": kept}, warned)
            expected = (f["period_basis"] == "none" and f["unit"] != "calendar_year"
                        and not any(SAYS.search(c["text"]) for c in kept))
            assert [(p.entry, p.field) for p in found] == ([(f["figure_id"], "caveats")] if expected else []), \
                (f["figure_id"], i)
            tried += 1
            refused_here += expected
    assert tried >= 130 and refused_here >= 30, (tried, refused_here)


def test_the_build_refuses_the_hotline_count_without_its_no_date_caveat(tmp_path, capsys):
    reg = checked_register()
    undated = [f for f in reg.figures if f["period_basis"] == "none" and [c["text"] for c in f["caveats"]]
               == ["No date is given."]]
    assert undated
    figure = undated[0]["figure_id"]
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {figure}\n")
    end = text.index("\n\n", start)
    entry = text[start:end]
    assert entry.count('      - {priority: qualifies, text: "No date is given."}') == 1
    replace_once(path, entry, entry.replace('    caveats:\n      - {priority: qualifies, text: "No date is given."}',
                                            "    caveats: []"))
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: {figure}: caveats: its period_basis is none, but no caveat says so" in err, err
