"""Work done beside the caller, on another core: a forked copy of the process where one exists.

A build makes its tables one after another in one interpreter, which runs Python on one core at a time; some
of them (the denominators and rates, the sensitivity and assumption tables, the triangulation) need nothing the
steps around them make, so they can be made at once on the other core. A thread does not serve: its Python work
waits for the interpreter the other steps hold. A forked child does: it starts with the parent's memory as it
stands (nothing imported or read again, nothing pickled on the way in), does the work, and sends back only the
answers (pickled through a pipe), each one's return value or the exception it raised, which ``result`` raises
where the caller asks for that answer, in the order of its steps.

Where the system cannot fork (Windows, macOS), where other threads run (a child could inherit a lock one of
them holds), or when the caller asks, the work runs in one thread instead, with the same answers: each piece of
work must depend only on what it is given (no file written, no object the caller keeps changed), as seeded
draws do.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

# Fork where it is safe and cheap: Linux. (macOS forks, but some of its system libraries refuse to run in a
# forked child; Windows cannot fork.)
FORKS = sys.platform.startswith("linux") and hasattr(os, "fork")


class ChildFailed(RuntimeError):
    """The forked child ended without an answer (killed), or its answer could not be sent back."""


def _answers(works: Mapping[str, Callable[[], Any]]) -> dict[str, tuple[bool, Any]]:
    """Each piece of work done in order: (True, its value) or (False, the exception it raised)."""
    out = {}
    for name, work in works.items():
        try:
            out[name] = (True, work())
        except Exception as exc:  # noqa: BLE001 - raised again where the caller asks for this answer
            out[name] = (False, exc)
    return out


def _sendable(answers: dict[str, tuple[bool, Any]]) -> bytes:
    """The answers pickled; an answer that cannot be pickled goes back as a ``ChildFailed`` naming it."""
    try:
        return pickle.dumps(answers, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - find which answer, and send the rest
        out = {}
        for name, answer in answers.items():
            try:
                pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                out[name] = answer
            except Exception:  # noqa: BLE001
                told = "".join(traceback.format_exception(answer[1])) if not answer[0] else "its value"
                out[name] = (False, ChildFailed(f"{name}: the answer could not be sent back: {told}"))
        return pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)


class Beside:
    """Named pieces of work started at once on another core; ``result(name)`` gives one's return value or
    raises what it raised, as ``concurrent.futures.Future.result`` does. Use it as a context manager: leaving
    the block waits for the work (a child is never left unreaped, a thread never left running).

    Parameters
    ----------
    works : mapping of str to callable
        Each piece of work, a function of no arguments (``functools.partial``), run in the mapping's order. It
        writes no file and changes no object the caller keeps.
    fork : bool, optional
        Fork a child (the default where the system forks, ``FORKS``) or run the work in a thread.
    """

    def __init__(self, works: Mapping[str, Callable[[], Any]], fork: bool | None = None) -> None:
        self._answers: dict[str, tuple[bool, Any]] | None = None
        self._pid: int | None = None
        self._pool: ThreadPoolExecutor | None = None
        if not (FORKS if fork is None else fork) or threading.active_count() > 1:
            self._pool = ThreadPoolExecutor(max_workers=1)
            self._future = self._pool.submit(_answers, dict(works))
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, answer, and end without running the parent's exit handlers
            code = 1
            try:
                os.close(read)
                payload = _sendable(_answers(works))
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def _wait(self) -> dict[str, tuple[bool, Any]]:
        if self._answers is None:
            if self._pool is not None:
                try:
                    self._answers = self._future.result()
                finally:
                    self._pool.shutdown(wait=True)
            else:
                with os.fdopen(self._read, "rb") as answer:
                    payload = answer.read()
                _, status = os.waitpid(self._pid, 0)
                self._answers = pickle.loads(payload) if payload else {
                    "": (False, ChildFailed(f"the work beside ended without an answer (wait status {status})"))}
        return self._answers

    def result(self, name: str) -> Any:
        """The return value of the work ``name`` (waiting for it), or the exception it raised, raised here.

        Parameters
        ----------
        name : str
            One of the names the work was given under.

        Returns
        -------
        Any
            What that work returned.
        """
        answers = self._wait()
        done, value = answers.get(name) or answers[""]
        if done:
            return value
        raise value

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self._wait()
