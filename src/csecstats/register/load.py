"""The hand-curated register, read and checked.

The register (``data/raw/figures.yml``) holds the report's words, never a typed
number: each entry quotes a sentence and the number phrase inside it, and this
module parses the phrase. Every problem in every file is collected and reported
at once as ``PATH: ENTRY: FIELD: message``; nothing is returned half-checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inputs import paths
from ..inputs.errors import Problem, brief
from ..inputs.reading import MAX_INPUT_BYTES, parse_yaml, read_text
from ..source.reader import Report, load_report, normalise

ID_RE = re.compile(r"^[a-z][a-z0-9_]{2,79}$")
SOURCE_KINDS = ("report_itself", "government_report", "survey", "database", "field_study",
                "situation_report", "needs_assessment", "development_plan", "project_paper", "secondary")

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
