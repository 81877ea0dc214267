"""The report as structured text.

The plain-text copy of the report still carries page furniture: footnote blocks
between the halves of a sentence that crossed a page, superscript footnote
markers glued to words and numbers ("rescued¹²", "^{14,15}"), and emphasis stars.
This module separates them so that later stages read clean sentences:

* section headings become ids ("I", "II.C", "II.D.2");
* footnote bodies are pulled out and keyed by number;
* a paragraph split by a page break is rejoined;
* markers are detached and remembered, so that "rescued¹²" is not the number 12.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..inputs import paths
from ..inputs import patterns
from ..inputs.errors import raise_if_any
from ..inputs.fingerprint import sha256_bytes, verify
from ..inputs.reading import MAX_INPUT_BYTES, decode_text, read_bytes

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
# ^{14,15} in the conversion stands for a superscript list of footnote numbers.
_MARKER_RE = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\^\{{(\d+(?:,\s*\d+)*)\}}")
_FOOTNOTE_LINE_RE = re.compile(rf"^\s*([{SUPERSCRIPT_DIGITS}]+)\s+(.*\S)\s*$")
# "N^o 40" is the typeset abbreviation of "number", not a footnote marker.
_NUMERO_RE = re.compile(r"N\^o\b")
_TERMINAL = ('.', ';', ':', '!', '?', '"', '”', ')', ',')

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class Heading:
    """A section heading with its dotted id ("II.D.2").

    Parameters
    ----------
    section : str
        The dotted id.
    title : str
        The heading's text.
    line : int
        Its 1-based line in the file.
    """

    section: str
    title: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or bullet) of running text, page breaks rejoined, markers detached.

    Parameters
    ----------
    section : str
        The id of the section it lies in.
    text : str
        Clean: markers and emphasis removed, whitespace collapsed.
    raw : str
        As in the file, halves joined by one space.
    footnotes : tuple of int
        The footnotes its markers refer to.
    lines : tuple of int
        Its 1-based line numbers in the file.
    """

    section: str
    text: str               # clean: markers and emphasis removed, whitespace collapsed
    raw: str                # as in the file, halves joined by one space
    footnotes: tuple[int, ...]
    lines: tuple[int, ...]  # 1-based line numbers in the file


@dataclass(frozen=True)
class Report:
    """The report read into headings, paragraphs and footnotes.

    Parameters
    ----------
    path : Path
        The file read.
    sha256 : str
        Its SHA-256.
    raw_text : str
        The whole text as read.
    headings : tuple of Heading
        The section headings, in order.
    paragraphs : tuple of Paragraph
        The paragraphs of running text, in order.
    footnotes : dict of int to str, default {}
        Footnote number -> its text.
    """

    path: Path
    sha256: str
    raw_text: str
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: dict[int, str] = field(default_factory=dict)

    @property
    def body_text(self) -> str:
        """All paragraphs, clean, one per line (footnote bodies excluded)."""
        return "\n".join(p.text for p in self.paragraphs)

    @cached_property
    def title_page(self) -> str:
        """The text before the first section heading (the whole text when there is none)."""
        first = self.headings[0].line if self.headings else len(self.raw_text.splitlines()) + 1
        return "\n".join(self.raw_text.splitlines()[:first - 1])

    @cached_property
    def normalised_body(self) -> str:
        """Body text as one whitespace-collapsed string, for quote look-ups."""
        return normalise(" ".join(p.raw for p in self.paragraphs))

    @cached_property
    def _normalised_paragraphs(self) -> tuple[str, ...]:
        return tuple(normalise(p.raw) for p in self.paragraphs)

    def section_ids(self) -> tuple[str, ...]:
        """Every section id, in order of appearance ("front" first)."""
        return ("front",) + tuple(h.section for h in self.headings)

    def find_quote(self, quote: str) -> Paragraph | None:
        """The (first) paragraph holding ``quote`` (compared after ``normalise``), or None."""
        return next(iter(self.find_quotes(quote)), None)

    @cached_property
    def _quotes_found(self) -> dict[str, tuple[Paragraph, ...]]:
        return {}  # quote -> the paragraphs holding it: every build and validate looks each quote up again

    def find_quotes(self, quote: str) -> tuple[Paragraph, ...]:
        """Every paragraph holding ``quote`` whole (compared after ``normalise``)."""
        found = self._quotes_found.get(quote)
        if found is None:
            needle = normalise(quote)
            found = self._quotes_found[quote] = tuple(
                para for para, text in zip(self.paragraphs, self._normalised_paragraphs) if needle and needle in text)
        return found

    @cached_property
    def citation_texts(self) -> tuple[str, ...]:
        """Footnote bodies, the body and the whole file, normalised once: where a citation may stand."""
        return tuple(normalise(t) for t in self.footnotes.values()) + (self.normalised_body,
                                                                        normalise(self.raw_text))

    def contains(self, quote: str) -> bool:
        """True when ``quote`` is in the body, possibly spanning paragraphs."""
        needle = normalise(quote)
        return bool(needle) and needle in self.normalised_body


def strip_markers(text: str) -> str:
    """Remove footnote markers (superscript digits, ``^{n,m}``) and emphasis stars.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    text = _NUMERO_RE.sub("No", text)
    text = _MARKER_RE.sub("", text)
    return text.replace("*", "")


def markers_in(text: str) -> tuple[int, ...]:
    """Footnote numbers referred to by markers in ``text``, in order.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple of int
    """
    found: list[int] = []
    for match in _MARKER_RE.finditer(_NUMERO_RE.sub("No", text)):
        if match.group(1):
            found.extend(int(n) for n in match.group(1).split(","))
        else:
            found.append(int(match.group(0).translate(_SUPER_TO_ASCII)))
    return tuple(found)


@lru_cache(maxsize=4096)  # a build normalises ~270 texts ~880 times (quotes, phrases, the body twice)
def normalise(text: str) -> str:
    """The form quotes are compared in: NFC, markers removed, whitespace collapsed.

    Parameters
    ----------
    text : str
        A quote or a paragraph.

    Returns
    -------
    str
    """
    text = unicodedata.normalize("NFC", text)
    return patterns.sub(r"\s+", " ", strip_markers(text)).strip()


def heading_of(line: str, parent_letter: str | None) -> str | None:
    """The section id if ``line`` is a heading, else None.

    Parameters
    ----------
    line : str
        A line of the report.
    parent_letter : str or None
        The id of the enclosing lettered section, for a numbered heading under it.

    Returns
    -------
    str or None
    """
    s = line.strip()
    if m := patterns.fullmatch(r"(I|II|III|IV)\s*[–-]\s*\S.*", s):
        return m.group(1)
    if m := patterns.fullmatch(r"([12])\. [A-Z0-9][A-Z0-9 \-]+", s):
        return f"I.{m.group(1)}"
    if m := patterns.fullmatch(r"([A-E])- \S.*", s):
        return f"II.{m.group(1)}"
    if parent_letter and (m := patterns.fullmatch(r"(\d)- [A-Z][^.:;]*", s)):
        return f"{parent_letter}.{m.group(1)}"
    return None


def _is_bullet(line: str) -> bool:
    return bool(patterns.match(r"\s*-\s", line))


def _ends_open(text: str) -> bool:
    """A paragraph whose last character is not sentence-final was cut by a page break."""
    return not text.rstrip("* ").endswith(_TERMINAL)


def read_report(path: Path | None = None, *, check_hash: bool = True) -> Report:
    """Read the report file into a ``Report``; refuse a copy whose SHA-256 changed.

    Parameters
    ----------
    path : Path, optional
        The report file (default: the project's).
    check_hash : bool, default True
        Refuse a file whose bytes differ from the record in ``SHA256SUMS``.

    Returns
    -------
    Report

    Raises
    ------
    ValidationFailed
        When the file cannot be read (a folder, a FIFO, too large, not UTF-8) or its SHA-256 changed.
    """
    path = Path(path or paths.REPORT_FILE)
    digest = verify(path) if check_hash else None
    data, problems = read_bytes(path, MAX_INPUT_BYTES)
    text, found = decode_text(data, path) if data is not None else (None, [])
    raise_if_any(problems + found)  # a folder, FIFO, oversized or undecodable copy: a Problem, not a crash
    return parse_report_text(text, path=path, sha256=digest or sha256_bytes(data))


def parse_report_text(text: str, *, path: Path = Path("<text>"), sha256: str = "") -> Report:
    """Split report text into headings, paragraphs (page breaks rejoined) and footnotes.

    Parameters
    ----------
    text : str
        The report's text.
    path : Path, default Path("<text>")
        The file it came from, kept in the ``Report``.
    sha256 : str, default ""
        Its SHA-256, kept in the ``Report``.

    Returns
    -------
    Report
    """
    headings: list[Heading] = []
    footnotes: dict[int, str] = {}
    pending: list[tuple[int, str, str]] = []  # (line number, section, raw line)
    section, letter = "front", None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if m := _FOOTNOTE_LINE_RE.match(line):
            footnotes[int(m.group(1).translate(_SUPER_TO_ASCII))] = m.group(2)
            continue
        sid = heading_of(line, letter)
        if sid is not None:
            section = sid
            letter = sid if patterns.fullmatch(r"II\.[A-E]", sid) else (letter if sid.startswith("II.") else None)
            headings.append(Heading(sid, line.strip(), number))
            continue
        pending.append((number, section, line))
    return Report(path, sha256, text, tuple(headings), tuple(_join_pages(pending)), footnotes)


def _join_pages(lines: list[tuple[int, str, str]]) -> list[Paragraph]:
    """Rejoin a paragraph cut by a page break with the text that continues it."""
    paragraphs: list[Paragraph] = []
    buffer: list[tuple[int, str, str]] = []
    for item in lines:
        number, section, line = item
        continues = (buffer and buffer[0][1] != "front" and _ends_open(buffer[-1][2])
                     and not _is_bullet(line))
        if buffer and not continues:
            paragraphs.append(_paragraph(buffer))
            buffer = []
        buffer.append(item)
    if buffer:
        paragraphs.append(_paragraph(buffer))
    return paragraphs


def _paragraph(parts: list[tuple[int, str, str]]) -> Paragraph:
    raw = " ".join(line.strip() for _, _, line in parts)
    return Paragraph(section=parts[0][1], text=normalise(raw), raw=raw,
                     footnotes=markers_in(raw), lines=tuple(n for n, _, _ in parts))


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> Report:
    return read_report(Path(path))


def load_report(path: Path | None = None) -> Report:
    """The report, read once per process (re-read when the file changes).

    Parameters
    ----------
    path : Path, optional
        The report file (default: the project's).

    Returns
    -------
    Report
    """
    path = Path(path or paths.REPORT_FILE)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1  # read_report reports the missing file as a Problem
    return _cached(str(path), mtime)
