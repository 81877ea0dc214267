"""An input or parameter named for a bound reads that bound (``analysis.assumptions.bound_name_problems``):
``khmer_low`` never reads a figure's ``.high``, a uniform's ``high`` never a ``.low``. Every bound-named input and
parameter of every estimate given the other bound, and through the build."""
from __future__ import annotations

import copy
import dataclasses
import functools

from csecstats.analysis.assumptions import bound_name_problems
from csecstats.analysis.declarations import declared_estimates, default_context
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def declared():
    return declared_estimates(paths.RAW / "estimates.yml", default_context())


def _flipped(ref):
    if isinstance(ref, list):
        return [_flipped(r) for r in ref]
    if isinstance(ref, str) and ref.endswith((".low", ".high")):
        stem, _, end = ref.rpartition(".")
        return f"{stem}.{'high' if end == 'low' else 'low'}"
    return ref


def test_every_real_input_named_for_a_bound_reads_it():
    assert bound_name_problems(declared(), "estimates.yml") == []


def test_every_bound_named_input_and_parameter_given_the_other_bound_is_refused():
    tried = 0
    for est in declared():
        places = [("inputs", None, k) for k in (est.spec.get("inputs") or {})]
        places += [("assumptions", i, k) for i, a in enumerate(est.spec.get("assumptions") or [])
                   for k in (a.get("parameters") or {})]
        for part, index, key in places:
            spec = copy.deepcopy(est.spec)
            holder = spec["inputs"] if part == "inputs" else spec["assumptions"][index]["parameters"]
            flipped = _flipped(holder[key])
            if flipped == holder[key]:
                continue
            holder[key] = flipped
            found = bound_name_problems([dataclasses.replace(est, spec=spec)], "estimates.yml")
            named = {"low", "high"} & set(key.split("_"))
            assert bool(found) == bool(named), (est.key, part, key, found)
            tried += bool(named)
    assert tried >= 12, tried


def test_the_build_refuses_the_residual_reading_the_khmer_shares_high_end_as_its_low(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "      khmer_low: share_khmer_sex_workers_cambodia_2003.low\n",
                 "      khmer_low: share_khmer_sex_workers_cambodia_2003.high\n")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: other_ethnicity_sex_workers_cambodia_2003: inputs.khmer_low: "
            "'share_khmer_sex_workers_cambodia_2003.high': named for its low end, it reads the high one") in err
