"""Exit codes of the ``csecstats`` command: 0 success, 1 unexpected error, 2 invalid input, 64 usage error."""
import os
import shutil

import pytest

from csecstats import cli
from csecstats.inputs import paths


@pytest.mark.parametrize("argv", [[], ["no-such-command"], ["validate"], ["audit", "--no-such-option"],
                                  ["notebooks", "--workers", "two"]])
def test_usage_errors_exit_64_not_2(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == cli.EXIT_USAGE == 64
    assert "usage: csecstats" in capsys.readouterr().err


def test_help_exits_0_and_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--help"])
    assert stopped.value.code == 0
    assert ("0 success; 1 unexpected error; 2 invalid input (every problem listed); 64 usage error; "
            "73 an output that cannot be written") in \
        " ".join(capsys.readouterr().out.split())


def test_audit_writes_nothing_and_does_not_say_so(capsys):
    assert cli.main(["audit"]) == 0
    assert "nothing was written" not in "".join(capsys.readouterr())


@pytest.mark.parametrize("text, named", [
    ("exclusions: [unclosed\n", ": (file): (yaml): "),
    ("exclusions:\n  - {snippet: 'the', token: '1', class: excluded, reason: 'stale'}\n", ": #1 1: snippet: "),
], ids=["malformed", "stale"])
def test_audit_of_an_invalid_exclusions_file_exits_2_without_claiming_a_write(tmp_path, capsys, text, named):
    broken = tmp_path / "exclusions.yml"
    broken.write_text(text, encoding="utf-8")
    assert cli.main(["audit", "--exclusions", str(broken)]) == cli.EXIT_INVALID == 2
    out, err = capsys.readouterr()
    assert f"{broken}{named}" in out + err and "nothing was written" not in out + err


def test_build_with_root_of_invalid_input_exits_2_and_says_nothing_was_written(scratch, tmp_path, unfixed_paths,
                                                                               capsys):
    """In this process (a fresh one's exit and messages: tests/test_hostile.py), from another folder."""
    root = tmp_path / "project"
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.EXTERNAL, root / "data" / "external")
    scratch.edit_figure("sex_workers_phnom_penh_1992", unit="people")
    shutil.copyfile(scratch.path("figures.yml"), root / "data" / "raw" / "figures.yml")
    unfixed_paths.delenv("CSECSTATS_ROOT", raising=False)
    unfixed_paths.chdir(tmp_path)
    assert cli.main(["--root", str(root), "build"]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'data' / 'raw' / 'figures.yml'}: sex_workers_phnom_penh_1992: unit: " in err
    assert "nothing was written" in err and not (root / "data" / "processed").exists()
    assert "CSECSTATS_ROOT" not in os.environ  # --root names the project of this one run


def test_the_command_sets_its_objects_aside_from_the_collector_before_shutting_down(tmp_path):
    # Shutting the interpreter down collects garbage over every object alive (~0.6 s of CPU after a build);
    # ``entry`` freezes them once ``main`` has returned, and still exits with ``main``'s code (2 here).
    import subprocess
    import sys
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
             "from csecstats.cli import entry\n"
             f"sys.argv = ['csecstats', 'validate', {str(tmp_path / 'missing.yml')!r}]\n"
             "entry()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == cli.EXIT_INVALID
    assert "missing.yml: (file): (file): file not found" in done.stdout
    frozen = int(done.stderr.split("frozen ")[1].split()[0])
    assert frozen > 10_000  # the libraries' objects, not a handful
