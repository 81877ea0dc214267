"""A triangular's mode read from one row is the number the row prints (a bound of it only where the bound is the
printed number, as for 'over 14, 000'): tried on every bound of every real figure and external row, on every real
triangular assumption, and through the build (the one-third share's most likely value moved to its upper rounding
bound is refused)."""
from __future__ import annotations

import math

from csecstats.analysis.assumptions import mode_problem
from csecstats.analysis.declarations import declared_estimates
from csecstats.inputs import paths
from real_inputs import context as shared_context, project_copy, refused, replace_once


def test_every_bound_of_every_row_is_a_mode_exactly_when_it_is_the_printed_number():
    context = shared_context()
    refs = [*context.figures.index, *(f"external:{i}" for i in context.external.index)]
    tried = refused_here = 0
    for base in refs:
        try:
            printed = context.resolve(base)[0]
        except KeyError:  # a range printed without a value: no mode is read from it
            continue
        assert mode_problem(base, printed, context.resolve) is None  # the row itself, by its id
        for part in ("low", "high"):
            try:
                number = context.resolve(f"{base}.{part}")[0]
            except KeyError:  # no such bound
                continue
            message = mode_problem(f"{base}.{part}", number, context.resolve)
            assert (message is None) == math.isclose(number, printed, rel_tol=0, abs_tol=0), (base, part)
            tried += 1
            refused_here += message is not None
    assert tried >= 200 and refused_here >= 40, (tried, refused_here)


def test_every_real_triangular_reads_its_mode_as_printed_and_numbers_are_left_alone():
    context = shared_context()
    triangulars = [a for est in declared_estimates(paths.RAW / "estimates.yml", context) for a in est.assumptions
                   if a.distribution == "triangular"]
    assert len({a.name for a in triangulars}) >= 3
    assert all(mode_problem(a.written["mode"], a.parameters["mode"], context.resolve) is None for a in triangulars)
    assert mode_problem(0.3, 0.3, context.resolve) is None and mode_problem(["a", "b"], 1.0, context.resolve) is None


def test_the_build_refuses_the_one_third_share_most_likely_at_its_upper_rounding_bound(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "      mode: share_aged_12_17_sex_workers_phnom_penh_1997\n",
                 "      mode: share_aged_12_17_sex_workers_phnom_penh_1997.high\n")
    err = refused(root, tmp_path / "out", capsys)
    assert ("assumptions.share_aged_12_17.parameters.mode: share_aged_12_17_sex_workers_phnom_penh_1997.high is "
            "0.416667, but the most likely value read from share_aged_12_17_sex_workers_phnom_penh_1997 is the number "
            "it prints, 0.333333: name 'share_aged_12_17_sex_workers_phnom_penh_1997'") in err
