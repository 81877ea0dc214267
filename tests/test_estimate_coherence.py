"""An estimate speaks of what its inputs speak of: every real estimate and scenario keeps its geography,
definition, measures and period; given a place, definition or measure none of its inputs has, or a period outside
theirs, it is refused, naming the estimates file, the estimate and the field."""
from __future__ import annotations

import copy
import dataclasses
import functools
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.coherence import TERMS, coherence_problems
from csecstats.analysis.declarations import declared_estimates, default_context
from csecstats.cli import main
from csecstats.inputs import paths
from csecstats.register.lineage import MEASURES


@functools.lru_cache(maxsize=1)
def real():
    context = default_context()
    return context, declared_estimates(paths.RAW / "estimates.yml", context)


def choices(term: str) -> list[str]:
    context, _ = real()
    if term == "measures":
        return list(MEASURES)
    if term == "definition":
        return list(context.lineage.definitions)
    return sorted(set(context.figures["geography"]) | set(context.external["geography"].dropna()))


def test_every_real_estimate_speaks_of_what_its_inputs_speak_of():
    context, estimates = real()
    assert len(estimates) >= 15
    assert coherence_problems(estimates, context, "estimates.yml") == []


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.data())
def test_an_estimate_given_a_term_none_of_its_inputs_has_is_refused(data):
    context, estimates = real()
    est = data.draw(st.sampled_from(estimates), label="estimate")
    term = data.draw(st.sampled_from(TERMS), label="term")
    rows = [context.figures.loc[r].to_dict() if r in context.figures.index
            else context.external.loc[r.removeprefix("external:")].to_dict() for r in dict.fromkeys(est.refs)]
    theirs = {r.get(term) for r in rows}
    other = data.draw(st.sampled_from([c for c in choices(term) if c not in theirs]), label="value")
    changed = dataclasses.replace(est, spec={**copy.deepcopy(est.spec), term: other})
    problems = coherence_problems([changed], context, "estimates.yml")
    assert [(p.path, p.entry, p.field) for p in problems] == [("estimates.yml", est.key, term)]


def test_a_typed_judgement_holds_an_estimate_to_its_inputs_measures_only():
    context, estimates = real()
    est = next(e for e in estimates if e.key == "sex_workers_phnom_penh_after_untac")
    typed = [dataclasses.replace(a, written={k: 0.5 for k in a.written}) if a.name == "ratio_after_before" else a
             for a in est.assumptions]
    moved = dataclasses.replace(est, assumptions=typed, spec={**est.spec, "geography": "Cambodia"})
    assert coherence_problems([moved], context, "e") == []
    mislabelled = dataclasses.replace(moved, spec={**moved.spec, "measures": "detection"})
    assert [p.field for p in coherence_problems([mislabelled], context, "e")] == ["measures"]


def test_an_estimate_dated_outside_its_inputs_is_refused():
    context, estimates = real()
    est = next(e for e in estimates if e.key == "sex_workers_phnom_penh_after_untac")
    assert coherence_problems([dataclasses.replace(est, period=("1991-06-01", "1993-12-31"))], context, "e") != []
    assert coherence_problems([dataclasses.replace(est, period=("1993-06-01", "1999-12-31"))], context, "e") == []
    undated = coherence_problems([dataclasses.replace(est, period=(None, None))], context, "e")
    assert [(p.field, p.message[:30]) for p in undated] == [("period", "none, but its inputs are dated")]


def test_the_build_refuses_an_estimate_moved_to_another_place(tmp_path, capsys):
    root = tmp_path / "project"
    for part in ("data/raw", "data/external"):
        shutil.copytree(paths.ROOT / part, root / part)
    shutil.copy(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    estimates = root / "data/raw/estimates.yml"
    text = estimates.read_text(encoding="utf-8")
    old = "    quantity: Sex workers in Phnom Penh after UNTAC left\n    unit: persons\n    period: \"1993-10/1996-12\"\n    geography: Phnom Penh\n"
    assert old in text
    estimates.write_text(text.replace(old, old.replace("geography: Phnom Penh", "geography: Cambodia")), encoding="utf-8")
    assert main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 2
    assert (f"{estimates}: sex_workers_phnom_penh_after_untac: geography: 'Cambodia': its inputs' are Phnom "
            "Penh") in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
