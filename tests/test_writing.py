"""The durability promise of ``inputs.files.replace_folder``: every file written and the staging folder are
``fsync``-ed before the new set is swapped in, and the swap itself is made durable after."""
import os
from pathlib import Path

import pytest

from csecstats.inputs import files

OUTPUTS = {"a.csv": b"a\n1\n", "b.csv": b"b\n2\n" * 1000, "datapackage.json": b"{}\n"}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open file through /proc")
def test_every_file_and_the_folder_are_on_disk_before_the_swap(tmp_path, monkeypatch):
    events: list[tuple[str, str]] = []
    real_fsync, real_exchange = os.fsync, files._exchange

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def exchange(a, b):
        events.append(("swap", str(b)))
        return real_exchange(a, b)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files, "_exchange", exchange)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"old\n")
    files.replace_folder(OUTPUTS, folder, owned=True)
    swap = events.index(("swap", str(folder)))
    synced = [Path(path) for what, path in events[:swap] if what == "fsync"]
    staging = {p.parent for p in synced if p.name in OUTPUTS}
    assert len(staging) == 1 and staging.pop().name.startswith(".out.new-")
    assert sorted(p.name for p in synced if p.name in OUTPUTS) == sorted(OUTPUTS)  # each file once
    assert synced[-1].name.startswith(".out.new-")  # then the folder holding them
    assert events[swap + 1:] == [("fsync", str(tmp_path))]  # the swap made durable
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == OUTPUTS


def test_the_previous_set_is_removed_entirely_after_the_swap(tmp_path):
    from csecstats.inputs.files import replace_folder
    folder = tmp_path / "processed"
    replace_folder({f"old{i}.csv": b"old" for i in range(20)}, folder, owned=True)
    (folder / "nested").mkdir()
    (folder / "nested" / "deep.csv").write_bytes(b"deep")
    replace_folder({"new.csv": b"new"}, folder, owned=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]  # no staging or previous set left
    assert sorted(p.name for p in folder.iterdir()) == ["new.csv"]
