"""``csecstats validate``: check input files without writing anything. Stage 11.

Each path is recognised by its name (and, for YAML, its top-level key): the
figure register, the sources list, the vocabulary, the estimate declarations, the
audit exclusions, the report text or one of the external CSV tables. Files not
named are taken from their usual place, so a register is always checked against
the report, sources and vocabulary it needs.
"""
from __future__ import annotations

from pathlib import Path

from .register.audit import run_audit
from .inputs.errors import Problem, ValidationFailed
from .analysis.triangulation import analysis_tables
from .inputs.fingerprint import sums_problems
from .inputs.reading import read_bytes
from .analysis.external import external_problems
from .register.load import read_all
from .tables.figures import validated_tables

YAML_KINDS = {"figures": "register", "sources": "sources", "indicators": "vocabulary",
              "estimates": "estimates", "exclusions": "exclusions"}
REGISTER_KINDS = ("register", "sources", "vocabulary", "report")


def kind_of(path: Path) -> str:
    """register, sources, vocabulary, estimates, exclusions, report, external, sums (SHA256SUMS) or unknown."""
    suffix = path.suffix.lower()
    if path.name.endswith("SHA256SUMS"):
        return "sums"
    if suffix in (".yml", ".yaml"):
        for word, kind in (("source", "sources"), ("vocab", "vocabulary"), ("estimate", "estimates"),
                           ("exclusion", "exclusions")):
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
    """Every problem in the given files (and in the inputs they depend on), none written."""
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
                                    "sources, vocabulary, estimates or exclusions; .txt report; .csv table)"))
        else:
            chosen[kind] = path
    register = {k: chosen.get(k) for k in REGISTER_KINDS}
    if chosen:
        try:
            tables = validated_tables(read_all(*register.values()))
            # Exactly what the build computes from these tables (estimates at every draw, triangulation),
            # so that nothing validate passes can fail in the build.
            analysis_tables(tables, estimates_path=chosen.get("estimates"))
        except ValidationFailed as failed:
            problems += failed.problems
            return problems + _external_problems(externals)  # later checks need a valid register
    if "exclusions" in chosen:
        problems += list(run_audit(chosen["exclusions"], **register).problems)
    problems += _external_problems(externals)
    return problems


def _external_problems(files: list[Path]) -> list[Problem]:
    """Every problem in each external table (columns, values, vocabularies, SHA-256), all at once."""
    return [problem for path in files for problem in external_problems(path)]
