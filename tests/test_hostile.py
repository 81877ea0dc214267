"""Hostile input is refused with a clear error, never a quiet wrong answer (corpus: tests/hostile/)."""
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml_c
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csecstats.inputs import files, paths
from csecstats.inputs.files import replace_folder
from csecstats.inputs.fingerprint import sha256_file
from csecstats.register import figures as register
from csecstats.cli import main
from csecstats.inputs.errors import ValidationFailed
from csecstats.source.reader import parse_report_text

HOSTILE = Path(__file__).parent / "hostile"
CASES = yaml_c.safe_load((HOSTILE / "cases.yml").read_text(encoding="utf-8"))["cases"]
PROJECT = Path(__file__).resolve().parents[1]


def _fields(case):
    return case["field"] if isinstance(case["field"], list) else [case["field"]]


BASE_ENTRY = (HOSTILE / "register_period_reversed.yml").read_text(encoding="utf-8").replace(
    "period: 1993-06/1992-01", 'period: "1992"')


def _large_register(path: Path) -> None:
    """A > 1 MB register (too big to commit): many well-formed entries."""
    entry = BASE_ENTRY.split("\n", 1)[1]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("figures:\n")
        for i in range(int(1.2e6 // len(entry)) + 1):
            fh.write(entry.replace("id: sex_workers_phnom_penh_1992", f"id: fig_{i:06d}"))
    assert path.stat().st_size > 1_000_000


def _without_figure(path: Path, figure_id: str) -> None:
    """The real register without one entry."""
    text = paths.REGISTER_FILE.read_text(encoding="utf-8")
    start = text.index(f"  - id: {figure_id}\n")
    end = text.index("  - id: ", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def _figure_read_twice(path: Path) -> None:
    """The real register and one more entry reading the 1992 figure's quote and phrase again, as UNTAC staff."""
    entry = BASE_ENTRY.split("\n", 1)[1].replace("id: sex_workers_phnom_penh_1992", "id: untac_staff_phnom_penh_1992")
    entry = entry.replace("indicator: sex_workers", "indicator: untac_staff")
    text = paths.REGISTER_FILE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + "".join(f"  {line}\n" if line else "\n" for line in entry.splitlines()), encoding="utf-8")


GENERATORS = {
    "register_large.yml": _large_register,
    "register_folder.yml": lambda path: path.mkdir(),
    "report_folder.txt": lambda path: path.mkdir(),
    "register_fifo.yml": lambda path: os.mkfifo(path),
    "register_huge_value.yml": lambda path: path.write_text(
        BASE_ENTRY.replace("footnote: 4", "footnote: [" + "1, " * 150_000 + "1]"), encoding="utf-8"),
    "register_many_values.yml": lambda path: path.write_text(
        BASE_ENTRY.replace("footnote: 4", "footnote: [" + "1, " * 300_000 + "1]"), encoding="utf-8"),
    "register_missing_arithmetic_figure.yml": lambda path: _without_figure(path, "confirmed_cases_2003"),
    "register_phrase_read_twice.yml": _figure_read_twice,
    "external_estimates_huge_field.csv": lambda path: path.write_text(
        (HOSTILE / "external_estimates_fractional_count.csv").read_text(encoding="utf-8").replace(
            "1500.5", "1500").replace("In 1990", "In 1990 " + "x" * 200_000), encoding="utf-8"),
    "exclusions_many.yml": lambda path: path.write_text("exclusions:\n" + "".join(
        f"  - {{snippet: 'the', token: '1', class: excluded, reason: 'stale {i}'}}\n" for i in range(12_500)),
        encoding="utf-8"),
}


def hostile_path(case: dict, folder: Path) -> Path:
    """The case's file: from tests/hostile, or generated into ``folder``."""
    if not case.get("generated"):
        return HOSTILE / case["file"]
    path = folder / case["file"]
    if not path.exists():
        GENERATORS[case["file"]](path)
    return path


def test_corpus_is_large_enough_and_every_file_is_listed():
    listed = {c["file"] for c in CASES}
    on_disk = {p.name for p in HOSTILE.iterdir()} - {"cases.yml", "SHA256SUMS", "GENERATED.md"}
    assert on_disk == listed - {c["file"] for c in CASES if c.get("generated")}
    assert {c["file"] for c in CASES if c.get("generated")} == set(GENERATORS)
    assert len(CASES) >= 80
    assert {c["input"] for c in CASES} == {"register", "sources", "vocabulary", "report", "external", "estimates",
                                           "exclusions", "sums", "triangulation"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_validate_names_file_entry_and_field(case, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the python-tag case would create hostile_yaml_ran here if it ran
    path = hostile_path(case, tmp_path)
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    where = paths.RAW / "checks.yml" if case["file"] == "register_missing_arithmetic_figure.yml" else path
    for field in _fields(case):
        assert f"{path}: {case['entry']}: {field}: " in out or f"{where}: {case['entry']}: {field}: " in out, \
            (field, out[:3000])
    assert len(out) < 200 * (1 + out.count("\n")), "a message printed a huge value"
    if case["file"] == "register_huge_value.yml":  # the value is described, never printed
        assert "a list of 150001 item(s)" in out and len(out) < 2_000, out[:3000]
    assert not (tmp_path / "hostile_yaml_ran").exists()


def test_several_problems_in_one_file_are_all_reported(capsys):
    main(["validate", str(HOSTILE / "register_many_problems.yml")])
    lines = [l for l in capsys.readouterr().out.splitlines() if "register_many_problems.yml:" in l]
    assert len(lines) >= 5


def test_changed_digit_caught_by_the_quote_check_without_the_hash_check():
    changed = parse_report_text((HOSTILE / "report_digit_changed.txt").read_text(encoding="utf-8"))
    vocab, _ = register.load_vocabulary()
    sources, _ = register.load_sources(report=changed)
    _, problems = register.load_register(vocab=vocab, sources=sources, report=changed)
    # Every figure quoting the changed sentence ("... and 428 victims were rescued") is refused.
    assert {p.field for p in problems} == {"quote"}
    assert "victims_rescued_2003" in {p.entry for p in problems}


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    found = {}
    for folder in (root / "data" / "processed", root / "reports" / "figures"):
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file():
                found[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def test_build_refuses_hostile_register_and_leaves_outputs_untouched(tmp_path):
    for part in ("data/raw", "data/external", "data/processed", "reports/figures"):
        if (PROJECT / part).exists():
            shutil.copytree(PROJECT / part, tmp_path / part)
    shutil.copyfile(HOSTILE / "register_many_problems.yml", tmp_path / "data/raw/figures.yml")
    before = _snapshot(tmp_path)
    env = {**os.environ, "CSECSTATS_ROOT": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "csecstats.cli", "build"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "figures.yml: sex_workers_phnom_penh_1992: indicator: " in run.stderr
    assert "nothing was written" in run.stderr
    assert _snapshot(tmp_path) == before and before


def _as_build_input(case: dict, path: Path, folder: Path, monkeypatch) -> None:
    """Put the hostile file where the build reads that input (a fingerprinted copy for CSV tables and for
    the report's SHA256SUMS, so that their content rules, not the hash check, are what refuses them)."""
    from csecstats.analysis import declarations
    kind = case["input"]
    if kind in ("register", "sources", "vocabulary", "report"):
        attribute = {"register": "REGISTER_FILE", "sources": "SOURCES_FILE", "vocabulary": "VOCABULARY_FILE",
                     "report": "REPORT_FILE"}[kind]
        monkeypatch.setattr(paths, attribute, path)
    elif kind == "estimates":
        monkeypatch.setattr(paths, "ESTIMATES_FILE", path)
    elif kind == "triangulation":
        monkeypatch.setattr(paths, "TRIANGULATION_FILE", path)
    elif kind == "external":  # a copy of data/external with the hostile file in place of its table
        table = next(t for t in ("tip", "enforcement", "estimates") if f"_{t}_" in case["file"])
        name = {"tip": "tip-report-cambodia-enforcement.csv", "enforcement": "external-enforcement.csv",
                "estimates": "external-estimates.csv"}[table]
        shutil.copytree(paths.EXTERNAL, folder / "external")
        copy = folder / "external" / name
        if path.is_file():
            shutil.copyfile(path, copy)
            sums = [line for line in (copy.parent / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
                    if not line.endswith(f"  {name}")]
            (copy.parent / "SHA256SUMS").write_text("\n".join(sums + [f"{sha256_file(copy)}  {name}"]) + "\n",
                                                    encoding="utf-8")
        else:
            copy.unlink()
        monkeypatch.setattr(paths, "EXTERNAL", copy.parent)
    elif kind == "sums":
        copy = folder / "sums" / paths.REPORT_FILE.name
        copy.parent.mkdir()
        shutil.copyfile(paths.REPORT_FILE, copy)
        shutil.copyfile(path, copy.parent / "SHA256SUMS")
        monkeypatch.setattr(paths, "REPORT_FILE", copy)


# Exclusions are read by the audit, not the build: `validate` runs the audit on them (above) and
# test_cli.py runs `csecstats audit --exclusions` on a stale one; the build has nothing to refuse.
BUILD_CASES = [case for case in CASES if case["input"] != "exclusions"]


@pytest.mark.parametrize("case", BUILD_CASES, ids=lambda c: c["file"])
def test_build_refuses_every_case_and_writes_nothing(case, capsys, monkeypatch, tmp_path):
    """The build reads the hostile file in place of its input: exit 2, the entry and field named, the
    previous outputs untouched and no staging folder left."""
    monkeypatch.chdir(tmp_path)
    path = hostile_path(case, tmp_path)
    _as_build_input(case, path, tmp_path, monkeypatch)
    out = tmp_path / "processed"
    out.mkdir()
    (out / "figures.csv").write_bytes(b"previous\n")
    assert main(["build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert any(f": {case['entry']}: {field}: " in err for field in _fields(case)), err[:3000]
    assert [p.name for p in out.iterdir()] == ["figures.csv"] and (out / "figures.csv").read_bytes() == b"previous\n"
    assert not list(tmp_path.glob(".processed.*"))


def test_one_real_process_answers_exit_2_without_a_traceback(tmp_path):
    """The installed command in a real process (the parametrised tests above run every case in-process): a
    register asking YAML to run Python, a lying external table and a malformed SHA256SUMS at once give exit 2,
    each named, and no traceback; the YAML tag never runs in a fresh process (it would create a file)."""
    chosen = [next(c for c in CASES if c["file"] == name) for name in
              ("register_python_tag.yml", "external_estimates_value_not_in_quote.csv", "sums_malformed.SHA256SUMS")]
    run = subprocess.run([sys.executable, "-m", "csecstats.cli", "validate", *(str(HOSTILE / c["file"]) for c in chosen)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "Traceback" not in run.stdout + run.stderr, run.stderr[-3000:]
    for case in chosen:
        assert f"{HOSTILE / case['file']}: {case['entry']}: {case['field']}: " in run.stdout, (case, run.stdout[-3000:])
    assert "python/object/apply" in run.stdout
    assert list(tmp_path.iterdir()) == []


def test_unexpected_error_is_one_line_exit_1_with_a_hint(monkeypatch, capsys):
    from csecstats import validate
    monkeypatch.setattr(validate, "validate_paths", lambda _: {}["boom"])
    assert main(["validate", str(paths.REGISTER_FILE)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error (KeyError" in err and "please report it" in err


# ---------------------------------------------------------------- class 8: all or nothing

OUTPUTS = {"a.csv": b"new a\n", "b.csv": b"new b\n"}


def _previous(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"old a\n")
    (folder / "b.csv").write_bytes(b"old b\n")
    return folder


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_whole_set_switches_and_nothing_is_left_behind(tmp_path):
    folder = _previous(tmp_path / "out")
    replace_folder(OUTPUTS, folder)
    assert _contents(folder) == OUTPUTS and [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()], ids=["error", "SIGINT"])
def test_a_failure_while_writing_leaves_the_previous_set(tmp_path, monkeypatch, failure):
    folder = _previous(tmp_path / "out")
    real_fsync, calls = os.fsync, []

    def fail_on_second(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise failure
        real_fsync(fd)
    monkeypatch.setattr(files.os, "fsync", fail_on_second)
    with pytest.raises(type(failure)):
        replace_folder(OUTPUTS, folder)
    assert _contents(folder) == {"a.csv": b"old a\n", "b.csv": b"old b\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_sigterm_during_a_build_cleans_up(tmp_path, monkeypatch):
    """SIGTERM becomes an exception in the command: staging removed, previous set kept, exit 143."""
    import signal
    folder = _previous(tmp_path / "out")
    from csecstats import build
    monkeypatch.setattr(build, "data_outputs", lambda: OUTPUTS)
    real_write = files._write_staging

    def write_then_terminated(outputs, staging):
        real_write(outputs, staging)
        os.kill(os.getpid(), signal.SIGTERM)
    monkeypatch.setattr(files, "_write_staging", write_then_terminated)
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--out", str(folder)])
    assert getattr(signal.getsignal(signal.SIGTERM), "__name__", "") != "_on_sigterm"  # handler restored
    assert stopped.value.code == 128 + signal.SIGTERM
    assert _contents(folder) == {"a.csv": b"old a\n", "b.csv": b"old b\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_symlinked_output_folder_or_file_refused(tmp_path, capsys):
    outside = _previous(tmp_path / "outside")
    link = tmp_path / "project_out"
    link.symlink_to(outside)
    with pytest.raises(ValidationFailed, match="symbolic link"):
        replace_folder(OUTPUTS, link)
    folder = _previous(tmp_path / "real")
    (folder / "c.csv").symlink_to(outside / "a.csv")
    with pytest.raises(ValidationFailed, match="c.csv: \\(output\\): is a symbolic link"):
        replace_folder(OUTPUTS, folder, owned=True)
    assert _contents(outside) == {"a.csv": b"old a\n", "b.csv": b"old b\n"}


def test_a_folder_holding_other_files_is_not_replaced(tmp_path):
    folder = _previous(tmp_path / "out")
    (folder / "notes.txt").write_bytes(b"mine\n")
    with pytest.raises(ValidationFailed, match="notes.txt: \\(output\\): is not written by this command"):
        replace_folder(OUTPUTS, folder)
    assert (folder / "notes.txt").read_bytes() == b"mine\n"


def test_concurrent_builds_take_turns(tmp_path):
    """Eight writers at once: the folder ends holding one complete set, never a mix, no staging left."""
    import threading
    folder = _previous(tmp_path / "out")
    sets = [{"a.csv": f"a{i}\n".encode(), "b.csv": f"b{i}\n".encode()} for i in range(8)]
    threads = [threading.Thread(target=replace_folder, args=(s, folder)) for s in sets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _contents(folder) in sets and [p.name for p in tmp_path.iterdir()] == ["out"]


def test_exported_csv_cannot_start_a_formula():
    import pandas as pd
    frame = pd.DataFrame({"text": ["=1+1", "+cmd", "-x", "@SUM(A1)", "-2.5", "plain"], "n": [-1.0, 2, 3, 4, 5, 6]})
    rows = files.csv_bytes(frame).decode().splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == ["'=1+1", "'+cmd", "'-x", "'@SUM(A1)", "-2.5", "plain"]
    assert rows[0].endswith(",-1.0")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["figures:", "  - id: x", "    quote: ", "    phrase: '3'", "- ", ": ", "&a", "*a",
                              "!!binary", "!!python/name:os.system", "{", "[", "'", '"', "\t", "---", "...",
                              "    period: 2003/2002", "    footnote: 1e9", "\ufeff", "\x00"]),
             max_size=12).map("\n".join),
))
def test_register_validation_raises_only_validation_failed(tmp_path, text):
    path = tmp_path / "figures.yml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        register.read_all(register=path)
    except ValidationFailed as failed:
        assert failed.problems and all(str(p).startswith(f"{path}: ") or str(paths.RAW) in str(p)
                                       for p in failed.problems)


@functools.lru_cache(maxsize=1)
def _declared_effects():
    from csecstats.analysis.declarations import declared_estimates
    from real_inputs import context
    return tuple((e, a) for e in declared_estimates(None, context()) if e.formula is not None for a in e.assumptions
            if a.effect in ("increases", "decreases"))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.data())
def test_estimates_move_with_their_assumptions_as_declared(data):
    """Each assumption's declared effect (increases/decreases) holds for any two values near its centre."""
    from csecstats.analysis.estimates import central
    est, assumption = data.draw(st.sampled_from(_declared_effects()), label="estimate, assumption")
    centre = assumption.central()
    a, b = sorted(data.draw(st.lists(st.floats(0.5 * centre, 1.5 * centre), min_size=2, max_size=2)))
    low, high = central(est, **{assumption.name: a}), central(est, **{assumption.name: b})
    assert low <= high if assumption.effect == "increases" else low >= high


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), OSError(30, "Read-only file system")],
                         ids=["full disk", "read-only"])
def test_a_folder_that_cannot_be_written_is_one_line_and_exit_73(tmp_path, monkeypatch, capsys, error):
    """The environment, not the input and not a bug: `cannot write PATH: reason`, exit 73, previous set kept."""
    folder = _previous(tmp_path / "out")
    from csecstats import build
    monkeypatch.setattr(build, "data_outputs", lambda: OUTPUTS)

    def refuse(path, *args, **kwargs):
        raise OSError(error.errno, error.strerror, str(path))
    monkeypatch.setattr(files.os, "open", refuse)
    assert main(["build", "--out", str(folder)]) == 73
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"cannot write {tmp_path}") and f": {error.strerror}\n" in err
    assert _contents(folder) == {"a.csv": b"old a\n", "b.csv": b"old b\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_staging_folder_left_by_a_killed_build_is_removed_and_said(tmp_path, capsys):
    folder = _previous(tmp_path / "out")
    left = tmp_path / ".out.new-killed"
    left.mkdir()
    (left / "a.csv").write_bytes(b"half\n")
    replace_folder(OUTPUTS, folder)
    assert not left.exists() and _contents(folder) == OUTPUTS
    assert f"removed {left}, a staging folder left by a run that was stopped" in capsys.readouterr().err


def test_a_file_no_build_wrote_in_data_processed_is_refused_never_deleted(tmp_path, monkeypatch):
    """The build may drop a table its previous run wrote (listed in datapackage.json), never anything else."""
    import json
    from csecstats import build
    processed = _previous(tmp_path / "processed")
    (processed / "datapackage.json").write_text(json.dumps({"resources": [{"path": "a.csv"}, {"path": "old.csv"}]}))
    (processed / "old.csv").write_bytes(b"a table the previous build wrote\n")
    (processed / "my-notes.csv").write_bytes(b"mine\n")
    monkeypatch.setattr(paths, "PROCESSED", processed)
    monkeypatch.setattr(build, "data_outputs", lambda: OUTPUTS)
    with pytest.raises(ValidationFailed, match="my-notes.csv: \\(output\\): is not written by this command"):
        build.run(processed)
    assert (processed / "my-notes.csv").read_bytes() == b"mine\n" and (processed / "old.csv").exists()
    (processed / "my-notes.csv").unlink()
    build.run(processed)
    assert _contents(processed) == OUTPUTS  # old.csv, datapackage.json: written by the build, replaced
