"""Rebuilds are byte-identical; the build needs no network; paths from data stay inside the project."""
import socket

import pytest

from csecstats import build
from csecstats.inputs import paths


def _bytes(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.bytes
def test_rebuild_twice_gives_identical_bytes_equal_to_committed(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    build.run(first)
    build.run(second)
    assert _bytes(first) == _bytes(second)
    committed = _bytes(paths.PROCESSED)
    differ = [name for name, data in _bytes(first).items() if committed.get(name) != data]
    assert not differ, f"data/processed/{', data/processed/'.join(differ)} differ(s) from a rebuild: run `make build`"


def test_data_build_needs_no_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during the build")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert build.run(tmp_path)


@pytest.mark.parametrize("escape", ["../outside.csv", "data/../../outside.csv", "/etc/passwd", "/tmp/x.csv"])
def test_paths_from_data_cannot_escape_the_project(escape):
    with pytest.raises(ValueError, match="escapes the project folder"):
        paths.inside_project(escape)


def test_paths_inside_the_project_are_allowed():
    assert paths.inside_project("data/raw/figures.yml") == paths.REGISTER_FILE.resolve()
    assert paths.inside_project(paths.REGISTER_FILE) == paths.REGISTER_FILE.resolve()


def test_exclusions_are_safe_loaded(tmp_path, monkeypatch):
    from csecstats.register import audit
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "exclusions.yml"
    path.write_text("exclusions: !!python/object/apply:os.system ['touch hostile_yaml_ran']\n")
    _, problems = audit.load_exclusions(path)
    assert [p.field for p in problems] == ["(yaml)"]
    assert not (tmp_path / "hostile_yaml_ran").exists()
