"""A period the report states prints only years its quote states: a figure whose ``period_basis`` is 'stated' and
whose period begins or ends in a year its quote never prints ("on June 1st 2004" dated 2003-06-01/2004-06-01) is
refused, naming the figure and its period. Every real stated figure holds it."""
from __future__ import annotations

import dataclasses

from csecstats.register.rules import register_problems, years_stated
from real_inputs import checked_register


checked = checked_register  # the register, read and checked once per test process


def stated() -> list[dict]:
    return [f for f in checked().figures if f["period_basis"] == "stated" and f["period_start"]]


def _moved(figure: dict, end: str, years: int) -> dict:
    """The figure with its period's first (``end`` 'period_start') or last day moved by ``years``."""
    day = figure[end]
    return {**figure, end: f"{int(day[:4]) + years:04d}{day[4:]}"}


def test_every_real_stated_period_prints_only_years_its_quote_states():
    assert len(stated()) >= 10
    for f in stated():
        assert {int(f["period_start"][:4]), int(f["period_end"][:4])} <= years_stated(f["quote"]), f["figure_id"]


def test_every_stated_period_moved_to_a_year_its_quote_never_prints_is_refused():
    reg, tried = checked(), 0
    for f in stated():
        for end, years in (("period_start", -1), ("period_end", 1)):
            lie = _moved(f, end, years)
            if int(lie[end][:4]) in years_stated(f["quote"]):
                continue  # a year the quote prints too: no lie about the words
            figures = [lie if g is f else g for g in reg.figures]
            found = [(p.entry, p.field) for p in register_problems(dataclasses.replace(reg, figures=figures))]
            assert (f["figure_id"], "period") in found, (f["figure_id"], end)
            tried += 1
    assert tried >= 20


def test_an_inferred_period_may_print_a_year_its_quote_does_not():
    reg = checked()
    inferred = [f for f in reg.figures if f["period_basis"] == "inferred" and f["period_start"]
                and int(f["period_start"][:4]) not in years_stated(f["quote"])]
    assert inferred  # dated by their paragraph or section, as the report's words around them say
    assert not [p for p in register_problems(reg) if p.field == "period"]


def test_the_build_refuses_a_programme_dated_a_year_before_the_day_its_quote_gives(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    replace_once(path, 'period: "2004-06-01/2004-06-01"', 'period: "2003-06-01/2004-06-01"')
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: ecpat_tv_programme_children_2004: period: " in err and "2003" in err, err
