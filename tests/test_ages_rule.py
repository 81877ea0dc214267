"""An indicator's description and its figures' definition state the same ages where both state them: sex workers
described as 'adults only' over 'everyone selling sex ... all ages' is refused. Tried on every indicator and
definition the figures pair, each side given the other's ages in turn, and through the build."""
from __future__ import annotations

import re

import pandas as pd

from csecstats.inputs import paths
from csecstats.register.subjects import AGES, ages_problems
from real_inputs import project, project_copy, refused, replace_once

SAID = {"all ages": "all ages", "adults only": "adults only"}  # a phrase saying each, put in by the variants


def _pairs() -> list[tuple[str, str]]:
    figures = pd.read_csv(paths.PROCESSED / "figures.csv", usecols=["indicator", "definition"])
    return sorted(set(zip(figures["indicator"], figures["definition"])))


def _indicators() -> dict[str, dict]:
    from csecstats.register.load import load_vocabulary
    vocabulary, problems = load_vocabulary()
    assert problems == []
    return vocabulary.indicators


def _states(text: str) -> set[str]:
    """Read plainly: the phrases the variants write, and the adult words ('adult', 'aged 18 and over')."""
    found = {"all ages"} if re.search(r"all ages", text, re.I) else set()
    return found | ({"adults only"} if re.search(r"adult|18 and over|adults only", text, re.I) else set())


def test_the_real_indicators_and_definitions_agree_on_ages_and_the_sex_workers_say_all_ages():
    lineage, indicators = project()[0], _indicators()
    assert ages_problems(_pairs(), indicators, lineage.definitions, "v.yml") == []
    assert ("sex_workers", "all_sex_workers") in _pairs()
    assert "all ages" in indicators["sex_workers"]["description"]


def test_every_figures_indicator_or_definition_given_other_ages_is_refused_exactly_when_they_then_differ():
    lineage, indicators = project()[0], _indicators()
    tried = refused_here = 0
    for indicator, definition in _pairs():
        for side in ("indicator", "definition"):
            for ages, phrase in SAID.items():
                text = (indicators[indicator]["description"] if side == "indicator"
                        else lineage.definitions.get(definition, ""))
                moved = re.sub(r"all ages", phrase, text) if "all ages" in text else f"{text.rstrip('.')}, {phrase}."
                found_indicators = {**indicators, indicator: {**indicators[indicator], "description": moved}} \
                    if side == "indicator" else indicators
                found_definitions = {**lineage.definitions, definition: moved} if side == "definition" \
                    else lineage.definitions
                found = ages_problems([(indicator, definition)], found_indicators, found_definitions, "v.yml")
                own = _states(found_indicators[indicator]["description"])
                theirs = _states(found_definitions.get(definition, ""))
                band = re.findall(r"(?<![a-z])\d+(?![a-z])", definition)
                expected = bool(own and theirs and own != theirs) or (
                    "adults only" in own and bool(band) and int(band[-1]) < 18)
                assert [(p.entry, p.field) for p in found] == ([(f"indicators.{indicator}", "description")]
                                                               if expected else []), (indicator, side, ages, moved)
                tried += 1
                refused_here += expected
    assert tried >= 4 * 40 and refused_here >= 4, (tried, refused_here)  # both sides state ages: the sex workers


def test_an_under_age_share_said_to_count_adults_only_is_refused():
    lineage, indicators = project()[0], _indicators()
    under_age = [(i, d) for i, d in _pairs() if d == "aged_12_17"]
    assert under_age
    for indicator, definition in under_age:
        said = {**indicators, indicator: {**indicators[indicator],
                                          "description": indicators[indicator]["description"] + " Adults only."}}
        assert [p.field for p in ages_problems([(indicator, definition)], said, lineage.definitions, "v")] == \
            ["description"]


def test_the_build_refuses_the_sex_workers_described_as_adults_only(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/vocabulary.yml", "(the report's 'sex workers'), all ages.",
                 "(the report's 'sex workers'), adults only.")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/vocabulary.yml'}: indicators.sex_workers: description: \"People selling sex (the "
            "report's 'sex workers'), a...\" says adults only, but its figures' definition all_sex_workers "
            "says all ages") in err, err
