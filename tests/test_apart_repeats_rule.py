"""Rows kept apart (triangulation.yml `not_comparable`) stay apart through their repeats (a declared source's
`repeats`: a row relaying another): the report's 'over 14, 000' is kept apart from the embassy's 2009 account of
14,725 brothel workers and from its 2010 repeat of it, never from one only. Tried on the real declarations with each
pair left out, and on a chain of repeats."""
from __future__ import annotations

from dataclasses import replace

from csecstats.analysis.comparisons import apart_repeat_problems, load_comparisons
from real_inputs import project, project_copy, refused


def repeats() -> dict[str, str]:
    return {row: of for s in project()[2].declared for row, of in s.repeats.items()}


def family(row: str, links: dict[str, str]) -> set[str]:
    """Every row linked to ``row`` by declared repeats, either way, ``row`` among them."""
    found, edges = {row}, [*links.items()]
    grew = True
    while grew:
        more = {b if a in found else a for a, b in edges if (a in found) != (b in found)}
        grew, found = bool(more), found | more
    return found


def test_every_real_pair_kept_apart_is_kept_apart_from_the_repeats_too():
    comparisons = load_comparisons()
    assert apart_repeat_problems(comparisons, repeats(), "t.yml") == []
    # the real declarations hold a pair the rule reads through a repeat: the test below is not vacuous
    assert repeats()["cable_10phnompenh138_brothel_workers_1997"] == "cable_09phnompenh114_brothel_workers_1997"


def test_each_real_pair_left_out_is_refused_exactly_when_its_records_repeat_rows_still_kept_apart():
    comparisons, links = load_comparisons(), repeats()
    refused_here = 0
    for k in range(len(comparisons.apart)):
        kept = comparisons.apart[:k] + comparisons.apart[k + 1:]
        pairs = {frozenset(p) for p, _ in kept}
        expected = any(frozenset((x, z)) not in pairs
                       for p, _ in kept for x, y in (p, p[::-1]) for z in family(y, links) - {x, y})
        found = apart_repeat_problems(replace(comparisons, apart=kept), links, "t.yml")
        assert bool(found) == expected, comparisons.apart[k]
        assert all(p.field == "records" and p.entry.startswith("not_comparable[") for p in found)
        refused_here += expected
    assert refused_here == 2  # the embassy's 2009 account and its 2010 repeat


def test_a_row_kept_apart_from_one_of_a_chain_of_repeats_is_kept_apart_from_each():
    comparisons = replace(load_comparisons(), apart=((("a", "x"), "why"),))
    found = apart_repeat_problems(comparisons, {"x": "y", "y": "z"}, "t.yml")
    assert [p.message.split(",")[1].strip() for p in found] == ["but not from y", "but not from z"]
    whole = replace(comparisons, apart=((("a", "x"), "why"), (("a", "y"), "why"), (("z", "a"), "why")))
    assert apart_repeat_problems(whole, {"x": "y", "y": "z"}, "t.yml") == []


def test_the_build_refuses_the_report_kept_apart_from_the_embassys_2010_repeat_only(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - records: [sex_workers_phnom_penh_1997, cable_09phnompenh114_brothel_workers_1997]")
    end = text.index("  - records: [sex_workers_phnom_penh_1997, cable_10phnompenh138_brothel_workers_1997]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: not_comparable[3]: records: sex_workers_phnom_penh_1997 is kept apart from "
            "cable_10phnompenh138_brothel_workers_1997, but not from cable_09phnompenh114_brothel_workers_1997, which it "
            "relays (a declared repeat): keep them apart too, with why") in err, err


def test_a_loop_of_declared_repeats_ends():
    """Two rows each declared a repeat of the other (a declaration refused elsewhere) are one family, read once."""
    comparisons = replace(load_comparisons(), apart=((("a", "x"), "why"),))
    found = apart_repeat_problems(comparisons, {"x": "y", "y": "x"}, "t.yml")
    assert [p.message.split(",")[1].strip() for p in found] == ["but not from y"]
