"""Mutation testing (mutmut) of the modules whose rules carry the project's meaning, one module at a time.

Each module runs in its own scratch folder holding a copy of src/ and tests/ and a ``setup.cfg``
that tells mutmut which file to mutate and which (fast) test files may kill its mutants, so one
module's run never waits on the whole suite. The project's data are read from this checkout
(``CSECSTATS_ROOT``). Prints killed / total per module and every surviving mutant's name; with
``--diff`` also what each survivor changed.

    python scripts/mutation.py                      # every module
    python scripts/mutation.py parse triangulation  # some of them
    python scripts/mutation.py --children 1 --diff formulas

Not part of `make test`: it runs each module's tests once per mutant. On 2 busy cores the formula
compiler takes ~2 minutes, triangulation ~15, the register (~9 s a mutant) nearer an hour;
``--sample 150`` estimates a module's score in ~10 minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).parent / "mutmut"

# module -> (file mutated, the test files that exercise it and run in seconds)
MODULES = {
    # Without the hypothesis properties (300 examples each), to keep each mutant's run short.
    "parse": ("src/csecstats/source/parse.py", ["tests/test_parse.py", "tests/test_mutation_parse.py"]),
    "printed": ("src/csecstats/source/printed.py", ["tests/test_parse.py", "tests/test_mutation_parse.py"]),
    "formulas": ("src/csecstats/analysis/formulas.py",
                 ["tests/test_estimates.py", "tests/test_rules_units.py", "tests/test_estimate_numbers_rule.py",
                  "tests/test_mutation_formulas.py"]),
    "triangulation": ("src/csecstats/analysis/triangulation.py",
                      ["tests/test_triangulation.py", "tests/test_mutation_triangulation.py",
                       "tests/test_triangulation_gathering.py", "tests/test_placed_quantity_rule.py"]),
    "register": ("src/csecstats/register/figures.py",
                 ["tests/test_register.py", "tests/test_mutation_register.py"]),
}

# Tests that read the module's own source, which mutmut rewrites (its trampolines import mutmut):
# they fail on every mutant, and on the unmutated copy, for a reason that is not the mutation.
NOT_UNDER_MUTMUT = ["tests/test_parse.py::test_module_imports_only_the_standard_library"]

SAMPLE_SEED = 20041108

# mutmut's exit-code verdicts (`mutmut results --all true`)
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def selection(tests: list[str], baseline: bool) -> list[str]:
    """The module's test files that exist; with ``baseline``, without the tests written against its mutants."""
    return [t for t in tests if (ROOT / t).exists() and not (baseline and Path(t).name.startswith("test_mutation_"))]


def unnameable(tests: list[str]) -> list[str]:
    """Tests whose ids pytest escapes ('4\\xb9\\xb2' for '4¹²'): mutmut names each test it runs on the command
    line, and pytest cannot find a test by its escaped id, so these are left out of the run."""
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", *tests],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout.splitlines()
    return [line for line in listed if "::" in line and "\\" in line]


def config(module: str, tests: list[str], unnamed: list[str] = ()) -> str:
    """The ``[mutmut]`` section for one module (mutmut 3 reads setup.cfg when pyproject has no [tool.mutmut])."""
    listed = "\n".join(f"    {t}" for t in tests)
    return (f"[mutmut]\nsource_paths =\n    src\nonly_mutate =\n    {module}\nalso_copy =\n    data\n"
            f"pytest_add_cli_args_test_selection =\n{listed}\n"
            "pytest_add_cli_args =\n    -p\n    no:randomly\n    -n\n    0\n    -p\n    no:cacheprovider\n"
            "    -x\n    -q\n"
            + "".join(f"    --deselect\n    {test.replace('%', '%%')}\n" for test in [*NOT_UNDER_MUTMUT, *unnamed]))


def scratch(folder: Path, module: str, tests: list[str]) -> None:
    """src/, tests/, data's inputs and pyproject.toml (pytest's options) copied into ``folder``, with the
    module's setup.cfg."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".hypothesis")
    shutil.copytree(ROOT / "src", folder / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", folder / "tests", ignore=ignore)
    for inputs in ("raw", "external"):  # tests that read data/ beside tests/ (mutmut copies it into mutants/)
        shutil.copytree(ROOT / "data" / inputs, folder / "data" / inputs)
    shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")
    (folder / "setup.cfg").write_text(config(module, tests, unnameable(tests)), encoding="utf-8")


def verdicts(folder: Path, env: dict) -> dict[str, str]:
    """Mutant name -> mutmut's verdict, for every mutant of the run in ``folder``."""
    out = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=folder, env=env, check=True,
                         capture_output=True, text=True).stdout
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*(\S+):\s*(.+?)\s*$", out, re.MULTILINE)}


# What `mutmut run` does first (mutmut 3.8.1): copy the sources into mutants/ and write every mutant there.
GENERATE = ("import os\nimport mutmut.__main__ as m\n"
            "from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir\n"
            "os.makedirs('mutants', exist_ok=True)\ncopy_src_dir()\ncopy_also_copy_files()\nm.create_mutants(1)\n")


def mutant_names(folder: Path, env: dict) -> list[str]:
    """Every mutant of the run in ``folder``, generated without testing any."""
    subprocess.run([sys.executable, "-c", GENERATE], cwd=folder, env=env, check=True, capture_output=True)
    return sorted(name for meta in (folder / "mutants").rglob("*.meta")
                  for name in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])


def run(name: str, children: int, diff: bool, keep: Path | None = None, sample: int | None = None,
        baseline: bool = False) -> tuple[int, int]:
    """Mutate one module; print its score and survivors; return (killed, total)."""
    module, tests = MODULES[name]
    tests = selection(tests, baseline)
    env = {**os.environ, "CSECSTATS_ROOT": str(ROOT), "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as tmp:
        folder = Path(tmp) if keep is None else keep / name
        if keep is not None:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        scratch(folder, module, tests)
        chosen: list[str] = []
        if sample:  # a fixed random sample of the mutants, the same on every run of the same source
            everyone = mutant_names(folder, env)
            chosen = sorted(random.Random(SAMPLE_SEED).sample(everyone, min(sample, len(everyone))))
        mutated = subprocess.run([str(MUTMUT), "run", "--max-children", str(children), *chosen], cwd=folder, env=env,
                                 check=False, capture_output=True, text=True)
        if mutated.returncode:
            sys.exit(f"mutmut run failed on {module} (exit {mutated.returncode}):\n{mutated.stdout[-3000:]}"
                     f"{mutated.stderr[-3000:]}")
        found = verdicts(folder, env)
        if chosen:
            found = {mutant: verdict for mutant, verdict in found.items() if mutant in chosen}
        survivors = sorted(m for m, v in found.items() if v not in KILLED)
        killed = len(found) - len(survivors)
        print(f"{module}: {killed} of {len(found)} {'sampled ' if chosen else ''}mutants killed "
              f"({killed / max(len(found), 1):.0%}); "
              f"{len(survivors)} not killed", flush=True)
        for mutant in survivors:
            print(f"  {found[mutant]:<10} {mutant}")
            if diff:
                shown = subprocess.run([str(MUTMUT), "show", mutant], cwd=folder, env=env, check=False,
                                       capture_output=True, text=True).stdout
                print("    " + shown.strip().replace("\n", "\n    "))
    return killed, len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", choices=list(MODULES), default=[], metavar="MODULE",
                        help=f"some of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    parser.add_argument("--diff", action="store_true", help="show what each surviving mutant changed")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="run in DIR/MODULE and keep it (mutmut browse, mutmut show there)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="test a fixed random sample of N mutants of each module (a quicker estimate)")
    parser.add_argument("--baseline", action="store_true",
                        help="without tests/test_mutation_*.py: the score of the other tests alone")
    args = parser.parse_args(argv)
    totals = [run(name, args.children, args.diff, args.keep, args.sample, args.baseline)
              for name in (args.modules or MODULES)]
    killed, total = sum(k for k, _ in totals), sum(t for _, t in totals)
    print(f"all: {killed} of {total} mutants killed ({killed / max(total, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
