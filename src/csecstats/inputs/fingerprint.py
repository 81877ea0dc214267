"""SHA-256 fingerprints of the immutable inputs. Stage 1.

Each input folder (``data/raw``, ``data/external``) holds a ``SHA256SUMS`` file in
``sha256sum`` format. Every load checks the file against it and refuses a changed copy.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import Problem

SUMS_NAME = "SHA256SUMS"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def recorded_sums(folder: Path) -> dict[str, str]:
    """The ``name -> sha256`` table recorded in ``folder/SHA256SUMS``."""
    sums: dict[str, str] = {}
    sums_file = folder / SUMS_NAME
    if not sums_file.exists():
        return sums
    for line in sums_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*")] = digest
    return sums


def fingerprint_problems(path: Path) -> list[Problem]:
    """Problems if ``path`` is not recorded in its folder's SHA256SUMS or its bytes changed."""
    path = Path(path)
    if not path.is_file():
        return [Problem(str(path), "(file)", "(file)", "file not found")]
    expected = recorded_sums(path.parent).get(path.name)
    if expected is None:
        return [Problem(str(path), "(file)", "sha256", f"not recorded in {path.parent / SUMS_NAME}")]
    actual = sha256_file(path)
    if actual != expected:
        return [Problem(str(path), "(file)", "sha256",
                        f"file changed: expected {expected}, found {actual}; raw inputs are immutable, "
                        "restore the original copy")]
    return []


class FingerprintError(Exception):
    """A raw or external input does not match its recorded SHA-256."""


def verify(path: Path) -> str:
    """Return the file's SHA-256, or raise ``FingerprintError`` if it differs from the record."""
    problems = fingerprint_problems(path)
    if problems:
        raise FingerprintError(str(problems[0]))
    return sha256_file(path)
