"""The hand-curated register, read and checked.

The register (``data/raw/figures.yml``) holds the report's words, never a typed
number: each entry quotes a sentence and the number phrase inside it, and this
module parses the phrase. Every problem in every file is collected and reported
at once as ``PATH: ENTRY: FIELD: message``; nothing is returned half-checked.
"""
from __future__ import annotations

import functools
import operator
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from ..inputs import paths
from ..inputs.errors import Problem, brief
from ..inputs.reading import MAX_INPUT_BYTES, load_yaml
from ..source.reader import Report, normalise
from .actors import read_actors
from .source_words import claimed_footnote_problems, source_report_problems, source_word_problems

ID_RE = re.compile(r"^[a-z][a-z0-9_]{2,79}$")
SOURCE_KINDS = ("report_itself", "government_report", "survey", "database", "field_study",
                "situation_report", "needs_assessment", "development_plan", "project_paper", "secondary")



# ---------------------------------------------------------------- file level

def read_yaml(path: Path, top_key: str) -> tuple[Any, list[Problem]]:
    """Safe-load a YAML file and return ``data[top_key]``, or the problems that stop it.

    Parameters
    ----------
    path : Path
        The YAML input.
    top_key : str
        The key of the section returned.

    Returns
    -------
    tuple of (object, list of Problem)
        The section and no problem, or None and the problems.
    """
    parts, problems = read_yaml_keys(path, (top_key,))
    return (parts[top_key] if parts else None), problems


def read_yaml_keys(path: Path, top_keys: tuple[str, ...],
                   optional: tuple[str, ...] = ()) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Load a YAML file once (``reading.load_yaml``) and return its ``top_keys`` sections, or the problems.

    Parameters
    ----------
    path : Path
        The YAML input.
    top_keys : tuple of str
        The keys every one of which the file must hold at its top.
    optional : tuple of str, default ()
        Keys the file may hold at its top (an empty mapping when it does not).

    Returns
    -------
    tuple of (dict or None, list of Problem)
        The sections by key and no problem, or None and the problems.
    """
    where = str(path)
    loaded, problems = load_yaml(path, MAX_INPUT_BYTES)
    if problems:
        return None, problems
    if loaded is None:
        return None, [Problem(where, "(file)", top_keys[0], "file is empty")]
    for key in top_keys:
        if not isinstance(loaded, dict) or key not in loaded:
            return None, [Problem(where, "(file)", key, f"expected a mapping with a '{key}' key at the top")]
        if not isinstance(loaded[key], (list, dict)):
            return None, [Problem(where, "(file)", key, f"'{key}' must be a list or mapping")]
    return {**{key: loaded[key] for key in top_keys}, **{key: loaded.get(key, {}) for key in optional}}, []


class Entry(BaseModel):
    """A YAML entry declared as a model.

    Each field of its declared types, strictly (text is not a number, ``true`` is not 1, nothing coerced), and no
    field it does not declare. The models say which fields are wrong; ``model_problems`` words each as ``PATH:
    ENTRY: FIELD: message``, all at once."""

    model_config = ConfigDict(extra="forbid", strict=True)


@functools.lru_cache(maxsize=64)
def _model(required: tuple, optional: tuple) -> type[Entry]:
    """The model of an entry with these (name, types) fields: the required ones, then the optional ones."""
    kind = lambda types: functools.reduce(operator.or_, types)  # noqa: E731
    fields = {**{name: (kind(types), ...) for name, types in required},
              **{name: (kind(types), None) for name, types in optional}}
    return create_model("Entry", __base__=Entry, **fields)


def entry_model(required: dict, optional: dict) -> type[Entry]:
    """The ``Entry`` model declaring ``required`` and ``optional`` fields.

    Each a tuple of types (for entries whose field names are not Python names, such as a break's ``from``).

    Parameters
    ----------
    required, optional : dict of str to tuple of type
        Field name -> its allowed types.

    Returns
    -------
    type
        A subclass of ``Entry``.
    """
    return _model(tuple(required.items()), tuple(optional.items()))


def check_fields(where: str, entry_id: str, entry: dict, required: dict, optional: dict) -> list[Problem]:
    """Missing, unknown and wrongly typed fields of one entry, by its model (``entry_model``).

    Parameters
    ----------
    where : str
        The file, named in each problem.
    entry_id : str
        The entry's id, named in each problem.
    entry : dict
        The entry as read.
    required, optional : dict of str to tuple of type
        Field name -> its allowed types.

    Returns
    -------
    list of Problem
    """
    return model_problems(where, entry_id, entry, entry_model(required, optional))


def model_problems(where: str, entry_id: str, entry: dict, model: type[Entry]) -> list[Problem]:
    """One problem per field the model refuses.

    Missing, unknown or of another type than declared, in the order the model declares its required fields, then
    the order of the entry's own.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    entry_id : str
        The entry's id, named in each problem.
    entry : dict
        The entry as read.
    model : type
        A subclass of ``Entry``.

    Returns
    -------
    list of Problem
    """
    try:
        model.model_validate(entry)
        return []
    except ValidationError as refused:
        errors = refused.errors(include_url=False, include_context=False, include_input=False)
    fields, keys = model.model_fields, list(entry)
    required = [name for name, info in fields.items() if info.is_required()]
    order = lambda name: (required.index(name) if name in required  # noqa: E731
                          else len(required) + (keys.index(name) if name in keys else 0))
    problems = []
    for name in sorted(dict.fromkeys(e["loc"][0] for e in errors if e["loc"]), key=order):
        kinds = {e["type"] for e in errors if e["loc"] and e["loc"][0] == name}
        if "missing" in kinds:
            problems.append(Problem(where, entry_id, name, "missing required field"))
        elif name not in fields:
            problems.append(Problem(where, entry_id, brief(name, 40).strip("'"), "unknown field"))
        else:
            value = entry[name]
            found = f"found {type(value).__name__}" + (f" {brief(value)}" if name in required else "")
            problems.append(Problem(where, entry_id, name, f"expected {_type_names(fields[name].annotation)}, "
                                                           f"{found}"))
    return problems


def _type_names(annotation: Any) -> str:
    """A declared field's types in words: 'text or null'."""
    names = {str: "text", int: "a whole number", list: "a list", type(None): "null", float: "a number",
             bool: "true or false", dict: "a mapping"}
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return " or ".join(names.get(t, getattr(t, "__name__", str(t)))
                       for t in (typing.get_args(annotation) if union else (annotation,)))


class SourceEntry(Entry):
    """A source of ``sources.yml``: a work the report cites, by its footnotes and citation.

    Parameters
    ----------
    id : str
    footnotes : list
        The report's footnotes citing it.
    author : str
    year : int
    title : str or None
    citation, kind : str
        The citation as the report prints it, and the source's kind.
    pages, note : str, optional
    """

    id: str
    footnotes: list
    author: str
    year: int
    title: str | None
    citation: str
    kind: str
    pages: str = None
    note: str = None


class IndicatorEntry(Entry):
    """An indicator of ``vocabulary.yml``: its topic, unit and what it counts.

    Parameters
    ----------
    topic, unit : str
        Terms of the vocabulary.
    description : str
        What the indicator counts.
    named_by : list of str, optional
        Phrases any one of which names it in a quote (``register.subjects``); by default, the words of its name.
    """

    topic: str
    unit: str
    description: str
    named_by: list[str] | None = None


def entries(where: str, items: Any) -> tuple[list[tuple[str, dict]], list[Problem]]:
    """(entry id, entry) pairs; entries that are not mappings, and repeated ids, are problems.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    items : object
        The list (or mapping) of entries as read.

    Returns
    -------
    tuple of (list of (str, dict), list of Problem)
    """
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
    """The documented controlled vocabularies: indicators (with topic and unit), units, topics, geographies.

    Parameters
    ----------
    indicators : dict of str to dict
        Each indicator's topic, unit and description.
    units, topics, geographies : dict of str to str
        Each term's description.
    also_named : dict of str to tuple of str, optional
        Other words a source uses for a geography ('capital' for Phnom Penh): the place rule reads them as
        naming it.
    actors : dict of str to tuple of str, optional
        Each figure actor's names, any one of which names it in the report (``register.actors``).
    """

    indicators: dict[str, dict]
    units: dict[str, str]
    topics: dict[str, str]
    geographies: dict[str, str]
    also_named: dict[str, tuple[str, ...]] = field(default_factory=dict)
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def places(self) -> dict[str, tuple[str, ...]]:
        """Each geography and the other words that name it (the place rule's ``places``).

        Returns
        -------
        dict of str to tuple of str
        """
        return {name: self.also_named.get(name, ()) for name in self.geographies}


def load_vocabulary(path: Path | None = None) -> tuple[Vocabulary | None, list[Problem]]:
    """Read ``vocabulary.yml``; every indicator must name a known topic and unit.

    Parameters
    ----------
    path : Path, optional
        The vocabulary file (default: the project's ``vocabulary.yml``).

    Returns
    -------
    tuple of (Vocabulary or None, list of Problem)
    """
    path = Path(path or paths.VOCABULARY_FILE)
    where = str(path)
    problems: list[Problem] = []
    parts, found = read_yaml_keys(path, ("indicators", "units", "topics", "geographies"), ("also_named", "actors"))
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
        found = model_problems(where, at, spec, IndicatorEntry)
        if isinstance(spec.get("topic"), str) and spec["topic"] not in parts["topics"]:
            found.append(Problem(where, at, "topic", f"unknown topic {brief(spec['topic'])}"))
        if isinstance(spec.get("unit"), str) and spec["unit"] not in parts["units"]:
            found.append(Problem(where, at, "unit", f"unknown unit {brief(spec['unit'])}"))
        problems += found
        if not found:  # later checks read only indicators that passed
            valid[name] = spec
    parts["indicators"] = valid
    also, found = _also_named(path, parts.pop("also_named"), parts["geographies"])
    actors, named = read_actors(where, parts.pop("actors"))
    return Vocabulary(**parts, also_named=also, actors=actors), problems + found + named


def _also_named(path: Path, section, geographies: dict) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """The optional ``also_named`` section: GEOGRAPHY: [WORD, ...], each a known geography and each word text."""
    where = str(path)
    if not isinstance(section, dict):
        return {}, [Problem(where, "also_named", "(entries)", "expected a mapping GEOGRAPHY: [WORD, ...]")]
    also, problems = {}, []
    for name, words in section.items():
        at = f"also_named.{brief(name, 80).strip(chr(39))}"
        if name not in geographies:
            problems.append(Problem(where, at, "(key)", f"unknown geography {brief(name)}"))
        elif not (isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)):
            problems.append(Problem(where, at, "(words)", "expected a list of words naming the place"))
        else:
            also[name] = tuple(words)
    return also, problems


# ---------------------------------------------------------------- sources

def load_sources(path: Path | None = None, *, report: Report) -> tuple[list[dict], list[Problem]]:
    """Read ``sources.yml``: unique ids, known kinds, each citation found in the report, each title, year and author
    what its citation prints (``register.source_words``).

    Parameters
    ----------
    path : Path, optional
        The sources file (default: the project's ``sources.yml``).
    report : Report
        The report its citations are looked for in (keyword only, required).

    Returns
    -------
    tuple of (list of dict, list of Problem)
    """
    path = Path(path or paths.SOURCES_FILE)
    where = str(path)
    items, problems = read_yaml(path, "sources")
    if problems:
        return [], problems
    pairs, problems = entries(where, items)
    rows, claimed = [], {}
    for entry_id, entry in pairs:
        found = model_problems(where, entry_id, entry, SourceEntry)
        problems += found
        if isinstance(entry.get("kind"), str) and entry["kind"] not in SOURCE_KINDS:
            problems.append(Problem(where, entry_id, "kind", f"unknown kind {brief(entry['kind'])}; expected one of {', '.join(SOURCE_KINDS)}"))
        problems += _footnote_problems(where, entry_id, entry.get("footnotes"), report, claimed)
        citation = entry.get("citation")
        if isinstance(citation, str) and not _citation_in_report(citation, report):
            problems.append(Problem(where, entry_id, "citation", "not found verbatim in the report (footnotes or text)"))
        if not found:
            # title, year and author as its citation prints; the report's own title as its title page does
            problems += source_word_problems(where, entry_id, entry, title_page=report.title_page)
            problems += source_report_problems(where, entry_id, entry, report)
            rows.append(entry)
    citations = {entry_id: e.get("citation") for entry_id, e in pairs if isinstance(e.get("citation"), str)}
    problems += claimed_footnote_problems(where, claimed, citations, report)
    return rows, problems


def _footnote_problems(where: str, entry_id: str, footnotes: Any, report: Report, claimed: dict) -> list[Problem]:
    """Each footnote is in the report; ``claimed`` collects number -> [source ids] for
    ``source_words.claimed_footnote_problems``."""
    problems = []
    for n in footnotes if isinstance(footnotes, list) else []:
        if not isinstance(n, int) or isinstance(n, bool) or n not in report.footnotes:
            problems.append(Problem(where, entry_id, "footnotes", f"footnote {brief(n)} is not in the report"))
        elif entry_id in claimed.setdefault(n, []):
            problems.append(Problem(where, entry_id, "footnotes", f"footnote {n} is listed twice"))
        else:
            claimed[n].append(entry_id)
    return problems


def _citation_in_report(citation: str, report: Report) -> bool:
    needle = normalise(citation)
    return bool(needle) and any(needle in h for h in report.citation_texts)


# ---------------------------------------------------------------- figures
