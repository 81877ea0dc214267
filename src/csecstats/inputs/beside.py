"""Work done beside the caller, on another core, while the caller goes on (``beside``).

The build's steps are mostly Python, which one process runs one at a time even in two threads. Where it is
safe, the work beside runs in a forked copy of the process instead: it starts with everything the caller has
(nothing is sent to it) and sends back only its result, pickled. Safe means Linux, and one thread in the
whole process, counted by the kernel (a BLAS library's own threads included: the command line keeps them to
one, ``ONE_THREAD``): a fork copies only the thread that calls it, and a lock another thread held stays held
in the copy. Anywhere else (a test runner's worker, a notebook's kernel, another system) the work runs in a
thread, as before. Either way the caller gets the same value, the same exception and the same warnings.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
import warnings

# The command line reads ONE_THREAD before anything else: pickle, traceback and concurrent.futures are loaded when
# work is first done beside, and no annotation is evaluated (``csecstats validate --help`` loads none of them).

# What a process running the command line sets for its numerical libraries before loading them: one thread
# each, so the process stays one thread and can fork (the notebooks' kernels run so too).
SETTLE_TRIES = 50  # at most, milliseconds to wait for threads just ended to leave the kernel's count

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def os_threads() -> int | None:
    """The threads of this process as the kernel counts them (``/proc/self/status``), or None where unknown.

    Returns
    -------
    int or None
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def can_fork() -> bool:
    """Whether work beside may run in a forked process: Linux, and this process one thread.

    Returns
    -------
    bool
    """
    if not (sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1):
        return False
    # A thread just joined (the estimates' pool) is gone for Python before the kernel has ended it: wait a
    # little for the count to settle; a library's own thread never ends, and the work is done in a thread.
    for _ in range(SETTLE_TRIES):
        if os_threads() == 1:
            return True
        time.sleep(0.001)
    return False


class _Forked:
    """The handle of work running in a forked process: ``result()`` waits for it (once)."""

    def __init__(self, pid: int, read_fd: int):
        self.pid, self.read_fd, self.outcome = pid, read_fd, None

    def result(self) -> Any:
        """The work's value; its exception raised here, its warnings given again here."""
        if self.outcome is None:
            import pickle
            with os.fdopen(self.read_fd, "rb") as pipe:
                data = pipe.read()
            self.read_fd = -1
            os.waitpid(self.pid, 0)
            self.pid = 0
            self.outcome = pickle.loads(data) if data else ("error", None, [], "the process beside died")
        kind, value, caught, text = self.outcome
        for message in caught:
            warnings.warn(message, stacklevel=2)
        if kind == "value":
            return value
        if value is not None:
            raise value
        raise RuntimeError(f"work beside failed:\n{text}")

    def abandon(self) -> None:
        """Stop the work if it is still running, and reap its process."""
        if self.read_fd >= 0:
            os.close(self.read_fd)
            self.read_fd = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


def _run_child(write_fd: int, work: Callable[..., Any], args: tuple) -> None:
    """In the forked process: run ``work``, send its outcome, end without running anything of the caller's."""
    import pickle
    import traceback
    status = 0
    try:
        try:
            with warnings.catch_warnings(record=True) as caught:
                value = work(*args)
            outcome = ("value", value, [w.message for w in caught], "")
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the caller
            outcome = ("error", exc, [], traceback.format_exc())
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled goes back as its text
            data = pickle.dumps(("error", None, [], outcome[3] or repr(outcome[1])))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - the caller reads an empty pipe as a death
        status = 1
    finally:
        os._exit(status)  # never return into the caller's code, flush its buffers or run its exit handlers


class beside:  # noqa: N801 - used as a function: ``with beside(work, *args) as handle``
    """``work(*args)`` started on another core; the block gets a handle whose ``result()`` waits for it.

    Parameters
    ----------
    work : callable
        Depends only on ``args`` and what the process holds when the block starts, and changes nothing the
        caller reads (a forked copy's changes are lost).
    *args
        Passed to ``work``.

    Notes
    -----
    ``with beside(work, *args) as handle``: ``handle.result()`` returns the value or raises the exception ``work``
    raised (in a forked process: its value and exception pickled back, its warnings given again in the caller).
    Leaving the block stops the work if it is still running.
    """

    def __init__(self, work: Callable[..., Any], *args: Any):
        self.work, self.args, self.handle, self.pool = work, args, None, None

    def __enter__(self) -> Future | _Forked:
        if not can_fork():
            from concurrent.futures import ThreadPoolExecutor
            self.pool = ThreadPoolExecutor(max_workers=1)
            return self.pool.submit(self.work, *self.args)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy
            os.close(read_fd)
            _run_child(write_fd, self.work, self.args)
        os.close(write_fd)
        self.handle = _Forked(pid, read_fd)
        return self.handle

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        if self.handle is not None:
            self.handle.abandon()
