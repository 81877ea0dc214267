"""An account never relays a study made after it was published: every real row keeps its origin; moved onto an
origin made later than its publication it is refused, named where its origin is written."""
from __future__ import annotations

import copy
import dataclasses
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import read_source
from csecstats.inputs import paths
from real_inputs import annotated_frames, project


@functools.lru_cache(maxsize=1)
def annotated_moves() -> list[tuple[str, str, str]]:
    """(table file, row key, an origin made after the row was published) for every annotated row that has a date."""
    lineage = project()[0]
    moves = []
    for source, frame in annotated_frames():
        for key, published in zip(frame[source.id_column], frame["published"]):
            if isinstance(published, str) and published[:4].isdigit():
                moves += [(source.spec["data"], key, o) for o, spec in lineage.origins.items()
                          if spec["year"] > int(published[:4])]
    return moves


def test_every_real_row_was_published_after_its_origin_was_made():
    lineage, places, sources = project()
    assert all(read_source(s, places, lineage)[1] == [] for s in sources.declared if s.spec.get("reading") is None)
    assert len(annotated_moves()) > 100


@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_an_annotated_row_moved_onto_a_later_study_is_refused_in_external_rows(data):
    table, key, origin = data.draw(st.sampled_from(annotated_moves()), label="move")
    lineage, places, sources = project()
    moved = copy.deepcopy(lineage)
    moved.external[table][key]["origin"] = origin
    source = next(s for s in sources.declared if s.spec["data"] == table)
    _, problems = read_source(source, places, moved)
    problems = [p for p in problems if "was made after" in p.message]  # the origin's other rules aside
    assert [(p.path, p.entry, p.field) for p in problems] == [(str(paths.EXTERNAL_ROWS_FILE), f"{table}: {key}",
                                                              "origin")], problems
    assert problems[0].message.startswith(f"{origin} ({lineage.origins[origin]['year']}) was made after this account")


def test_a_declared_study_mapped_to_a_later_origin_is_refused_on_its_rows():
    lineage, places, sources = project()
    embassy = next(s for s in sources.declared if s.name == "embassy_tip_submissions")
    spec = copy.deepcopy(embassy.spec)
    spec["lineage"]["origin"]["map"]["Steinfatt 2003"] = "census_2019"
    _, problems = read_source(dataclasses.replace(embassy, spec=spec), places, lineage)
    problems = [p for p in problems if "was made after" in p.message]  # the census's methods aside
    assert {(p.path, p.field) for p in problems} == {(str(embassy.data), "study")}
    assert len(problems) == 5  # each row resting on that study
    assert all("census_2019 (2019) was made after this account was published (2011-07-11)" in p.message
               for p in problems)
