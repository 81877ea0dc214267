"""Project folders. Stage 0."""
from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project folder: ``CSECSTATS_ROOT`` if set, else the checkout this package lives in."""
    override = os.environ.get("CSECSTATS_ROOT")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parents[3]


ROOT = project_root()
RAW = ROOT / "data" / "raw"
EXTERNAL = ROOT / "data" / "external"
PROCESSED = ROOT / "data" / "processed"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
FIGURES = REPORTS / "figures"

REPORT_FILE = RAW / "cambodia-csec-country-progress-report-2004.txt"
REGISTER_FILE = RAW / "figures.yml"
SOURCES_FILE = RAW / "sources.yml"
VOCABULARY_FILE = RAW / "vocabulary.yml"
EXTERNAL_ESTIMATES_FILE = EXTERNAL / "external-estimates.csv"
EXTERNAL_ENFORCEMENT_FILE = EXTERNAL / "external-enforcement.csv"
TIP_FILE = EXTERNAL / "tip-report-cambodia-enforcement.csv"
BREAKS_FILE = RAW / "breaks.yml"


def inside_project(path: Path, root: Path | None = None) -> Path:
    """Resolve ``path`` and refuse it if it escapes the project folder (paths can come from data)."""
    base = (root or project_root()).resolve()
    resolved = (base / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    if resolved != base and base not in resolved.parents:
        raise ValueError(f"{path}: path escapes the project folder {base}")
    return resolved
