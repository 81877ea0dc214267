"""What a number measures holds together: an origin held 'primary' has its producer's own text here; a number in
cases, copies or sessions measures what such a unit can; one definition measures one thing. Each rule holds on the
built tables and refuses what breaks it, naming the file, entry and field where the claim is written."""
from __future__ import annotations

import functools

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats import built_tables
from csecstats.analysis.coherence import definition_measures_problems, held_problems, unit_measures_problems
from csecstats.inputs import paths
from csecstats.inputs.errors import Problem
from csecstats.register.lineage import MEASURES, load_lineage
from real_inputs import project_copy, refused


@functools.lru_cache(maxsize=1)
def tables() -> dict[str, pd.DataFrame]:
    return built_tables()


@functools.lru_cache(maxsize=1)
def lineage():
    found, problems = load_lineage()
    assert problems == [] and found.unit_measures
    return found


def test_the_built_tables_hold_every_rule():
    t, lin = tables(), lineage()
    assert held_problems(lin.origins, t, "origins.yml") == []
    assert unit_measures_problems(lin, t["figures"], t["estimates"], definitions="d", estimates_path="e") == []
    numbers = [(d, m, Problem("t", str(i), "measures", "")) for name, frame in t.items()
               if {"definition", "measures"} <= set(frame) for i, (d, m) in enumerate(zip(frame["definition"],
                                                                                          frame["measures"]))]
    assert len(numbers) > 150 and definition_measures_problems(numbers) == []


def test_every_origin_relayed_only_second_hand_claimed_held_is_refused():
    """Each secondary origin in turn claimed held: refused, but where rows are read from the producer's own text
    (the statistics institute's release, the TIP report's pages). The police records behind the report's 2003
    figures are relayed by the report: refused."""
    lin = lineage()
    secondary = sorted(o for o, spec in lin.origins.items() if spec["held"] == "secondary")
    assert "national_police_records" in secondary and len(secondary) > 10
    own = {"census_1998", "census_2008", "us_tip_reports"}
    for origin in secondary:
        origins = {**lin.origins, origin: {**lin.origins[origin], "held": "primary"}}
        found = held_problems(origins, tables(), "origins.yml")
        assert [(p.entry, p.field) for p in found] == ([] if origin in own else [(origin, "held")]), origin


@settings(max_examples=20, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_figure_or_estimate_measuring_what_its_unit_cannot_is_refused(data):
    t, lin = tables(), lineage()
    name = data.draw(st.sampled_from(["figures", "estimates"]), label="table")
    frame = t[name]
    rows = frame.index[frame["unit"].isin(list(lin.unit_measures))].tolist()
    i = data.draw(st.sampled_from(rows), label="row")
    other = data.draw(st.sampled_from([m for m in MEASURES if m not in lin.unit_measures[frame.at[i, "unit"]]]),
                      label="measures")
    changed = frame.copy()
    changed.at[i, "measures"] = other
    figures, estimates = (changed, t["estimates"]) if name == "figures" else (t["figures"], changed)
    found = unit_measures_problems(lin, figures, estimates, definitions="definitions.yml", estimates_path="e.yml")
    assert found and all(p.field == "measures" and p.message.startswith(f"{other}: a number in ") for p in found)


def test_one_definition_measures_one_thing():
    numbers = [("all_sex_workers", "prevalence", Problem("a", str(i), "measures", "")) for i in range(3)]
    odd = Problem("definitions.yml", "topics.sex_work", "measures", "")
    found = definition_measures_problems([*numbers, ("all_sex_workers", "activity", odd)])
    assert [(p.path, p.entry) for p in found] == [("definitions.yml", "topics.sex_work")]
    assert found[0].message.startswith("activity: other numbers defined as 'all_sex_workers' measure prevalence (3)")
    tie = definition_measures_problems([numbers[0], ("all_sex_workers", "activity", odd)])
    assert {p.entry for p in tie} == {"0", "topics.sex_work"}  # no majority: both named


def test_the_build_refuses_sex_workers_said_to_measure_activity(tmp_path, capsys):
    root = project_copy(tmp_path)
    definitions = root / "data/raw/definitions.yml"
    old = "  sex_work: {definition: all_sex_workers, measures: prevalence}"
    text = definitions.read_text(encoding="utf-8")
    assert old in text
    definitions.write_text(text.replace(old, old.replace("prevalence", "activity")), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{definitions}: topics.sex_work: measures: activity: other numbers defined as 'all_sex_workers' measure "
            "prevalence") in err
