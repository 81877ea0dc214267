"""Each year an estimate's period begins or ends in is one its inputs are of, one its quantity or caveats print, or
the year before one printed after 'before' (``analysis.assumptions.period_year_problem``, read by
``analysis.coherence``). Tried on every real estimate and scenario with its period's first and last year moved, and
through the build."""
from __future__ import annotations

import dataclasses
import functools
import re

from csecstats.analysis.assumptions import period_year_problem, row_years
from csecstats.analysis.coherence import coherence_problems
from csecstats.analysis.declarations import declared_estimates, default_context
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def real():
    context = default_context()
    return context, declared_estimates(paths.RAW / "estimates.yml", context)


def _rows(context, est):
    return [r for r in (context.row(ref.split(".", 1)[0]) for ref in dict.fromkeys(est.refs)) if r is not None]


def _moved(date: str, years: int) -> str:
    return f"{int(date[:4]) + years:04d}{date[4:]}"


def test_every_real_estimate_is_of_years_its_inputs_or_words_give():
    context, estimates = real()
    assert [e.key for e in estimates if period_year_problem(e.period, _rows(context, e), e.spec)] == []
    assert [p for p in coherence_problems(estimates, context, "estimates.yml") if p.field == "period"] == []


def test_every_estimates_period_moved_is_refused_exactly_where_no_input_or_word_gives_the_year():
    context, estimates = real()
    tried = refused_here = 0
    for est in (e for e in estimates if e.period[0] is not None and not any(a.typed for a in e.assumptions)):
        rows = _rows(context, est)
        for end in (0, 1):  # the first year, then the last
            for years in (-3, -2, -1, 1, 2, 3):
                period = list(est.period)
                period[end] = _moved(period[end], years)
                if period[0] > period[1]:
                    continue
                moved = int(period[end][:4])
                found = period_year_problem(tuple(period), rows, est.spec)
                words = " ".join([est.spec["quantity"], *(c["text"] for c in est.spec.get("caveats") or [])])
                given = moved in row_years(rows) or str(moved) in words or f"before the {moved + 1}" in words
                given = given and not any(moved >= int(y) for y in re.findall(r"before the (\d{4})", words))
                assert (found is None) == given, (est.key, period, found)
                tried += 1
                refused_here += found is not None
    assert tried >= 100 and refused_here >= 80, (tried, refused_here)


def test_the_after_untac_estimate_ends_before_the_1997_figure():
    context, estimates = real()
    est = next(e for e in estimates if e.spec["id"] == "sex_workers_phnom_penh_after_untac")
    rows = _rows(context, est)
    assert est.period == ("1993-10-01", "1996-12-31")
    assert period_year_problem(("1993-10-01", "1997-12-31"), rows, est.spec) == (  # printed, after 'before'
        "1993-10-01 to 1997-12-31: 1997, but its words place it before 1997")
    assert period_year_problem(("1993-10-01", "1998-12-31"), rows, est.spec) == (
        "1993-10-01 to 1998-12-31: 1998 is no year its inputs are of and no year its quantity or caveats print")
    spec = {**est.spec, "caveats": [{"priority": "reading", "text": "Some time after UNTAC left."}]}
    assert period_year_problem(est.period, rows, spec) is not None  # 1996 given by no word any more
    lied = dataclasses.replace(est, period=("1993-10-01", "1999-12-31"))
    assert [(p.entry, p.field) for p in coherence_problems([lied], context, "estimates.yml")] == [
        ("sex_workers_phnom_penh_after_untac", "period")]


def test_the_build_refuses_the_after_untac_estimate_carried_to_1999(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", '    period: "1993-10/1996-12"\n', '    period: "1993-10/1999-12"\n')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: sex_workers_phnom_penh_after_untac: period: 1993-10-01 to "
            "1999-12-31: 1999 is no year its inputs are of and no year its quantity or caveats print") in err


def test_the_build_refuses_the_after_untac_estimate_carried_into_1997(tmp_path, capsys):
    """1997 is printed, but after 'before': 'before the 1997 figure'."""
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", '    period: "1993-10/1996-12"\n', '    period: "1993-10/1997-12"\n')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: sex_workers_phnom_penh_after_untac: period: 1993-10-01 to "
            "1997-12-31: 1997, but its words place it before 1997") in err, err
