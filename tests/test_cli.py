"""Exit codes of the ``csecstats`` command: 0 success, 1 unexpected error, 2 invalid input, 64 usage error."""
import os
import shutil
import subprocess
import sys

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


def test_build_with_root_of_invalid_input_exits_2_and_says_nothing_was_written(scratch, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.EXTERNAL, root / "data" / "external")
    scratch.edit_figure("sex_workers_phnom_penh_1992", unit="people")
    shutil.copyfile(scratch.path("figures.yml"), root / "data" / "raw" / "figures.yml")
    env = {k: v for k, v in os.environ.items() if k != "CSECSTATS_ROOT"}
    run = subprocess.run([sys.executable, "-m", "csecstats.cli", "--root", str(root), "build"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2, run.stderr
    assert f"{root / 'data' / 'raw' / 'figures.yml'}: sex_workers_phnom_penh_1992: unit: " in run.stderr
    assert "nothing was written" in run.stderr and not (root / "data" / "processed").exists()
