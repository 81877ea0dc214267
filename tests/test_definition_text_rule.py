"""Each definition's description says what its name says (``register.subjects.definition_text_problems``): a word of
its name (all of them where it prints every word of another of its unit), its own age band and no other's, and the
unit it states in brackets. Every definition given every other's description, its band moved, a unit stated, and
through the build."""
from __future__ import annotations

import functools
import re

from csecstats.register.lineage import load_lineage
from csecstats.register.subjects import definition_text_problems
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def lineage():
    found, problems = load_lineage()
    assert problems == []
    return found


def problems(name: str, text: str) -> list[str]:
    definitions = {**lineage().definitions, name: text}
    return [p.message for p in definition_text_problems(definitions, lineage().counted_in, "definitions.yml",
                                                        names=[name])]


def test_every_real_description_says_what_its_definition_is():
    assert len(lineage().definitions) >= 30
    assert definition_text_problems(lineage().definitions, lineage().counted_in, "definitions.yml") == []


def test_every_definition_given_every_other_description():
    definitions, refused_pairs, tried = lineage().definitions, set(), 0
    for name in definitions:
        for other, text in definitions.items():
            if other != name:
                tried += 1
                if problems(name, text):
                    refused_pairs.add((name, other))
    assert ("population_female", "population_male") in refused_pairs
    assert ("confirmed_trafficking_cases", "suspected_trafficking_cases") in refused_pairs
    assert ("population_aged_15_59", "population_aged_0_14") in refused_pairs
    assert ("aged_12_17", "all_sex_workers") in refused_pairs  # 'Everyone selling sex, ... all ages': no band 12-17
    assert ("population_male", "population_female") in refused_pairs  # 'Females' is never read as 'male'
    assert len(refused_pairs) >= 0.85 * tried, (len(refused_pairs), tried)


def test_a_band_moved_is_refused():
    moved = 0
    for name, text in lineage().definitions.items():
        for a, b in re.findall(r"_(\d+)_(\d+)$", name):
            for shift in (-1, 1, 5):
                lie = re.sub(rf"\b{b}\b", str(int(b) + shift), text)
                assert lie != text and problems(name, lie), (name, lie)
                moved += 1
    assert moved == 3 * 3  # aged_12_17, population_aged_15_59, population_aged_0_14


def test_a_unit_stated_in_brackets_is_the_definitions_unit():
    tried = 0
    for name, unit in lineage().counted_in.items():
        for stated in ("cases", "persons"):
            plain = re.sub(r" ?\((?:cases|persons)[^)]*\)", "", lineage().definitions[name])  # its own statement out
            found = problems(name, f"{plain.rstrip('.')} ({stated}).")
            assert bool(found) == (stated != unit), (name, stated, found)
            tried += 1
    assert tried >= 40


def test_the_build_refuses_women_described_as_men(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/definitions.yml",
                 '  population_female: "Females living in the place counted, all ages."',
                 '  population_female: "Males living in the place counted, all ages."')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/definitions.yml'}: definitions.population_female: (text): 'population_female': none "
            "of its words is in its description's ('population', 'female')") in err


# --------------------------------------------------------------- indicators' descriptions

@functools.lru_cache(maxsize=1)
def indicators() -> dict:
    from csecstats.register.load import load_vocabulary
    vocabulary, problems = load_vocabulary()
    assert problems == []
    return vocabulary.indicators


def test_every_real_indicator_description_says_what_its_name_says():
    from csecstats.register.subjects import indicator_text_problems
    assert len(indicators()) >= 50
    assert indicator_text_problems(indicators(), "vocabulary.yml") == []


def test_every_indicator_given_every_other_description_of_its_unit():
    from csecstats.register.subjects import indicator_text_problems
    tried, refused_pairs = 0, set()
    for name, spec in indicators().items():
        for other, theirs in indicators().items():
            if other == name or theirs.get("unit") != spec.get("unit") or theirs["description"] == spec["description"]:
                continue
            lied = {**indicators(), name: {**spec, "description": theirs["description"]}}
            found = indicator_text_problems(lied, "vocabulary.yml", names=[name])
            assert all(p.field == "description" for p in found)
            tried += 1
            refused_pairs |= {(name, other)} if found else set()
    assert ("share_khmer", "share_vietnamese") in refused_pairs and ("share_vietnamese", "share_khmer") in refused_pairs
    assert tried >= 150 and len(refused_pairs) >= 0.9 * tried, (len(refused_pairs), tried)


def test_the_build_refuses_the_khmer_share_described_as_vietnamese(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/vocabulary.yml", '    description: "Share of sex workers who are ethnic Khmer."',
                 '    description: "Share of sex workers who are ethnic Vietnamese."')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/vocabulary.yml'}: indicators.share_khmer: description: 'share_khmer', but its "
            "description names share_vietnamese in full and not all of its own") in err
