"""Tabular inputs: reading a CSV file and the rules every cell obeys.

Shared by every external table (``analysis.external`` and any table added
later), so one rule holds everywhere:

* the file is read bounded (``inputs.reading``): UTF-8, no byte-order mark, no NUL
  byte; a cell longer than ``MAX_CELL_CHARS``, a ragged row, a header-only file and
  a row repeated verbatim are problems;
* numbers are ASCII digits only, no sign, exponent, underscore or thousands
  separator (``float()`` would accept fullwidth and Arabic-Indic digits, ``1_000``
  and ``1e3``); counts of persons or cases are whole numbers;
* years and dates are ASCII, real, from ``FIRST_YEAR`` on and not in the future;
* a vocabulary cell matches its vocabulary exactly (a no-break space is not a space);
* a text cell obeys the rule of every text (``free_text_problem``: no control, bidirectional or
  zero-width character, at most ``MAX_TEXT_CHARS``), and does not
  start like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, carriage return).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from pathlib import Path

from . import patterns
from .errors import Problem, brief
from .reading import MAX_INPUT_BYTES, read_text

MAX_CELL_CHARS = 2_000  # the longest real cell (a quote) is ~210 characters
MAX_TEXT_CHARS = MAX_CELL_CHARS  # every text of every input, CSV cell or YAML field
FIRST_YEAR = 1950
COUNT_RE = re.compile(r"0|[1-9][0-9]{0,14}")
DECIMAL_RE = re.compile(r"(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")
YEAR_RE = re.compile(r"[0-9]{4}")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_csv(path: Path, limit: int = MAX_INPUT_BYTES) -> tuple[list[str], list[dict], list[Problem]]:
    """Header and rows (``{"_row": n, column: cell}``) of a CSV input, and every file-level problem.

    Parameters
    ----------
    path : Path
        The CSV file.
    limit : int, default MAX_INPUT_BYTES
        The largest file read.

    Returns
    -------
    tuple of (list of str, list of dict, list of Problem)
        The header, the rows and the file's problems (no rows when there is one).
    """
    path = Path(path)
    where = str(path)
    text, problems = read_text(path, limit)
    if problems:
        return [], [], problems
    if not text.strip():
        return [], [], [Problem(where, "(file)", "(file)", "file is empty")]
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return [], [], [Problem(where, "(file)", "(csv)", f"cannot read as CSV: {brief(str(exc), 120)}")]
    header, rows, seen = table[0], [], {}
    problems += [Problem(where, "(header)", f"column {i + 1}", f"column name longer than {MAX_CELL_CHARS} characters")
                 for i, c in enumerate(header) if len(c) > MAX_CELL_CHARS]
    for number, cells in enumerate(table[1:], start=1):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(where, f"row {number}", "(row)",
                                    f"has {len(cells)} cells; the header has {len(header)}"))
            continue
        long = [h for h, c in zip(header, cells) if len(c) > MAX_CELL_CHARS]
        problems += [Problem(where, f"row {number}", brief(h, 40).strip("'"),
                             f"cell longer than {MAX_CELL_CHARS} characters") for h in long]
        key = tuple(c.strip() for c in cells)
        if key in seen:
            problems.append(Problem(where, f"row {number}", "(row)", f"repeats row {seen[key]} exactly"))
            continue
        seen[key] = number
        if not long:
            rows.append({"_row": number, **dict(zip(header, cells))})
    if not seen and not problems:
        problems.append(Problem(where, "(file)", "(rows)", "the file has a header but no data rows"))
    return header, rows, problems


def _digits_message(text: str, what: str) -> str:
    if any(c.isdigit() and not c.isascii() for c in text):
        return f"{what} must be written with ASCII digits 0-9, found {brief(text, 40)}"
    return f"{what} must be written as plain digits (no sign, exponent, separator or leading zero), found " \
           f"{brief(text, 40)}"


def count_cell(text: str) -> tuple[int | None, str | None]:
    """A whole, non-negative count of persons or cases written in plain ASCII digits.

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    tuple of (int or None, str or None)
        The count and None, or None and why the cell is refused.
    """
    if COUNT_RE.fullmatch(text):
        return int(text), None
    if DECIMAL_RE.fullmatch(text):
        return None, f"a count of persons or cases must be a whole number, found {brief(text, 40)}"
    return None, _digits_message(text, "a count")


def decimal_cell(text: str) -> tuple[float | None, str | None]:
    """A non-negative decimal number in plain ASCII digits (``12``, ``0.25``).

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    tuple of (float or None, str or None)
        The number and None, or None and why the cell is refused.
    """
    if DECIMAL_RE.fullmatch(text):
        return float(text), None
    return None, _digits_message(text, "a number")


def year_cell(text: str, *, today: date | None = None) -> tuple[int | None, str | None]:
    """A year YYYY from ``FIRST_YEAR`` up to this year.

    Parameters
    ----------
    text : str
        The cell as written.
    today : date, optional
        The day "this year" is read from (default: today).

    Returns
    -------
    tuple of (int or None, str or None)
        The year and None, or None and why the cell is refused.
    """
    this_year = (today or date.today()).year
    if not YEAR_RE.fullmatch(text):
        return None, f"expected a year YYYY in ASCII digits, found {brief(text, 40)}"
    year = int(text)
    if not FIRST_YEAR <= year <= this_year:
        return None, f"year {year} is outside {FIRST_YEAR}-{this_year} (not plausible, or in the future)"
    return year, None


def date_cell(text: str, *, today: date | None = None) -> tuple[date | None, str | None]:
    """A real calendar date YYYY-MM-DD from ``FIRST_YEAR`` up to today.

    Parameters
    ----------
    text : str
        The cell as written.
    today : date, optional
        The latest date allowed (default: today).

    Returns
    -------
    tuple of (date or None, str or None)
        The date and None, or None and why the cell is refused.
    """
    today = today or date.today()
    if not DATE_RE.fullmatch(text):
        return None, f"expected a date YYYY-MM-DD in ASCII digits, found {brief(text, 40)}"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None, f"not a real date: {brief(text, 40)}"
    if not date(FIRST_YEAR, 1, 1) <= day <= today:
        return None, f"date {day} is before {FIRST_YEAR} or in the future"
    return day, None


# Line and paragraph breaks are how YAML folds a long text; every other control character,
# and every format character (bidirectional overrides and isolates, zero-width space and
# joiners, word joiner, byte-order mark, soft hyphen), is invisible or reorders what is shown.
_ALLOWED_CONTROLS = {"\n"}


def free_text_problem(text: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    """Why a text is refused: an invisible control, bidirectional or zero-width character, or its length.

    Parameters
    ----------
    text : str
        The text.
    limit : int, default MAX_TEXT_CHARS
        The most characters allowed.

    Returns
    -------
    str or None
        The message, or None when the text is accepted.
    """
    # str.isprintable() is False for every character of the categories Other (Cc, Cf, Cs, Co, Cn) and
    # Separator (Zs, Zl, Zp) but the ASCII space: a text printable once its line breaks are set aside holds
    # none of the refused characters, so only the others are read character by character.
    for c in () if text.isprintable() or text.replace("\n", "").isprintable() else text:
        category = unicodedata.category(c)
        if (category == "Cc" and c not in _ALLOWED_CONTROLS) or category in ("Cf", "Zl", "Zp"):
            name = unicodedata.name(c, "a control character")
            return f"contains the invisible character U+{ord(c):04X} ({name.lower()}); type the text plainly"
    if len(text) > limit:
        return f"text of {len(text)} characters; at most {limit}"
    return None


def text_problem(text: str) -> str | None:
    """Why a text cell is refused.

    ``free_text_problem`` (the rule of every text), or a start a spreadsheet runs as a formula.

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    str or None
        The message, or None when the cell is accepted.
    """
    message = free_text_problem(text)
    if message:
        return message
    if text.startswith(FORMULA_START) and not patterns.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", text):
        return (f"starts with {text[0]!r}: a spreadsheet would read the cell as a formula; "
                "reword it so that it starts with a letter, a digit or a quotation mark")
    return None


def vocabulary_problem(text: str, allowed, what: str) -> str | None:
    """Why a cell is not exactly one of ``allowed`` (an invisible or no-break space named as such).

    Parameters
    ----------
    text : str
        The cell as written.
    allowed : collection of str
        The vocabulary's terms.
    what : str
        What a term is, for the message (``geography``, ``unit``, ...).

    Returns
    -------
    str or None
        The message, or None when the cell is one of ``allowed``.
    """
    if text in allowed:
        return None
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split())
    if cleaned in allowed:
        return f"{brief(text, 60)} is {brief(cleaned, 60)} with a no-break space or other invisible " \
               "character; type it plainly"
    return f"unknown {what} {brief(text, 60)}; expected one of {', '.join(sorted(allowed))}"
