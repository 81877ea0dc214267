"""SHA-256 fingerprints of the immutable inputs.

Each input folder (``data/raw``, ``data/external``) holds a ``SHA256SUMS`` file in
``sha256sum`` format. Every load checks the file against it and refuses a changed copy.

A careful liar who edits a copy can record it again in ``SHA256SUMS``. The published sources the project was
written for (the report and the four tables of ``../shared/sources``, copied byte for byte) never change, so their
digests are pinned here too, in the package (``EDITIONS``), where no input can move them: a copy of one of them
whose bytes are not its edition's is refused, whatever ``SHA256SUMS`` records. A source added later (a data file and
its declaration) has no pinned edition; its ``SHA256SUMS`` line alone guards it.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from .errors import Problem, ValidationFailed

SUMS_NAME = "SHA256SUMS"
# The published editions, by file name: the SHA-256 ../shared/sources/README.md gives for the report, and those of
# the tables as ../shared/sources holds them.
EDITIONS = {
    "cambodia-csec-country-progress-report-2004.txt": "900d1e542e60092329876e32bc5c1a9a0e7d9ba3888bb90379721596b14b200c",
    "cambodia-population.csv": "19558aab9eec1243a5ea3ceb983b6727868805c687d0927419673b0d0f0862a7",
    "external-enforcement.csv": "49cfbe24a8d35700307d555031d69b3e5028ff95d843f625007cfaa2cdd9d54d",
    "external-estimates.csv": "bda0690e89d8dd8e1412282b42181185c22c2411b2eb6309e192116d06387c95",
    "tip-report-cambodia-enforcement.csv": "ffc2deea91f1c8212a8af207174d614a5920d09b4ca111b9f255319d59222504",
}


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes.

    Parameters
    ----------
    path : Path

    Returns
    -------
    str
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    str
    """
    return hashlib.sha256(data).hexdigest()


SUMS_LIMIT = 64_000  # a SHA256SUMS line is ~90 bytes; a few hundred inputs at most
_SUMS_LINE = re.compile(r"([0-9a-f]{64}) [ *]([^\x00-\x1f/\\]+)")


def _not_regular(path: Path, limit: int | None = None) -> str | None:
    """Why ``path`` cannot be hashed or read (missing, a folder, FIFO or device, too large), or None."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return f"cannot read: {exc.strerror or type(exc).__name__}"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a FIFO, socket or device); refused"
    if limit is not None and info.st_size > limit:
        return f"file is {info.st_size} bytes; the limit is {limit} bytes"
    return None


def read_sums(folder: Path) -> tuple[dict[str, str], list[Problem]]:
    """The ``name -> sha256`` table of ``folder/SHA256SUMS`` and a problem for every malformed line.

    Parameters
    ----------
    folder : Path
        The folder holding ``SHA256SUMS`` (none there gives an empty table).

    Returns
    -------
    tuple of (dict of str to str, list of Problem)
    """
    sums_file = Path(folder) / SUMS_NAME
    if not sums_file.exists():
        return {}, []
    return read_sums_file(sums_file)


def read_sums_file(sums_file: Path) -> tuple[dict[str, str], list[Problem]]:
    """The ``name -> sha256`` table of one file in ``sha256sum`` format, and every malformed line.

    Parameters
    ----------
    sums_file : Path
        The file of sums.

    Returns
    -------
    tuple of (dict of str to str, list of Problem)
    """
    where = str(sums_file)
    why = _not_regular(sums_file, SUMS_LIMIT)
    if why:
        return {}, [Problem(where, "(file)", "(file)", why)]
    try:
        text = sums_file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(where, "(file)", "(encoding)", f"cannot read as UTF-8 text: {type(exc).__name__}")]
    sums: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _SUMS_LINE.fullmatch(line.rstrip("\r"))
        if not match:
            problems.append(Problem(where, f"line {number}", "(line)",
                                    "expected '<64 lower-case hex digits>  <file name>' as sha256sum writes it"))
        elif match.group(2) in sums:
            problems.append(Problem(where, f"line {number}", "(line)", f"{match.group(2)!r:.80} is listed twice"))
        else:
            sums[match.group(2)] = match.group(1)
    return sums, problems


def sums_problems(sums_file: Path) -> list[Problem]:
    """Every malformed line of a SHA256SUMS file, and every listed file beside it whose bytes changed.

    Parameters
    ----------
    sums_file : Path
        The file of sums.

    Returns
    -------
    list of Problem
    """
    sums, problems = read_sums_file(Path(sums_file))
    for name, expected in sums.items():
        path = Path(sums_file).parent / name
        if _not_regular(path) is None and sha256_file(path) != expected:
            problems.append(Problem(str(sums_file), name, "sha256", f"{path} does not match the recorded hash"))
    return problems


def recorded_sums(folder: Path) -> dict[str, str]:
    """The ``name -> sha256`` table recorded in ``folder/SHA256SUMS`` (malformed lines left out).

    Parameters
    ----------
    folder : Path
        The folder holding ``SHA256SUMS``.

    Returns
    -------
    dict of str to str
    """
    return read_sums(folder)[0]


def fingerprint_problems(path: Path) -> list[Problem]:
    """Problems if ``path`` is not recorded in its folder's SHA256SUMS or its bytes changed, or if it is one of the
    published sources (``EDITIONS``) and its bytes are not that edition's.

    Parameters
    ----------
    path : Path
        The input file.

    Returns
    -------
    list of Problem
        Empty when its bytes match the record.
    """
    path = Path(path)
    why = _not_regular(path)
    if why:
        return [Problem(str(path), "(file)", "(file)", why)]
    sums, problems = read_sums(path.parent)
    if problems:
        return problems
    expected = sums.get(path.name)
    if expected is None:
        return [Problem(str(path), "(file)", "sha256", f"not recorded in {path.parent / SUMS_NAME}")]
    actual = sha256_file(path)
    if actual != expected:
        return [Problem(str(path), "(file)", "sha256",
                        f"file changed: expected {expected}, found {actual}; raw inputs are immutable, "
                        "restore the original copy")]
    edition = EDITIONS.get(path.name)
    if edition is not None and actual != edition:
        return [Problem(str(path), "(file)", "sha256",
                        f"not the published edition: expected {edition}, found {actual} (recorded again in "
                        f"{SUMS_NAME}); a published source is immutable, restore the original copy")]
    return []


class FingerprintError(ValidationFailed):
    """A raw or external input does not match its recorded SHA-256 (a ``ValidationFailed``: exit 2).

    Parameters
    ----------
    problems : iterable of Problem
        Every file that does not match.
    """


def verify(path: Path) -> str:
    """Return the file's SHA-256, or raise ``FingerprintError`` if it differs from the record.

    Parameters
    ----------
    path : Path
        The input file.

    Returns
    -------
    str
        Its hex SHA-256.

    Raises
    ------
    FingerprintError
        When it is not recorded or its bytes changed.
    """
    problems = fingerprint_problems(path)
    if problems:
        raise FingerprintError(problems)
    return sha256_file(path)
