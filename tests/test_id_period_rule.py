"""An id that prints years names its row's period: a figure moved to another period under an id that still prints
the old year ('victims_rescued_2003' dated 2002-2003) is refused, naming it and its period. Every real id holds it."""
from __future__ import annotations

import dataclasses
import re

from csecstats.register.identity import id_period_problems
from csecstats.register.rules import register_problems
from real_inputs import checked_register


checked = checked_register  # the register, read and checked once per test process


def dated_with_years() -> list[dict]:
    return [f for f in checked().figures if f["period_start"] and re.search(r"(?:^|_)(19|20)\d\d(?:_|$)", f["figure_id"])]


def _shifted(day: str, years: int) -> str:
    return f"{int(day[:4]) + years:04d}{day[4:]}"


def test_every_real_id_printing_years_names_its_figures_period():
    assert len(dated_with_years()) >= 20
    rows = [(f["figure_id"], f["period_start"], f["period_end"]) for f in checked().figures]
    assert id_period_problems("figures.yml", rows) == []


def test_every_figure_moved_off_the_years_its_id_prints_is_refused():
    reg, tried = checked(), 0
    for f in dated_with_years():
        since = "_since_" in f["figure_id"]
        lies = [{"period_start": _shifted(f["period_start"], y), "period_end": _shifted(f["period_end"], y)}
                for y in (-1, 1)]  # the whole period a year earlier or later
        lies.append({"period_start": _shifted(f["period_start"], -1)})  # begun a year before
        if not since:
            lies.append({"period_end": _shifted(f["period_end"], 1)})  # ended a year after
        for lie in lies:
            moved = {**f, **lie}
            # the rule reads each row alone: the moved row by itself (the others pass: the test above)
            found = id_period_problems("figures.yml", [(moved["figure_id"], moved["period_start"], moved["period_end"])])
            assert [(p.entry, p.field) for p in found] == [(f["figure_id"], "period")], (f["figure_id"], lie)
            if not tried:  # and the register's checks refuse it, by this rule
                figures = [moved if g is f else g for g in reg.figures]
                seen = {(p.entry, p.field, p.message) for p in register_problems(dataclasses.replace(reg, figures=figures))}
                assert {(p.entry, p.field, p.message) for p in found} <= seen
            tried += 1
    assert tried >= 80


def test_an_id_that_says_since_may_run_past_its_year_and_an_id_printing_no_year_names_none():
    assert id_period_problems("f", [("workers_sent_since_1998", "1998-01-01", "2004-10-31"),
                                    ("next_npa_duration", "2005-01-01", "2009-12-31")]) == []
    assert [p.entry for p in id_period_problems("f", [("workers_sent_since_1998", "1999-01-01", "2004-10-31"),
                                                      ("cases_2003_2004", "2003-01-01", "2005-12-31")])] == [
        "workers_sent_since_1998", "cases_2003_2004"]


def test_the_build_refuses_rescues_of_2003_dated_from_2002(tmp_path, capsys):
    from real_inputs import project_copy, refused
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    text = path.read_text(encoding="utf-8")
    at = text.index("id: victims_rescued_2003\n")
    old = 'period: "2003-01/2003-12"'
    cut = text.index(old, at)
    path.write_text(text[:cut] + 'period: "2002-01/2003-12"' + text[cut + len(old):], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: victims_rescued_2003: period: 2002..2003, but its id names 2003..2003" in err, err
