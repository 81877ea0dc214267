"""A change a declared row's quote prints in percent from a number ('an increase of 72.82 percent on the 92 cases')
holds between that number and a row of its page, to the last digit printed (``analysis.row_pages.change_problems``).
Tried on changes generated from any two numbers, on every real row given nearby numbers, and through the build."""
from __future__ import annotations

import math

from hypothesis import assume, given, settings, strategies as st

from csecstats.analysis.row_pages import change_problems
from real_inputs import addressed_sources, project_copy, raw_rows, refused, replace_once


def _enforcement():
    return next(s for s in addressed_sources() if s.name == "external_enforcement")


def _page(base: int, other: int, text: str) -> list[dict]:
    row = {"_row": 1, "value": str(base), "url": "example.org/a", "quote": text}
    return [row, {"_row": 2, "value": str(other), "url": "example.org/a", "quote": f"{other} cases"}]


@settings(max_examples=200, deadline=None)
@given(base=st.integers(1, 5_000), other=st.integers(1, 10_000), decimals=st.sampled_from([0, 1, 2]),
       shift=st.integers(-3, 3))
def test_a_change_printed_to_its_last_digit_holds_exactly_when_a_row_of_its_page_makes_it(base, other, decimals,
                                                                                          shift):
    change = (other / base - 1) * 100
    word = "increase" if change >= 0 else "decrease"
    printed = math.floor(abs(change) * 10 ** decimals) / 10 ** decimals + shift * 10 ** -decimals  # truncated, moved
    if printed < 0:
        return
    text = f"This is an {word} of {printed:.{decimals}f} percent on the {base} cases"
    gap, unit = abs(abs(change) - round(printed, decimals)), 10 ** -decimals
    assume(abs(gap - unit) > 1e-6)  # exactly one unit off: as near the edge as floating point can tell
    found = change_problems(_enforcement(), "d.csv", _page(base, other, text))
    holds = gap < unit
    assert bool(found) == (not holds), (text, other, found)


def test_every_real_row_given_a_nearby_number_is_refused_exactly_where_a_printed_change_no_longer_holds():
    source = _enforcement()
    rows = raw_rows(source)
    assert change_problems(source, "d.csv", rows) == []
    printing = [i for i, r in enumerate(rows) if "percent on the" in r["quote"]]
    assert [rows[i]["value"] for i in printing] == ["92"]  # the NCCT's 72.82 percent more than 2016's 92: 159
    tried = refused_count = 0
    for i, row in enumerate(rows):
        for delta in (-1, 1, 7):
            changed = [dict(r) for r in rows]
            changed[i]["value"] = str(int(row["value"]) + delta)
            if i in printing:
                changed[i]["quote"] = row["quote"].replace(f"the {row['value']} ", f"the {changed[i]['value']} ")
            found = change_problems(source, "d.csv", changed)
            breaks = i in printing or row["value"] == "159"
            assert [p.entry.split()[1] for p in found] == ([str(rows[printing[0]]["_row"])] if breaks else []), (i, delta)
            tried += 1
            refused_count += breaks
    assert tried >= 60 and refused_count == 6


def test_the_build_refuses_the_92_cases_of_2016_made_93_with_their_quote(tmp_path, capsys):
    root = project_copy(tmp_path)
    data = root / "data/external/external-enforcement.csv"
    replace_once(data, "cases,92,cases,2016-01-01", "cases,93,cases,2016-01-01")
    replace_once(data, "percent on the 92 cases", "percent on the 93 cases")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{data}: row 7 (cases 2016-01-01/2016-12-31 Cambodia): quote: prints increase of 72.82 percent on 93, but "
            "no row of its page is that much more than 93: a change a quote prints holds between its rows") in err


def test_a_change_of_nothing_is_not_held_by_the_row_that_prints_it():
    """'an increase of 0 percent on the 101 cases' holds only if another row of the page is 101: the row that
    prints it, 101 itself, makes no change (hypothesis found it: base 101, other 103, printed 0)."""
    text = "This is an increase of 0 percent on the 101 cases"
    assert [p.field for p in change_problems(_enforcement(), "d.csv", _page(101, 103, text))] == ["quote"]
    assert change_problems(_enforcement(), "d.csv", _page(101, 101, text)) == []
