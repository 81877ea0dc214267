"""An estimate whose caveats say it is read in several rows ('Not one number: each scenario ...', 'Each row is one
reading ...') keeps two scenarios at least (`analysis.readings.several_readings_problems`). Tried on every scenario
of every estimate left out. An estimate publishing a figure as the report gives it keeps the figure's reading
caveats (`published_caveat_problems`)."""
from __future__ import annotations

import dataclasses

import yaml_c

from csecstats.analysis.declarations import declared_estimates
from csecstats.analysis.readings import (SAYS_BOUND, SEVERAL, bound_reading_problems, published_caveat_problems,
                                         several_readings_problems)
from csecstats.inputs import paths
from real_inputs import context, project_copy, refused, replace_once


def _own() -> dict:
    raw = yaml_c.safe_load(paths.ESTIMATES_FILE.read_text(encoding="utf-8"))["estimates"]
    return {e["id"]: e.get("caveats", []) for e in raw}


def _declared():
    return declared_estimates(None, context())


def test_every_real_estimate_read_in_several_rows_has_them():
    assert several_readings_problems(_declared(), _own(), str(paths.ESTIMATES_FILE)) == []
    raw = yaml_c.safe_load(paths.ESTIMATES_FILE.read_text(encoding="utf-8"))["estimates"]
    said = {e["id"] for e in raw for c in [*e.get("caveats", []), *(c for s in e.get("scenarios") or []
                                                                     for c in s.get("caveats", []))]
            if SEVERAL.search(c["text"])}
    assert said == {"forced_or_tricked_sex_workers", "khmer_sex_workers_cambodia_2003",
                    "vietnamese_sex_workers_cambodia_2003", "trafficked_sex_workers_cambodia_2003_report",
                    "under_age_sex_workers_phnom_penh_1997"}  # 'the scenario reaching to the 1992 level shows ...'


def test_each_scenario_left_out_is_refused_exactly_when_one_row_stays_that_its_words_call_several():
    declared, tried = _declared(), 0
    ids = list(dict.fromkeys(e.spec["id"] for e in declared))
    for estimate_id in ids:
        rows = [e for e in declared if e.spec["id"] == estimate_id]
        if len(rows) < 2:
            continue
        for gone in rows:
            kept = [e for e in declared if e is not gone]
            found = several_readings_problems(kept, _own(), str(paths.ESTIMATES_FILE))
            raw = next(e for e in yaml_c.safe_load(paths.ESTIMATES_FILE.read_text(encoding="utf-8"))["estimates"]
                       if e["id"] == estimate_id)
            said = any(SEVERAL.search(c["text"]) for c in raw.get("caveats", [])) or any(
                SEVERAL.search(c["text"]) for e in rows if e is not gone for c in e.spec.get("caveats") or [])
            expected = [(estimate_id, "scenarios")] if said and len(rows) == 2 else []
            assert [(p.entry, p.field) for p in found] == expected, (estimate_id, gone.scenario)
            tried += 1
    assert tried == 15


def test_a_single_estimate_given_the_words_of_several_is_refused():
    one = next(e for e in _declared() if e.spec["id"] == "hotline_share_of_reports_2003")
    told = dataclasses.replace(one, spec={**one.spec, "caveats": [{"priority": "reading", "text": "Not one number."}]})
    assert [p.entry for p in several_readings_problems([told], {}, str(paths.ESTIMATES_FILE))] == \
        ["hotline_share_of_reports_2003"]


def test_the_build_refuses_the_forced_or_tricked_estimate_left_with_one_base(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "estimates.yml"
    data = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    estimate = next(e for e in data["estimates"] if e["id"] == "forced_or_tricked_sex_workers")
    estimate["scenarios"] = estimate["scenarios"][1:]
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: forced_or_tricked_sex_workers: scenarios: one row, but its caveat says it is read in several" in err, err


def test_the_build_refuses_the_under_age_estimate_left_with_the_reports_arithmetic_alone(tmp_path, capsys):
    """Its one scenario left still says 'the scenario reaching to the 1992 level shows how much higher it may be'
    (`scripts/lie_drops.py --seed 13008` and `--seed 13010` published it)."""
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "estimates.yml"
    data = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    estimate = next(e for e in data["estimates"] if e["id"] == "under_age_sex_workers_phnom_penh_1997")
    estimate["scenarios"] = estimate["scenarios"][:1]
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: under_age_sex_workers_phnom_penh_1997: scenarios: one row, but its caveat says it is read in "
            "several") in err, err


def test_an_estimate_published_as_the_report_gives_it_keeps_each_reading_caveat_of_its_figure():
    """Every as_published estimate given its figure's caveats less each reading one is refused naming that caveat;
    less any other caveat, it is not (a caveat that only qualifies or traces the figure may be said otherwise)."""
    declared, own = _declared(), _own()
    assert published_caveat_problems(declared, own, context(), str(paths.ESTIMATES_FILE)) == []
    published = [e for e in declared if e.spec["method"] == "as_published"]
    assert published
    tried = 0
    for est in published:
        figure = context().row(next(iter(est.refs)).split(".")[0])
        ranked = list(zip(figure["caveat"].split(" | "), figure["caveat_priority"].split(" | ")))
        caveats = [{"priority": rank, "text": text} for text, rank in ranked]
        for i, (text, rank) in enumerate(ranked):
            less = dataclasses.replace(est, spec={**est.spec, "caveats": caveats[:i] + caveats[i + 1:]})
            found = published_caveat_problems([less], {}, context(), str(paths.ESTIMATES_FILE))
            assert [(p.entry, p.field, text[:40] in p.message) for p in found] == (
                [(est.spec["id"], "caveats", True)] if rank == "reading" else []), (text, rank)
            tried += 1
    assert tried >= 3


def test_the_build_refuses_the_cambodian_women_in_thailand_published_without_their_reading_caveat(tmp_path, capsys):
    """`scripts/lie_drops.py --seed 13008` dropped it and was published."""
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "estimates.yml"
    replace_once(path, '      - {priority: reading, text: "All Cambodian women in Thailand, not only trafficked women or '
                       'sex workers."}\n', "")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: cambodian_women_in_thailand: caveats: publishes cambodian_women_in_thailand as the report gives "
            "it, but not its reading caveat 'All Cambodian women in Thailand") in err, err


def test_a_row_reading_a_bound_at_the_bound_says_its_result_is_one():
    """Every real row that reads a figure printed as a bound at the bound says so; each such caveat taken away is
    refused, and the same row drawing that input as an assumption instead is not."""
    declared, own = _declared(), _own()
    assert bound_reading_problems(declared, own, context(), str(paths.ESTIMATES_FILE)) == []
    at_bound = [e for e in declared if any(
        isinstance(row := context().row(str(ref).split(".")[0]), dict) and row.get("qualifier") in SAYS_BOUND
        and name not in {a.get("name") for a in e.spec.get("assumptions") or []}
        for name, ref in (e.spec.get("inputs") or {}).items())]
    assert [(e.spec["id"], e.scenario) for e in at_bound] == [("under_age_sex_workers_phnom_penh_1997",
                                                               "report_one_third_of_over_14000")]
    est = at_bound[0]
    saying = [c for c in est.spec["caveats"] if SAYS_BOUND["lower_bound"].search(c["text"])]
    assert saying
    less = dataclasses.replace(est, spec={**est.spec, "caveats": [c for c in est.spec["caveats"] if c not in saying]})
    found = bound_reading_problems([less], own, context(), str(paths.ESTIMATES_FILE))
    assert [(p.entry, p.field) for p in found] == [(f"{est.spec['id']} ({est.scenario})", "caveats")]
    name = next(iter(est.spec["inputs"]))
    drawn = dataclasses.replace(less, spec={**less.spec, "assumptions": [{"name": name}]})
    assert bound_reading_problems([drawn], own, context(), str(paths.ESTIMATES_FILE)) == []


def test_the_build_refuses_one_third_of_over_14000_without_its_lower_end_caveat(tmp_path, capsys):
    """`scripts/lie_drops.py --seed 15005` (LIE_UNPINNED=1) dropped it and was published."""
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "estimates.yml"
    replace_once(path, "          - {priority: reading, text: \"A lower end: the report's 'over 14, 000' is a lower bound, "
                       "so one third of it is at least this; the scenario reaching to the 1992 level shows how much "
                       "higher it may be.\"}\n", "")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: under_age_sex_workers_phnom_penh_1997 (report_one_third_of_over_14000): caveats: reads "
            "sex_workers_phnom_penh_1997.low, a lower bound, at the bound") in err, err
