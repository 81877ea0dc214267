"""An inferred period's first and last months are among the months printed, for their year, by the caveats that say
how it was inferred ('Period read from the previous sentence (... August 2004)' dates the conference August 2004,
never June). Tried on every real inferred figure given every month-precise period of the register, and through the
build."""
from __future__ import annotations

import calendar
import re

from csecstats.register.caveat_words import SAYS_HOW, figure_caveat_problems, warned_sections
from real_inputs import checked_register, project_copy, refused, replace_once

NAMES = {name.casefold()[:3]: i for i, name in enumerate(calendar.month_name) if name}


def _printed(texts: list[str]) -> dict[str, set[int]]:
    """Months printed with a year, read plainly: 'August 2004', '6 Oct 2003', 'January-December 2003'."""
    found: dict[str, set[int]] = {}
    for text in texts:
        for run, year in re.findall(r"((?:[A-Z][a-z]+\.?\s*[-–]\s*)?[A-Z][a-z]+)\.?\s+((?:19|20)\d\d)\b", text):
            for word in re.split(r"\s*[-–]\s*", run):
                if word.casefold()[:3] in NAMES:
                    found.setdefault(year, set()).add(NAMES[word.casefold()[:3]])
    return found


def _period_problems(reg, figure: dict, warned) -> list:
    return [p for p in figure_caveat_problems(reg, figure, warned) if p.field == "period"]


def test_every_inferred_figure_given_every_month_precise_period_of_the_register():
    reg = checked_register()
    warned = warned_sections(reg.report)
    periods = sorted({(f["period_start"], f["period_end"]) for f in reg.figures if f["period_start"]
                      and not (f["period_start"][5:] == "01-01" and f["period_end"][5:] == "12-31")})
    tried = refused_here = 0
    for f in (f for f in reg.figures if f["period_basis"] == "inferred"):
        assert _period_problems(reg, f, warned) == [], f["figure_id"]
        how = [c["text"] for c in f["caveats"] if SAYS_HOW.search(c["text"])]
        years = {y for t in how for y in re.findall(r"\b(?:19|20)\d\d\b", t)}
        months = _printed(how)
        for start, end in periods:
            if not {start[:4], end[:4]} <= years:
                continue  # the years rule refuses it first (tests/test_inferred_years_rule.py)
            moved = {**f, "period_start": start, "period_end": end}
            found = [p for p in _period_problems(reg, moved, warned) if "prints no month" in p.message]
            expected = any(months.get(e[:4]) and int(e[5:7]) not in months[e[:4]] for e in (start, end))
            assert bool(found) == expected, (f["figure_id"], start, end, found)
            tried += 1
            refused_here += expected
    assert tried >= 25 and refused_here >= 15, (tried, refused_here)


def test_the_build_refuses_the_august_conference_dated_june(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    replace_once(path, 'phrase: "One hundred"\n    unit: persons\n    geography: Cambodia\n    period: "2004-08/2004-08"',
                 'phrase: "One hundred"\n    unit: persons\n    geography: Cambodia\n    period: "2004-06-01/2004-06-01"')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: cosecam_ecpat_npa_review_conference_participations_2004: period: 2004-06-01..2004-06-01, but "
            "the caveat saying how it was inferred (\"Period read from the previous sentence ('... since...\") prints "
            "no month of 2004-06") in err, err
