"""The ``csecstats`` command. Stage 10."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import ValidationFailed


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild data/processed from data/raw and data/external."""
    from . import build
    for path in build.run(args.out):
        print(f"wrote {path}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check raw input files without writing anything."""
    from .validate import validate_paths
    problems = validate_paths([Path(p) for p in args.paths])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len({p.path for p in problems})} file(s)", file=sys.stderr)
        return 2
    print(f"{len(args.paths)} file(s) valid")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per verb, each with --help."""
    top = argparse.ArgumentParser(prog="csecstats", description=(
        "Traceable, caveated figures from Cambodia's 2004 country progress report against CSEC."))
    top.add_argument("--version", action="version", version=f"csecstats {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="rebuild data/processed from data/raw and data/external",
                       description="Rebuild data/processed from data/raw and data/external. Writes nothing "
                                   "unless every input is valid; exit 2 with every problem listed otherwise.")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="check raw input files without writing anything",
                       description="Check the given input files (figures.yml, sources.yml, vocabulary.yml, the "
                                   "report text, external CSVs). Prints every problem as PATH: ENTRY: FIELD: "
                                   "message; exit 0 when valid, 2 when not.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files to check")
    p.set_defaults(func=cmd_validate)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a sub-command; input problems exit 2 with every problem printed."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationFailed as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        print(f"{len(failed.problems)} problem(s); nothing was written", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
