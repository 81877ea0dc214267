"""``csecstats validate``: check input files without writing anything.

Each path is recognised by its name (and, for YAML, its top-level key): the
figure register, the sources list, the vocabulary, the arithmetic checks, the estimate
declarations, the triangulation declarations, the audit exclusions, the TIP breaks, the report text or one of the
external CSV tables (the TIP table is told by its header). Files not
named are taken from their usual place, so a register is always checked against
the report, sources and vocabulary it needs.
"""
from __future__ import annotations

from pathlib import Path

from .analysis.checks import check_problems, run_checks
from .analysis.declarations import declared_estimates, default_context
from .analysis.external import declared_sources, file_problems
from .inputs.cells import read_csv
from .tables.sources import SUFFIX, declaration, declaration_paths, matching
from .analysis.tip import tip_problems
from .analysis.triangulation import load_comparisons
from .inputs import paths as folders
from .inputs.errors import Problem, ValidationFailed
from .inputs.fingerprint import sums_problems
from .inputs.reading import read_bytes, read_once
from .register.audit import account, run_audit
from .register.lineage import load_lineage
from .register.load import load_vocabulary
from .register.figures import read_all
from .tables.figures import validated_tables

# Top-level key -> input, tried in this order (triangulation.yml also has an 'estimates' key).
YAML_KINDS = {"origins": "lineage", "methods": "lineage", "measures": "lineage", "quantities": "triangulation", "figures": "register", "sources": "sources", "indicators": "vocabulary",
              "estimates": "estimates", "shared": "estimates", "exclusions": "exclusions", "checks": "checks",
              "breaks": "breaks"}
LINEAGE_FILES = {"origin": "origins", "definition": "definitions", "external_row": "external_rows"}
REGISTER_KINDS = ("register", "sources", "vocabulary", "report")


def kind_of(path: Path) -> str:
    """The kind of input a given file is.

    register, sources, vocabulary, checks, estimates, triangulation, exclusions, report, external, declaration
    (a source's .source.yml), sums (a SHA256SUMS file) or unknown.

    Parameters
    ----------
    path : Path
        A file given to ``csecstats validate``.

    Returns
    -------
    str
    """
    suffix = path.suffix.lower()
    if path.name.endswith("SHA256SUMS"):
        return "sums"
    if path.name.endswith(SUFFIX):
        return "declaration"
    if suffix in (".yml", ".yaml"):
        for word, kind in (("source", "sources"), ("vocab", "vocabulary"), ("estimate", "estimates"),
                           ("exclusion", "exclusions"), ("check", "checks"), ("triangulation", "triangulation"),
                           ("break", "breaks"), *((w, "lineage") for w in LINEAGE_FILES)):
            if word in path.name.lower():
                return kind
        data, problems = read_bytes(path)  # bounded: a FIFO or a huge file is not read here
        if problems:
            return "register"  # its loader reports the same problem
        head = data[:4096].decode("utf-8", errors="replace")
        for key, kind in YAML_KINDS.items():
            if f"\n{key}:" in f"\n{head}":
                return kind
        return "register"
    if suffix == ".txt":
        return "report"
    if suffix == ".csv":
        return "external"
    return "unknown"


def validate_paths(paths: list[Path]) -> list[Problem]:
    """Every problem in the given files (and in the inputs they depend on), none written.

    Each input is read and parsed once (``read_once``).

    Parameters
    ----------
    paths : list of Path

    Returns
    -------
    list of Problem
    """
    with read_once():
        return _paths_problems(paths)


def _paths_problems(paths: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    chosen: dict[str, Path] = {}
    externals: list[Path] = []
    for path in paths:
        kind = kind_of(path)
        if not path.exists():
            problems.append(Problem(str(path), "(file)", "(file)", "file not found"))
        elif kind == "external":
            externals.append(path)
        elif kind == "sums":
            problems += sums_problems(path)
        elif kind == "unknown":
            problems.append(Problem(str(path), "(file)", "(file)", "not a recognised input (.yml register, "
                                    "sources, vocabulary, checks, estimates, triangulation, origins, definitions, "
                                    "external_rows, exclusions or breaks; .source.yml declaration; .txt report; "
                                    ".csv table)"))
        elif kind == "lineage":
            problems += _lineage_problems(path)
        elif kind == "declaration":
            problems += declaration(path, None)[1]
        else:
            chosen[kind] = path
    register = {k: chosen.get(k) for k in REGISTER_KINDS}
    if chosen:
        try:
            checked = read_all(*register.values())
            problems += list(account(checked).problems)  # every number of the report accounted for, each read once
            figures = validated_tables(checked)["figures"]
            arithmetic = run_checks(figures, checked.report, path=chosen.get("checks"))
            problems += check_problems(arithmetic, path=str(register["register"] or folders.REGISTER_FILE))
        except ValidationFailed as failed:
            problems += failed.problems
            return problems + _external_problems(externals)  # later checks need a valid register
    if "estimates" in chosen:
        try:
            declared_estimates(chosen["estimates"], default_context())  # against the project's tables
        except ValidationFailed as failed:
            problems += failed.problems
    if "triangulation" in chosen:
        try:
            load_comparisons(chosen["triangulation"])
        except ValidationFailed as failed:
            problems += failed.problems
    if "exclusions" in chosen:
        problems += list(run_audit(chosen["exclusions"], **register).problems)
    if "breaks" in chosen:  # checked against the TIP table they are declared for
        problems += tip_problems(breaks_path=chosen["breaks"])
    problems += _external_problems(externals)
    return problems


def _lineage_problems(path: Path) -> list[Problem]:
    """Every problem in an origins, definitions or external-rows file (the other two from their usual place)."""
    return load_lineage(**{LINEAGE_FILES[_lineage_word(path)]: path})[1]


def _lineage_word(path: Path) -> str:
    """origin, definition or external_row: which lineage file ``path`` is, by its name or its top-level keys."""
    word = next((w for w in LINEAGE_FILES if w in path.name.lower()), None)
    if word is None:
        data, _ = read_bytes(path)  # bounded: a FIFO or a huge file is not read here (its loader says why)
        head = (data or b"")[:4096].decode("utf-8", errors="replace")
        word = "origin" if "\norigins:" in f"\n{head}" else ("definition" if "\ndefinitions:" in f"\n{head}"
                                                             else "external_row")
    return word
BUILD_INPUTS = ("register", "sources", "vocabulary", "report", "checks", "estimates", "triangulation", "breaks")


def build_inputs(paths: list[Path]) -> dict[str, Path]:
    """The given files the build reads, by role.

    ``build.tables(**build_inputs(paths))`` computes every table from them exactly as the build would (``csecstats
    validate`` runs it once the files pass on their own). A declared source, or its data file, stands for the
    folder of declared sources it lies in.

    Parameters
    ----------
    paths : list of Path
        The files given to ``csecstats validate``.

    Returns
    -------
    dict of str to Path
        ``build.tables`` argument -> file.
    """
    chosen = {kind: path for path in paths if (kind := kind_of(path)) in BUILD_INPUTS}
    for path in paths:
        if kind_of(path) in ("external", "declaration") and declaration_paths(path.parent):
            chosen["external"] = path.parent
    return chosen


LINEAGE_ROLES = {"origin": "ORIGINS_FILE", "definition": "DEFINITIONS_FILE", "external_row": "EXTERNAL_ROWS_FILE"}


def stand_ins(paths: list[Path]) -> dict[Path, Path]:
    """The given files the build reads in place of the project's own inputs.

    The given files the build reads where no argument of ``build.tables`` names them, each keyed by the
    input it stands in for (``inputs.paths.standing_in``): a lineage file for the project's own, and a data file
    outside a folder of declarations for the project's data file whose declaration its header matches. The
    build then reads them, so ``validate FILE`` runs every check the build runs on FILE.

    Parameters
    ----------
    paths : list of Path
        The files given to ``csecstats validate``.

    Returns
    -------
    dict of Path to Path
        The project's input -> the given file read in its place.
    """
    found: dict[Path, Path] = {}
    declared = None
    for path in paths:
        kind = kind_of(path)
        if kind == "lineage":
            found[getattr(folders, LINEAGE_ROLES[_lineage_word(path)])] = path
        elif kind == "external" and not declaration_paths(path.parent):
            declared = declared or declared_sources(folders.EXTERNAL, None)[0]
            header = read_csv(path)[0]
            source = matching(header, declared.declared) if header else None
            if source is not None:
                found[source.data] = path
    return found


def _external_problems(files: list[Path]) -> list[Problem]:
    """Every problem in each external table (columns, values, vocabularies, SHA-256), read with the declaration
    (data/external/*.source.yml) its header belongs to, all at once."""
    if not files:
        return []
    sources, problems = declared_sources(folders.EXTERNAL, None)
    vocabulary, _ = load_vocabulary()
    geographies = vocabulary.places() if vocabulary is not None else {}
    return problems + [problem for path in files
                       for problem in file_problems(path, sources, geographies=geographies)]
