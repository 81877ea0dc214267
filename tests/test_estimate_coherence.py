"""An estimate speaks of what its inputs speak of: every real estimate and scenario keeps its geography,
definition, measures and period; given a place, definition or measure none of its inputs has, or a period outside
theirs, it is refused, naming the estimates file, the estimate and the field."""
from __future__ import annotations

import copy
import dataclasses
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.coherence import TERMS, coherence_problems
from csecstats.analysis.declarations import declared_estimates
from csecstats.inputs import paths
from csecstats.register.lineage import MEASURES
from real_inputs import context as shared_context, project_copy, refused


@functools.lru_cache(maxsize=1)
def real():
    context = shared_context()
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
    # a definition its quantity's words do not name is also refused on the quantity (test_estimate_definition_words_rule)
    problems = [p for p in problems if not (term == "definition" and p.field == "quantity"
                                            and "is not what its definition counts" in p.message)]
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
    assert coherence_problems([dataclasses.replace(est, period=("1993-06-01", "1996-12-31"))], context, "e") == []
    # an end no input is of and no word of it prints (analysis.assumptions.period_year_problem)
    late = coherence_problems([dataclasses.replace(est, period=("1993-06-01", "1999-12-31"))], context, "e")
    assert [(p.field, p.message[-37:]) for p in late] == [("period", "no year its quantity or caveats print")]
    undated = coherence_problems([dataclasses.replace(est, period=(None, None))], context, "e")
    assert [(p.field, p.message[:30]) for p in undated] == [("period", "none, but its inputs are dated")]


def test_the_build_refuses_an_estimate_moved_to_another_place(tmp_path, capsys):
    root = project_copy(tmp_path)
    estimates = root / "data/raw/estimates.yml"
    text = estimates.read_text(encoding="utf-8")
    old = "    quantity: Sex workers in Phnom Penh after UNTAC left\n    unit: persons\n    period: \"1993-10/1996-12\"\n    geography: Phnom Penh\n"
    assert old in text
    estimates.write_text(text.replace(old, old.replace("geography: Phnom Penh", "geography: Cambodia")), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{estimates}: sex_workers_phnom_penh_after_untac: geography: 'Cambodia': its inputs' are Phnom "
            "Penh") in err


def test_a_quantity_names_what_its_inputs_count_or_prints_their_numbers():
    context, estimates = real()
    by_key = {e.key: e for e in estimates}
    hotline, under_age = by_key["hotline_share_of_reports_2003"], by_key[
        "under_age_sex_workers_phnom_penh_1997/report_one_third_of_over_14000"]
    swapped = [dataclasses.replace(hotline, spec={**hotline.spec, "quantity": "Cambodian women in Thailand"}),
               dataclasses.replace(under_age, spec={**under_age.spec, "quantity": hotline.spec["quantity"]})]
    found = coherence_problems(swapped, context, "e")
    assert [(p.entry, p.field) for p in found] == [(hotline.key, "quantity"), (under_age.key, "quantity")]
    assert found[0].message == ("names nothing its inputs count (hotline_reports and reports_received), prints none "
                                "of their numbers")
    # 'one third of over 14,000' names no indicator but prints its input's number
    assert "14,000" in under_age.spec["quantity"] and coherence_problems([under_age], context, "e") == []


@settings(max_examples=30, deadline=None, derandomize=True)
@given(data=st.data())
def test_an_estimate_given_another_estimates_quantity_naming_nothing_of_its_own_is_refused(data):
    """Any real quantity moved onto another estimate whose inputs' indicators and numbers it never mentions (a
    check by plain substrings of the indicator's words and the printed numbers) is refused on its quantity."""
    context, _ = real()
    est, other = data.draw(st.sampled_from(_foreign_pairs()), label="pair")
    changed = dataclasses.replace(est, spec={**est.spec, "quantity": other.spec["quantity"]})
    assert [p.field for p in coherence_problems([changed], context, "e")] == ["quantity"]


@functools.cache
def _foreign_pairs() -> list:
    """Every (estimate, another estimate) of the real declarations whose quantity is foreign to the first (found once
    per run: each example of the property drew from a list it had built anew)."""
    context, estimates = real()
    return [(a, b) for a in estimates for b in estimates if a.spec["id"] != b.spec["id"] and _foreign(context, a, b)]


def _foreign(context, est, other) -> bool:
    """``other``'s quantity shares no word of ``est``'s inputs' indicators and none of their printed values."""
    text = other.spec["quantity"].casefold().replace(",", "")
    for ref in dict.fromkeys(est.refs):
        row = (context.figures.loc[ref] if ref in context.figures.index
               else context.external.loc[ref.removeprefix("external:")])
        words = [w[:4] for w in str(row.get("indicator", "")).split("_") if len(w) > 3]
        if any(w in text for w in words):
            return False
        if any(isinstance(row.get(k), float) and row[k] == row[k] and f"{row[k]:g}" in text
               for k in ("value", "low", "high")):
            return False
    return True


def test_an_estimate_of_undated_numbers_is_undated():
    context, estimates = real()
    est = next(e for e in estimates if e.key == "cambodian_women_in_thailand")
    assert est.period == (None, None) and coherence_problems([est], context, "e") == []
    dated = coherence_problems([dataclasses.replace(est, period=("1997-01-01", "1997-12-31"))], context, "e")
    assert [(p.field, p.message) for p in dated] == [
        ("period", "starts 1997-01-01, but none of its inputs is dated: an estimate is undated too")]


def test_a_quantity_names_no_place_but_its_own_and_its_inputs_publishers_aside():
    context, estimates = real()
    by_key = {e.key: e for e in estimates}
    national = by_key["vietnamese_sex_workers_cambodia_2003/report_33_percent_of_18256"]
    moved = dataclasses.replace(national, spec={**national.spec, "quantity": "Sex workers aged 12-17 in Phnom Penh"})
    found = coherence_problems([moved], context, "e", publishers=["Phnom Penh Post"])
    assert [(p.field, p.message) for p in found] == [
        ("quantity", "names 'Phnom Penh', a place neither it nor its inputs are of")]
    cited = by_key["trafficked_sex_workers_cambodia_2003_report/study_national_estimate_about_2000"]
    assert cited.spec["quantity"].startswith("Phnom Penh Post (2004)") and cited.spec["geography"] == "Cambodia"
    assert coherence_problems([cited], context, "e", publishers=["Phnom Penh Post"]) == []
    assert [p.field for p in coherence_problems([cited], context, "e", publishers=[])] == ["quantity"]  # none known


def test_a_quantity_is_worded_as_its_unit():
    """Every real estimate given every other estimate's quantity worded as another unit ('Share of ...' for persons,
    '... per confirmed case' for a share) is refused on its quantity; every real quantity is worded as its unit."""
    context, estimates = real()
    worded = {e.spec["quantity"]: e.spec["unit"] for e in estimates}
    tried = by_wording = 0
    for est in estimates:
        for quantity, unit in worded.items():
            kinds = {k for k in ("share", "ratio") if unit == k} ^ {k for k in ("share", "ratio") if est.spec["unit"] == k}
            if not kinds:
                continue
            changed = dataclasses.replace(est, spec={**est.spec, "quantity": quantity})
            found = [p for p in coherence_problems([changed], context, "e") if p.field == "quantity"]
            assert found and ("worded as a" in found[0].message or "names nothing" in found[0].message), (est.key,
                                                                                                         quantity)
            tried += 1
            by_wording += "worded as a" in found[0].message
    assert tried >= 250 and by_wording >= 60, (tried, by_wording)


def test_an_estimates_own_quantity_is_checked_where_every_scenario_gives_its_own():
    """The quantity over scenarios is published nowhere but still speaks of the estimate: given another estimate's
    quantity worded as a share, or naming nothing its scenarios' inputs count, it is refused on the estimate's id."""
    context, estimates = real()
    overridden = [e for e in estimates if "estimate_quantity" in e.spec]
    assert len({e.spec["id"] for e in overridden}) >= 4
    assert coherence_problems(overridden, context, "e") == []
    forced = [e for e in overridden if e.spec["id"] == "forced_or_tricked_sex_workers"]
    assert len(forced) == 2
    for lie, says in (("Share of sex workers counted in Phnom Penh who were judged trafficked", "worded as a share"),
                      ("Sex workers rescued per confirmed case", "worded as a ratio"),
                      ("Cambodian women in Thailand", "names nothing its inputs count")):
        changed = [dataclasses.replace(e, spec={**e.spec, "estimate_quantity": lie}) for e in forced]
        found = coherence_problems(changed, context, "e")
        assert [(p.entry, p.field) for p in found] == [("forced_or_tricked_sex_workers", "quantity")], lie
        assert says in found[0].message


def test_a_count_read_through_a_share_given_another_of_its_inputs_definitions_is_refused():
    """Every real estimate and scenario given each definition of its inputs, exhaustively: refused on its definition
    exactly when it is a count (not a share) read through a share of its inputs and the definition is not the
    share's (the range of trafficked sex workers given the sex workers' own all_sex_workers); the rest pass."""
    context, estimates = real()
    tried = refused_count = 0
    for est in estimates:
        rows = [context.figures.loc[r].to_dict() if r in context.figures.index
                else context.external.loc[r.removeprefix("external:")].to_dict() for r in dict.fromkeys(est.refs)]
        shares = {r["definition"] for r in rows if r.get("unit") == "share"}
        for definition in sorted({r["definition"] for r in rows if isinstance(r.get("definition"), str)}):
            changed = dataclasses.replace(est, spec={**copy.deepcopy(est.spec), "definition": definition})
            found = [p for p in coherence_problems([changed], context, "e") if p.field == "definition"]
            expected = est.spec["unit"] != "share" and bool(shares) and definition not in shares
            assert [p.entry for p in found] == ([est.key] if expected else []), (est.key, definition)
            tried += 1
            refused_count += expected
    assert tried >= 40 and refused_count >= 12, (tried, refused_count)


def test_the_build_refuses_the_range_of_trafficked_sex_workers_defined_as_all_sex_workers(tmp_path, capsys):
    from real_inputs import replace_once
    root = project_copy(tmp_path)
    path = root / "data/raw/estimates.yml"
    replace_once(path, "    quantity: Trafficked sex workers in Cambodia, range of the published readings\n    unit: persons\n"
                 '    period: "2003"\n    geography: Cambodia\n    definition: trafficked_debt_bondage_or_under_16',
                 "    quantity: Trafficked sex workers in Cambodia, range of the published readings\n    unit: persons\n"
                 '    period: "2003"\n    geography: Cambodia\n    definition: all_sex_workers')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: trafficked_sex_workers_cambodia_2003_range: definition: 'all_sex_workers', but a count read "
            "through a share has the share's") in err
