"""Work done beside the caller, on another core: a forked copy of the process where one exists.

A build makes its tables one after another in one interpreter, which runs Python on one core at a time; some
of them (the declared sources' rows; the denominators and rates, the sensitivity and assumption tables) need
nothing the steps around them make, so they can be made at once on the other core. A thread does not serve:
its Python work waits for the interpreter the other steps hold. A forked child does: it starts with the
parent's memory as it stands (nothing imported or read again, nothing pickled on the way in), does each piece
of work in order, and sends back each answer as soon as it has it (pickled through a pipe): the return value or
the exception raised, which ``result`` raises where the caller asks for that answer, in the order of its steps.

Where the system cannot fork (Windows, macOS), where other threads run (a child could inherit a lock one of
them holds), or when the caller asks, the work runs in one thread instead, with the same answers: each piece of
work must depend only on what it is given (no file written, no object the caller keeps changed), as seeded
draws do.
"""
from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

# Fork where it is safe and cheap: Linux. (macOS forks, but some of its system libraries refuse to run in a
# forked child; Windows cannot fork.)
FORKS = sys.platform.startswith("linux") and hasattr(os, "fork")
_LENGTH = struct.Struct("<Q")  # each answer's pickle, preceded by its length


class ChildFailed(RuntimeError):
    """The forked child ended before an answer (killed), or an answer could not be sent back."""


def _answer(work: Callable[[], Any]) -> tuple[bool, Any]:
    """(True, what ``work()`` returned) or (False, the exception it raised)."""
    try:
        return True, work()
    except Exception as exc:  # noqa: BLE001 - raised again where the caller asks for this answer
        return False, exc


def _sendable(name: str, answer: tuple[bool, Any]) -> bytes:
    """One answer pickled; one that cannot be pickled goes back as a ``ChildFailed`` naming it."""
    try:
        return pickle.dumps((name, answer), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001
        told = "".join(traceback.format_exception(answer[1])) if not answer[0] else "its value"
        return pickle.dumps((name, (False, ChildFailed(f"{name}: the answer could not be sent back: {told}"))))


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at the end of the stream."""
    parts, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


class Beside:
    """Named pieces of work started at once on another core; ``result(name)`` gives one's return value or
    raises what it raised, as ``concurrent.futures.Future.result`` does, waiting only for the work before it.
    Use it as a context manager: leaving the block waits for all the work (a child is never left unreaped, a
    thread never left running).

    Parameters
    ----------
    works : mapping of str to callable
        Each piece of work, a function of no arguments (``functools.partial``), done in the mapping's order. It
        writes no file and changes no object the caller keeps.
    fork : bool, optional
        Fork a child (the default where the system forks, ``FORKS``) or do the work in a thread.
    """

    def __init__(self, works: Mapping[str, Callable[[], Any]], fork: bool | None = None) -> None:
        self._answers: dict[str, tuple[bool, Any]] = {}
        self._pid: int | None = None
        self._futures: dict[str, Future] = {}
        if not (FORKS if fork is None else fork) or threading.active_count() > 1:
            self._pool = ThreadPoolExecutor(max_workers=1)  # one thread: the work done in order
            self._futures = {name: self._pool.submit(_answer, work) for name, work in works.items()}
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: each answer sent as soon as it is had; the end without the parent's exit handlers
            code = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb", buffering=0) as out:
                    for name, work in works.items():
                        payload = _sendable(name, _answer(work))
                        out.write(_LENGTH.pack(len(payload)) + payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def _receive(self, until: str | None) -> None:
        """Read the child's answers until ``until``'s has come (None: all of them), then reap it at the end."""
        while self._pid is not None and (until is None or until not in self._answers):
            head = _read_exactly(self._read, _LENGTH.size)
            payload = None if head is None else _read_exactly(self._read, _LENGTH.unpack(head)[0])
            if payload is None:
                os.close(self._read)
                _, status = os.waitpid(self._pid, 0)
                self._pid, self._status = None, status
                break
            name, answer = pickle.loads(payload)
            self._answers[name] = answer

    def result(self, name: str) -> Any:
        """The return value of the work ``name`` (waiting for it and the work before it), or the exception it
        raised, raised here.

        Parameters
        ----------
        name : str
            One of the names the work was given under.

        Returns
        -------
        Any
            What that work returned.
        """
        if name in self._futures:
            done, value = self._futures[name].result()
        else:
            self._receive(name)
            if name not in self._answers:
                raise ChildFailed(f"the work beside ended before {name!r} was done (wait status {self._status})")
            done, value = self._answers[name]
        if done:
            return value
        raise value

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._futures:
            self._pool.shutdown(wait=True)
        self._receive(None)
