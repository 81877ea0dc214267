"""Rules of the ids and keys every input is made of, whatever table it feeds. Stage 3.

The rules of ``register.rules`` that compare names and keys, not words (their classes keep its numbering):

4. identity: ids are ASCII snake_case and no two collide once NFKC, case folding and
   visually confusable characters (``confusable_homoglyphs``) are set aside; every name a
   declaration uses matches something;
5. duplicates: no two rows share a key; rows stating the same value, period, indicator and
   origin in other words are near-duplicates, flagged (``near_duplicates``: warnings, never
   refused), and each declared repeat still names one.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

from ..inputs.errors import Problem, brief

ASCII_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")

# ---------------------------------------------------------------- class 4: identity

@functools.lru_cache(maxsize=1)
def _confusables_text() -> str:
    """The Unicode confusables data: the file ``confusable_homoglyphs.confusables`` loads, read as that module
    reads it, without the module's own imports of urllib and the script categories, which the build does not
    use."""
    import os
    from importlib.util import find_spec
    package = os.path.dirname(find_spec("confusable_homoglyphs").origin)
    with open(os.path.join(os.environ.get("CONFUSABLE_DATA", package), "confusables.json"), encoding="utf-8") as file:
        return file.read()


def _both_ways(entries) -> dict[str, frozenset[str]]:
    """Each character -> the characters it is confusable with, both ways, from (character, glyphs) entries."""
    found: dict[str, set[str]] = {}
    for char, glyphs in entries:
        for glyph in glyphs:
            other = glyph["c"].strip("\u200e")
            if len(char) == 1 and len(other) == 1:
                found.setdefault(char, set()).add(other)
                found.setdefault(other, set()).add(char)
    return {c: frozenset(v) for c, v in found.items()}


@functools.lru_cache(maxsize=1)
def _look_alikes() -> dict[str, frozenset[str]]:
    """Each character -> the characters it is confusable with, both ways (the whole confusables data)."""
    import json
    return _both_ways(json.loads(_confusables_text()).items())


# The characters an id is written in once case-folded, and every character whose case folding is one ASCII letter
# or digit: the only glyphs ``_shape`` keeps (a test checks the two outside ASCII against every code point).
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_FOLD_TO_ASCII = "\u017f\u212a"  # LATIN SMALL LETTER LONG S (s), KELVIN SIGN (k)
# An entry of the data keyed by one of them (the file writes every character outside ASCII as \uXXXX).
_ID_ENTRY = re.compile('"([A-Za-z0-9_]|' + "|".join(rf"\\u{ord(c):04x}" for c in _FOLD_TO_ASCII) + r')": \[')


@functools.lru_cache(maxsize=1)
def _id_look_alikes() -> dict[str, frozenset[str]]:
    """``_look_alikes`` as far as ``_shape`` reads it for the characters of an id (``_ID_CHARS``): only the
    entries keyed by an ASCII letter, digit or underscore or by a character folding to one, read from the data
    where they stand (a tenth of the time of reading it all). A glyph an entry of another character lists is
    one ``_shape`` would drop (its case folding is no ASCII letter or digit). The whole data is read instead
    when no such entry is found."""
    import json
    text, decoder = _confusables_text(), json.JSONDecoder()
    entries = [(json.loads(f'"{m.group(1)}"'), decoder.raw_decode(text, m.end() - 1)[0])
               for m in _ID_ENTRY.finditer(text)]
    return _both_ways(entries) if entries else _look_alikes()


@functools.lru_cache(maxsize=4096)
def _shape(c: str) -> str:
    """One character as it looks: the ASCII letter or digit it is confusable with, if any (the lowest, so
    'l', '1' and 'I' agree), else itself. Characters are compared in either case ('o' looks like 'O', which
    looks like '0')."""
    alikes = _id_look_alikes() if c in _ID_CHARS else _look_alikes()
    candidates = {c} | {g.casefold() for form in {c, c.upper()} for g in alikes.get(form, ())
                        if len(g.casefold()) == 1}
    plain = sorted(x for x in candidates if x.isascii() and x.isalnum())
    return plain[0] if plain else c


def skeleton(text: str) -> str:
    """What an id looks like: NFKC, case-folded, each confusable character replaced by the ASCII letter or
    digit it looks like ("sex_workers_l992" and "sex_workers_1992" have one skeleton).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return "".join(_shape(c) for c in folded)


def identity_problems(where: str, ids: Iterable[str], field: str = "id") -> list[Problem]:
    """Every id ASCII snake_case; no two ids of one input with the same skeleton.

    Parameters
    ----------
    where : str
        The input's path.
    ids : iterable of str
        Its ids, in order (a look-alike is named against the first).
    field : str, default "id"

    Returns
    -------
    list of Problem
    """
    problems, seen = [], {}
    for entry in ids:
        if not ASCII_ID_RE.match(entry):
            problems.append(Problem(where, entry, field, "an id must be ASCII snake_case: a-z, 0-9 and _, "
                                                        "starting with a letter"))
        shape = skeleton(entry)
        if shape in seen and seen[shape] != entry:
            problems.append(Problem(where, entry, field, f"looks like the id {brief(seen[shape])} (same letters "
                                                        "once case, width and look-alike characters are set aside)"))
        seen.setdefault(shape, entry)
    return problems


_ID_YEAR = re.compile(r"(?:^|_)((?:19|20)[0-9]{2})(?=_|$)")


def id_period_problems(where: str, rows: Iterable[tuple[str, str | None, str | None]]) -> list[Problem]:
    """An id that prints years names the period of its row: the period begins in the first year the id prints
    and ends in the last, or later only when the id says 'since' ('migrant_workers_sent_abroad_since_1998').
    A row moved to another period under an id that still prints the old one tells a reader two dates.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    rows : iterable of (str, str or None, str or None)
        Each row's id and its period's first and last day (ISO 8601; None for an undated row).

    Returns
    -------
    list of Problem
    """
    problems = []
    for entry, start, end in rows:
        years = [int(y) for y in _ID_YEAR.findall(entry)]
        if not years or not start or not end:
            continue
        first, last, since = min(years), max(years), "_since_" in f"_{entry}_"
        if int(start[:4]) != first or int(end[:4]) < last or (int(end[:4]) > last and not since):
            problems.append(Problem(where, entry, "period", f"{start[:4]}..{end[:4]}, but its id names "
                                    f"{first}..{'' if since else last}: an id's years are its period's"))
    return problems


def names_problems(where: str, entry: str, field: str, names: Iterable[str], known: Iterable[str],
                   what: str) -> list[Problem]:
    """Every name a declaration uses matches something: a name matching nothing is an error, never an
    empty group.

    Parameters
    ----------
    where, entry, field : str
        Where the names are declared.
    names : iterable of str
        The names used.
    known : iterable of str
        The names that exist.
    what : str
        What a name should match, as the message words it ("indicator").

    Returns
    -------
    list of Problem
    """
    known = set(known)
    return [Problem(where, entry, field, f"{brief(name)} matches no {what}") for name in names
            if name not in known]


# ---------------------------------------------------------------- class 5: duplicates

def duplicate_problems(where: str, rows: Iterable[tuple[str, tuple]], field: str) -> list[Problem]:
    """No two rows share a key: each (entry, key) whose key an earlier row already had is a problem.

    Parameters
    ----------
    where : str
        The input's path.
    rows : iterable of (str, tuple)
        Each row's entry and key, in order.
    field : str
        The field a repeat is reported on.

    Returns
    -------
    list of Problem
    """
    problems, first = [], {}
    for entry, key in rows:
        if key in first:
            problems.append(Problem(where, entry, field, f"repeats the key of {first[key]}: "
                                                         f"{', '.join(brief(k, 30) for k in key)}"))
        else:
            first[key] = entry
    return problems


def near_duplicates(where: str, rows: Iterable[tuple[str, tuple]], field: str = "value",
                    reviewed: Mapping[str, str] | None = None) -> list[Problem]:
    """Rows stating the same value, period, indicator and origin (``key``) in other words or under another id:
    one count relayed twice, never two counts that agree. Each (entry, key) whose key an earlier row had is a
    finding for a warning (``inputs.errors.warn_all``), not a refusal; a key missing its value or its period
    (no period stated) matches nothing. ``reviewed`` (entry -> the earlier entry it repeats, as a source
    declares under ``repeats``) silences the findings a researcher has looked at; ``stale_repeats`` checks
    that each still names a near-duplicate.

    Parameters
    ----------
    where : str
        The input's path.
    rows : iterable of (str, tuple)
        Each row's entry and key (value, period, indicator, origin), in order.
    field : str, default "value"
    reviewed : mapping of str to str, optional
        Declared repeats: entry -> the earlier entry it repeats.

    Returns
    -------
    list of Problem
        Findings for a warning, never a refusal.
    """
    found, first, reviewed = [], {}, reviewed or {}
    for entry, key in rows:
        if any(part is None or part != part or part == "" for part in key):
            continue
        if key in first and reviewed.get(entry) != first[key]:
            shown = ", ".join(f"{k:g}" if isinstance(k, float) else brief(k, 30) for k in key)
            found.append(Problem(where, entry, field, f"near-duplicate of {first[key]}: the same value, period, "
                                                      f"indicator and origin ({shown}) in other words; one count "
                                                      "relayed twice is never corroboration"))
        first.setdefault(key, entry)
    return found


def stale_repeats(where: str, rows: Iterable[tuple[str, tuple]], reviewed: Mapping[str, str]) -> list[Problem]:
    """Each declared repeat (entry -> the earlier entry it repeats) names two rows of the table stating the
    same value, period, indicator and origin, the earlier first: a declaration that no longer holds (a row
    gone, or corrected) is refused rather than left to silence a warning it was not written for.

    Parameters
    ----------
    where : str
        The declaration's path.
    rows : iterable of (str, tuple)
        Each row's entry and key, in table order.
    reviewed : mapping of str to str
        Declared repeats: entry -> the earlier entry it repeats.

    Returns
    -------
    list of Problem
    """
    keys = {entry: key for entry, key in rows}
    order = {entry: i for i, entry in enumerate(keys)}
    problems = []
    for entry, of in reviewed.items():
        if entry not in keys or of not in keys:
            missing = entry if entry not in keys else of
            problems.append(Problem(where, entry, "repeats", f"names the row {brief(missing, 60)}, which the "
                                                             "data file does not have"))
        elif keys[entry] != keys[of] or order[of] > order[entry]:
            problems.append(Problem(where, entry, "repeats", f"declared to repeat {of}, but it does not state the "
                                                             "same value, period, indicator and origin after it"))
    return problems
