"""The figure register (``data/raw/figures.yml``) read and checked, entry by entry.

Each entry is checked by the rules of ``FIGURE_RULES`` (one function a rule, run only when the fields it reads
have the right type) against the vocabulary, the sources and the report; ``read_all`` returns the checked register.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..inputs import paths, patterns
from ..inputs.errors import Problem, brief, raise_if_any
from ..inputs.fingerprint import fingerprint_problems
from ..source.parse import ParseError, parse_phrase
from ..source.reader import Report, SUPERSCRIPT_DIGITS, load_report, normalise
from .caveats import joined, read_caveats
from .load import ID_RE, Entry, Vocabulary, entries, load_sources, load_vocabulary, model_problems, read_yaml
from .rules import register_problems, text_problems

PERIOD_BASES = ("stated", "inferred", "none")


class FigureEntry(Entry):
    """A figure of the register: the report's words and where they stand, never a typed number.

    Parameters
    ----------
    id, indicator : str
    quote, phrase : str
        The report's sentence verbatim, and the number phrase as it stands in it.
    unit, geography : str
    period : str or None
        See ``parse_period``.
    period_basis : str
        One of ``PERIOD_BASES``.
    source : str
    footnote : int or None
    section : str
    caveats : list
    actor : str, optional
    """

    id: str
    indicator: str
    quote: str
    phrase: str
    unit: str
    geography: str
    period: str | None
    period_basis: str
    source: str
    footnote: int | None
    section: str
    caveats: list
    actor: str = None


def parse_period(text: str | None) -> tuple[str | None, str | None]:
    """'2003' -> 2003-01-01..2003-12-31; 'YYYY-MM/YYYY-MM'; 'YYYY-MM-DD/YYYY-MM-DD'; 'YYYY/YYYY'; None -> no period.

    Parameters
    ----------
    text : str or None
        The period as written.

    Returns
    -------
    tuple of (str or None, str or None)
        The first and last day, ISO 8601.

    Raises
    ------
    ValueError
        When the text is none of the forms above.
    """
    if text is None:
        return None, None
    parts = str(text).split("/")
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2:
        raise ValueError(f"cannot read period {brief(text)}: expected 'YYYY', 'YYYY-MM/YYYY-MM' or 'YYYY-MM-DD/YYYY-MM-DD'")
    return _date(parts[0].strip(), first=True, whole=text), _date(parts[1].strip(), first=False, whole=text)


def _date(part: str, *, first: bool, whole: str) -> str:
    m = patterns.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
    if not m:
        raise ValueError(f"cannot read period {brief(whole)}: '{part}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2) or (1 if first else 12))
    if not 1 <= month <= 12:
        raise ValueError(f"cannot read period {brief(whole)}: month {month} out of range")
    last = calendar.monthrange(year, month)[1]
    day = int(m.group(3) or (1 if first else last))
    if not 1 <= day <= last:
        raise ValueError(f"cannot read period {brief(whole)}: day {day} out of range")
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True)
class FigureContext:
    """What a register entry is checked against.

    Parameters
    ----------
    vocab : Vocabulary
    sources : dict of str to dict
    report : Report
    """

    vocab: Vocabulary
    sources: dict[str, dict]
    report: Report


Found = Iterator[tuple[str, str]]  # (field, message) pairs


def _id_form(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if not ID_RE.match(entry["id"]):
        yield "id", "must be snake_case: lower-case letters, digits and _, 3-80 characters, starting with a letter"


def _indicator_known(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if entry["indicator"] not in ctx.vocab.indicators:
        yield "indicator", f"unknown indicator {brief(entry['indicator'])} (see vocabulary.yml)"


def _unit_known(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    spec = ctx.vocab.indicators.get(entry["indicator"]) if ok("indicator") else None
    if entry["unit"] not in ctx.vocab.units:
        yield "unit", f"unknown unit {brief(entry['unit'])} (see vocabulary.yml)"
    elif spec and spec.get("unit") != entry["unit"]:
        yield "unit", f"indicator {brief(entry['indicator'])} is measured in {spec.get('unit')}, not {entry['unit']}"


def _geography_known(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if entry["geography"] not in ctx.vocab.geographies:
        yield "geography", f"unknown geography {brief(entry['geography'])} (see vocabulary.yml)"


def _source_known(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    source = ctx.sources.get(entry["source"])
    if source is None:
        yield "source", f"unknown source id {brief(entry['source'])}"
    elif ok("footnote") and entry["footnote"] is not None and entry["footnote"] not in source.get("footnotes", []):
        yield "footnote", f"footnote {entry['footnote']} does not belong to source {brief(entry['source'])}"
    elif ok("footnote") and entry["footnote"] is None and source.get("footnotes"):  # a citation dropped
        yield "footnote", f"none, but the report cites {brief(entry['source'])} in footnotes {source['footnotes']}"


def _footnote_in_report(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if entry["footnote"] is not None and entry["footnote"] not in ctx.report.footnotes:
        yield "footnote", f"footnote {entry['footnote']} is not in the report"


def _footnote_in_paragraph(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    found = ctx.report.find_quotes(entry["quote"]) if entry["footnote"] in ctx.report.footnotes else ()
    if found and not any(entry["footnote"] in p.footnotes for p in found):  # a footnote its paragraph never calls
        yield "footnote", (f"footnote {entry['footnote']}, but the paragraph of its quote prints no marker of it "
                           f"(it prints {sorted({n for p in found for n in p.footnotes}) or 'none'})")


def _section_known(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if entry["section"] not in ctx.report.section_ids():
        yield "section", f"unknown section {brief(entry['section'])}"


def _period_basis_known(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if entry["period_basis"] not in PERIOD_BASES:
        yield "period_basis", f"expected one of {', '.join(PERIOD_BASES)}"


def _caveats_read(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    for problem in read_caveats("", entry["id"] if ok("id") else "", "caveats", entry["caveats"])[1]:
        yield problem.field, problem.message


def _period_readable(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    try:
        start, end = parse_period(entry["period"])
    except ValueError as exc:
        yield "period", str(exc)
        start = end = None
    if start and end and start > end:
        yield "period", f"period ends ({end}) before it starts ({start})"
    basis = entry.get("period_basis")
    if isinstance(basis, str) and (entry["period"] is None) != (basis == "none"):
        yield "period_basis", "must be 'none' exactly when period is null"


def _quote_in_report(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    for problem in _quote_problems("", entry["id"] if ok("id") else "", entry, ctx.report, section_ok=ok("section")):
        yield problem.field, problem.message


def _phrase_readable(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    if ok("quote") and not phrase_in_quote(normalise(entry["phrase"]), normalise(entry["quote"])):
        yield "phrase", f"{brief(entry['phrase'])} does not occur in the quote as whole words and numbers"
    if marker_inside_number(entry["phrase"]):
        yield "phrase", "a footnote marker or '*' inside a number is not a verbatim quote"
    try:
        parsed = parse_phrase(normalise(entry["phrase"]))
    except ParseError as exc:
        yield "phrase", str(exc)
        return
    expected = {"share": "share", "ratio": "ratio"}.get(entry["unit"], "count") if ok("unit") else parsed.kind
    if parsed.kind != expected:  # a percentage or fraction is a share, a relative change a ratio, else a count
        yield "unit", f"the phrase reads as a {parsed.kind} but the unit is '{entry['unit']}'"


def _free_text(entry: dict, ctx: FigureContext, ok: Callable[[str], bool]) -> Found:
    for problem in text_problems("", "", {k: v for k, v in entry.items() if ok(k)}):
        yield problem.field, problem.message


# Each rule of a register entry, with the fields it reads: it runs only when they are present
# and of the right type (``FigureEntry``), so one wrong field gives one problem, not a cascade.
FIGURE_RULES: tuple[tuple[tuple[str, ...], Callable[[dict, FigureContext, Callable[[str], bool]], Found]], ...] = (
    (("id",), _id_form), (("indicator",), _indicator_known), (("unit",), _unit_known),
    (("geography",), _geography_known), (("source",), _source_known), (("footnote",), _footnote_in_report),
    (("footnote", "quote"), _footnote_in_paragraph), (("section",), _section_known),
    (("period_basis",), _period_basis_known), (("caveats",), _caveats_read), (("period",), _period_readable),
    (("quote",), _quote_in_report), (("phrase",), _phrase_readable), ((), _free_text),
)


def check_figure(where: str, entry_id: str, entry: dict, *, vocab: Vocabulary, sources: dict[str, dict],
                 report: Report) -> tuple[dict | None, list[Problem]]:
    """Check one register entry against the vocabulary, sources and report (``FIGURE_RULES``); build its row.

    Parameters
    ----------
    where : str
        The register file, named in each problem.
    entry_id : str
    entry : dict
    vocab : Vocabulary
    sources : dict of str to dict
    report : Report

    Returns
    -------
    tuple of (dict or None, list of Problem)
    """
    problems = model_problems(where, entry_id, entry, FigureEntry)
    bad = {p.field for p in problems}
    ok = lambda field: field not in bad  # noqa: E731
    ctx = FigureContext(vocab, sources, report)
    for needs, rule in FIGURE_RULES:
        if all(map(ok, needs)):
            problems += [Problem(where, entry_id, field, message) for field, message in rule(entry, ctx, ok)]
    if problems:
        return None, problems
    return figure_row(entry, ctx), []


def figure_row(entry: dict, ctx: FigureContext) -> dict:
    """The figures-table row of a checked register entry: the phrase parsed, the period read.

    Parameters
    ----------
    entry : dict
        A checked entry.
    ctx : FigureContext

    Returns
    -------
    dict
    """
    parsed, (start, end) = parse_phrase(normalise(entry["phrase"])), parse_period(entry["period"])
    caveats = read_caveats("", entry["id"], "caveats", entry["caveats"])[0]
    return {
        "figure_id": entry["id"], "topic": ctx.vocab.indicators[entry["indicator"]]["topic"],
        "indicator": entry["indicator"], "value": parsed.value, "low": parsed.low, "high": parsed.high,
        "unit": entry["unit"], "period_start": start, "period_end": end, "period_basis": entry["period_basis"],
        "geography": entry["geography"], "qualifier": parsed.qualifier, "kind": parsed.kind,
        "source_id": entry["source"], "footnote": entry["footnote"], "section": entry["section"],
        "actor": entry.get("actor"), "phrase": entry["phrase"], "quote": entry["quote"],
        "caveat": joined(caveats), "caveat_priority": joined(caveats, "priority"),
        "caveats": entry["caveats"],  # as declared: caveats.csv lists them one a row, " | " inside a text is text
    }


def _quote_problems(where: str, entry_id: str, entry: dict, report: Report, *, section_ok: bool) -> list[Problem]:
    """The quote stands whole in one paragraph of the report, in the section the entry names."""
    quote = entry["quote"]
    problem = lambda field, msg: [Problem(where, entry_id, field, msg)]  # noqa: E731
    if marker_inside_number(quote):
        return problem("quote", "a footnote marker or '*' inside a number is not a verbatim quote")
    paragraphs = report.find_quotes(quote)
    if not paragraphs:
        if report.contains(quote):
            return problem("quote", "spans two paragraphs of the report; quote a passage within one paragraph")
        return problem("quote", "not found in the report text (compared after removing footnote markers and "
                                "page breaks)")
    sections = [para.section for para in paragraphs]
    if section_ok and entry["section"] not in sections:
        return problem("section", f"the quote stands in section {brief(sections[0])}, not {brief(entry['section'])}")
    return []


_NUMBER_TOKEN_RE = re.compile(r"[0-9]{1,3}(?:,\s?[0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?")


_MARKER_IN_NUMBER_RE = re.compile(rf"[0-9][,.]?(?:[{SUPERSCRIPT_DIGITS}]+|\^\{{[^}}]*\}}|\*+)[,.]?[0-9]")


def marker_inside_number(text: str) -> bool:
    """True when a footnote marker or emphasis star splits a number ("1²00", "1,*200").

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    return bool(_MARKER_IN_NUMBER_RE.search(text))


def phrase_in_quote(phrase: str, quote: str) -> bool:
    """The phrase stands in the quote as whole words and whole number tokens: "200" is not in "1,200".

    Parameters
    ----------
    phrase, quote : str

    Returns
    -------
    bool
    """
    if not phrase:
        return False
    tokens = [m.span() for m in _NUMBER_TOKEN_RE.finditer(quote)]
    at = quote.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        cuts_word = ((at > 0 and quote[at - 1].isalnum() and phrase[0].isalnum())
                     or (end < len(quote) and quote[end].isalnum() and phrase[-1].isalnum()))
        cuts_number = any(s < at < e or s < end < e for s, e in tokens)
        if not cuts_word and not cuts_number:
            return True
        at = quote.find(phrase, at + 1)
    return False


def load_register(path: Path | None = None, *, vocab: Vocabulary, sources: list[dict],
                  report: Report) -> tuple[list[dict], list[Problem]]:
    """Read ``figures.yml`` and check every entry; returns rows and every problem found.

    Parameters
    ----------
    path : Path, optional
        The register file (default: the project's ``figures.yml``).
    vocab : Vocabulary
    sources : list of dict
    report : Report

    Returns
    -------
    tuple of (list of dict, list of Problem)
    """
    path = Path(path or paths.REGISTER_FILE)
    where = str(path)
    items, problems = read_yaml(path, "figures")
    if problems:
        return [], problems
    pairs, problems = entries(where, items)
    by_id = {s["id"]: s for s in sources}
    rows = []
    for entry_id, entry in pairs:
        row, found = check_figure(where, entry_id, entry, vocab=vocab, sources=by_id, report=report)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems


@dataclass(frozen=True)
class Register:
    """The checked register: figure rows, source rows and the vocabulary.

    Parameters
    ----------
    figures, sources : list of dict
        The figure rows and the source rows.
    vocabulary : Vocabulary
    report : Report
    path, sources_path : str, default ""
        The register and sources files read, so later checks name them in their problems.
    """

    figures: list[dict]
    sources: list[dict]
    vocabulary: Vocabulary
    report: Report
    path: str = ""  # the register file read, so later checks name it in their problems
    sources_path: str = ""


def read_all(register: Path | None = None, sources: Path | None = None,
             vocabulary: Path | None = None, report: Path | None = None, *, rules: bool = True) -> Register:
    """Read and check every raw input; raise ``ValidationFailed`` listing every problem.

    With ``rules`` (the default), the checked register then obeys ``rules.register_problems`` too: ids,
    duplicates, time and place of each figure, and the audit's accounting of the report's numbers.

    Parameters
    ----------
    register, sources, vocabulary, report : Path, optional
        The input files (default: the project's).
    rules : bool, default True
        Apply ``rules.register_problems`` too.

    Returns
    -------
    Register

    Raises
    ------
    ValidationFailed
        Listing every problem; a ``FingerprintError`` when the report's bytes changed.
    """
    report_path = Path(report or paths.REPORT_FILE)
    # A changed report would make every quote check meaningless: stop before reading the rest.
    raise_if_any(fingerprint_problems(report_path))
    the_report = load_report(report_path)
    problems: list[Problem] = []
    vocab, found = load_vocabulary(vocabulary)
    problems += found
    source_rows, found = load_sources(sources, report=the_report)
    problems += found
    figure_rows: list[dict] = []
    if vocab is not None:
        figure_rows, found = load_register(register, vocab=vocab, sources=source_rows, report=the_report)
        problems += found
    sources_where = str(sources or paths.SOURCES_FILE)
    problems += [p for row in source_rows for p in text_problems(sources_where, row["id"], row)]
    raise_if_any(problems)
    checked = Register(figure_rows, source_rows, vocab, the_report, str(register or paths.REGISTER_FILE),
                       sources_where)
    if rules:
        raise_if_any(register_problems(checked))
    return checked
