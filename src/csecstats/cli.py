"""The ``csecstats`` command.

Exit codes: 0 success (inputs valid); 1 unexpected error (a bug: one line and how to report
it; ``CSECSTATS_DEBUG=1`` shows the traceback); 2 invalid input (every problem printed as
``PATH: ENTRY: FIELD: message``; a named file that is missing or not what the command reads is
invalid input); 64 usage error (unknown command or option, bad argument, a ``--root`` that is not
a project folder, a command that writes into a project run outside one, or a command whose
optional packages are not installed); 73 an output that cannot be written; 130/143 interrupted. Exit 1
never answers a user's mistake. Warnings about inputs (``inputs.errors.InputWarning``: near-duplicates,
modelling judgements) are printed on stderr as ``PATH: ENTRY: FIELD: warning: message``, once each, and
never change the exit code.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

from . import __version__
from .inputs.threads import with_one_thread
from .inputs.errors import EXIT_CANNOT_WRITE, CannotWrite, InputWarning, Problem, ValidationFailed, raise_if_any

EXIT_OK, EXIT_UNEXPECTED, EXIT_INVALID, EXIT_USAGE = 0, 1, 2, 64


class UsageParser(argparse.ArgumentParser):
    """argparse exits 2 on a usage error; here 2 means invalid input, so usage errors exit 64 (EX_USAGE)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _project(command: str) -> None:
    """Refuse (exit 64) a command that writes into a project when none was found."""
    from .inputs import paths
    paths.require_project(command)


def _built(folder: Path | None = None) -> None:
    """Refuse (exit 2) to draw from a folder the build has not written: say what to run instead."""
    from .inputs import paths
    folder = Path(folder or paths.PROCESSED)
    if not (folder / "figures.csv").is_file():
        raise ValidationFailed([Problem(str(folder), "(folder)", "(file)",
                                        "no built tables here; run `csecstats build` (or `make data`) first")])


class MissingExtra(Exception):
    """A command needs packages of an extra that is not installed."""


def _notebook_files(given: list[str]) -> list[Path]:
    """The notebooks named on the command line, or every problem with them (exit 2): each must be a
    readable ``.ipynb`` file that nbformat accepts."""
    import nbformat
    problems = []
    for name in given:
        path = Path(name)
        if not path.is_file():
            problems.append(Problem(name, "(file)", "(file)", "no such notebook" if not path.exists()
                                    else "not a file"))
            continue
        if path.suffix != ".ipynb":
            problems.append(Problem(name, "(file)", "(file)", "not a notebook (expected a .ipynb file)"))
            continue
        try:
            nbformat.validate(nbformat.read(path, as_version=4))
        except Exception as exc:  # noqa: BLE001 - any unreadable notebook is an input problem, named
            what = " ".join(str(exc).split())[:160]
            problems.append(Problem(name, "(file)", "(file)", f"not a readable notebook ({type(exc).__name__}: "
                                                              f"{what})"))
    raise_if_any(problems)
    return [Path(name) for name in given]


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild data/processed from data/raw and data/external."""
    if args.out is None:
        _project("build")  # before the build's libraries load: outside a project the answer comes at once
    from . import build
    for path in build.run(args.out):
        print(f"wrote {path}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check input files without writing anything: each on its own, then every table computed from them
    in memory exactly as ``build`` computes it (estimates at every draw), so nothing valid here fails there;
    a lineage file or a data file outside its folder of declarations stands in for the project's own."""
    from .inputs.paths import standing_in
    from .inputs.reading import read_once
    from .validate import build_inputs, stand_ins, validate_paths
    paths = [Path(p) for p in args.paths]
    with read_once():  # each input read and parsed once: by its own checks and by the build's reading
        problems = validate_paths(paths)
        roles, standing = (build_inputs(paths), stand_ins(paths)) if not problems else ({}, {})
        if roles or standing:
            from . import build
            try:
                with standing_in(standing):  # a lineage file, or a data file elsewhere, read as its own
                    build.tables(**roles)
            except ValidationFailed as failed:
                problems = failed.problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len({p.path for p in problems})} file(s)", file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(args.paths)} file(s) valid")
    return EXIT_OK


def cmd_gallery(args: argparse.Namespace) -> int:
    """Write the chart gallery (reports/index.html, tables.html, gallery.css) from the charts manifest."""
    if args.reports is None:
        _project("gallery")
    from .publish import gallery
    _built(args.processed)
    for path in gallery.run(args.reports, args.processed):
        print(f"wrote {path}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Account for every numeric token of the report; exit 2 unless coverage is 100%."""
    from .register.audit import load_exclusions, run_audit
    if args.exclusions is not None:  # a named file that cannot be read is the answer, not "every token unaccounted"
        raise_if_any(load_exclusions(args.exclusions)[1])
    audit = run_audit(args.exclusions)
    if args.list:
        for t in audit.tokens:
            print(f"line {t.line}\t{t.cls or 'UNACCOUNTED'}\t{t.text}\t{t.reason}")
    for problem in audit.problems:
        print(problem)
    for cls, n in audit.counts().items():
        print(f"{cls:12s}{n:5d}")
    print(f"{'total':12s}{len(audit.tokens):5d}\ncoverage    {audit.coverage:.1f}%")
    return EXIT_INVALID if audit.problems else EXIT_OK


def cmd_charts(args: argparse.Namespace) -> int:
    """Export every chart (PNG, SVG, PDF, CSV, JSON sidecar) and reports/figures/manifest.json."""
    _project("charts")
    _built()
    from .charts import export
    for path in export.export(args.out, workers=args.workers or os.cpu_count() or 1):
        print(f"wrote {path}")
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
    """Execute the notebooks in place, in parallel, one line per notebook as it finishes."""
    try:
        from .publish import notebooks
    except ImportError as missing:
        raise MissingExtra(f"csecstats notebooks needs the notebook runner ({missing.name} is not installed): "
                           f"pip install 'csecstats[notebooks]'") from None
    if not args.paths:
        _project("notebooks")
    chosen = _notebook_files(args.paths) or None
    list(notebooks.run(chosen, workers=args.workers))
    return 0


def positive(text: str) -> int:
    """A whole number of at least 1 (``--workers``); anything else is a usage error."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, not {number}")
    return number


def _top_parser() -> argparse.ArgumentParser:
    """The parser of what comes before the sub-command: --version and --root."""
    top = UsageParser(prog="csecstats", description=(
        "Traceable, caveated figures from Cambodia's 2004 country progress report against CSEC."),
        epilog="Exit codes: 0 success; 1 unexpected error; 2 invalid input (every problem listed); "
               "64 usage error; 73 an output that cannot be written.")
    top.add_argument("--version", action="version", version=f"csecstats {__version__}")
    top.add_argument("--root", type=Path, default=None, metavar="DIR",
                     help="project folder (default: $CSECSTATS_ROOT, the checkout, or the working folder "
                          "or a parent of it holding pyproject.toml and data/raw)")
    return top


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per verb, each with --help."""
    top = _top_parser()
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=UsageParser)

    p = sub.add_parser("build", help="rebuild data/processed from data/raw and data/external",
                       description="Rebuild data/processed from data/raw and data/external. Writes nothing "
                                   "unless every input is valid; exit 2 with every problem listed otherwise.")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    p.set_defaults(func=cmd_build, writes=True)

    p = sub.add_parser("validate", help="check raw input files without writing anything",
                       description="Check the given input files (figures.yml, sources.yml, vocabulary.yml, the "
                                   "report text, external CSVs, lineage files), each on its own and then with the "
                                   "build's own reading and checks, each file in place of the project's. Prints "
                                   "every problem as PATH: ENTRY: FIELD: message; exit 0 when valid, 2 when not. "
                                   "Warnings (PATH: ENTRY: FIELD: warning: message, on stderr) never change it.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files to check")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("audit", help="account for every numeric token in the report",
                       description="Find every numeric token in the report (body, headings, front matter, "
                                   "footnotes) and classify it: registered figure, date, footnote marker, name or "
                                   "identifier, or excluded with a reason in data/raw/exclusions.yml. Prints counts "
                                   "per class and the coverage; exit 2 on any unaccounted token or stale exclusion.")
    p.add_argument("--exclusions", type=Path, default=None, help="exclusions file (default: data/raw/exclusions.yml)")
    p.add_argument("--list", action="store_true", help="print every token with its class and reason")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("gallery", help="write the chart gallery reports/index.html from the charts manifest",
                       description="Write reports/index.html (every chart with caption, caveats, sources, "
                                   "data table and downloads), reports/tables.html (figures and estimates "
                                   "with sources and evidence grades) and reports/gallery.css, from "
                                   "reports/figures/manifest.json. Static HTML, no JavaScript, no network. "
                                   "Writes nothing if the manifest lists a missing file; exit 2 then.")
    p.add_argument("--reports", type=Path, default=None,
                   help="reports folder holding figures/manifest.json (default: reports)")
    p.add_argument("--processed", type=Path, default=None,
                   help="folder of figures.csv, estimates.csv, sources.csv (default: data/processed)")
    p.set_defaults(func=cmd_gallery, writes=True)

    p = sub.add_parser("charts", help="export every chart with its data, sidecar and manifest",
                       description="Write reports/figures/<chart_id>.png (200 dpi), .svg, .pdf, the data behind "
                                   "the chart as .csv, a .json sidecar (title, alt text, caveats, citations, ids, "
                                   "data sha256) and manifest.json. Byte-identical on rebuild.")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: reports/figures)")
    p.add_argument("--workers", type=positive, default=None,
                   help="charts drawn at once, each in a process of its own (default: one per core)")
    p.set_defaults(func=cmd_charts, writes=True)

    p = sub.add_parser("notebooks", help="execute the notebooks in place, in parallel",
                       description="Execute notebooks/NN_*.ipynb top to bottom in fresh kernels, in parallel, "
                                   "and normalise them so reruns are byte-identical.")
    p.add_argument("paths", nargs="*", metavar="NOTEBOOK", help="notebooks to run (default: all)")
    p.add_argument("--workers", type=positive, default=None, help="parallel kernels (default: one per core)")
    p.set_defaults(func=cmd_notebooks, writes=True)
    return top


REPORT_HINT = ("this is a bug in csecstats, not a problem with your input: please report it with the command "
               "you ran (CSECSTATS_DEBUG=1 prints the traceback)")


class Terminated(SystemExit):
    """SIGTERM as an exception, so that every ``finally`` (staging folders, temporary files) runs."""


def _on_sigterm(signum, frame):
    raise Terminated(128 + signum)


def _root_mistake(root: Path | None) -> str | None:
    """What is wrong with the project folder named by ``--root`` or ``CSECSTATS_ROOT`` (None when nothing is):
    it must be a folder holding ``data/raw``."""
    named = "--root" if root is not None else "CSECSTATS_ROOT"
    root = root if root is not None else (Path(os.environ["CSECSTATS_ROOT"]) if os.environ.get("CSECSTATS_ROOT")
                                          else None)
    if root is None:
        return None
    if not root.is_dir():
        return f"{named} {root}: no such folder"
    if not (root / "data" / "raw").is_dir():
        return f"{named} {root}: not a csecstats project (a project folder holds data/raw)"
    return None


def _use_root(root: Path | None) -> None:
    """``--root DIR``: the project folder for this run (before any stage reads ``paths``)."""
    if root is None:
        return
    os.environ["CSECSTATS_ROOT"] = str(root.resolve())
    if "csecstats.inputs.paths" in sys.modules:
        importlib.reload(sys.modules["csecstats.inputs.paths"])


def _print_input_warnings() -> None:
    """Inside ``warnings.catch_warnings()``: every ``InputWarning`` printed on stderr as its one line
    ``PATH: ENTRY: FIELD: warning: message``, each once however often it is raised; other warnings as usual."""
    warnings.simplefilter("always", InputWarning)
    shown, usual = set(), warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if not isinstance(message, InputWarning):
            usual(message, category, filename, lineno, file, line)
        elif str(message) not in shown:
            shown.add(str(message))
            print(message, file=sys.stderr)
    warnings.showwarning = show


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a sub-command. Exit 0 when it succeeds, 2 with every problem printed when an input
    is invalid, 1 with one line and a hint to report it on any unexpected error (never a traceback)."""
    top = parser()
    args = top.parse_args(argv)
    mistake = _root_mistake(args.root)
    if mistake:
        top.error(mistake)
    before = os.environ.get("CSECSTATS_ROOT")
    _use_root(args.root)
    from .inputs.paths import NoProject
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
    try:
        with warnings.catch_warnings():
            _print_input_warnings()
            return args.func(args)
    except (NoProject, MissingExtra) as refused:
        print(f"csecstats: error: {refused}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationFailed as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        done = "; nothing was written" if getattr(args, "writes", False) else ""
        print(f"{len(failed.problems)} problem(s){done}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("csecstats: interrupted; nothing was left half-written", file=sys.stderr)
        return 130
    except CannotWrite as refused:  # the environment, not the input and not a bug
        print(refused, file=sys.stderr)
        return EXIT_CANNOT_WRITE
    except Exception as exc:  # noqa: BLE001 - the one place that turns any failure into one line
        if os.environ.get("CSECSTATS_DEBUG"):
            raise
        what = " ".join(str(exc).split())[:200]
        print(f"csecstats: unexpected error ({type(exc).__name__}: {what}); {REPORT_HINT}", file=sys.stderr)
        return EXIT_UNEXPECTED
    finally:
        if args.root is not None and before is None:  # --root names this run's project, not the caller's next
            os.environ.pop("CSECSTATS_ROOT", None)
        elif args.root is not None:
            os.environ["CSECSTATS_ROOT"] = before
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def entry() -> None:
    """The ``csecstats`` command: ``main`` in a process of its own, its numerical libraries on one thread each
    (``inputs.threads``; a value set in the environment is kept): the build does little linear algebra, and
    starting a pool of threads per library cost it ~0.05 s of wall time and ~0.2 s of CPU.

    When ``main`` has returned, every object then alive is set aside from the garbage collector
    (``gc.freeze``) before the interpreter shuts down. Shutting down runs full collections over every object
    of pandas, scipy and the tables (measured here: ~0.6 s of CPU after a build, ~0.45 s after only importing
    the libraries; ~0.06 s set aside), and the command needs none of it collected: every output is written,
    closed and switched into place before ``main`` returns, and ``atexit`` handlers still run.

    Returns
    -------
    None
        Exits with ``main``'s code.
    """
    os.environ.update(with_one_thread(os.environ))
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    entry()
