"""Numbers an estimate rests on are read, never typed into its arithmetic: a formula prints no number but 0 and 1
(none, the whole), and the report's arithmetic a row recomputes prints only numbers its inputs' quotes print. A
formula given a factor ('* 2') or a report_arithmetic given a number the report never printed is refused, naming
the estimate and the field; every real declaration holds both."""
from __future__ import annotations

import dataclasses
import functools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis import declarations
from csecstats.analysis.coherence import coherence_problems
from csecstats.analysis.formulas import bare_number_problems
from real_inputs import context, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def specified() -> tuple:
    return tuple(declarations.declared_estimates(None, context()))


def formulas() -> list[tuple[str, str, str]]:
    """(estimate label, field, text) of every real formula and range bound, each scenario as resolved."""
    return [(e.key, f, e.spec[f]) for e in specified() for f in ("formula", "low", "high")
            if isinstance(e.spec.get(f), str)]


def test_every_real_formula_prints_no_number_but_none_and_the_whole():
    assert len(formulas()) >= 15
    assert any(re.search(r"\b[01]\b", text) for _, _, text in formulas())  # '0 * sex_workers', '1 - khmer_low'
    assert bare_number_problems("estimates.yml", [(e.key, e.spec) for e in specified()]) == []


@settings(max_examples=60, deadline=None)
@given(which=st.integers(0, 10_000), factor=st.floats(0.001, 1e6).filter(lambda x: x not in (0, 1)),
       op=st.sampled_from(["*", "/", "+", "-"]))
def test_a_number_typed_into_any_real_formula_is_refused_on_that_field(which, factor, op):
    key, field, text = formulas()[which % len(formulas())]
    typed = f"({text}) {op} {factor!r}"
    found = bare_number_problems("estimates.yml", [(key, {field: typed})])
    assert [(p.entry, p.field) for p in found] == [(key, field)], typed


def arithmetic() -> list[declarations.Estimate]:
    return [e for e in specified() if isinstance(e.spec.get("report_arithmetic"), str)]


def _arithmetic_problems(estimates) -> list[tuple[str, str]]:
    return [(p.entry, p.field) for p in coherence_problems(estimates, context(), "estimates.yml")
            if p.field == "report_arithmetic"]


def test_every_real_report_arithmetic_prints_only_its_inputs_numbers():
    assert len(arithmetic()) >= 4
    assert _arithmetic_problems(specified()) == []


def test_every_number_of_the_reports_arithmetic_changed_is_refused():
    tried = 0
    for est in arithmetic():
        text = est.spec["report_arithmetic"]
        for m in re.finditer(r"\d+", text):
            changed = text[:m.start()] + str(int(m.group()) + 7) + text[m.end():]
            lie = dataclasses.replace(est, spec={**est.spec, "report_arithmetic": changed})
            assert _arithmetic_problems([lie]) == [(est.key, "report_arithmetic")], changed
            tried += 1
    assert tried >= 10


def test_the_build_refuses_a_factor_typed_into_a_formula(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/estimates.yml"
    replace_once(path, "    formula: before * ratio_after_before\n", "    formula: before * ratio_after_before * 2\n")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: sex_workers_phnom_penh_after_untac: formula: 'before * ratio_after_before * 2' prints the " \
           "number 2" in err, err


def test_the_build_refuses_the_reports_arithmetic_given_a_number_it_never_printed(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/estimates.yml"
    replace_once(path, '"66% are Khmer, of an estimated 18,256"', '"66% are Khmer, of an estimated 18,000"')
    err = refused(root, tmp_path / "out", capsys)
    assert ": report_arithmetic: prints 18000, which no quote of its inputs prints" in err, err


def test_the_message_names_the_formula_and_its_first_number_and_unreadable_text_is_left_to_the_compiler():
    long = "sex_workers_phnom_penh_1997 * share_aged_12_17 * share_forced_or_tricked * 2.5 * 3"
    found = bare_number_problems("estimates.yml", [("k", {"formula": long})])
    assert [str(p) for p in found] == [
        "estimates.yml: k: formula: 'sex_workers_phnom_penh_1997 * share_aged_12_17 * share_force...' prints the "
        "number 2.5: a number an estimate rests on is an input or an assumption with its reason"]
    # an unreadable formula is the compiler's to name (one problem a mistake); the bounds after it are still read
    assert bare_number_problems("e", [("k", {"formula": "x = 2"})]) == []
    assert [(p.entry, p.field) for p in bare_number_problems("e", [("k", {"formula": "(", "low": "x * 3",
                                                                           "high": "x"})])] == [("k", "low")]
