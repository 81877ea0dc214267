"""Work done beside the build (``inputs.beside``): a forked child gives the answers a thread gives, each
exception raised where its answer is asked for, nothing left running; the build's tables are the same either way."""
from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from functools import partial

import pytest

from csecstats.inputs import beside
from csecstats.inputs.beside import Beside, ChildFailed
from csecstats.inputs.errors import Problem, ValidationFailed

needs_fork = pytest.mark.skipif(not beside.FORKS, reason="this system does not fork")


def _refused(path):
    raise ValidationFailed([Problem(path, "entry", "field", "wrong"), Problem(path, "other", "value", "also wrong")])


def _works():
    return {"pid": os.getpid, "sum": partial(sum, range(10)), "refused": partial(_refused, "in.yml"),
            "broken": partial(int, "x")}


@pytest.mark.parametrize("fork", [pytest.param(True, marks=needs_fork), False])
def test_answers_and_exceptions_come_back_by_name(fork):
    with Beside(_works(), fork=fork) as aside:
        assert aside.result("sum") == 45
        with pytest.raises(ValidationFailed) as refused:
            aside.result("refused")
        assert [(p.path, p.entry, p.field, p.message) for p in refused.value.problems] == [
            ("in.yml", "entry", "field", "wrong"), ("in.yml", "other", "value", "also wrong")]
        with pytest.raises(ValueError, match="invalid literal"):
            aside.result("broken")
        assert aside.result("sum") == 45  # asked again: the same answer, nothing waited for twice
        # forked: another process did the work; in a thread, this one
        assert (aside.result("pid") != os.getpid()) is fork


def test_validation_failed_pickles_as_its_problems():
    failed = ValidationFailed([Problem("a.yml", "x", "y", "z")])
    back = pickle.loads(pickle.dumps(failed))
    assert back.problems == failed.problems and str(back) == str(failed)


@needs_fork
def test_the_child_is_reaped_even_when_the_caller_fails():
    with pytest.raises(RuntimeError, match="the caller"):
        with Beside({"slow": partial(time.sleep, 0.2)}, fork=True) as aside:
            pid = aside._pid
            raise RuntimeError("the caller failed first")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


@needs_fork
def test_a_failing_caller_stops_the_child_at_once():
    start = time.perf_counter()
    with pytest.raises(RuntimeError, match="the caller"):
        with Beside({"slow": partial(time.sleep, 30)}, fork=True) as aside:
            pid = aside._pid
            raise RuntimeError("the caller failed first")
    assert time.perf_counter() - start < 10  # killed, not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_without_a_fork_work_is_done_when_asked_for_and_only_then():
    done = []
    works = {name: partial(done.append, name) for name in ("first", "second", "third")}
    with Beside(works, fork=False) as aside:
        assert done == []
        aside.result("second")
        assert done == ["first", "second"]  # in order, up to the answer asked for
    assert done == ["first", "second"]  # never asked for: never done


@needs_fork
def test_a_child_killed_is_an_error_not_an_answer():
    with Beside({"slow": partial(time.sleep, 30)}, fork=True) as aside:
        os.kill(aside._pid, signal.SIGKILL)
        with pytest.raises(ChildFailed, match="ended before .slow. was done"):
            aside.result("slow")


@needs_fork
def test_an_answer_that_cannot_be_sent_names_itself():
    with Beside({"fine": partial(int, "3"), "lock": threading.Lock}, fork=True) as aside:
        assert aside.result("fine") == 3
        with pytest.raises(ChildFailed, match="lock: the answer could not be sent back"):
            aside.result("lock")


BIG = bytes(range(256)) * 40_000  # ~10 MB: many times what a pipe holds


def _big_answer_under_a_ticking_timer() -> bytes:
    """In the child: a timer whose signal interrupts the answer's write every 2 ms while it waits for room in the
    pipe (a write so interrupted returns having written part of what it was given)."""
    signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, 0.002, 0.002)
    return BIG


@needs_fork
def test_an_answer_written_in_parts_arrives_whole():
    with Beside({"big": _big_answer_under_a_ticking_timer, "after": partial(sum, range(3))}, fork=True) as aside:
        time.sleep(0.1)  # the child fills the pipe and waits for room, its timer ticking
        assert aside.result("big") == BIG
        assert aside.result("after") == 3
    assert aside._status == 0


@needs_fork
def test_each_write_that_writes_part_is_followed_by_one_for_the_rest(monkeypatch):
    real_write, parent, sizes = os.write, os.getpid(), []

    def short_write(fd, data):  # as a pipe may, in the child: at most 1,000 bytes a call
        if os.getpid() == parent and fd != watched:
            return real_write(fd, data)
        sizes.append(len(data))
        return real_write(fd, bytes(data[:1000]))

    watched = -1
    monkeypatch.setattr(os, "write", short_write)
    with Beside({"text": partial(str, "x" * 5000), "n": partial(int, "7")}, fork=True) as aside:
        assert aside.result("text") == "x" * 5000 and aside.result("n") == 7
    read, watched = os.pipe()
    beside._write_all(watched, b"y" * 2500)
    os.close(watched)
    assert os.read(read, 5000) == b"y" * 2500 and sizes == [2500, 1500, 500]
    os.close(read)


@needs_fork
def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Beside({"pid": os.getpid}, fork=True) as aside:
            assert aside.result("pid") == os.getpid()  # a thread did it: a child could inherit a held lock
    finally:
        stop.set()
        other.join()


@needs_fork
def test_the_build_makes_the_same_tables_forked_or_not(monkeypatch):
    from csecstats import build

    monkeypatch.setattr(beside, "DEFAULT_FORK", True)  # as the command runs (the suite's own builds do not fork)

    forks, fork = [], os.fork

    def counted():
        forks.append(1)
        return fork()
    monkeypatch.setattr(os, "fork", counted)
    forked = build.tables()
    assert len(forks) == 2  # the build's two children: the declared sources, then the tables beside the steps
    monkeypatch.setattr(beside, "DEFAULT_FORK", False)
    threaded = build.tables()
    assert len(forks) == 2
    assert forked.keys() == threaded.keys()
    for name in forked:
        assert forked[name].equals(threaded[name]), name


@needs_fork
def test_the_children_read_no_input_again(monkeypatch, tmp_path):
    """One read per input, counted across processes (each read appended to one log, whichever process reads): a
    file a forked child reads (the declared sources' data) the build does not read again, and a file the build
    read before it forked the child does not."""
    from pathlib import Path

    from csecstats import build
    from csecstats.inputs import paths, reading

    log, original = tmp_path / "reads.log", reading.read_bytes
    monkeypatch.setattr(beside, "DEFAULT_FORK", True)  # as the command runs (the suite's own builds do not fork)

    def logged(path, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {Path(path).name}\n")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(reading, "read_bytes", logged)
    build.data_outputs()
    reads = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert {pid for pid, _ in reads} - {str(os.getpid())}  # a child read the sources' data
    names = [name for _, name in reads]
    inputs = {p.name for p in paths.RAW.glob("*.yml")} - {"exclusions.yml"}
    inputs |= {p.name for p in paths.EXTERNAL.iterdir() if p.suffix in (".csv", ".yml")}
    assert {name: names.count(name) for name in inputs} == {name: 1 for name in inputs}


def _sampled_hostile_cases():
    """Hostile cases refused in every stage the work beside the build spans, a few of each input: every
    triangulation case, every fourth estimates case, every sixteenth external table, every thirtieth register
    case and a vocabulary case (each refused before, while or after a child works)."""
    from test_hostile import BUILD_CASES

    kept, seen, every = [], {}, {"triangulation": 1, "estimates": 4, "external": 16, "register": 30, "vocabulary": 2}
    for case in BUILD_CASES:
        n = seen[case["input"]] = seen.get(case["input"], -1) + 1
        if case["input"] in every and n % every[case["input"]] == 0:
            kept.append(case)
    return kept


def _refusal(build) -> tuple[str, list[str]]:
    from csecstats.inputs.errors import ValidationFailed
    try:
        build.tables()
    except ValidationFailed as failed:
        return type(failed).__name__, [str(p) for p in failed.problems]
    except Exception as exc:  # noqa: BLE001 - compared as they are
        return type(exc).__name__, [str(exc)]
    return "built", []


@needs_fork
@pytest.mark.filterwarnings("ignore::csecstats.analysis.estimates.JudgementWarning")
@pytest.mark.parametrize("case", _sampled_hostile_cases(), ids=lambda c: c["file"])
def test_a_refused_input_gives_the_same_problems_in_the_same_order_forked_or_not(case, monkeypatch, tmp_path):
    """The README's promise: the problems and their order are those of one process."""
    from test_hostile import _as_build_input, hostile_path

    from csecstats import build

    _as_build_input(case, hostile_path(case, tmp_path), tmp_path, monkeypatch)
    monkeypatch.setattr(beside, "DEFAULT_FORK", True)
    forked = _refusal(build)
    monkeypatch.setattr(beside, "DEFAULT_FORK", False)
    assert forked == _refusal(build)
    assert forked[0] != "built"
