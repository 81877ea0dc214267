"""The hand-curated register, read and checked. Stage 3.

The register (``data/raw/figures.yml``) holds the report's words, never a typed
number: each entry quotes a sentence and the number phrase inside it, and this
module parses the phrase. Every problem in every file is collected and reported
at once as ``PATH: ENTRY: FIELD: message``; nothing is returned half-checked.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inputs import paths
from ..inputs.errors import Problem, brief, raise_if_any
from ..inputs.fingerprint import fingerprint_problems
from ..inputs.reading import MAX_INPUT_BYTES, parse_yaml, read_text
from .caveats import joined, read_caveats
from ..source.parse import ParseError, parse_phrase
from ..source.reader import SUPERSCRIPT_DIGITS, Report, load_report, normalise

ID_RE = re.compile(r"^[a-z][a-z0-9_]{2,79}$")
PERIOD_BASES = ("stated", "inferred", "none")
SOURCE_KINDS = ("report_itself", "government_report", "survey", "database", "field_study",
                "situation_report", "needs_assessment", "development_plan", "project_paper", "secondary")

FIGURE_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "indicator": (str,), "quote": (str,), "phrase": (str,), "unit": (str,),
    "geography": (str,), "period": (str, type(None)), "period_basis": (str,), "source": (str,),
    "footnote": (int, type(None)), "section": (str,), "caveats": (list,),
}
OPTIONAL_FIGURE_FIELDS: dict[str, tuple[type, ...]] = {"actor": (str,)}
SOURCE_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "footnotes": (list,), "author": (str,), "year": (int,), "title": (str, type(None)),
    "citation": (str,), "kind": (str,),
}
OPTIONAL_SOURCE_FIELDS: dict[str, tuple[type, ...]] = {"pages": (str,), "note": (str,)}


# ---------------------------------------------------------------- file level

def read_yaml(path: Path, top_key: str) -> tuple[Any, list[Problem]]:
    """Safe-load a YAML file and return ``data[top_key]``, or the problems that stop it."""
    parts, problems = read_yaml_keys(path, (top_key,))
    return (parts[top_key] if parts else None), problems


def read_yaml_keys(path: Path, top_keys: tuple[str, ...]) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Load a YAML file once (``reading.load_yaml``) and return its ``top_keys`` sections, or the problems."""
    where = str(path)
    text, problems = read_text(path, MAX_INPUT_BYTES)
    if problems:
        return None, problems
    if not text.strip():
        return None, [Problem(where, "(file)", top_keys[0], "file is empty")]
    loaded, problems = parse_yaml(text, path)
    if problems:
        return None, problems
    for key in top_keys:
        if not isinstance(loaded, dict) or key not in loaded:
            return None, [Problem(where, "(file)", key, f"expected a mapping with a '{key}' key at the top")]
        if not isinstance(loaded[key], (list, dict)):
            return None, [Problem(where, "(file)", key, f"'{key}' must be a list or mapping")]
    return {key: loaded[key] for key in top_keys}, []


def check_fields(where: str, entry_id: str, entry: dict, required: dict, optional: dict) -> list[Problem]:
    """Missing, unknown and wrongly typed fields of one entry."""
    problems = []
    for name, types in required.items():
        if name not in entry:
            problems.append(Problem(where, entry_id, name, "missing required field"))
        elif not isinstance(entry[name], types) or isinstance(entry[name], bool):
            problems.append(Problem(where, entry_id, name, f"expected {_type_names(types)}, "
                                    f"found {type(entry[name]).__name__} {brief(entry[name])}"))
    for name, value in entry.items():
        if name in optional:
            if not isinstance(value, optional[name]):
                problems.append(Problem(where, entry_id, name,
                                        f"expected {_type_names(optional[name])}, found {type(value).__name__}"))
        elif name not in required:
            problems.append(Problem(where, entry_id, brief(name, 40).strip("'"), "unknown field"))
    return problems


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", list: "a list", type(None): "null", float: "a number"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def entries(where: str, items: Any) -> tuple[list[tuple[str, dict]], list[Problem]]:
    """(entry id, entry) pairs; entries that are not mappings, and repeated ids, are problems."""
    out, problems, seen = [], [], set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            problems.append(Problem(where, f"#{i + 1}", "(entry)", f"expected a mapping, found {type(item).__name__}"))
            continue
        raw_id = item.get("id")
        entry_id = raw_id if isinstance(raw_id, str) and raw_id and len(raw_id) <= 200 and raw_id.isprintable() \
            else f"#{i + 1}"
        if entry_id in seen:
            problems.append(Problem(where, entry_id, "id", "duplicate id"))
        seen.add(entry_id)
        out.append((entry_id, item))
    if not isinstance(items, list):
        problems.append(Problem(where, "(file)", "(entries)", "expected a list of entries"))
    return out, problems


# ---------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class Vocabulary:
    """The documented controlled vocabularies: indicators (with topic and unit), units, topics, geographies."""

    indicators: dict[str, dict]
    units: dict[str, str]
    topics: dict[str, str]
    geographies: dict[str, str]


def load_vocabulary(path: Path | None = None) -> tuple[Vocabulary | None, list[Problem]]:
    """Read ``vocabulary.yml``; every indicator must name a known topic and unit."""
    path = Path(path or paths.VOCABULARY_FILE)
    where = str(path)
    problems: list[Problem] = []
    parts, found = read_yaml_keys(path, ("indicators", "units", "topics", "geographies"))
    if found:
        return None, found
    for key, part in parts.items():
        if not isinstance(part, dict):
            problems.append(Problem(where, key, "(entries)", "expected a mapping"))
            parts[key] = {}
    valid = {}
    for name, spec in parts["indicators"].items():
        at = f"indicators.{brief(name, 80).strip(chr(39))}"
        if not isinstance(spec, dict):
            problems.append(Problem(where, at, "(entry)", "expected a mapping"))
            continue
        found = check_fields(where, at, spec, {"topic": (str,), "unit": (str,), "description": (str,)}, {})
        if isinstance(spec.get("topic"), str) and spec["topic"] not in parts["topics"]:
            found.append(Problem(where, at, "topic", f"unknown topic {brief(spec['topic'])}"))
        if isinstance(spec.get("unit"), str) and spec["unit"] not in parts["units"]:
            found.append(Problem(where, at, "unit", f"unknown unit {brief(spec['unit'])}"))
        problems += found
        if not found:  # later checks read only indicators that passed
            valid[name] = spec
    parts["indicators"] = valid
    return Vocabulary(**parts), problems


# ---------------------------------------------------------------- sources

def load_sources(path: Path | None = None, report: Report | None = None) -> tuple[list[dict], list[Problem]]:
    """Read ``sources.yml``: unique ids, known kinds, each citation found in the report."""
    path = Path(path or paths.SOURCES_FILE)
    where = str(path)
    items, problems = read_yaml(path, "sources")
    if problems:
        return [], problems
    pairs, problems = entries(where, items)
    report = report or load_report()
    rows, claimed = [], {}
    for entry_id, entry in pairs:
        found = check_fields(where, entry_id, entry, SOURCE_FIELDS, OPTIONAL_SOURCE_FIELDS)
        problems += found
        if isinstance(entry.get("kind"), str) and entry["kind"] not in SOURCE_KINDS:
            problems.append(Problem(where, entry_id, "kind", f"unknown kind {brief(entry['kind'])}; expected one of {', '.join(SOURCE_KINDS)}"))
        problems += _footnote_problems(where, entry_id, entry.get("footnotes"), report, claimed)
        citation = entry.get("citation")
        if isinstance(citation, str) and not _citation_in_report(citation, report):
            problems.append(Problem(where, entry_id, "citation", "not found verbatim in the report (footnotes or text)"))
        if not found:
            rows.append(entry)
    citations = {entry_id: e.get("citation") for entry_id, e in pairs if isinstance(e.get("citation"), str)}
    problems += _shared_footnotes(where, claimed, citations, report)
    return rows, problems


def _footnote_problems(where: str, entry_id: str, footnotes: Any, report: Report, claimed: dict) -> list[Problem]:
    """Each footnote is in the report; ``claimed`` collects number -> [source ids] for ``_shared_footnotes``."""
    problems = []
    for n in footnotes if isinstance(footnotes, list) else []:
        if not isinstance(n, int) or isinstance(n, bool) or n not in report.footnotes:
            problems.append(Problem(where, entry_id, "footnotes", f"footnote {brief(n)} is not in the report"))
        elif entry_id in claimed.setdefault(n, []):
            problems.append(Problem(where, entry_id, "footnotes", f"footnote {n} is listed twice"))
        else:
            claimed[n].append(entry_id)
    return problems


def _shared_footnotes(where: str, claimed: dict, citations: dict, report: Report) -> list[Problem]:
    """Two sources may claim one footnote only when each one's own citation stands in that footnote."""
    problems = []
    for n, ids in claimed.items():
        if len(ids) < 2:
            continue
        body = normalise(report.footnotes[n])
        for i, entry_id in enumerate(ids):
            citation = normalise(citations.get(entry_id) or "")
            same = [other for other in ids[:i] if normalise(citations.get(other) or "") == citation]
            if not citation or citation not in body or same:
                others = ", ".join(x for x in ids if x != entry_id)
                problems.append(Problem(where, entry_id, "footnotes",
                                        f"footnote {n} is also claimed by {others}; a source may share a footnote "
                                        "only when its own, different citation stands in it"))
    return problems


def _citation_in_report(citation: str, report: Report) -> bool:
    needle = normalise(citation)
    return bool(needle) and any(needle in h for h in report.citation_texts)


# ---------------------------------------------------------------- figures

def parse_period(text: str | None) -> tuple[str | None, str | None]:
    """'2003' -> 2003-01-01..2003-12-31; 'YYYY-MM/YYYY-MM'; 'YYYY-MM-DD/YYYY-MM-DD'; 'YYYY/YYYY'; None -> no period."""
    if text is None:
        return None, None
    parts = str(text).split("/")
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2:
        raise ValueError(f"cannot read period {brief(text)}: expected 'YYYY', 'YYYY-MM/YYYY-MM' or 'YYYY-MM-DD/YYYY-MM-DD'")
    return _date(parts[0].strip(), first=True, whole=text), _date(parts[1].strip(), first=False, whole=text)


def _date(part: str, *, first: bool, whole: str) -> str:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
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


def check_figure(where: str, entry_id: str, entry: dict, *, vocab: Vocabulary, sources: dict[str, dict],
                 report: Report) -> tuple[dict | None, list[Problem]]:
    """Check one register entry against the vocabulary, sources and report; build its row."""
    problems = check_fields(where, entry_id, entry, FIGURE_FIELDS, OPTIONAL_FIGURE_FIELDS)
    bad = {p.field for p in problems}
    p = lambda field, msg: problems.append(Problem(where, entry_id, field, msg))  # noqa: E731

    if "id" not in bad and not ID_RE.match(entry["id"]):
        p("id", "must be snake_case: lower-case letters, digits and _, 3-80 characters, starting with a letter")
    spec = None
    if "indicator" not in bad:
        spec = vocab.indicators.get(entry["indicator"])
        if spec is None:
            p("indicator", f"unknown indicator {brief(entry['indicator'])} (see vocabulary.yml)")
    if "unit" not in bad:
        if entry["unit"] not in vocab.units:
            p("unit", f"unknown unit {brief(entry['unit'])} (see vocabulary.yml)")
        elif spec and spec.get("unit") != entry["unit"]:
            p("unit", f"indicator {brief(entry['indicator'])} is measured in {spec.get('unit')}, not {entry['unit']}")
    if "geography" not in bad and entry["geography"] not in vocab.geographies:
        p("geography", f"unknown geography {brief(entry['geography'])} (see vocabulary.yml)")
    if "source" not in bad:
        source = sources.get(entry["source"])
        if source is None:
            p("source", f"unknown source id {brief(entry['source'])}")
        elif "footnote" not in bad and entry["footnote"] is not None and entry["footnote"] not in source.get("footnotes", []):
            p("footnote", f"footnote {entry['footnote']} does not belong to source {brief(entry['source'])}")
    if "footnote" not in bad and entry["footnote"] is not None and entry["footnote"] not in report.footnotes:
        p("footnote", f"footnote {entry['footnote']} is not in the report")
    if "section" not in bad and entry["section"] not in report.section_ids():
        p("section", f"unknown section {brief(entry['section'])}")
    if "period_basis" not in bad and entry["period_basis"] not in PERIOD_BASES:
        p("period_basis", f"expected one of {', '.join(PERIOD_BASES)}")
    caveats, found = read_caveats(where, entry_id, "caveats", entry["caveats"]) if "caveats" not in bad else ([], [])
    problems += found

    start = end = None
    if "period" not in bad:
        try:
            start, end = parse_period(entry["period"])
        except ValueError as exc:
            p("period", str(exc))
        if start and end and start > end:
            p("period", f"period ends ({end}) before it starts ({start})")
        basis = entry.get("period_basis")
        if isinstance(basis, str) and (entry["period"] is None) != (basis == "none"):
            p("period_basis", "must be 'none' exactly when period is null")

    if "quote" not in bad:
        problems += _quote_problems(where, entry_id, entry, report, section_ok="section" not in bad)
    parsed = None
    if "phrase" not in bad:
        if "quote" not in bad and not phrase_in_quote(normalise(entry["phrase"]), normalise(entry["quote"])):
            p("phrase", f"{brief(entry['phrase'])} does not occur in the quote as whole words and numbers")
        if marker_inside_number(entry["phrase"]):
            p("phrase", "a footnote marker or '*' inside a number is not a verbatim quote")
        try:
            parsed = parse_phrase(normalise(entry["phrase"]))
        except ParseError as exc:
            p("phrase", str(exc))
    if parsed is not None and "unit" not in bad:
        problems += _unit_problems(where, entry_id, entry["unit"], parsed)

    if problems:
        return None, problems
    return {
        "figure_id": entry["id"], "topic": spec["topic"], "indicator": entry["indicator"],
        "value": parsed.value, "low": parsed.low, "high": parsed.high, "unit": entry["unit"],
        "period_start": start, "period_end": end, "period_basis": entry["period_basis"],
        "geography": entry["geography"], "qualifier": parsed.qualifier, "kind": parsed.kind,
        "source_id": entry["source"], "footnote": entry["footnote"], "section": entry["section"],
        "actor": entry.get("actor"), "phrase": entry["phrase"], "quote": entry["quote"],
        "caveat": joined(caveats), "caveat_priority": joined(caveats, "priority"),
    }, []


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
    """True when a footnote marker or emphasis star splits a number ("1²00", "1,*200")."""
    return bool(_MARKER_IN_NUMBER_RE.search(text))


def phrase_in_quote(phrase: str, quote: str) -> bool:
    """The phrase stands in the quote as whole words and whole number tokens: "200" is not in "1,200"."""
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


def _unit_problems(where: str, entry_id: str, unit: str, parsed) -> list[Problem]:
    """A percentage or fraction must be a share, a relative change a ratio, anything else a count."""
    expected = {"share": "share", "ratio": "ratio"}.get(unit, "count")
    if parsed.kind != expected:
        return [Problem(where, entry_id, "unit", f"the phrase reads as a {parsed.kind} but the unit is '{unit}'")]
    return []


def load_register(path: Path | None = None, *, vocab: Vocabulary, sources: list[dict],
                  report: Report) -> tuple[list[dict], list[Problem]]:
    """Read ``figures.yml`` and check every entry; returns rows and every problem found."""
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
    """The checked register: figure rows, source rows and the vocabulary."""

    figures: list[dict]
    sources: list[dict]
    vocabulary: Vocabulary
    report: Report
    path: str = ""  # the register file read, so later checks name it in their problems


def read_all(register: Path | None = None, sources: Path | None = None,
             vocabulary: Path | None = None, report: Path | None = None) -> Register:
    """Read and check every raw input; raise ``ValidationFailed`` listing every problem."""
    report_path = Path(report or paths.REPORT_FILE)
    # A changed report would make every quote check meaningless: stop before reading the rest.
    raise_if_any(fingerprint_problems(report_path))
    the_report = load_report(report_path)
    problems: list[Problem] = []
    vocab, found = load_vocabulary(vocabulary)
    problems += found
    source_rows, found = load_sources(sources, the_report)
    problems += found
    figure_rows: list[dict] = []
    if vocab is not None:
        figure_rows, found = load_register(register, vocab=vocab, sources=source_rows, report=the_report)
        problems += found
    raise_if_any(problems)
    return Register(figure_rows, source_rows, vocab, the_report, str(register or paths.REGISTER_FILE))
