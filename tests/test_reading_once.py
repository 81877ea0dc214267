"""One read per input: the build and ``csecstats validate`` each parse every YAML input once, and the parse
they share cannot be changed by the code that reads it."""
from collections import Counter
from pathlib import Path

import pytest

from csecstats import build, cli
from csecstats.inputs import paths, reading


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """How many times each YAML file (by name) is parsed."""
    counts: Counter = Counter()
    original = reading.parse_yaml

    def counting(text, path):
        counts[Path(path).name] += 1
        return original(text, path)

    monkeypatch.setattr(reading, "parse_yaml", counting)
    return counts


def _yaml_inputs() -> set[str]:
    return {p.name for p in paths.RAW.glob("*.yml")} | {p.name for p in paths.EXTERNAL.glob("*.yml")}


def test_the_build_parses_each_yaml_input_once(parses):
    build.data_outputs()
    assert parses == Counter({name: 1 for name in _yaml_inputs()})  # exclusions.yml too: the audit's accounting


def test_validate_of_every_input_parses_each_yaml_input_once(parses, capsys):
    every = sorted(paths.RAW.glob("*.yml")) + sorted(paths.RAW.glob("*.txt")) + sorted(paths.EXTERNAL.glob("*.csv"))
    assert cli.main(["validate", *map(str, every)]) == 0, capsys.readouterr().out
    assert parses == Counter({name: 1 for name in _yaml_inputs()})


def test_validate_of_the_register_parses_what_it_reads_once(parses, capsys):
    assert cli.main(["validate", str(paths.REGISTER_FILE)]) == 0, capsys.readouterr().out
    assert parses["figures.yml"] == 1
    assert set(parses.values()) == {1}
