"""Start-up cost: `import csecstats` and `csecstats validate --help`, each a whole process, beside `python -c pass`.

Best of N, alternated so machine load hits all alike. Also the packages slowest to import while
`csecstats validate --help` runs (python -X importtime, cumulative): where start-up time goes.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

REPEATS = 7


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def slowest_imports(code: str, count: int = 6) -> list[tuple[float, str]]:
    """(cumulative seconds, package) of the packages slowest to import while running ``code``: each
    package timed at its outermost import."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], check=False,
                         capture_output=True, text=True).stderr
    outermost: dict[str, tuple[int, float]] = {}
    for match in re.finditer(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", err):
        package, depth, seconds = match[3].split(".")[0], len(match[2]), int(match[1]) / 1e6
        if package not in outermost or depth <= outermost[package][0]:
            outermost[package] = (depth, max(seconds, outermost.get(package, (0, 0.0))[1]))
    return sorted(((s, p) for p, (_, s) in outermost.items()), reverse=True)[:count]


def main() -> int:
    exe = Path(sys.executable)
    commands = {
        "python -c pass": [str(exe), "-c", "pass"],
        "import csecstats": [str(exe), "-c", "import csecstats"],
        "csecstats validate --help": [str(exe.parent / "csecstats"), "validate", "--help"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(REPEATS):
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    floor = min(times["python -c pass"])
    for name in commands:
        best = min(times[name])
        print(f"{name:28s} {best:.3f} s (best of {REPEATS}); {best - floor:.3f} s above starting Python")
    code = "from csecstats.cli import main; main(['validate', '--help'])"
    print("slowest imports of `csecstats validate --help` (cumulative, one run): " +
          ", ".join(f"{p} {s:.3f} s" for s, p in slowest_imports(code)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
