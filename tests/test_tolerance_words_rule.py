"""A triangulation tolerance is what its reason says (``register.qualifiers.tolerance_words_problem``, read by
``analysis.triangulation.load_comparisons``): the limit it prints ('more than 2% apart'), no larger than a
difference it calls a disagreement ('7% apart'), no smaller than one it calls a revision ('differ by 1.7%')."""
from __future__ import annotations

import yaml

from csecstats.inputs import paths
from csecstats.register.qualifiers import tolerance_words_problem
from real_inputs import project_copy, refused, replace_once


def population() -> dict:
    quantities = yaml.safe_load(paths.TRIANGULATION_FILE.read_text(encoding="utf-8"))["quantities"]
    return next(q for q in quantities if "tolerance" in q)


def test_every_declared_tolerance_is_what_its_reason_says():
    entry = population()
    assert entry["tolerance"] == 0.02
    assert tolerance_words_problem(entry["tolerance"], entry["tolerance_reason"]) is None


def test_every_other_tolerance_is_refused():
    reason = population()["tolerance_reason"]
    tried = [t / 1000 for t in range(1, 300)]
    refused_here = [t for t in tried if tolerance_words_problem(t, reason)]
    assert refused_here == [t for t in tried if t != 0.02]


def test_a_reason_changed_with_its_tolerance_still_holds_to_the_differences_it_names():
    reason = population()["tolerance_reason"]
    for limit, holds in ((1, False), (1.5, False), (3, True), (5, True), (6.9, True), (7, False), (8, False)):
        lied = reason.replace("more than 2% apart", f"more than {limit:g}% apart")
        assert (tolerance_words_problem(limit / 100, lied) is None) == holds, (limit, lied)
    assert tolerance_words_problem(0.02, "Counts a little apart are one count.") == "0.02, but its reason prints no share"


def test_the_build_refuses_the_population_tolerance_widened_past_the_uniap_gap(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/triangulation.yml", "    tolerance: 0.02\n", "    tolerance: 0.1\n")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{root / 'data/raw/triangulation.yml'}: population: tolerance: 0.1, but its reason prints 2.0%" in err
