"""The caveats every TIP row carries (breaks.yml `series_caveats`) say what the series holds: its counts measure what
was detected, it is not one series where breaks are declared, some figures are press accounts where some are. Tried
on every subset of the real caveats, and on a series holding less."""
from __future__ import annotations

import itertools

from csecstats import built_tables
from csecstats.analysis.tip_caveat_words import series_caveat_problems
from csecstats.register.breaks import read_breaks
from real_inputs import project_copy, refused

# Read by eye: what each real series caveat says the series holds.
SAYS = ("detection", "breaks", "press")


def test_each_real_series_caveat_says_one_thing_the_series_holds():
    breaks, _, caveats = read_breaks(None)
    tip = built_tables()["tip_enforcement"]
    assert len(caveats) == len(SAYS)
    assert set(tip["measures"]) == {"detection"} and "press" in set(tip["account"]) and len(breaks) >= 1
    assert series_caveat_problems("b.yml", caveats, tip["measures"].tolist(), tip["account"].tolist(), len(breaks)) == []


def test_every_subset_of_the_caveats_is_refused_for_exactly_what_it_leaves_unsaid():
    breaks, _, caveats = read_breaks(None)
    tip = built_tables()["tip_enforcement"]
    for n in range(len(caveats) + 1):
        for kept in itertools.combinations(range(len(caveats)), n):
            found = series_caveat_problems("b.yml", [caveats[i] for i in kept], tip["measures"].tolist(),
                                           tip["account"].tolist(), len(breaks))
            unsaid = [SAYS[i] for i in range(len(caveats)) if i not in kept]
            assert len(found) == len(unsaid), kept
            assert all(p.entry == "series_caveats" for p in found)
            for what, problem in zip(unsaid, found):
                assert {"detection": "detected", "breaks": "not one series", "press": "press accounts"}[what] in \
                    problem.message


def test_a_series_holding_no_breaks_and_no_press_accounts_needs_no_caveat_on_them():
    breaks, _, caveats = read_breaks(None)
    assert series_caveat_problems("b.yml", caveats[:1], ["detection"], ["report_text"], 0) == []
    assert series_caveat_problems("b.yml", [], ["prevalence"], ["report_text"], 0) == []


def test_the_build_refuses_the_series_without_its_caveat_on_detection(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "breaks.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("series_caveats:\n") + len("series_caveats:\n")
    end = text.index("  - priority: reading\n    text: \"Not one series")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: series_caveats: (list): no caveat speaks of it, but its rows measure detection: a caveat says "
            "the counts are what the authorities detected") in err, err
