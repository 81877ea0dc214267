"""Time and peak memory of `csecstats validate` on every hostile case, each in a fresh process.

Prints the corpus size, one line per case (seconds, peak resident memory) and the slowest and
largest. Target (issue 10): a hostile input of 1 MB or less is answered within a few seconds and
modest memory. The baseline line is the valid register, for comparison.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from test_hostile import CASES, HOSTILE, hostile_path  # noqa: E402

from csecstats.inputs import paths  # noqa: E402


CHILD = ("import resource, sys\n"
         "from csecstats.cli import main\n"
         "code = main(['validate', sys.argv[1]])\n"
         "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
         "sys.exit(code)\n")


def measure(path: Path, folder: Path) -> tuple[float, float, int]:
    """(seconds, peak resident MB, exit code) of `csecstats validate PATH` in a fresh process."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=folder, capture_output=True, text=True,
                         check=False, timeout=600)
    seconds = time.perf_counter() - start
    peak = [int(line.split()[1]) for line in run.stderr.splitlines() if line.startswith("MAXRSS ")]
    return seconds, (peak[-1] / 1024 if peak else float("nan")), run.returncode


def main() -> int:
    files = [p for p in HOSTILE.iterdir() if p.name not in ("cases.yml", "GENERATED.md")]
    print(f"corpus: {len(CASES)} cases, {len(files)} committed files, {sum(p.stat().st_size for p in files)} bytes")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds, peak, code = measure(paths.REGISTER_FILE, folder)
        print(f"{'baseline: valid figures.yml':45s} {seconds:6.2f} s  {peak:6.0f} MB  exit {code}")
        results = []
        for case in CASES:
            path = hostile_path(case, folder)
            seconds, peak, code = measure(path, folder)
            size = path.stat().st_size if path.is_file() else 0
            results.append((seconds, peak, case["file"], size))
            failed |= code != 2
            print(f"{case['file']:45s} {seconds:6.2f} s  {peak:6.0f} MB  {size:>9d} bytes  exit {code}", flush=True)
    slowest = max(results)
    largest = max(results, key=lambda r: r[1])
    print(f"slowest: {slowest[2]} ({slowest[3]} bytes) {slowest[0]:.2f} s, {slowest[1]:.0f} MB")
    print(f"most memory: {largest[2]} ({largest[3]} bytes) {largest[1]:.0f} MB, {largest[0]:.2f} s")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
