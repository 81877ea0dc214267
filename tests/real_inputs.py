"""The project's real lineage, places and declared sources, read once per test process, for the tests that move
real rows onto other origins, definitions or places."""
from __future__ import annotations

import functools

import pandas as pd

from csecstats.analysis.external import Sources, declared_sources, read_source
from csecstats.inputs import paths
from csecstats.register.lineage import Lineage, load_lineage
from csecstats.register.load import load_vocabulary


@functools.lru_cache(maxsize=1)
def project() -> tuple[Lineage, dict[str, tuple[str, ...]], Sources]:
    """(lineage, the vocabulary's places with the other words naming each, the declared sources), all valid."""
    lineage, problems = load_lineage()
    vocabulary, more = load_vocabulary()
    assert problems == more == []
    return lineage, vocabulary.places(), declared_sources(paths.EXTERNAL, None)[0]


def annotated_frames() -> list[tuple[object, pd.DataFrame]]:
    """(source, its table read with its lineage) for each source annotated row by row in external_rows.yml."""
    lineage, places, sources = project()
    found = []
    for source in sources.declared:
        if "annotations" in source.spec["lineage"]:
            frame, problems = read_source(source, places, lineage)
            assert problems == []
            found.append((source, frame))
    return found
