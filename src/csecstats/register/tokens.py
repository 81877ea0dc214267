"""Where each number stands in the report file: its numeric tokens and its register figures' phrases.

Every numeric token (digits with the report's separators as in "14, 000", ranges
"40-60%", fractions "1/3", ordinals "8th", number words, Roman numerals, footnote
markers) with its span, line and region (front, heading, body or footnote); each
register figure's phrase located inside its quote inside the report, as a span of the
file; the spans of outline numbers and unambiguous calendar dates. ``register.audit``
accounts for the tokens with them.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..source.reader import SUPERSCRIPT_DIGITS, Report, normalise

_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
          "hundreds? thousands? millions? dozens? half halves thirds? quarters? twice "
          "first second fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
          "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_WORD = "(?:" + "|".join(_WORDS) + ")"
_DIGITS = r"\d{1,3}(?:,\s?\d{3})+|\d+(?:\.\d+)*"
# Where a token can begin (a marker, a digit, a Roman numeral's first letter, a number word's in any case the
# word alternative's case folding matches: either case, and the long s "ſ" that Python's re folds to s): checked
# first at each place, so the alternatives are tried only there. It only skips places none of them could match.
_INITIALS = "".join(sorted({w[0] for w in _WORDS}))
TOKEN_STARTS = rf"{SUPERSCRIPT_DIGITS}^\dIVX{_INITIALS}{_INITIALS.upper()}ſ"
TOKEN_RE = re.compile(
    rf"(?=[{TOKEN_STARTS}])"
    rf"(?:(?P<marker>[{SUPERSCRIPT_DIGITS}]+|\^\{{\d+(?:,\s*\d+)*\}})"
    rf"|(?P<number>(?<![\w.])(?:{_DIGITS})(?:[-–](?:{_DIGITS}))?(?:/\d+)?(?:%|st|nd|rd|th)?)"
    rf"|(?P<word>(?i:\b{_WORD}(?:[\s-]+{_WORD})*\b))"
    r"|(?P<roman>\b(?:II|III|IV|VI{0,3}|IX|X)\b|\bI(?=\s*[–-])))",
    re.MULTILINE)

_MONTH = ("(?:January|February|March|April|May|June|July|August|September|October|November|December"
          "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
DATE_RES = (
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}\s+\d{{4}}\b"),
    re.compile(rf"\b{_MONTH}(?:\s*[-–]\s*{_MONTH})?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?\d{{4}}\b"),
    re.compile(r"\((?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\)"),
    # A bare year only after a time preposition and before punctuation: "In 1992," not "in 2000 villages".
    re.compile(r"\b(?i:in|since|until|from)\s+(?:19|20)\d{2}(?=[,.;)])"),
)
# Outline numbers at the start of a line: "1.1.", "- 1)", "3- Judiciary", "II –", "III-".
_OUTLINE_RE = re.compile(r"^\s*(?:-\s*)?(?:\d+(?:\.\d+)*\.|\d\)|\d-|(?:I|II|III|IV)\s*[–-])(?=\s)", re.MULTILINE)


@dataclass(frozen=True)
class Token:
    """One numeric token of the report, where it is and how it is accounted for.

    Parameters
    ----------
    text : str
    start, end : int
        Its span as character offsets in the report file's text.
    line : int
    region : str
        front, heading, body or footnote.
    cls, reason : str, default ""
        How it is accounted for, and why ("" while unaccounted).
    """

    text: str
    start: int          # character offset in the report file's text
    end: int
    line: int
    region: str         # front, heading, body or footnote
    cls: str = ""
    reason: str = ""

    def context(self, raw: str, width: int = 40) -> str:
        """The token with ``width`` characters either side, on one line."""
        return patterns.sub(r"\s+", " ", raw[max(0, self.start - width):self.end + width]).strip()


def line_regions(report: Report) -> dict[int, str]:
    """Line number -> front, heading, body or footnote, from the reader's own split.

    Parameters
    ----------
    report : Report

    Returns
    -------
    dict of int to str
        Each non-blank line's region (a line neither heading nor paragraph is a footnote body's).
    """
    regions = {h.line: "heading" for h in report.headings}
    for para in report.paragraphs:
        for n in para.lines:
            regions[n] = "front" if para.section == "front" else "body"
    for n, line in enumerate(report.raw_text.splitlines(), start=1):
        if line.strip() and n not in regions:
            regions[n] = "footnote"
    return regions


def _once_per_report(work: Callable[[Report], object]) -> Callable[[Report], object]:
    """``work(report)`` done once per ``Report`` and kept on it: a report is immutable once read, and the register
    check, ``validate`` and the audit ask for its tokens and body stream again (the reader keeps one ``Report``
    per file and process, so a session that builds many times reads them once). The answers are tuples."""
    key = f"_once_{work.__name__}"

    @functools.wraps(work)
    def kept(report: Report):
        memo = vars(report)  # a frozen dataclass's own dict, as functools.cached_property keeps its values
        if key not in memo:
            memo[key] = work(report)
        return memo[key]
    return kept


@_once_per_report
def tokens_of(report: Report) -> tuple[Token, ...]:
    """Every numeric token in the report file, in order.

    Parameters
    ----------
    report : Report

    Returns
    -------
    tuple of Token
    """
    regions = line_regions(report)
    starts = [m.start() for m in patterns.finditer(r"^", report.raw_text, re.MULTILINE)]
    out = []
    for m in TOKEN_RE.finditer(report.raw_text):
        line = _line_at(starts, m.start())
        out.append(Token(m.group(0), m.start(), m.end(), line, regions.get(line, "front")))
    return tuple(out)


def _line_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if starts[mid] <= offset else (lo, mid)
    return lo + 1


@_once_per_report
def body_stream(report: Report) -> tuple[str, tuple[int, ...]]:
    """The body as ``normalise`` sees it, with each character's offset in the file.

    Parameters
    ----------
    report : Report

    Returns
    -------
    tuple of (str, tuple of int)
        The normalised body, and for each of its characters its offset in the report file's text.
    """
    starts = [m.start() for m in patterns.finditer(r"^", report.raw_text, re.MULTILINE)]
    lines = report.raw_text.splitlines()
    pieces: list[str] = []
    offsets: list[int] = []  # each character's file offset; -1 for the space joining two lines
    for para in report.paragraphs:
        for i, n in enumerate(para.lines):
            if i or offsets:  # a space between lines, and between paragraphs once there is text
                pieces.append(" ")
                offsets.append(-1)
            text = lines[n - 1]
            stripped = text.strip()
            first = starts[n - 1] + len(text) - len(text.lstrip())
            pieces.append(stripped)
            offsets.extend(range(first, first + len(stripped)))
    stream, mapped = _normalise_mapped("".join(pieces), offsets)
    return stream, tuple(mapped)


_MARKS_RE = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\^\{{\d+(?:,\s*\d+)*\}}|\*")


def _normalise_mapped(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``reader.normalise`` applied to ``text`` whose characters remember their file offsets: markers
    dropped, each run of whitespace one space at the offset of its first character, none at either end (the
    offsets selected as whole arrays: a character-by-character loop took ~20 ms of a build)."""
    drop = sorted({m.start(1) for m in patterns.finditer(r"N(\^)o\b", text)}
                  | {i for m in _MARKS_RE.finditer(text) for i in range(*m.span())})
    keep = np.ones(len(text), dtype=bool)
    keep[drop] = False
    kept_text = "".join(text[start:end] for start, end in zip([0, *(i + 1 for i in drop)], [*drop, len(text)]))
    kept_offsets = np.asarray(offsets, dtype=np.int64)[keep]
    spaces = {ord(c) for c in set(kept_text) if c.isspace()}  # what ``\S`` leaves out
    blank = np.isin(np.frombuffer(kept_text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), list(spaces))
    ends = np.flatnonzero(~blank & np.append(blank[1:], True)[:len(blank)]) + 1  # one past each word's last character
    # each word's characters, then the space after it (at the offset where the whitespace began) but after the last
    picked = np.sort(np.concatenate([np.flatnonzero(~blank), ends[:-1]]))
    out = kept_offsets[picked].tolist()
    words = kept_text.split()
    stream = " ".join(words)
    if stream != normalise(text):  # the audit must read quotes exactly as the register check does
        raise AssertionError("audit normalisation disagrees with csecstats.reader.normalise")
    return stream, out


def figure_spans(report: Report, figures: list[dict], where: str) -> tuple[dict[tuple[int, int], str], list[Problem]]:
    """File spans (start, end) of every register phrase, located inside its quote inside the report.

    Parameters
    ----------
    report : Report
    figures : list of dict
        The register's figure rows (their quote and phrase).
    where : str
        The register file, named in each problem.

    Returns
    -------
    tuple of (dict, list of Problem)
    """
    stream, offsets = body_stream(report)
    spans: dict[tuple[int, int], str] = {}
    problems: list[Problem] = []
    used: Counter = Counter()
    for fig in figures:
        quote, phrase = normalise(fig["quote"]), normalise(fig["phrase"])
        q_at = stream.find(quote)
        hits = _whole_occurrences(phrase, quote)
        key = (quote, phrase)
        if q_at < 0 or used[key] >= len(hits):
            problems.append(Problem(where, fig["figure_id"], "phrase",
                                    "cannot locate the phrase as a whole token inside its quote inside the report"))
            continue
        # Figures sharing a quote and a phrase ("13 workshops in 13 provinces") take its occurrences in order.
        at = q_at + hits[used[key]]
        used[key] += 1
        span = (offsets[at], offsets[at + len(phrase) - 1] + 1)
        other = next((fid for (s, e), fid in spans.items() if s < span[1] and span[0] < e), None)
        if other:  # one printed number gives one figure, never two
            problems.append(Problem(where, fig["figure_id"], "phrase", f"reads the same words of the report as "
                                                                       f"figure {brief(other)}"))
            continue
        spans[span] = fig["figure_id"]
    return spans, problems


def _whole_occurrences(phrase: str, text: str) -> list[int]:
    r"""Where ``phrase`` stands in ``text`` as a whole token, left to right and never overlapping: no letter,
    digit, underscore, point or comma just before it, no letter, digit, underscore or % just after (the
    pattern ``(?<![\w.,])phrase(?![\w%])``, found by search rather than compiled anew for each figure)."""
    if not phrase:
        return [m.start() for m in patterns.finditer(r"(?<![\w.,])(?![\w%])", text)]
    hits, at = [], text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        before, after = text[at - 1:at], text[end:end + 1]
        if not (before and (before.isalnum() or before in "_.,")) and not (after and (after.isalnum() or after in "_%")):
            hits.append(at)
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)
    return hits


def outline_spans(report: Report, tokens: list[Token]) -> set[tuple[int, int]]:
    """Spans of tokens that number a heading or list item at the start of their line.

    Parameters
    ----------
    report : Report
    tokens : list of Token
        The report's tokens (``tokens_of``).

    Returns
    -------
    set of (int, int)
    """
    starts = [m.start() for m in patterns.finditer(r"^", report.raw_text, re.MULTILINE)]
    found = set()
    for t in tokens:
        line_start = starts[t.line - 1]
        line_end = report.raw_text.find("\n", line_start)
        m = _OUTLINE_RE.match(report.raw_text, line_start, line_end if line_end >= 0 else len(report.raw_text))
        if m and m.end() >= t.end:
            found.add((t.start, t.end))
    return found


@functools.lru_cache(maxsize=8)  # one report text per project: the audit of every build asks again
def date_spans(raw: str) -> tuple[tuple[int, int], ...]:
    """Spans of unambiguous calendar dates in the report.

    Parameters
    ----------
    raw : str
        The report file's text.

    Returns
    -------
    tuple of (int, int)
        Character spans, as ``DATE_RES`` finds them.
    """
    return tuple(m.span() for rx in DATE_RES for m in rx.finditer(raw))
