"""The tidy figure and source tables, built from the checked register and validated.

``load_figures()`` and ``load_sources()`` are the library's front door: they read
the raw register, check it against the report, and return validated frames.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..inputs import paths
from ..inputs.errors import raise_if_any
from ..register.grades import GRADES, figure_grades
from ..register.lineage import EXTERNAL_QUALIFIERS, HELD, MEASURES, Lineage, figure_terms, load_lineage, origins_frame
from ..register.figures import Register, read_all
from ..source.parse import KINDS, QUALIFIERS
from .declared import columns
from .schema import table_problems

# The closed code lists the register's tables are checked against (tables.declared names them).
VOCABULARIES = {"grades": GRADES, "qualifiers": QUALIFIERS, "kinds": KINDS, "measures": MEASURES,
                "external_qualifiers": EXTERNAL_QUALIFIERS, "held": HELD}


def figures_frame(register: Register) -> pd.DataFrame:
    """One row per figure, typed for the schema: floats, a nullable integer footnote, text; missing is NaN
    (``pd.isna``) in every column, never ``None``.

    Parameters
    ----------
    register : Register
        The checked register (``csecstats.register.figures.read_all``).

    Returns
    -------
    pandas.DataFrame
        The columns of ``figures.csv`` except those joined later (evidence grade, origin, definition,
        measures); the period as the register's ISO 8601 text.
    """
    added = ("evidence_grade", "origin_id", "definition", "measures")  # joined after the register is read
    frame = pd.DataFrame(register.figures, columns=[c for c in columns("figures") if c not in added])
    for col in ("value", "low", "high"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    frame["footnote"] = frame["footnote"].astype("Int64")
    for col in ("period_start", "period_end", "actor", "caveat", "caveat_priority"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), np.nan)
    return frame.reset_index(drop=True)


def sources_frame(register: Register) -> pd.DataFrame:
    """One row per cited work; footnote numbers joined by spaces; a missing title is NaN.

    Parameters
    ----------
    register : Register
        The checked register.

    Returns
    -------
    pandas.DataFrame
        The columns of ``sources.csv``.
    """
    rows = [{"source_id": s["id"], "author": s["author"], "year": int(s["year"]), "title": s["title"],
             "kind": s["kind"], "footnotes": " ".join(str(n) for n in s["footnotes"]),
             "citation": s["citation"]} for s in register.sources]
    frame = pd.DataFrame(rows, columns=columns("sources"))
    return frame.where(frame.notna(), np.nan)


def validated_tables(register: Register, lineage: Lineage | None = None) -> dict[str, pd.DataFrame]:
    """Figures (graded), sources and origins, validated against their declarations.

    Parameters
    ----------
    register : Register
        The checked register.
    lineage : Lineage, optional
        The lineage as the caller read it; read here when not given.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``figures`` (with origin, definition, measures and evidence grade), ``sources`` and ``origins``.

    Raises
    ------
    csecstats.inputs.errors.ValidationFailed
        Listing every problem at once, each as ``PATH: ENTRY: FIELD: message``.
    """
    sources = sources_frame(register)
    figures = figures_frame(register)
    lineage, problems = (lineage, []) if lineage is not None else load_lineage()
    terms, found = figure_terms(lineage, figures, path=str(paths.REGISTER_FILE))
    problems += found
    at = list(figures.columns).index("source_id") + 1
    for offset, column in enumerate(terms.columns):
        figures.insert(at + offset, column, terms[column].to_numpy())
    figures["evidence_grade"] = figure_grades(figures, sources)["evidence_grade"].to_numpy()
    problems += table_problems("figures", figures, VOCABULARIES, path=register.path or str(paths.REGISTER_FILE))
    problems += table_problems("sources", sources, VOCABULARIES, path=str(paths.SOURCES_FILE))
    raise_if_any(problems)
    return {"figures": figures, "sources": sources, "origins": origins_frame(lineage)}


def load_tables(register: Path | None = None) -> dict[str, pd.DataFrame]:
    """Read every raw input and return the validated tables.

    Parameters
    ----------
    register : Path, optional
        The register file (default: the project's ``data/raw`` register).

    Returns
    -------
    dict of str to pandas.DataFrame
        As :func:`validated_tables`.
    """
    return validated_tables(read_all(register))


def load_figures() -> pd.DataFrame:
    """The validated figure table, one row per figure in the report.

    Returns
    -------
    pandas.DataFrame
        One row per figure: value, low, high, unit, qualifier, period, geography, source, verbatim
        quote and phrase, caveats, evidence grade (columns as ``figures.csv`` declares them; the
        period's dates as ``datetime64``, missing values NaN or NaT).

    Raises
    ------
    csecstats.inputs.errors.ValidationFailed
        Listing every problem of the register, each as ``PATH: ENTRY: FIELD: message``.
    """
    from .built import as_declared
    return as_declared("figures", load_tables()["figures"])


def load_sources() -> pd.DataFrame:
    """The works the report cites, one row each.

    Returns
    -------
    pandas.DataFrame
        ``source_id``, author, year, title, kind, the report's footnotes citing it, citation.

    Raises
    ------
    csecstats.inputs.errors.ValidationFailed
        Listing every problem of the register, each as ``PATH: ENTRY: FIELD: message``.
    """
    return load_tables()["sources"]


def value_of(figures: pd.DataFrame, figure_id: str) -> float:
    """The parsed value of one figure (NaN for a range).

    Parameters
    ----------
    figures : pandas.DataFrame
        The figure table (``load_figures()`` or ``built_tables()["figures"]``).
    figure_id : str
        The figure's id.

    Returns
    -------
    float
        Its ``value``; NaN when the figure has none (a range).

    Raises
    ------
    KeyError
        When no figure has that id.
    """
    match = figures.loc[figures["figure_id"] == figure_id, "value"]
    if match.empty:
        raise KeyError(f"unknown figure id '{figure_id}'")
    return float(match.iloc[0]) if not np.isnan(match.iloc[0]) else float("nan")
