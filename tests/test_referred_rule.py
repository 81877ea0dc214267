"""A row whose quote counts within another row's number of its page ('The 92 cases saved 244 victims') covers that
row's period. Tried on every row of every declared source given every period bound of its page's rows, and through
the build."""
from __future__ import annotations

import functools

from csecstats.analysis.external_rows import checked_rows
from csecstats.analysis.row_periods import referred_problems
from real_inputs import project, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def sources_read():
    _, places, sources = project()
    found = []
    for source in (s for s in sources.declared if not s.spec.get("reading")):
        raws = checked_rows(source, places)[1]
        found.append((source, raws))
    return found


def test_every_row_given_another_bound_is_refused_where_its_quote_counts_within_another_row():
    tried = refused_here = 0
    for source, raws in sources_read():
        assert referred_problems(source, "d.csv", raws) == []
        for i, raw in enumerate(raws):
            referred = "The 92 cases" in raw.get("quote", "")  # the one such quote of the real rows
            for column in (source.spec.get("period") or {}).values():
                for value in sorted({r[column] for r in raws} - {raw[column]}):
                    moved = [dict(r, **{column: value}) if j == i else r for j, r in enumerate(raws)]
                    found = referred_problems(source, "d.csv", moved)
                    tried += 1
                    refused_here += bool(found)
                    if referred:
                        assert [p.field for p in found] == [column], (raw["_row"], column, value)
                    elif not any(f"the {r['value']}" in r["quote"].lower() for r in raws if r is not raw):
                        assert found == [], (raw["_row"], column, value)
    assert tried >= 500 and refused_here >= 20


def test_the_build_refuses_the_saved_victims_dated_from_december_2016(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/external-enforcement.csv", "victims_rescued,244,persons,2015-12-25,",
                 "victims_rescued,244,persons,2016-12-25,")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    row = f"{root / 'data/external/external-enforcement.csv'}: row 5 (victims_rescued 2016-12-25/2016-12-25 Cambodia)"
    assert lines == [f"{row}: period_start: 2016-12-25 to 2016-12-25, 1 day, but its words say it is a year: a period "
                     "lasts a year unless its row says it is part of one ('first six months')",
                     f"{row}: period_start: 2016-12-25, but its quote counts within the 92 of row 4 (cases "
                     "2015-12-25/2016-12-25 Cambodia), whose start is 2015-12-25"]


def test_a_number_a_quote_refers_back_to_is_one_another_row_of_its_page_gives():
    """Every number a real quote of a dated, addressed source refers back to ('The 92 cases'), and every row's value,
    changed to numbers nearby: refused on the quote exactly when no other row of its page then gives the number
    it refers to (a year or the row's own number aside); the 92 cases made 93 with their quote leave 'The 92 cases'
    of the victims' row referring to nothing."""
    import re
    tried = refused_here = 0
    for source, raws in sources_read():
        if not (source.spec.get("period") and source.spec.get("addresses")):
            continue
        for i, raw in enumerate(raws):
            for value in {str(int(raw["value"]) + d) for d in (-1, 1, 8)} if str(raw.get("value")).isdigit() else ():
                moved = [dict(r, value=value) if j == i else r for j, r in enumerate(raws)]
                found = [p for p in referred_problems(source, "d.csv", moved) if p.field == "quote"]
                expected = set()
                for j, r in enumerate(moved):
                    page = {int(x["value"]) for k, x in enumerate(moved) if k != j and x["url"] == r["url"]
                            and str(x["value"]).isdigit()}
                    refs = {int(n.replace(",", "").replace(" ", "")) for n in re.findall(
                        r"\b[Tt]he (\d{1,3}(?:, ?\d{3})+|\d+) (?=[a-z])", r["quote"])}
                    if any(n != int(r["value"]) and not 1900 <= n <= 2099 and n not in page for n in refs):
                        expected.add(j)
                assert {int(p.entry.split()[1]) for p in found} == {moved[j]["_row"] for j in expected}, (i, value)
                tried += 1
                refused_here += bool(found)
    assert tried >= 60 and refused_here >= 3, (tried, refused_here)


def test_the_build_refuses_the_92_cases_made_93_while_the_victims_count_within_the_92(tmp_path, capsys):
    root = project_copy(tmp_path)
    data = root / "data/external/external-enforcement.csv"
    replace_once(data, "cases,92,cases,2015-12-25", "cases,93,cases,2015-12-25")
    replace_once(data, "92 cases – 65 of them", "93 cases – 65 of them")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{data}: row 5 (victims_rescued 2015-12-25/2016-12-25 Cambodia): quote: counts within 'the 92', but no "
            "other row of its page gives 92: the number a quote refers back to is one its page counts") in err
