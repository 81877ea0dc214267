"""Writing outputs all or nothing.

``replace_folder`` (the build's ``data/processed``, the charts' ``reports/figures``)
writes the complete new set into a fresh sibling folder and swaps it with the old
one in a single step (``renameat2(RENAME_EXCHANGE)`` on Linux; two renames with
signals held elsewhere), so a reader sees the old set or the new set, never a mix,
and unchanged files stay byte-identical (git sees only content changes). Builds
of the same folder take turns (a lock on its parent folder); staging folders are
removed on every path, including SIGINT and SIGTERM (``cli`` turns SIGTERM into
an exception), and those left by a killed build are removed by the next one. An
output folder, or a file in it, that is a symbolic link is refused.
``write_atomically`` (gallery pages, a notebook) stages each file and renames it
into place with signals held, removing every staged file on failure.
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import re
import shutil
import signal
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import paths
from .errors import CannotWrite, Problem, ValidationFailed

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_FSYNC_THREADS = 8


def neutralise(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe; anything else as is.

    Parameters
    ----------
    cell : object
        A cell of a frame about to be exported.

    Returns
    -------
    object
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as deterministic CSV bytes (LF line ends, shortest round-trip floats, no index).

    No text cell of an exported CSV can start a spreadsheet formula.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.

    Returns
    -------
    bytes
    """
    risky = [c for c in frame.columns if (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))
             and any(isinstance(v, str) and v.startswith(FORMULA_START) for v in frame[c].to_numpy())]
    if risky:  # copied only when a cell needs the apostrophe (most tables have none)
        frame = frame.copy()
        for column in risky:
            frame[column] = frame[column].map(neutralise)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


@contextmanager
def signals_held():
    """SIGINT and SIGTERM wait until the block is done (a swap or a run of renames is never cut).

    Yields
    ------
    None
        Control returns to the block; held signals are delivered when it ends.
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _output_problems(folder: Path, outputs: dict[str, bytes], owned) -> list[Problem]:
    """Symbolic links, non-plain names and (unless the build owns the folder) files it would drop."""
    where = str(folder)
    problems = [Problem(where, "(folder)", "(output)", f"{name!r:.80} is not a plain file name")
                for name in outputs if not name or "/" in name or "\\" in name or name.startswith(".")]
    if folder.is_symlink() or (folder.parent.is_symlink()
                               and not _inside(folder.parent.resolve(), paths.project_root())):
        problems.append(Problem(where, "(folder)", "(output)", "is (or sits in) a symbolic link; the build "
                                "writes only into a real folder"))
        return problems
    if not folder.is_dir():
        return problems + ([Problem(where, "(folder)", "(output)", "exists and is not a folder")]
                           if folder.exists() else [])
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            problems.append(Problem(where, entry.name, "(output)", "is a symbolic link; refusing to replace it"))
        elif entry.name not in outputs and not (owned is True or (not isinstance(owned, bool)
                                                                  and entry.name in owned)):
            problems.append(Problem(where, entry.name, "(output)", "is not written by this command; move it or "
                                    "choose an empty folder (the whole folder is replaced; nothing was deleted)"))
    return problems


def _inside(path: Path, root: Path) -> bool:
    return path == root.resolve() or root.resolve() in path.parents


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one system call (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


@contextmanager
def _folder_lock(parent: Path):
    """One writer at a time per parent folder (flock on the folder itself: no lock file left behind)."""
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write_staging(outputs: dict[str, bytes], staging: Path) -> None:
    """Write every file into ``staging`` and make it durable before the swap: each file's data and the folder's
    entries are on disk (``fsync`` of each file, then of the folder) once this returns.

    Each file still has its own ``fsync``; they run side by side (a few threads, which ``fsync`` lets run
    while it waits), so the file system commits them together instead of one journal commit per file, which
    took most of the time spent writing. Crash-safety is unchanged: nothing is renamed into place until every
    ``fsync`` has returned, and a failure of any of them stops the build before the swap (the staging folder is
    removed; the previous set stays)."""
    descriptors: list[int] = []
    try:
        for name, data in sorted(outputs.items()):
            descriptors.append(os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            view = memoryview(data)
            while view:
                view = view[os.write(descriptors[-1], view):]
            os.fchmod(descriptors[-1], 0o644)
        if descriptors:
            with ThreadPoolExecutor(max_workers=min(len(descriptors), _FSYNC_THREADS)) as pool:
                list(pool.map(lambda fd: os.fsync(fd), descriptors))
    finally:
        for fd in descriptors:
            os.close(fd)
    os.chmod(staging, 0o755)
    _fsync_folder(staging)


def _fsync_folder(folder: Path) -> None:
    """Make the entries of ``folder`` (names created, renamed or removed in it) durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_by_renames(staging: Path, folder: Path) -> Path:
    """Two renames (for file systems without RENAME_EXCHANGE); the previous set is put back on failure.
    Returns the folder now holding the previous set, for removal."""
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    os.rename(folder, old / "previous")
    try:
        os.rename(staging, folder)
    except BaseException:
        os.rename(old / "previous", folder)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return old


def replace_folder(outputs: dict[str, bytes], folder: Path, *, owned: bool | frozenset[str] = False) -> list[Path]:
    """Make ``folder`` hold exactly ``outputs``, switching the whole set at once (see the module docstring).

    ``owned``: True, the folder belongs to this command (files it no longer writes are dropped); a set of
    names, the files its previous run wrote (those it no longer writes are dropped, any other file is a
    ``Problem``: never deleted); False, a file it does not write is a ``Problem``. On a problem nothing is
    written.

    Parameters
    ----------
    outputs : dict of str to bytes
        File name -> bytes: everything the folder will hold.
    folder : Path
        The folder written.
    owned : bool or frozenset of str, default False
        Which files already there may be dropped (above).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValidationFailed
        When a file the command does not own is in the way; nothing is written.
    CannotWrite
        When the folder cannot be written.
    """
    folder = Path(os.path.abspath(folder))
    try:
        return _replace_folder(outputs, folder, owned)
    except CannotWrite:
        raise
    except OSError as exc:  # a read-only folder, a full disk: one line, not a traceback or "a bug"
        raise CannotWrite(exc.filename or folder, exc.strerror or type(exc).__name__) from exc


def _replace_folder(outputs: dict[str, bytes], folder: Path, owned) -> list[Path]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _folder_lock(folder.parent):
        problems = _output_problems(folder, outputs, owned)
        if problems:
            raise ValidationFailed(problems)
        for stale in folder.parent.glob(f".{folder.name}.new-*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
            print(f"csecstats: removed {stale}, a staging folder left by a run that was stopped", file=sys.stderr)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
        try:
            _write_staging(outputs, staging)
            with signals_held():
                if not folder.exists():
                    os.rename(staging, folder)
                elif not _exchange(staging, folder):
                    staging = _swap_by_renames(staging, folder)
            _fsync_folder(folder.parent)  # the swap itself is durable
        finally:
            _remove(staging)  # after a swap it holds the previous set
    return [folder / name for name in sorted(outputs)]


def _remove(folder: Path) -> None:
    """``shutil.rmtree(folder, ignore_errors=True)``, its files unlinked side by side first (a few threads, as
    ``_write_staging`` runs its ``fsync``s): one after another, removing a set of files just made durable took
    a tenth of a second of waiting on the file system's journal."""
    try:
        files = [entry.path for entry in os.scandir(folder) if not entry.is_dir(follow_symlinks=False)]
    except OSError:
        files = []
    if files:
        with ThreadPoolExecutor(max_workers=min(len(files), _FSYNC_THREADS)) as pool:
            list(pool.map(_unlink_quietly, files))
    shutil.rmtree(folder, ignore_errors=True)  # what is left: any subfolder, and the folder itself


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # as rmtree's ignore_errors: what cannot be removed stays


def write_atomically(outputs: dict[str, bytes], folder: Path) -> list[Path]:
    """Write every file to a temporary name in ``folder`` first, then rename each into place.

    Parameters
    ----------
    outputs : dict of str to bytes
        File name -> bytes.
    folder : Path
        The folder written into (other files in it are left alone).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValidationFailed
        When ``folder`` is a symbolic link pointing outside the project; nothing is written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink() and not _inside(folder.resolve(), paths.project_root()):
        raise ValidationFailed([Problem(str(folder), "(folder)", "(output)",
                                        "is a symbolic link pointing outside the project; refused")])
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in sorted(outputs.items()):
            target = paths.inside_project(folder / name, folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((name, Path(tmp)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        written = []
        with signals_held():
            for name, tmp in staged:
                os.chmod(tmp, 0o644)
                os.replace(tmp, folder / name)
                written.append(folder / name)
        return written
    finally:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)  # nothing left behind on any path
