"""Work done beside the caller, on another core: a forked copy of the process where one exists.

A build makes its tables one after another in one interpreter, which runs Python on one core at a time; some
of them (the declared sources' rows; the denominators and rates, the sensitivity and assumption tables) need
nothing the steps around them make, so they can be made at once on the other core. A thread does not serve:
its Python work waits for the interpreter the other steps hold. A forked child does: it starts with the
parent's memory as it stands (nothing imported or read again, nothing pickled on the way in), does each piece
of work in order, and sends back each answer as soon as it has it (pickled through a pipe): the return value or
the exception raised, which ``result`` raises where the caller asks for that answer, in the order of its steps.

Where the system cannot fork (Windows, macOS), where other threads run (a child could inherit a lock one of
them holds), or when the caller asks, each piece of work is done in the caller when its answer is first asked for
(and the work before it, in order), as if there were no ``Beside``: a thread would gain nothing (its Python work
waits for the interpreter) and would do work a failing caller never asks for. Either way the answers are the same:
each piece of work must depend only on what it is given (no file written, no object the caller keeps changed), as
seeded draws do. A caller that fails first stops the child (it is killed and reaped) and never asks for the rest.
"""
from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from typing import Any

# Fork where it is safe and cheap: Linux. (macOS forks, but some of its system libraries refuse to run in a
# forked child; Windows cannot fork.)
FORKS = sys.platform.startswith("linux") and hasattr(os, "fork")
# Whether ``Beside`` forks when its caller does not say. The test suite sets it False for the builds it runs in
# its own processes (its workers already use every core, and forking a large test process costs system time).
DEFAULT_FORK = FORKS
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


def _write_all(fd: int, data: bytes) -> None:
    """Every byte of ``data`` written to ``fd``. A write to a pipe may write only part of what it is given (a signal
    arriving while a large answer waits for room in the pipe; a debugger or profiler attaching): the rest is
    written after it, never dropped (a dropped tail read as the child's end, ``ChildFailed``, with wait status 0)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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
    Use it as a context manager: leaving the block reaps the child (waiting for its work, or, when the block
    failed, killing it first), so none is left behind.

    Parameters
    ----------
    works : mapping of str to callable
        Each piece of work, a function of no arguments (``functools.partial``), done in the mapping's order. It
        writes no file and changes no object the caller keeps.
    fork : bool, optional
        Fork a child where the system forks (``FORKS``), or do each piece of work in the caller when its answer
        is first asked for; default ``DEFAULT_FORK``.
    """

    def __init__(self, works: Mapping[str, Callable[[], Any]], fork: bool | None = None) -> None:
        self._answers: dict[str, tuple[bool, Any]] = {}
        self._pid: int | None = None
        self._status = 0
        self._left: dict[str, Callable[[], Any]] = {}
        if not (DEFAULT_FORK if fork is None else fork and FORKS) or threading.active_count() > 1:
            self._left = dict(works)  # done in the caller, in order, as answers are asked for
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: each answer sent as soon as it is had; the end without the parent's exit handlers
            code = 1
            try:
                os.close(read)
                for name, work in works.items():
                    payload = _sendable(name, _answer(work))
                    _write_all(write, _LENGTH.pack(len(payload)) + payload)
                os.close(write)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def _receive(self, until: str | None) -> None:
        """Have the answers up to ``until``'s (None: all of them): done here, or read from the child, which is
        reaped once it has sent its last."""
        while self._left and (until is None or until not in self._answers):
            name = next(iter(self._left))
            self._answers[name] = _answer(self._left.pop(name))
        while self._pid is not None and (until is None or until not in self._answers):
            head = _read_exactly(self._read, _LENGTH.size)
            payload = None if head is None else _read_exactly(self._read, _LENGTH.unpack(head)[0])
            if payload is None:
                self._reap()
                break
            name, answer = pickle.loads(payload)
            self._answers[name] = answer

    def _reap(self) -> None:
        os.close(self._read)
        _, self._status = os.waitpid(self._pid, 0)
        self._pid = None

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
        self._receive(name)
        if name not in self._answers:
            raise ChildFailed(f"the work beside ended before {name!r} was done (wait status {self._status})")
        done, value = self._answers[name]
        if done:
            return value
        raise value

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        """Reap the child: when the block failed, killed first (its answers will not be asked for); otherwise
        after its last answer. Work never asked for in the caller is not done."""
        self._left = {}
        if self._pid is None:
            return
        if kind is not None:
            os.kill(self._pid, signal.SIGKILL)
            self._reap()
        else:
            self._receive(None)
