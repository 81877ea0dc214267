"""Project folders. Stage 0.

The project root is, in order: ``CSECSTATS_ROOT`` (``csecstats --root DIR`` sets it),
the checkout this package was installed from in editable mode, or the working folder
or one of its parents if it is a csecstats checkout. An installed wheel used outside
any checkout still reads its inputs: ``data/raw`` and ``data/external`` ship inside
the package (``csecstats/_data``, copied there when the wheel is built); commands
that write into a project (build, charts, gallery, notebooks) then refuse with the fix.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT_VARIABLE = "CSECSTATS_ROOT"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "_data"  # csecstats/_data, beside inputs/


def is_project(folder: Path) -> bool:
    """A csecstats checkout: a ``pyproject.toml`` beside ``data/raw``."""
    return (folder / "pyproject.toml").is_file() and (folder / "data" / "raw").is_dir()


def find_project(start: Path) -> Path | None:
    """``start`` or the nearest parent that is a csecstats checkout, else None."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if is_project(folder)), None)


def project_root() -> Path | None:
    """The project folder (see the module docstring), or None outside any project."""
    override = os.environ.get(ROOT_VARIABLE)
    if override:
        return Path(override).resolve()
    return find_project(Path(__file__).parent) or find_project(Path.cwd())


class NoProject(Exception):
    """A command that writes into a project folder was run outside one."""


def require_project(command: str) -> Path:
    """The project root, or ``NoProject`` saying how to name one."""
    if ROOT is None:
        raise NoProject(f"csecstats {command} writes into a project folder (data/processed, notebooks/, reports/) "
                        f"and none was found from {Path.cwd()}: run it inside a csecstats checkout, pass "
                        f"--root DIR or set {ROOT_VARIABLE}=DIR")
    return ROOT


def _inputs(name: str) -> Path:
    """``data/NAME`` of the project; the copy shipped in the package when there is no project."""
    in_project = (ROOT or Path.cwd()) / "data" / name
    if in_project.is_dir() or not (PACKAGE_DATA / name).is_dir():
        return in_project
    return PACKAGE_DATA / name


ROOT = project_root()
RAW = _inputs("raw")
EXTERNAL = _inputs("external")
_BASE = ROOT or Path.cwd()
PROCESSED = _BASE / "data" / "processed"
NOTEBOOKS = _BASE / "notebooks"
REPORTS = _BASE / "reports"
FIGURES = REPORTS / "figures"

REPORT_FILE = RAW / "cambodia-csec-country-progress-report-2004.txt"
REGISTER_FILE = RAW / "figures.yml"
SOURCES_FILE = RAW / "sources.yml"
VOCABULARY_FILE = RAW / "vocabulary.yml"
TIP_FILE = EXTERNAL / "tip-report-cambodia-enforcement.csv"
BREAKS_FILE = RAW / "breaks.yml"


def inside_project(path: Path, root: Path | None = None) -> Path:
    """Resolve ``path`` and refuse it if it escapes the project folder (paths can come from data)."""
    base = (root or project_root() or Path.cwd()).resolve()
    resolved = (base / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    if resolved != base and base not in resolved.parents:
        raise ValueError(f"{path}: path escapes the project folder {base}")
    return resolved
