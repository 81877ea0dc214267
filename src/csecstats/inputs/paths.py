"""Project folders and input files, named once (``Project``), looked up when used.

The project root is, in order: ``CSECSTATS_ROOT`` (``csecstats --root DIR`` sets it),
the checkout this package was installed from in editable mode, or the working folder
or one of its parents if it is a csecstats checkout. An installed wheel used outside
any checkout still reads its inputs: ``data/raw`` and ``data/external`` ship inside
the package (``csecstats/_data``, copied there when the wheel is built); commands
that write into a project (build, charts, gallery, notebooks) then refuse with the fix.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT_VARIABLE = "CSECSTATS_ROOT"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "_data"  # csecstats/_data, beside inputs/


def is_project(folder: Path) -> bool:
    """A csecstats checkout: a ``pyproject.toml`` beside ``data/raw``.

    Parameters
    ----------
    folder : Path
        A folder that may be a checkout.

    Returns
    -------
    bool
    """
    return (folder / "pyproject.toml").is_file() and (folder / "data" / "raw").is_dir()


def find_project(start: Path) -> Path | None:
    """``start`` or the nearest parent that is a csecstats checkout, else None.

    Parameters
    ----------
    start : Path
        The folder the search starts from.

    Returns
    -------
    Path or None
    """
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if is_project(folder)), None)


def project_root() -> Path | None:
    """The project folder (see the module docstring), or None outside any project.

    Returns
    -------
    Path or None
    """
    override = os.environ.get(ROOT_VARIABLE)
    if override:
        return Path(override).resolve()
    return find_project(Path(__file__).parent) or find_project(Path.cwd())


class NoProject(Exception):
    """A command that writes into a project folder was run outside one."""


def require_project(command: str) -> Path:
    """The project root, or ``NoProject`` saying how to name one.

    Parameters
    ----------
    command : str
        The subcommand, named in the message.

    Returns
    -------
    Path

    Raises
    ------
    NoProject
        Outside any project.
    """
    root = current().root
    if root is None:
        raise NoProject(f"csecstats {command} writes into a project folder (data/processed, notebooks/, reports/) "
                        f"and none was found from {Path.cwd()}: run it inside a csecstats checkout, pass "
                        f"--root DIR or set {ROOT_VARIABLE}=DIR")
    return root


@dataclass(frozen=True)
class Project:
    """Every folder and input file of one project, named once.

    ``Project.at(root)`` lays them out under ``root``; with no project (an installed wheel used elsewhere) the
    inputs are the copies shipped in the package and the outputs would go under the working folder.

    Parameters
    ----------
    root : Path or None
        The checkout, or None outside any project.
    raw, external, processed, notebooks, reports : Path
        ``data/raw``, ``data/external``, ``data/processed``, ``notebooks`` and ``reports``.
    """

    root: Path | None
    raw: Path
    external: Path
    processed: Path
    notebooks: Path
    reports: Path

    @classmethod
    def at(cls, root: Path | None) -> "Project":
        base = root or Path.cwd()
        return cls(root, _inputs(base, "raw"), _inputs(base, "external"), base / "data" / "processed",
                   base / "notebooks", base / "reports")

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    def input(self, name: str) -> Path:
        """An input file of ``data/raw`` by its role (``FILES``), or the file standing in for it."""
        return stand_in(self.raw / FILES[name])


# Each input file of data/raw by the name the modules use for it.
FILES = {"REPORT_FILE": "cambodia-csec-country-progress-report-2004.txt", "REGISTER_FILE": "figures.yml",
         "SOURCES_FILE": "sources.yml", "VOCABULARY_FILE": "vocabulary.yml", "BREAKS_FILE": "breaks.yml",
         "ORIGINS_FILE": "origins.yml", "DEFINITIONS_FILE": "definitions.yml",
         "EXTERNAL_ROWS_FILE": "external_rows.yml", "ESTIMATES_FILE": "estimates.yml",
         "TRIANGULATION_FILE": "triangulation.yml", "CHECKS_FILE": "checks.yml", "EXCLUSIONS_FILE": "exclusions.yml"}
FOLDERS = {"ROOT": "root", "RAW": "raw", "EXTERNAL": "external", "PROCESSED": "processed", "NOTEBOOKS": "notebooks",
           "REPORTS": "reports", "FIGURES": "figures"}
TIP_NAME = "tip-report-cambodia-enforcement.csv"
_projects: dict[tuple, Project] = {}


def _inputs(base: Path, name: str) -> Path:
    """``data/NAME`` of the project; the copy shipped in the package when there is no project."""
    in_project = base / "data" / name
    if in_project.is_dir() or not (PACKAGE_DATA / name).is_dir():
        return in_project
    return PACKAGE_DATA / name


_stand_ins: dict[Path, Path] = {}


@contextmanager
def standing_in(files: Mapping[Path, Path]) -> Iterator[None]:
    """Read each input from the file given for it, while inside the block.

    While inside, each input file (a key: ``data/raw/origins.yml``, a declared data file of
    ``data/external``) is read from the file given for it: ``csecstats validate FILE`` runs the build's own
    reading and checks with FILE in its place, writing nothing.

    Parameters
    ----------
    files : mapping of Path to Path
        Input file -> the file read in its place.

    Yields
    ------
    None
    """
    before = dict(_stand_ins)
    _stand_ins.update({Path(k).resolve(): Path(v) for k, v in files.items()})
    try:
        yield
    finally:
        _stand_ins.clear()
        _stand_ins.update(before)


def stand_in(path: Path) -> Path:
    """The file standing in for ``path`` (``standing_in``), else ``path``.

    Parameters
    ----------
    path : Path
        An input file.

    Returns
    -------
    Path
    """
    return _stand_ins.get(Path(path).resolve(), path) if _stand_ins else path


def current() -> Project:
    """The project of this moment.

    Found again whenever ``CSECSTATS_ROOT`` or the working folder changes, so one process can work on one project
    after another (``csecstats --root``).

    Returns
    -------
    Project
    """
    key = (os.environ.get(ROOT_VARIABLE), os.getcwd())
    if key not in _projects:
        _projects[key] = Project.at(project_root())
    return _projects[key]


def __getattr__(name: str) -> Path | None:
    """``paths.RAW``, ``paths.REGISTER_FILE``...: the current project's, looked up when used, never fixed at
    import (a test may still set one for a while with monkeypatch)."""
    if name in FOLDERS:
        return getattr(current(), FOLDERS[name])
    if name in FILES:
        return current().input(name)
    if name == "TIP_FILE":
        return current().external / TIP_NAME
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def inside_project(path: Path, root: Path | None = None) -> Path:
    """Resolve ``path`` and refuse it if it escapes the project folder (paths can come from data).

    Parameters
    ----------
    path : Path
        The path to check.
    root : Path, optional
        The folder it must stay inside (default: the project root, else the working folder).

    Returns
    -------
    Path
        ``path`` resolved.

    Raises
    ------
    ValueError
        When it escapes the folder.
    """
    base = (root or project_root() or Path.cwd()).resolve()
    resolved = (base / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    if resolved != base and base not in resolved.parents:
        raise ValueError(f"{path}: path escapes the project folder {base}")
    return resolved
