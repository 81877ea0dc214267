"""The two external tables in ``data/external/``, validated like the register. Stage 8.

``external-estimates.csv`` holds published estimates of sex workers and of
sex-trafficking victims (1990-2008); ``external-enforcement.csv`` holds police and
NCCT releases (2008-2024). Both are third-party copies checked against
``SHA256SUMS``. Every problem in a file is reported at once as
``PATH: ENTRY: FIELD: message``, the entry being e.g. ``row 3 (sex_workers 1992 Phnom Penh)``.
"""
from __future__ import annotations

import calendar
import csv
import io
import math
import re
from datetime import date
from pathlib import Path

import pandas as pd

from ..inputs import paths
from ..inputs.errors import Problem, raise_if_any
from ..inputs.fingerprint import fingerprint_problems

MAX_INPUT_BYTES = 1_000_000

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
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_RE = re.compile(r"^\d{4}$")


# ---------------------------------------------------------------- file level

def read_rows(path: Path) -> tuple[list[str], list[dict], list[Problem]]:
    """Header and rows of a CSV file; BOM, invalid UTF-8, empty or oversized files are refused."""
    where = str(path)
    fail = lambda field, msg: ([], [], [Problem(where, "(file)", field, msg)])  # noqa: E731
    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail("(file)", f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_INPUT_BYTES:
        return fail("(file)", f"file is {len(data)} bytes; the limit is {MAX_INPUT_BYTES} bytes")
    if data.startswith(b"\xef\xbb\xbf"):
        return fail("(encoding)", "starts with a byte-order mark; save as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail("(encoding)", f"not valid UTF-8 at byte {exc.start}")
    if not text.strip():
        return fail("(file)", "file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows, problems = [], []
    for number, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(where, f"row {number}", "(row)",
                                    f"has {len(cells)} cells; the header has {len(header)}"))
            continue
        rows.append({"_row": number, **dict(zip(header, cells))})
    return header, rows, problems


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

def number(text: str, *, required: bool) -> tuple[float | None, str | None]:
    """A non-negative finite number, or None when blank and allowed; else an error message."""
    text = text.strip()
    if not text:
        return None, ("missing value" if required else None)
    try:
        value = float(text)
    except ValueError:
        return None, f"not a number: {text!r:.40}"
    if not math.isfinite(value) or value < 0:
        return None, f"must be a non-negative number, found {text!r:.40}"
    return value, None


def iso_date(text: str) -> tuple[date | None, str | None]:
    """A real calendar date written YYYY-MM-DD."""
    if not DATE_RE.match(text.strip()):
        return None, f"expected a date YYYY-MM-DD, found {text!r:.40}"
    try:
        return date.fromisoformat(text.strip()), None
    except ValueError:
        return None, f"not a real date: {text!r:.40}"


def published_problem(text: str) -> str | None:
    """Publication date: blank (unknown), a year YYYY or a date YYYY-MM-DD."""
    text = text.strip()
    if not text or YEAR_RE.match(text):
        return None
    return iso_date(text)[1] and f"expected blank, YYYY or YYYY-MM-DD, found {text!r:.40}"


def period_kind(start: date, end: date) -> str:
    """calendar_year (1 Jan-31 Dec), part_year (shorter than a year) or non_calendar_year (e.g. 25 Dec-25 Dec)."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "calendar_year"
    days_in_year = 366 if calendar.isleap(start.year) else 365
    return "part_year" if (end - start).days + 1 < days_in_year - 1 else "non_calendar_year"


def _text_problems(where: str, entry: str, row: dict, fields: tuple[str, ...]) -> list[Problem]:
    return [Problem(where, entry, f, "must not be empty") for f in fields if not row[f].strip()]


def _vocabulary_problems(where: str, entry: str, row: dict, vocabulary: dict) -> list[Problem]:
    problems = []
    indicator, unit = row["indicator"].strip(), row["unit"].strip()
    if indicator not in vocabulary:
        problems.append(Problem(where, entry, "indicator",
                                f"unknown indicator {indicator!r}; expected one of {', '.join(vocabulary)}"))
    if unit not in UNITS:
        problems.append(Problem(where, entry, "unit", f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}"))
    elif indicator in vocabulary and vocabulary[indicator][0] != unit:
        problems.append(Problem(where, entry, "unit", f"{indicator} is measured in {vocabulary[indicator][0]}, not {unit}"))
    return problems


# ---------------------------------------------------------------- rows

def estimate_row(where: str, row: dict) -> tuple[dict | None, list[Problem]]:
    """Check one row of external-estimates.csv; numbers parse, low <= value <= high, known vocabulary."""
    entry = f"row {row['_row']} ({row['indicator']} {row['year']} {row['geography']})"
    problems = _vocabulary_problems(where, entry, row, ESTIMATE_INDICATORS)
    problems += _text_problems(where, entry, row, ("geography", "definition", "source", "url", "quote"))
    values = {}
    for field in ("value", "low", "high"):
        values[field], message = number(row[field], required=field == "value")
        if message:
            problems.append(Problem(where, entry, field, message))
    low, value, high = values["low"], values["value"], values["high"]
    if value is not None and ((low is not None and low > value) or (high is not None and value > high)):
        problems.append(Problem(where, entry, "value", f"low <= value <= high violated ({low}, {value}, {high})"))
    year = row["year"].strip()
    if not YEAR_RE.match(year):
        problems.append(Problem(where, entry, "year", f"expected a year YYYY, found {year!r:.40}"))
    message = published_problem(row["published"])
    if message:
        problems.append(Problem(where, entry, "published", message))
    if problems:
        return None, problems
    return {"indicator": row["indicator"].strip(), "value": value, "low": low, "high": high,
            "unit": row["unit"].strip(), "year": int(year), "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31", "period_kind": "calendar_year", "geography": row["geography"].strip(),
            "definition": row["definition"], "source": row["source"], "published": row["published"].strip() or None,
            "url": row["url"], "quote": row["quote"]}, []


def enforcement_row(where: str, row: dict) -> tuple[dict | None, list[Problem]]:
    """Check one row of external-enforcement.csv; dates real, start <= end, known vocabulary."""
    entry = f"row {row['_row']} ({row['indicator']} {row['period_start']}/{row['period_end']} {row['geography']})"
    problems = _vocabulary_problems(where, entry, row, ENFORCEMENT_INDICATORS)
    problems += _text_problems(where, entry, row, ("geography", "reporter", "source", "url", "quote"))
    value, message = number(row["value"], required=True)
    if message:
        problems.append(Problem(where, entry, "value", message))
    elif value != math.floor(value):
        problems.append(Problem(where, entry, "value", f"a count must be a whole number, found {row['value']!r}"))
    start, start_message = iso_date(row["period_start"])
    end, end_message = iso_date(row["period_end"])
    for field, msg in (("period_start", start_message), ("period_end", end_message)):
        if msg:
            problems.append(Problem(where, entry, field, msg))
    if start and end and start > end:
        problems.append(Problem(where, entry, "period_end", f"period ends ({end}) before it starts ({start})"))
    message = published_problem(row["published"])
    if message:
        problems.append(Problem(where, entry, "published", message))
    if problems:
        return None, problems
    return {"indicator": row["indicator"].strip(), "value": value, "unit": row["unit"].strip(),
            "period_start": start.isoformat(), "period_end": end.isoformat(), "year": end.year,
            "period_kind": period_kind(start, end), "geography": row["geography"].strip(),
            "reporter": row["reporter"], "source": row["source"], "published": row["published"].strip() or None,
            "url": row["url"], "quote": row["quote"], "note": row["note"].strip() or None}, []


# ---------------------------------------------------------------- tables

TABLES = {"estimates": (ESTIMATE_COLUMNS, estimate_row), "enforcement": (ENFORCEMENT_COLUMNS, enforcement_row)}


def checked_rows(path: Path, *, verify_fingerprint: bool = True) -> tuple[str | None, list[dict], list[Problem]]:
    """(kind, rows, problems) for one external CSV: every problem in it, at once."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        return None, [], [Problem(where, "(file)", "(file)", "file not found")]
    header, raw_rows, problems = read_rows(path)
    if not header:
        return None, [], problems
    kind = kind_of(header, path)
    if kind is None:
        return None, [], problems + [Problem(where, "(header)", "(table)",
                                             "neither external-estimates (year column) nor external-enforcement "
                                             "(period_start column)")]
    columns, check_row = TABLES[kind]
    problems += column_problems(where, header, columns)
    rows = []
    if not problems:
        for raw in raw_rows:
            row, found = check_row(where, raw)
            problems += found
            if row is not None:
                rows.append(row)
    if verify_fingerprint:
        problems += fingerprint_problems(path)
    return kind, rows, problems


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
    return _frame(rows, "ext" if kind == "estimates" else "enf")


def load_external_estimates(path: Path | None = None, *, verify_fingerprint: bool = True) -> pd.DataFrame:
    """Published estimates of sex workers and trafficking victims, validated; ``ValidationFailed`` otherwise."""
    return _load(Path(path or paths.EXTERNAL_ESTIMATES_FILE), "estimates", verify_fingerprint)


def load_external_enforcement(path: Path | None = None, *, verify_fingerprint: bool = True) -> pd.DataFrame:
    """Published police/NCCT figures with period kind marked, validated; ``ValidationFailed`` otherwise."""
    return _load(Path(path or paths.EXTERNAL_ENFORCEMENT_FILE), "enforcement", verify_fingerprint)
