"""A breakdown a row's note gives of its number adds up to it (``analysis.row_words.breakdown_problems``, the
declaration's ``breakdowns`` columns): '22 trafficking and 82 sexual exploitation cases' is a breakdown of 104, never
of 109. The reading of breakdowns is tried on breakdowns generated in each of its three forms; the rule on every real
row given nearby numbers, and through the build."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from csecstats.analysis.row_words import breakdown_problems, printed_breakdowns
from real_inputs import project, project_copy, raw_rows, refused, replace_once

COUNTS = st.integers(1, 99_999)
LABELS = st.sampled_from(["trafficking", "sexual exploitation cases", "under 15", "aged 15-17", "victims abroad"])


def _printed(n: int) -> str:
    return f"{n:,}" if n >= 10_000 else str(n)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.tuples(COUNTS, LABELS), min_size=2, max_size=4), form=st.sampled_from(["plus", "semi", "and"]),
       before=st.sampled_from(["", "first six months only; ", "derived: ", "conflicts with the 159 reported; "]))
def test_a_breakdown_in_each_form_reads_as_its_parts(parts, form, before):
    if form == "and":
        parts = parts[:2]
        text = f"{before}{_printed(parts[0][0])} {parts[0][1]} and {_printed(parts[1][0])} {parts[1][1]}"
    elif form == "plus":
        text = f"{before}{' + '.join(_printed(n) for n, _ in parts)} {parts[-1][1]}"
    else:
        text = "; ".join(f"{_printed(n)} {label}" for n, label in parts)
    assert printed_breakdowns(text) == [[n for n, _ in parts]], text


@given(n=COUNTS, label=LABELS)
def test_one_number_with_its_words_is_no_breakdown(n, label):
    for text in (f"{n} {label}", f"{n} of them {label}", f"conflicts with the {n} reported by the NCCT in 2017"):
        assert printed_breakdowns(text) == []


def _declaring():
    return [s for s in project()[2].declared if s.spec.get("breakdowns")]


def test_every_real_row_given_a_nearby_number_is_refused_exactly_where_its_note_breaks_its_number_down():
    sources = _declaring()
    assert [s.name for s in sources] == ["external_enforcement"]
    tried = refused_count = 0
    for source in sources:
        rows = raw_rows(source)
        assert breakdown_problems(source, rows) == []
        broken_down = [i for i, r in enumerate(rows) if printed_breakdowns(r["note"])]
        assert len(broken_down) == 4  # 345 by age, 151 and 104 by form, 296 derived from two places
        for i, row in enumerate(rows):
            for delta in (-10, -1, 1, 100):
                changed = [dict(r) for r in rows]
                changed[i]["value"] = str(int(row["value"]) + delta)
                found = breakdown_problems(source, changed)
                assert [(p.entry.split()[1], p.field) for p in found] == (
                    [(str(row["_row"]), "note")] if i in broken_down else []), (i, delta)
                tried += 1
                refused_count += bool(found)
    assert tried >= 80 and refused_count == 16


def test_the_build_refuses_the_104_cases_made_109_while_the_note_breaks_down_104(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    data = root / "data/external/external-enforcement.csv"
    replace_once(data, "cases,104,cases", "cases,109,cases")
    replace_once(data, "a total of 104 cases", "a total of 109 cases")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{data}: row 20 (cases 2024-01-01/2024-06-30 Cambodia): note: 'first six months only; 22 trafficking and "
            "82 sexua...' gives 22 + 82 = 104, but the row's number is 109: a breakdown adds up to what it breaks "
            "down") in err
