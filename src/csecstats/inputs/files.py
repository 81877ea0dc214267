"""Writing outputs so that a failure leaves the previous files untouched. Stage 1."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from . import paths


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as deterministic CSV bytes (LF line ends, shortest round-trip floats, no index)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_atomically(outputs: dict[str, bytes], folder: Path) -> list[Path]:
    """Write every file to a temporary name in ``folder`` first, then rename each into place."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in sorted(outputs.items()):
            target = paths.inside_project(folder / name, folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((name, Path(tmp)))
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    written = []
    for name, tmp in staged:
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
        written.append(folder / name)
    return written
