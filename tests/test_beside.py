"""Work done beside the caller (``inputs.beside``): a forked process where the process is one thread, else a
thread; the caller gets the same value, exception and warnings either way, and no process is left behind."""
import os
import pickle
import subprocess
import sys
import textwrap
import threading
import warnings

import pytest

from csecstats import cli
from csecstats.inputs import beside as beside_module
from csecstats.inputs.beside import ONE_THREAD, beside, can_fork, os_threads
from csecstats.inputs.errors import Problem, ValidationFailed

PROBLEMS = [Problem("data/raw/a.yml", "fig_1", "value", "not a number"), Problem("b.csv", "row 2", "year", "future")]

# Run in a fresh interpreter: one thread, nothing but the standard library and the module loaded.
SCRIPT = textwrap.dedent("""
    import json, os, sys, warnings
    from csecstats.inputs.beside import beside, can_fork
    from csecstats.inputs.errors import Problem, ValidationFailed

    def pid_and_sum(a, b):
        return os.getpid(), a + b

    def refuses():
        raise ValidationFailed([Problem("data/raw/a.yml", "fig_1", "value", "not a number")])

    def warns():
        warnings.warn("kept", UserWarning)
        return 1

    found = {"can_fork": can_fork(), "pid": os.getpid()}
    with beside(pid_and_sum, 2, 3) as work:
        found["child"], found["sum"] = work.result()
    try:
        with beside(refuses) as work:
            work.result()
    except ValidationFailed as failed:
        found["problems"] = [str(p) for p in failed.problems]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with beside(warns) as work:
            found["warned"] = [work.result(), [str(w.message) for w in caught]]
    try:
        with beside(lambda: os.getpid()) as work:
            child = work.pid
            raise KeyError("the caller failed first")
    except KeyError:
        pass
    try:  # the copy was stopped and reaped: no such process any more (not even a zombie)
        os.kill(child, 0)
        found["left"] = True
    except ProcessLookupError:
        found["left"] = False
    print(json.dumps(found))
""")


def _run_fresh() -> dict:
    import json
    env = {**os.environ, **ONE_THREAD}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="work beside forks only on Linux")
def test_a_one_thread_process_forks_and_gets_value_exception_and_warnings_back():
    found = _run_fresh()
    assert found["can_fork"] is True
    assert found["child"] != found["pid"]  # done in another process
    assert found["sum"] == 5
    assert found["problems"] == ["data/raw/a.yml: fig_1: value: not a number"]
    assert found["warned"] == [1, ["kept"]]
    assert found["left"] is False


def test_a_process_with_a_second_thread_works_in_a_thread_with_the_same_answers():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        with beside(lambda a, b: (os.getpid(), a + b), 2, 3) as work:
            assert work.result() == (os.getpid(), 5)
        with pytest.raises(ValidationFailed) as failed, beside(_refuses) as work:
            work.result()
        assert failed.value.problems == PROBLEMS
    finally:
        stop.set()
        other.join()


def _refuses():
    raise ValidationFailed(PROBLEMS)


def test_validation_failed_pickles_as_its_problems():
    again = pickle.loads(pickle.dumps(ValidationFailed(PROBLEMS)))
    assert type(again) is ValidationFailed and again.problems == PROBLEMS
    assert str(again) == str(ValidationFailed(PROBLEMS))


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="counts threads from /proc")
def test_threads_are_counted_by_the_kernel_so_a_librarys_own_threads_count(monkeypatch):
    import _thread
    monkeypatch.setattr(beside_module.threading, "active_count", lambda: 1)  # as in a process of one thread
    monkeypatch.setattr(beside_module, "SETTLE_TRIES", 2)
    before = os_threads()
    held, started = threading.Lock(), threading.Event()
    held.acquire()
    _thread.start_new_thread(lambda: (started.set(), held.acquire(), held.release()), ())  # Python's threading
    started.wait()                                                                         # never hears of it
    try:
        assert os_threads() >= before + 1
        assert not can_fork()
    finally:
        held.release()


def test_no_fork_where_the_thread_count_is_unknown(monkeypatch):
    monkeypatch.setattr(beside_module, "os_threads", lambda: None)
    monkeypatch.setattr(beside_module.threading, "active_count", lambda: 1)
    assert not can_fork()


def test_the_command_keeps_its_numerical_libraries_to_one_thread_unless_told_otherwise(monkeypatch):
    for name in ONE_THREAD:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    seen = {}
    monkeypatch.setattr(cli, "main", lambda: seen.update({n: os.environ.get(n) for n in ONE_THREAD}) or 0)
    with pytest.raises(SystemExit) as ended:
        cli.entry()
    assert ended.value.code == 0
    assert seen == {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "4", "MKL_NUM_THREADS": "1"}


def test_the_installed_command_is_the_entry_that_sets_them():
    from importlib.metadata import entry_points
    command, = [e for e in entry_points(group="console_scripts") if e.name == "csecstats"]
    assert command.value == "csecstats.cli:entry"


def test_an_input_warning_pickles_as_its_problem():
    from csecstats.analysis.estimates import JudgementWarning
    from csecstats.inputs.errors import InputWarning
    for kind in (InputWarning, JudgementWarning):
        again = pickle.loads(pickle.dumps(kind("data/raw/estimates.yml", "est_1", "low", "a judgement")))
        assert type(again) is kind and again.problem == Problem("data/raw/estimates.yml", "est_1", "low", "a judgement")
        assert str(again) == "data/raw/estimates.yml: est_1: low: warning: a judgement"



# A build in a fresh process of its own, as the command runs it; then, in the same process, one whose rates refuse.
BUILD = textwrap.dedent("""
    import os, sys
    from csecstats import build, cli
    from csecstats.inputs import beside
    from csecstats.inputs.errors import Problem, ValidationFailed
    forks, fork = [], os.fork
    beside.os.fork = lambda: forks.append(1) or fork()
    beside.SETTLE_TRIES = 5000  # a loaded machine may take long to end the threads a build has just joined
    code = cli.main(["build", "--out", sys.argv[1]])
    print(f"first: exit {code}, forks {len(forks)}", file=sys.stderr)

    def refused(*args):
        raise ValidationFailed([Problem("data/external/population.csv", "row 3", "value", "refused beside")])
    build.rate_tables = refused
    code = cli.main(["build", "--out", sys.argv[2]])
    print(f"second: exit {code}, forks {len(forks)}", file=sys.stderr)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="work beside forks only on Linux")
@pytest.mark.bytes
def test_a_build_in_a_process_of_its_own_forks_and_writes_the_same_tables(tmp_path):
    from csecstats.inputs import paths
    out, refused = tmp_path / "out", tmp_path / "refused"
    done = subprocess.run([sys.executable, "-c", BUILD, str(out), str(refused)], capture_output=True, text=True,
                          env={**os.environ, **ONE_THREAD}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "first: exit 0, forks 2" in done.stderr  # the rates and the sensitivity table, each in a copy
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in paths.PROCESSED.iterdir() if not p.name.startswith("."))
    assert all((out / n).read_bytes() == (paths.PROCESSED / n).read_bytes() for n in written)
    # The copy's refusal reaches the command whole: exit 2, the problem's one line, nothing written.
    assert "second: exit 2, forks 4" in done.stderr
    assert "data/external/population.csv: row 3: value: refused beside" in done.stderr
    assert not refused.exists()
