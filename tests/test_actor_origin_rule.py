"""A figure the report gives as an actor's own count rests on the origin that actor produced, where that origin
counted what the figure counts (``analysis.origin_rows.actor_origin_problems``). Tried on every figure with an
actor moved onto every other origin, against the figures read by eye as the police department's own counts."""
from __future__ import annotations

import yaml_c
from test_origin_counted_rule import named_by, resting

from csecstats import built_tables
from csecstats.analysis.origin_rows import actor_origin_problems
from real_inputs import project, project_copy, refused

# Read by eye: the figures whose actor (the police department) produced an origin whose `counted` names their
# indicator ('Cases (suspected, confirmed, dealt with), arrests, victims rescued, reports received').
POLICE_COUNTS = {"suspected_cases_2003", "confirmed_cases_2003", "victims_rescued_2003", "reports_received_2003"}


def test_every_real_figure_given_by_an_actor_rests_on_what_that_actor_produced():
    lineage, places, _ = project()
    figures = built_tables()["figures"]
    assert actor_origin_problems(lineage.origins, figures, resting(), named_by(), "o.yml", places) == []
    assert set(figures.loc[figures["figure_id"].isin(POLICE_COUNTS), "origin_id"]) == {"national_police_records"}


def test_every_figure_with_an_actor_moved_to_every_other_origin_is_refused_exactly_when_its_actor_counted_it():
    lineage, places, _ = project()
    figures = built_tables()["figures"].drop_duplicates("figure_id")
    acted = figures[figures["actor"].notna()]
    assert len(acted) >= 40
    tried = 0
    for other in lineage.origins:  # every figure with an actor moved there at once: each is read alone
        moved = acted[acted["origin_id"] != other].assign(origin_id=other)
        found = actor_origin_problems(lineage.origins, moved, resting(), named_by(), "o.yml", places)
        assert {(p.entry, p.field) for p in found} <= {("national_police_records", "figures")}, other
        assert sorted(p.message.split()[0] for p in found) == sorted(POLICE_COUNTS & set(moved["figure_id"])), other
        tried += len(found)
    assert tried == len(POLICE_COUNTS) * (len(lineage.origins) - 1)


def test_the_build_refuses_the_police_counts_left_to_the_paper_relaying_them(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "origins.yml"
    loaded = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    next(o for o in loaded["origins"] if o["id"] == "national_police_records")["figures"] = []
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    for figure_id, indicator in (("suspected_cases_2003", "suspected_cases"), ("victims_rescued_2003", "victims_rescued")):
        assert (f"{path}: national_police_records: figures: {figure_id} rests on uniap_2004, but its actor, "
                f"'Department of Anti-Human Trafficking and Juvenile ...', produced this origin, which counted "
                f"{indicator}") in err, err
