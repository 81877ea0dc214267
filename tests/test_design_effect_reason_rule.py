"""A declared design effect is what its reason says (``analysis.design_effects.design_effect_problems``): 1 where
the reason declares none, more than 1 where units come in groups or cluster, the middle of the design-effects
table's range where it says so. Every estimate with one given every value and every other estimate's reason, and
through the build."""
from __future__ import annotations

import copy
import dataclasses
import functools

from csecstats.analysis.declarations import declared_estimates, default_context
from csecstats.analysis.design_effects import DEFFS, design_effect_problems
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def declared():
    estimates = declared_estimates(paths.RAW / "estimates.yml", default_context())
    return list({e.spec["id"]: e for e in estimates if "design_effect" in e.spec}.values())


def given(est, **deff):
    spec = copy.deepcopy(est.spec)
    spec["design_effect"].update(deff)
    return dataclasses.replace(est, spec=spec)


def test_every_real_design_effect_is_what_its_reason_says():
    assert len(declared()) == 5
    assert design_effect_problems(declared(), "estimates.yml") == []


def test_every_design_effect_given_every_other_value():
    refused_here = 0
    for est in declared():
        own = est.spec["design_effect"]["value"]
        for value in (1, 1.5, 2, 3, 4, 8):
            found = design_effect_problems([given(est, value=value)], "estimates.yml")
            assert bool(found) == (value != own), (est.spec["id"], value, found)
            assert all((p.entry, p.field) == (est.spec["id"], "design_effect.value") for p in found)
            refused_here += bool(found)
    assert refused_here == 5 * 5  # every value but its own, for each of the five


def test_every_design_effect_given_every_other_reason():
    pairs = 0
    for est in declared():
        for other in declared():
            reason = other.spec["design_effect"]["reason"]
            found = design_effect_problems([given(est, reason=reason)], "estimates.yml")
            # a reason declaring none fits value 1 only; one of clustered units, at the table's middle, value 2 only
            assert bool(found) == (other.spec["design_effect"]["value"] != est.spec["design_effect"]["value"]), (
                est.spec["id"], other.spec["id"])
            pairs += bool(found)
    assert pairs == 2 * 4  # the hotline's reason onto the four clustered ones, and theirs onto it
    assert DEFFS[len(DEFFS) // 2] == 2


def test_the_build_refuses_victims_rescued_in_groups_given_no_design_effect(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", '    design_effect:\n      value: 2\n      reason: "Victims come in groups',
                 '    design_effect:\n      value: 1\n      reason: "Victims come in groups')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: victims_rescued_per_confirmed_case_2003: design_effect.value: 1, "
            "but its reason says its units cluster ('come in groups')") in err
