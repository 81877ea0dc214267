"""A period the report states prints only years its quote states: a figure whose ``period_basis`` is 'stated' and
whose period begins or ends in a year its quote never prints ("on June 1st 2004" dated 2003-06-01/2004-06-01) is
refused, naming the figure and its period. Every real stated figure holds it.

It is no finer than its words either (`register.rules._finer_than_stated`): it ends anywhere but a year's edge only in
a month its quote names, and anywhere but a month's edge only on a day its quote prints. Tried on every stated figure
given generated periods within its years, and through the build on the 1992 estimate moved to June 1992."""
from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date

from hypothesis import given, settings, strategies as st

from csecstats.register.rules import _finer_than_stated, register_problems, years_stated
from real_inputs import checked_register, project_copy, refused, replace_once


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


def _words(quote: str) -> set[str]:
    """The quote's words and numbers, without punctuation or an ordinal's ending ('1st' -> '1')."""
    return {re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", w) for w in re.split(r"[^\w]+", quote) if w}


def test_every_real_stated_period_is_no_finer_than_its_words():
    figures = stated()
    assert len(figures) >= 14
    assert [f["figure_id"] for f in figures if _finer_than_stated("figures.yml", f)] == []
    # the real ones that name a month or a day, so the rule is not passed only by whole years
    assert {(f["period_start"], f["period_end"]) for f in figures} >= {("2002-08-01", "2002-08-31"),
                                                                     ("2004-06-01", "2004-06-01")}


@settings(max_examples=400, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_stated_period_is_refused_exactly_when_it_names_a_month_or_day_its_quote_does_not(data):
    figure = data.draw(st.sampled_from(stated()))
    year = data.draw(st.integers(int(figure["period_start"][:4]), int(figure["period_end"][:4])))
    first, last = sorted(data.draw(st.lists(st.dates(date(year, 1, 1), date(year, 12, 31)), min_size=2, max_size=2)))
    changed = {**figure, "period_start": first.isoformat(), "period_end": last.isoformat()}
    words = _words(figure["quote"])

    def said(day: date, edge: tuple[int, int], month_edge: int) -> bool:
        name = calendar.month_name[day.month]
        month_named = (day.month, day.day) == edge or bool({name, name[:3], name[:4]} & words)
        return month_named and (day.day == month_edge or str(day.day) in words)

    holds = (said(first, (1, 1), 1)
             and said(last, (12, 31), calendar.monthrange(last.year, last.month)[1]))
    found = _finer_than_stated("figures.yml", changed)
    assert (found == []) == holds, (figure["figure_id"], first, last, found)
    assert all(p.entry == figure["figure_id"] and p.field == "period" for p in found)


def test_the_build_refuses_the_1992_estimate_moved_to_june_1992(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "figures.yml"
    replace_once(path, 'phrase: "estimated that there were 20,000"\n    unit: persons\n    geography: Phnom Penh\n'
                       '    period: "1992"', 'phrase: "estimated that there were 20,000"\n    unit: persons\n'
                                             '    geography: Phnom Penh\n    period: "1992-06"')
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: sex_workers_phnom_penh_1992: period: starts in June 1992: no month its quote names" in err, err
