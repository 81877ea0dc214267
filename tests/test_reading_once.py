"""One read per input: the build and ``csecstats validate`` each parse every YAML input once, and the parse
they share cannot be changed by the code that reads it."""
from collections import Counter, OrderedDict
from pathlib import Path

import pytest

from csecstats import build, cli
from csecstats.inputs import paths, reading


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """How many times each YAML file (by name) is parsed."""
    counts: Counter = Counter()
    original = reading.parse_yaml
    monkeypatch.setattr(reading, "_PARSES", OrderedDict())  # nothing parsed yet in this process

    def counting(text, path):
        counts[Path(path).name] += 1
        return original(text, path)

    monkeypatch.setattr(reading, "parse_yaml", counting)
    return counts


def _yaml_inputs() -> set[str]:
    return {p.name for p in paths.RAW.glob("*.yml")} | {p.name for p in paths.EXTERNAL.glob("*.yml")}


def test_validate_of_every_input_parses_each_yaml_input_once(parses, capsys):
    every = sorted(paths.RAW.glob("*.yml")) + sorted(paths.RAW.glob("*.txt")) + sorted(paths.EXTERNAL.glob("*.csv"))
    assert cli.main(["validate", *map(str, every)]) == 0, capsys.readouterr().out
    assert parses == Counter({name: 1 for name in _yaml_inputs()})


def test_validate_of_the_register_parses_what_it_reads_once(parses, capsys):
    assert cli.main(["validate", str(paths.REGISTER_FILE)]) == 0, capsys.readouterr().out
    assert parses["figures.yml"] == 1
    assert set(parses.values()) == {1}


def test_a_caller_changing_its_parse_never_changes_the_next_load(tmp_path):
    path = tmp_path / "doc.yml"
    path.write_text("shared: &s {a: 1, list: [1, 2]}\nentries:\n  - id: one\n    <<: *s\n  - id: two\n")
    with reading.read_once():
        first, problems = reading.load_yaml(path)
        assert problems == []
        expected = {"shared": {"a": 1, "list": [1, 2]},
                    "entries": [{"a": 1, "list": [1, 2], "id": "one"}, {"id": "two"}]}
        assert first == expected
        first["entries"][0]["list"].append(3)  # the first load changes what it got
        first["shared"]["a"] = 2
        first["entries"].pop()
        path.write_text("changed: true\n")  # and the file changes on disk: the block still reads its first parse
        second, _ = reading.load_yaml(path)
        assert second == expected
        second["entries"].clear()
        assert reading.load_yaml(path)[0] == expected
    assert reading.load_yaml(path)[0] == {"changed": True}  # outside the block: read afresh


def test_the_sources_are_checked_against_the_report_they_are_given(monkeypatch):
    """No ``report or load_report()`` fallback: the caller's report is the one read, and none is read again."""
    from csecstats.register import load
    from csecstats.source import reader
    report = reader.load_report()
    monkeypatch.setattr(reader, "load_report", lambda *a, **k: pytest.fail("the report was read again"))
    rows, problems = load.load_sources(paths.SOURCES_FILE, report=report)
    assert problems == [] and len(rows) == 10
    with pytest.raises(TypeError):
        load.load_sources(paths.SOURCES_FILE)  # the report is not optional


def test_the_build_parses_each_yaml_input_once_and_text_already_parsed_is_not_parsed_again(parses, tmp_path):
    """A build parses every YAML input once; across builds in one process each file is read again (a change is
    seen) and parsed only if its text is new; a problem names the file it was read from."""
    once = Counter({name: 1 for name in _yaml_inputs()})  # exclusions.yml too: the audit's accounting
    build.data_outputs()
    assert parses == once
    build.data_outputs()
    assert parses == once
    broken = "figures: [\n"
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(broken)
    first, second = (reading.load_yaml(tmp_path / name)[1] for name in ("a.yml", "b.yml"))
    assert parses[Path("a.yml").name] == 1 and "b.yml" not in parses  # the same text: parsed once
    assert [p.path for p in first] == [str(tmp_path / "a.yml")] and [p.path for p in second] == [str(tmp_path / "b.yml")]
    assert [(p.entry, p.field, p.message) for p in first] == [(p.entry, p.field, p.message) for p in second]
    (tmp_path / "a.yml").write_text("figures: []\n")
    assert reading.load_yaml(tmp_path / "a.yml") == ({"figures": []}, [])  # changed on disk: read and parsed
    assert parses["a.yml"] == 2


def test_a_caller_changing_its_parse_outside_a_block_never_changes_the_kept_parse(tmp_path):
    path = tmp_path / "doc.yml"
    path.write_text("entries:\n  - id: one\n    list: [1, 2]\n")
    first, _ = reading.load_yaml(path)
    first["entries"][0]["list"].append(3)
    first["entries"].append({"id": "two"})
    assert reading.load_yaml(path) == ({"entries": [{"id": "one", "list": [1, 2]}]}, [])
