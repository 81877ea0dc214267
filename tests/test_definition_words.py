"""What a row is defined as is something its words speak of: every real declared row prints a word of its
definition's name (in its quote, its other cells or its lineage note); given a definition none of whose words it
prints, it is refused, named where the definition is written."""
from __future__ import annotations

import copy
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import read_source
from csecstats.inputs import paths
from csecstats.register.subjects import DEFINITION_LINKING, definition_problem
from real_inputs import annotated_frames, project


@functools.lru_cache(maxsize=1)
def moves() -> list[tuple[str, str, str]]:
    """(table file, annotated row, a definition none of whose name's words the row's cells or note contain)."""
    lineage = project()[0]
    found = []
    for source, frame in annotated_frames():
        for row in frame.to_dict("records"):
            text = " ".join(str(v) for v in row.values() if isinstance(v, str)).casefold()
            for definition in lineage.definitions:
                words = [w for w in definition.split("_") if w not in DEFINITION_LINKING and not w.isdigit()]
                if words and not any(w[:4] in text for w in words):
                    found.append((source.spec["data"], row[source.id_column], definition))
    return found


def test_every_real_row_prints_a_word_of_its_definition():
    lineage, places, sources = project()
    assert all(read_source(s, places, lineage)[1] == [] for s in sources.declared if not s.spec.get("reading"))
    assert len(moves()) > 300


@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_row_given_a_definition_its_words_never_print_is_refused(data):
    table, key, definition = data.draw(st.sampled_from(moves()), label="move")
    lineage, places, sources = project()
    moved = copy.deepcopy(lineage)
    moved.external[table][key]["definition"] = definition
    source = next(s for s in sources.declared if s.spec["data"] == table)
    _, problems = read_source(source, places, moved)
    assert (str(paths.EXTERNAL_ROWS_FILE), f"{table}: {key}", "definition") in [
        (p.path, p.entry, p.field) for p in problems], problems


def test_definition_problem():
    assert definition_problem("all_sex_workers", "1,500 prostitutes; 'Billion dollar' sex trade") is None
    assert definition_problem("outside_brothels", "20,000 prostitutes when the UN troops left") == (
        "'outside_brothels': none of its words is in the row's ('outside', 'brothels')")
    assert definition_problem("population_aged_0_14", "4.57 million aged between 0 and 14") is None
