"""The ``csecstats`` command keeps its numerical libraries to one thread (``inputs.threads``), unless told."""
import os
import subprocess
import sys

import pytest

from csecstats import cli
from csecstats.inputs.threads import ONE_THREAD, with_one_thread


def test_one_thread_each_unless_the_environment_says_otherwise():
    assert with_one_thread({"PATH": "/bin"}) == {"PATH": "/bin", **ONE_THREAD}
    assert with_one_thread({"OPENBLAS_NUM_THREADS": "4"})["OPENBLAS_NUM_THREADS"] == "4"
    assert set(ONE_THREAD) == {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}


def test_the_command_sets_them_before_it_runs(monkeypatch):
    for name in ONE_THREAD:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    seen = {}
    monkeypatch.setattr(cli, "main", lambda: seen.update({n: os.environ.get(n) for n in ONE_THREAD}) or 0)
    with pytest.raises(SystemExit) as ended:
        cli.entry()
    assert ended.value.code == 0
    assert seen == {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "4", "MKL_NUM_THREADS": "1"}


def test_the_installed_command_is_that_entry():
    from importlib.metadata import entry_points
    command, = [e for e in entry_points(group="console_scripts") if e.name == "csecstats"]
    assert command.value == "csecstats.cli:entry"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="counts threads from /proc")
def test_a_process_of_the_command_loads_numpy_without_a_thread_pool():
    """``python -m csecstats.cli`` runs ``entry``: numpy loaded after it, the process is still one thread."""
    code = ("import sys; from csecstats import cli\n"
            "def main():\n"
            "    import numpy\n"
            "    print(open('/proc/self/status').read().split('Threads:')[1].split()[0]); return 0\n"
            "cli.main = main; cli.entry()")
    env = {k: v for k, v in os.environ.items() if k not in ONE_THREAD}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
