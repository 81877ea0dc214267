"""The two external tables in ``data/external/``, validated like the register. Stage 8.

``external-estimates.csv`` holds published estimates of sex workers and of
sex-trafficking victims (1990-2008); ``external-enforcement.csv`` holds police and
NCCT releases (2008-2024). Both are third-party copies checked against
``SHA256SUMS``. Every problem in a file is reported at once as
``PATH: ENTRY: FIELD: message``, the entry being e.g. ``row 3 (sex_workers 1992 Phnom Penh)``.
"""
from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pandas as pd

from ..inputs import paths
from ..inputs.cells import count_cell, date_cell, read_csv, text_problem, vocabulary_problem, year_cell
from ..inputs.errors import Problem, brief, raise_if_any
from ..inputs.fingerprint import fingerprint_problems
from ..register.grades import external_grade
from ..register.lineage import external_terms, load_lineage
from ..register.load import load_vocabulary
from ..register.rules import occurrence_problems, row_problems
from ..source.parse import rounding_interval

ESTIMATE_COLUMNS = ["indicator", "value", "low", "high", "unit", "year", "geography", "definition",
                    "source", "published", "url", "quote"]
ENFORCEMENT_COLUMNS = ["indicator", "value", "unit", "period_start", "period_end", "geography", "reporter",
                       "source", "published", "url", "quote", "note"]

# Indicator vocabularies of the external tables: name -> (unit, description).
ESTIMATE_INDICATORS: dict[str, tuple[str, str]] = {
    "sex_workers": ("persons", "People selling sex, all ages, as the source defines them."),
    "sex_workers_counted": ("persons", "People counted in sex-work establishments by observers (a count, not an extrapolation)."),
    "sex_workers_claimed": ("persons", "A figure in circulation that a later study set out to test."),
    "sex_workers_and_trafficked_claimed": ("persons", "A circulated figure mixing sex workers and trafficking victims."),
    "direct_sex_workers": ("persons", "Brothel-based sex workers (Ministry of Health term)."),
    "indirect_sex_workers": ("persons", "Sex workers outside brothels (Ministry of Health term)."),
    "trafficked_sex_workers": ("persons", "Sex workers judged to have been trafficked, as the study defines it."),
}
ENFORCEMENT_INDICATORS: dict[str, tuple[str, str]] = {
    "cases": ("cases", "Trafficking and sexual-exploitation cases dealt with, as the reporter counts them."),
    "cases_to_court": ("cases", "Cases brought to court."),
    "traffickers_arrested": ("persons", "Traffickers arrested."),
    "suspects_arrested": ("persons", "Suspects arrested."),
    "suspects_to_court": ("persons", "Suspects sent to court."),
    "victims_rescued": ("persons", "Victims rescued."),
}
UNITS = ("persons", "cases")
PERIOD_KINDS = ("calendar_year", "part_year", "non_calendar_year")
REQUIRED_TEXT = ("geography", "definition", "reporter", "source", "url", "quote")


# ---------------------------------------------------------------- file level

def kind_of(header: list[str], path: Path) -> str | None:
    """'estimates' or 'enforcement', from the header (year vs period columns), else from the file name."""
    if "year" in header and "period_start" not in header:
        return "estimates"
    if "period_start" in header and "year" not in header:
        return "enforcement"
    for word in ("enforcement", "estimates"):
        if word in path.name.lower():
            return word
    return None


def column_problems(where: str, header: list[str], expected: list[str]) -> list[Problem]:
    """The header must name exactly the expected columns: none missing, none extra, none twice."""
    problems = [Problem(where, "(header)", c, "missing required column") for c in expected if c not in header]
    problems += [Problem(where, "(header)", c or "(blank)", f"unexpected column; expected exactly: {', '.join(expected)}")
                 for c in header if c not in expected]
    problems += [Problem(where, "(header)", c, "column appears more than once")
                 for c in sorted({c for c in header if header.count(c) > 1})]
    return problems


# ---------------------------------------------------------------- cells

def period_kind(start: date, end: date) -> str:
    """calendar_year (1 Jan-31 Dec), part_year (shorter than a year) or non_calendar_year (e.g. 25 Dec-25 Dec)."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "calendar_year"
    days_in_year = 366 if calendar.isleap(start.year) else 365
    return "part_year" if (end - start).days + 1 < days_in_year - 1 else "non_calendar_year"


def _cell_problems(where: str, entry: str, row: dict, columns: list[str], geographies) -> list[Problem]:
    """Text cells (no control characters, nothing a spreadsheet runs), required cells, exact geography."""
    problems = [Problem(where, entry, c, message) for c in columns
                if (message := text_problem(row[c]))]
    problems += [Problem(where, entry, f, "must not be empty") for f in REQUIRED_TEXT if f in row and not row[f].strip()]
    message = row["geography"].strip() and vocabulary_problem(row["geography"], geographies, "geography")
    if message:
        problems.append(Problem(where, entry, "geography", message + " (vocabulary.yml geographies)"))
    return problems


def _vocabulary_problems(where: str, entry: str, row: dict, vocabulary: dict) -> list[Problem]:
    problems = []
    indicator, unit = row["indicator"], row["unit"]
    message = vocabulary_problem(indicator, vocabulary, "indicator")
    if message:
        problems.append(Problem(where, entry, "indicator", message))
    message = vocabulary_problem(unit, UNITS, "unit")
    if message:
        problems.append(Problem(where, entry, "unit", message))
    elif indicator in vocabulary and vocabulary[indicator][0] != unit:
        problems.append(Problem(where, entry, "unit", f"{indicator} is measured in {vocabulary[indicator][0]}, not {unit}"))
    return problems


def _published(where: str, entry: str, text: str) -> list[Problem]:
    """Publication date: blank (unknown), a year YYYY or a date YYYY-MM-DD, never in the future."""
    if not text:
        return []
    message = (year_cell if len(text) == 4 else date_cell)(text)[1]
    return [Problem(where, entry, "published", f"expected blank, YYYY or YYYY-MM-DD: {message}")] if message else []


def _entry(row: dict, *fields: str) -> str:
    """``row N (indicator year place)``, each part shortened so a hostile cell cannot flood the message."""
    return f"row {row['_row']} (" + " ".join(brief(row[f], 40)[1:-1] for f in fields) + ")"


# ---------------------------------------------------------------- rows

def estimate_row(where: str, row: dict, geographies) -> tuple[dict | None, list[Problem]]:
    """Check one row of external-estimates.csv; counts in ASCII digits, low <= value <= high, known vocabulary."""
    entry = _entry(row, "indicator", "year", "geography")
    problems = _vocabulary_problems(where, entry, row, ESTIMATE_INDICATORS)
    problems += _cell_problems(where, entry, row, ESTIMATE_COLUMNS, geographies)
    values = {}
    for field in ("value", "low", "high"):
        values[field] = None
        if row[field] or field == "value":
            values[field], message = count_cell(row[field]) if row[field] else (None, "missing value")
            if message:
                problems.append(Problem(where, entry, field, message))
    low, value, high = values["low"], values["value"], values["high"]
    if value is not None and ((low is not None and low > value) or (high is not None and value > high)):
        problems.append(Problem(where, entry, "value", f"low <= value <= high violated ({low}, {value}, {high})"))
    year, message = year_cell(row["year"])
    if message:
        problems.append(Problem(where, entry, "year", message))
    problems += _published(where, entry, row["published"])
    if not problems:  # a value and its own words, time and place (register.rules)
        problems = row_problems(where, entry, quote=row["quote"], values=values, start=f"{year}-01-01",
                                end=f"{year}-12-31", published=row["published"], geography=row["geography"],
                                places=geographies, period_field="year")
    if problems:
        return None, problems
    return {"indicator": row["indicator"], "value": value, "low": low, "high": high,
            "unit": row["unit"], "year": year, "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31", "period_kind": "calendar_year", "geography": row["geography"],
            "definition": row["definition"], "source": row["source"], "published": row["published"] or None,
            "url": row["url"], "quote": row["quote"]}, []


def enforcement_row(where: str, row: dict, geographies) -> tuple[dict | None, list[Problem]]:
    """Check one row of external-enforcement.csv; a whole count, real dates, start <= end, known vocabulary."""
    entry = f"row {row['_row']} ({brief(row['indicator'], 40)[1:-1]} {brief(row['period_start'], 20)[1:-1]}/" \
            f"{brief(row['period_end'], 20)[1:-1]} {brief(row['geography'], 40)[1:-1]})"
    problems = _vocabulary_problems(where, entry, row, ENFORCEMENT_INDICATORS)
    problems += _cell_problems(where, entry, row, ENFORCEMENT_COLUMNS, geographies)
    value, message = count_cell(row["value"]) if row["value"] else (None, "missing value")
    if message:
        problems.append(Problem(where, entry, "value", message))
    start, start_message = date_cell(row["period_start"])
    end, end_message = date_cell(row["period_end"])
    for field, msg in (("period_start", start_message), ("period_end", end_message)):
        if msg:
            problems.append(Problem(where, entry, field, msg))
    if start and end and start > end:
        problems.append(Problem(where, entry, "period_end", f"period ends ({end}) before it starts ({start})"))
    problems += _published(where, entry, row["published"])
    if not problems:  # a value and its own words, time and place (register.rules)
        problems = row_problems(where, entry, quote=row["quote"], values={"value": value},
                                start=start.isoformat(), end=end.isoformat(), published=row["published"],
                                geography=row["geography"], context=f"{row['note']} {row['reporter']}",
                                places=geographies, period_field="period_end")
    if problems:
        return None, problems
    return {"indicator": row["indicator"], "value": float(value), "unit": row["unit"],
            "period_start": start.isoformat(), "period_end": end.isoformat(), "year": end.year,
            "period_kind": period_kind(start, end), "geography": row["geography"],
            "reporter": row["reporter"], "source": row["source"], "published": row["published"] or None,
            "url": row["url"], "quote": row["quote"], "note": row["note"].strip() or None}, []


# ---------------------------------------------------------------- tables

TABLES = {"estimates": (ESTIMATE_COLUMNS, estimate_row), "enforcement": (ENFORCEMENT_COLUMNS, enforcement_row)}


def checked_rows(path: Path, *, verify_fingerprint: bool = True) -> tuple[str | None, list[dict], list[Problem]]:
    """(kind, rows, problems) for one external CSV: every problem in it, at once."""
    path = Path(path)
    where = str(path)
    header, raw_rows, problems = read_csv(path)
    if not header:
        return None, [], problems
    kind = kind_of(header, path)
    if kind is None:
        return None, [], problems + [Problem(where, "(header)", "(table)",
                                             "neither external-estimates (year column) nor external-enforcement "
                                             "(period_start column)")]
    columns, check_row = TABLES[kind]
    header_problems = column_problems(where, header, columns)
    problems += header_problems
    rows = []
    if not header_problems:
        geographies = _geographies()
        read = []  # (entry, quote, value): each number printed in a quote gives one row (register.rules)
        for raw in raw_rows:
            row, found = check_row(where, raw, geographies)
            problems += found
            if row is not None:
                rows.append(row)
                read.append((f"row {raw['_row']}", raw["quote"], row["value"]))
        problems += occurrence_problems(where, read)
    if verify_fingerprint:
        problems += fingerprint_problems(path)
    return kind, rows, problems


def _geographies() -> set[str]:
    """The geographies of ``vocabulary.yml`` (the same list the register uses)."""
    vocab, _ = load_vocabulary()
    return set(vocab.geographies) if vocab is not None else set()


def external_problems(path: Path, *, verify_fingerprint: bool = True) -> list[Problem]:
    """Every problem in one external table (which one is told by its header, else its file name)."""
    return checked_rows(Path(path), verify_fingerprint=verify_fingerprint)[2]


def _frame(rows: list[dict], prefix: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    ids = [f"{prefix}_{r['indicator']}_{r['geography']}_{r['year']}".lower().replace(" ", "_") for r in rows]
    seen: dict[str, int] = {}
    for i, base in enumerate(ids):  # a second release for the same year gets _2, the third _3
        seen[base] = seen.get(base, 0) + 1
        ids[i] = base if seen[base] == 1 else f"{base}_{seen[base]}"
    frame.insert(0, "external_id", ids)
    for col in ("value", "low", "high"):
        if col in frame:
            frame[col] = frame[col].astype(float)
    return frame


def _load(path: Path, kind: str, verify_fingerprint: bool) -> pd.DataFrame:
    found, rows, problems = checked_rows(path, verify_fingerprint=verify_fingerprint)
    if not problems and found != kind:
        problems = [Problem(str(path), "(header)", "(table)", f"expected the external {kind} table, found {found}")]
    raise_if_any(problems)
    return annotated(_frame(rows, "ext" if kind == "estimates" else "enf"), path)


ANNOTATION_COLUMNS = ["origin_id", "qualifier", "method", "definition", "measures", "account",
                      "evidence_grade", "grade_reason", "lineage_note"]


def annotated(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The rows with their declared lineage (data/raw/external_rows.yml) and grade; an approximate row
    without published bounds gets the bounds its rounding implies, like every approximate figure."""
    lineage, problems = load_lineage()
    notes, found = external_terms(lineage, path.name, list(frame["external_id"]), path=str(path))
    raise_if_any(problems + found)
    frame = frame.rename(columns={"definition": "described_as"})
    for column, key in (("origin_id", "origin"), ("qualifier", "qualifier"), ("method", "method"),
                        ("definition", "definition"), ("measures", "measures"), ("account", "account")):
        frame[column] = [n[key] for n in notes]
    graded = [external_grade(n["method"], n["account"], n["qualifier"]) for n in notes]
    frame["evidence_grade"], frame["grade_reason"] = [g for g, _ in graded], [r for _, r in graded]
    frame["lineage_note"] = [n["note"] for n in notes]
    if "low" in frame:
        frame["bounds_basis"] = [_fill_rounding(frame, i) for i in frame.index]
    return frame


def _fill_rounding(frame: pd.DataFrame, i) -> str | None:
    """'published' when the publication gives a bound, 'rounding' when the bounds are read from an
    approximate value's rounding, else None (and low/high stay empty)."""
    if pd.notna(frame.at[i, "low"]) or pd.notna(frame.at[i, "high"]):
        return "published"
    value = frame.at[i, "value"]
    if frame.at[i, "qualifier"] != "approximate" or value != int(value):
        return None
    bounds = rounding_interval(f"{int(value)}", int(value), "count")
    if bounds is None:
        return None
    frame.at[i, "low"], frame.at[i, "high"] = bounds
    return "rounding"


def load_external_estimates(path: Path | None = None, *, verify_fingerprint: bool = True) -> pd.DataFrame:
    """Published estimates of sex workers and trafficking victims, validated; ``ValidationFailed`` otherwise."""
    return _load(Path(path or paths.EXTERNAL_ESTIMATES_FILE), "estimates", verify_fingerprint)


def load_external_enforcement(path: Path | None = None, *, verify_fingerprint: bool = True) -> pd.DataFrame:
    """Published police/NCCT figures with period kind marked, validated; ``ValidationFailed`` otherwise."""
    return _load(Path(path or paths.EXTERNAL_ENFORCEMENT_FILE), "enforcement", verify_fingerprint)
