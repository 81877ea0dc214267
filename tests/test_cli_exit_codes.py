"""Every subcommand answers a user's mistake with the documented exit code: 64 for a usage mistake (bad
flag or value, wrong --root, no project), 2 for an input problem (a named file missing or not what the
command reads), never 1 ("a bug"), and never a traceback. A mistake caught before any command runs (the
arguments, the project folder) is tested through a real process, which shows the exit code and what the
user reads; that covers both codes (64, and 2 for a project with no built tables). A command that runs and
refuses its input is called in the test's process (``main``, whose return value is the exit code), since a
fresh process would import pandas or the notebook runner again for each case. A command run outside any
project is refused with 64 too; that is tested with the installed wheel (tests/test_wheel.py), since an
editable install always finds its checkout."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (id, argv with {tmp}/{project}/{empty} placeholders, working folder, exit code, text the output must hold)
CASES = [
    ("validate_missing_file", ["validate", "/nonexistent/figures.yml"], "empty", 2,
     "/nonexistent/figures.yml: (file): (file): file not found"),
    ("validate_folder_as_file", ["validate", "{project}/data/raw"], "empty", 2, "/data/raw: (file)"),
    ("validate_not_an_input", ["validate", "{tmp}/notes.json"], "empty", 2, "notes.json: (file): (file): not a recognised"),
    ("validate_no_path", ["validate"], "empty", 64, "the following arguments are required: PATH"),
    ("notebooks_missing_notebook", ["notebooks", "notebooks/99_nope.ipynb"], "root", 2,
     "notebooks/99_nope.ipynb: (file): (file): no such notebook"),
    ("notebooks_not_a_notebook", ["notebooks", "{tmp}/notes.txt"], "empty", 2, "not a notebook (expected a .ipynb"),
    ("notebooks_broken_notebook", ["notebooks", "{tmp}/broken.ipynb"], "empty", 2, "not a readable notebook"),
    ("notebooks_workers_zero", ["notebooks", "--workers", "0"], "root", 64, "--workers: expected at least 1, not 0"),
    ("notebooks_workers_text", ["notebooks", "--workers", "two"], "root", 64, "expected a whole number, not 'two'"),
    ("charts_workers_zero", ["charts", "--workers", "0"], "root", 64, "--workers: expected at least 1, not 0"),
    ("charts_root_not_a_project", ["--root", "{empty}", "charts"], "empty", 64, "not a csecstats project"),
    ("charts_root_tmp", ["--root", "/tmp", "charts"], "empty", 64, "--root /tmp: not a csecstats project"),
    ("charts_no_built_tables", ["--root", "{project}", "charts"], "empty", 2,
     "no built tables here; run `csecstats build`"),
    ("build_root_not_a_project", ["--root", "{empty}", "build"], "empty", 64, "not a csecstats project"),
    ("build_out_without_value", ["build", "--out"], "root", 64, "argument --out: expected one argument"),
    ("gallery_root_missing", ["--root", "/nonexistent", "gallery"], "empty", 64, "--root /nonexistent: no such folder"),
    ("gallery_no_built_tables", ["--root", "{project}", "gallery"], "empty", 2, "no built tables here"),
    ("audit_missing_exclusions", ["audit", "--exclusions", "/missing.yml"], "empty", 2,
     "/missing.yml: (file): (file): file not found"),
    ("audit_unknown_flag", ["audit", "--no-such-option"], "empty", 64, "unrecognized arguments: --no-such-option"),
    ("env_root_missing", ["audit"], "empty", 64, "CSECSTATS_ROOT /nonexistent: no such folder"),
    ("unknown_command", ["no-such-command"], "empty", 64, "invalid choice: 'no-such-command'"),
]


def in_process(argv: list[str], code: int) -> bool:
    """A command that runs and refuses its input, with no project folder named (``--root`` would change the
    test process's project)."""
    return code == 2 and "--root" not in argv


@pytest.fixture(scope="module")
def materials(tmp_path_factory) -> dict:
    """What the cases name: {tmp} holds a text file, a JSON file and a broken notebook; {project} is a
    project with inputs, never built."""
    tmp = tmp_path_factory.mktemp("mistakes")
    (tmp / "notes.txt").write_text("not an input\n", encoding="utf-8")
    (tmp / "notes.json").write_text("{}\n", encoding="utf-8")
    (tmp / "broken.ipynb").write_text("{}\n", encoding="utf-8")
    project = tmp / "project"
    for part in ("raw", "external"):
        shutil.copytree(ROOT / "data" / part, project / "data" / part)
    return {"tmp": tmp, "project": project}


@pytest.fixture(scope="module")
def results(materials, tmp_path_factory) -> dict:
    """Every case caught before a command runs, at once, each in its own process:
    {id: (folder, returncode, stdout + stderr)}."""
    env = {k: v for k, v in os.environ.items() if k not in ("CSECSTATS_ROOT", "CSECSTATS_DEBUG")}
    runs = {}
    for case_id, argv, where, code, _ in CASES:
        if in_process(argv, code):
            continue
        folder = ROOT if where == "root" else tmp_path_factory.mktemp(case_id)
        argv = [a.format(**materials, empty=tmp_path_factory.mktemp("empty")) for a in argv]
        case_env = {**env, "CSECSTATS_ROOT": "/nonexistent"} if case_id.startswith("env_root") else env
        runs[case_id] = folder, subprocess.Popen([sys.executable, "-m", "csecstats.cli", *argv], cwd=folder,
                                                 env=case_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                 text=True)
    done = {}
    for case_id, (folder, run) in runs.items():
        out, _ = run.communicate(timeout=300)
        done[case_id] = folder, run.returncode, out
    assert not (materials["project"] / "data" / "processed").exists()
    return done


@pytest.mark.parametrize(("case_id", "argv", "where", "code", "text"), CASES, ids=[c[0] for c in CASES])
def test_a_mistake_exits_with_its_documented_code(request, materials, case_id, argv, where, code, text):
    if in_process(argv, code):
        folder = ROOT if where == "root" else request.getfixturevalue("tmp_path")
        monkeypatch, capsys = request.getfixturevalue("monkeypatch"), request.getfixturevalue("capsys")
        monkeypatch.chdir(folder)
        for name in ("CSECSTATS_ROOT", "CSECSTATS_DEBUG"):
            monkeypatch.delenv(name, raising=False)
        from csecstats.cli import main
        returncode = main([a.format(**materials) for a in argv])
        captured = capsys.readouterr()
        out = captured.out + captured.err
    else:
        folder, returncode, out = request.getfixturevalue("results")[case_id]
    assert returncode == code, f"csecstats {' '.join(argv)} exited {returncode}, not {code}:\n{out}"
    assert text in out, out
    assert "this is a bug" not in out and "Traceback" not in out and "stale" not in out, out
    if where != "root":
        assert list(folder.iterdir()) == [], "a refused command wrote into the working folder"


def test_notebooks_without_the_notebooks_extra_exits_64_naming_it(monkeypatch, capsys, tmp_path):
    """The core installs without the notebook runner; the command that needs it says how to get it."""
    import csecstats.publish
    from csecstats import cli
    monkeypatch.setitem(sys.modules, "nbclient", None)  # as if not installed: importing it raises ImportError
    monkeypatch.delitem(sys.modules, "csecstats.publish.notebooks", raising=False)  # imported afresh, and fails
    monkeypatch.delattr(csecstats.publish, "notebooks", raising=False)
    notebook = shutil.copy(ROOT / "notebooks" / "01_sources_and_provenance.ipynb", tmp_path)
    assert cli.main(["notebooks", str(notebook)]) == 64
    err = capsys.readouterr().err
    assert "nbclient is not installed" in err and "pip install 'csecstats[notebooks]'" in err, err
