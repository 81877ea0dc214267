"""An inferred period's first and last years are among the years printed by the caveats that say how it was inferred
("Year inferred from UNTAC's departure (mandate ended September 1993)" dates its figure 1993, never 1994). Tried on
every real figure with its period moved a year either way, and through the build."""
from __future__ import annotations

import re

from csecstats.register.caveat_words import SAYS_HOW, figure_caveat_problems, warned_sections
from real_inputs import checked_register, project_copy, refused, replace_once

YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _moved(date: str | None, years: int) -> str | None:
    return None if date is None else f"{int(date[:4]) + years:04d}{date[4:]}"


def _period_problems(reg, figure: dict, warned) -> list:
    """The period's problems but its months' (tests/test_inferred_month_rule.py)."""
    return [p for p in figure_caveat_problems(reg, figure, warned) if p.field == "period"
            and "prints no month" not in p.message]


def test_every_figure_with_its_period_moved_a_year_either_way():
    reg = checked_register()
    warned = warned_sections(reg.report)
    tried = refused_here = 0
    for f in reg.figures:
        assert _period_problems(reg, f, warned) == [], f["figure_id"]
        how = [c["text"] for c in f["caveats"] if SAYS_HOW.search(c["text"])]
        printed = {y for t in how for y in YEAR.findall(t)}
        for years in (-1, 1):
            for start, end in ((years, years), (years, 0), (0, years)):
                moved = {**f, "period_start": _moved(f["period_start"], start), "period_end": _moved(f["period_end"], end)}
                if f["period_start"] is None or moved["period_start"] > moved["period_end"]:
                    continue
                found = _period_problems(reg, moved, warned)
                wanted = {moved["period_start"][:4], moved["period_end"][:4]}
                expected = f["period_basis"] == "inferred" and not wanted <= printed
                assert bool(found) == expected, (f["figure_id"], moved["period_start"], moved["period_end"], found)
                tried += 1
                refused_here += expected
    assert tried >= 120 and refused_here >= 40, (tried, refused_here)


def test_an_inferred_period_whose_caveat_prints_no_year_is_refused_on_its_period():
    reg = checked_register()
    figure = next(f for f in reg.figures if f["figure_id"] == "sex_workers_change_phnom_penh_after_untac")
    caveats = [{**c, "text": c["text"].replace(" (mandate ended September 1993)", "")} for c in figure["caveats"]]
    [problem] = _period_problems(reg, {**figure, "caveats": caveats}, warned_sections(reg.report))
    assert problem.message == ("1993-01-01..1993-12-31, but the caveat saying how it was inferred "
                               '("Year inferred from UNTAC\'s departure.") prints no year, not 1993')


def test_the_build_refuses_the_year_after_untac_left(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    replace_once(path, 'phrase: "nearly cut in half"\n    unit: ratio\n    geography: Phnom Penh\n    period: "1993"',
                 'phrase: "nearly cut in half"\n    unit: ratio\n    geography: Phnom Penh\n    period: "1994"')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: sex_workers_change_phnom_penh_after_untac: period: 1994-01-01..1994-12-31, but the caveat "
            'saying how it was inferred ("Year inferred from UNTAC\'s departure (mandate ende...") prints 1993, '
            "not 1994") in err
