"""A declared row's lineage against its own words: where its place comes from when its quote names none, its
qualifier, its origin's date and what its method can measure; each problem named where the term is written
(``external_rows.yml``, the row's cell, or the declaration's ``lineage``).

The checks that need the row's lineage (its annotation or the declaration's terms) run once ``checked_rows`` has
read the file and ``analysis.external`` has joined each row to its lineage.
"""
from __future__ import annotations

from pathlib import Path

from ..inputs import paths, patterns
from ..inputs.errors import Problem, brief
from ..register.lineage import measures_problem
from ..register.places import COUNTRY, place_problem, places_named, unplaced
from ..register.qualifiers import qualifier_problem, round_word_problem
from ..register.subjects import definition_problem
from ..tables.sources import Source
from .external_rows import context_words, row_entry


def unplaced_problems(source: Source, raws: list[dict], notes: list[dict], geographies, *,
                      data: Path | None = None) -> list[Problem]:
    """A row whose quote and other words name no place (a press excerpt leaves it to the article) is placed by
    its lineage note: outside the country, the note must name the place (as ``register.rules.place_problem``
    reads a place), so a row's geography is never only typed.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read (text cells).
    notes : list of dict
        Each row's lineage (its ``note``), in order.
    geographies : collection of str, or mapping of str to list of str
        The vocabulary's places (with the other words naming each).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    where, problems = str(data or source.data), []
    annotations = source.spec["lineage"].get("annotations")
    home = f" (data/raw/{annotations})" if isinstance(annotations, str) else ""
    for raw, note in zip(raws, notes):
        geography = raw.get("geography") or COUNTRY
        if "quote" not in raw or geography == COUNTRY or not unplaced(raw["quote"], context_words(source.spec, raw),
                                                                      geographies):
            continue
        if place_problem(geography, "", context=note.get("note") or ""):
            problems.append(Problem(where, row_entry(source.spec, raw), "geography",
                                    f"{brief(geography)}: its quote and words name no place, and its lineage note"
                                    f"{home} does not name it either; say in the note where the number is from"))
    return problems


def term_problem(source: Source, term: str, raw: dict, row_id: str, message: str, *,
                 data: Path | None = None) -> Problem:
    """A problem with a row's lineage ``term`` (origin, qualifier, measures...), named where the term is written:
    the row's entry in ``external_rows.yml`` for an annotated table; the row's cell for a term read from a column
    or mapped from one; the declaration's ``lineage.TERM`` for a constant.

    Parameters
    ----------
    source : Source
    term : str
        The lineage term.
    raw : dict
        The data row as read (with its line number as ``_row``).
    row_id : str
        The row's id.
    message : str
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    Problem
    """
    if "annotations" in source.spec["lineage"]:
        return Problem(str(paths.EXTERNAL_ROWS_FILE), f"{source.spec['data']}: {row_id}", term, message)
    rule = source.spec["lineage"].get(term)
    column = (rule.get("column") or rule.get("by")) if isinstance(rule, dict) else None
    if column:
        return Problem(str(data or source.data), row_entry(source.spec, raw), column, message)
    return Problem(str(source.path), f"lineage.{term}", "(value)", message)


def origin_place_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], origins: dict[str, dict],
                          places, *, data: Path | None = None) -> list[Problem]:
    """A row rests on a study of its place: where an origin's ``counted`` names places ('Prostitutes (sex workers) in
    Phnom Penh, 1990-1993'), a row resting on it is of one of them, so the health ministry's national estimate never
    rests on the capital's early-1990s figures. Named where the row's origin is written.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``origin``), in order.
    ids : list of str
        Each row's id.
    origins : dict of str to dict
        The origins by id (each with what it ``counted``).
    places : collection of str, or mapping of str to list of str
        The vocabulary's places (with the other words naming each).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found, counted_in = [], {}  # each origin's places, read once
    for raw, note, row_id in zip(raws, notes, ids):
        origin = origins.get(note.get("origin") or "")
        if origin and raw.get("geography") and origin["id"] not in counted_in:
            counted_in[origin["id"]] = places_named(origin["counted"], places)
        named = counted_in.get(origin["id"], []) if origin and raw.get("geography") else []
        if named and raw["geography"] not in named:
            found.append(term_problem(source, "origin", raw, row_id, (
                f"{origin['id']}, which counted {brief(origin['counted'], 60)} ({', '.join(named)}), but the row is of "
                f"{raw['geography']}"), data=data))
    return found


def qualifier_problems(source: Source, raws: list[dict], rows: list[dict], notes: list[dict], ids: list[str], *,
                       data: Path | None = None) -> list[Problem]:
    """Each row's qualifier (its lineage's) against the words its quote prints before its value
    (``register.qualifiers.qualifier_problem``): 'over 400' is a lower bound, 'about 2,000' is not exact; and, in a
    file declaring both bounds, against the bounds it publishes (``PUBLISHED_BOUNDS``): a range has a low and a
    high, a lower bound a low only, an upper bound a high only, any other qualifier neither.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    rows : list of dict
        The same rows checked (values typed, columns renamed).
    notes : list of dict
        Each row's lineage (its ``qualifier``), in order.
    ids : list of str
        Each row's id (a qualifier annotated in ``external_rows.yml`` is named there, by id).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    column = (source.spec.get("bounds") or {}).get("value")
    if not column or "quote" not in source.fields or source.spec.get("denominators"):
        return []
    value, bounds = source.spec.get("rename", {}).get(column, column), source.spec.get("bounds") or {}
    found = [term_problem(source, "qualifier", raw, row_id, message, data=data)
             for raw, row, note, row_id in zip(raws, rows, notes, ids)
             if (message := qualifier_problem(raw["quote"], row.get(value), note.get("qualifier") or "")
                 or round_word_problem(f"{raw.get('caveat', '')} {note.get('note') or ''}", note.get("qualifier") or ""))]
    for raw, row, note, row_id in zip(raws, rows, notes, ids) if "low" in bounds and "high" in bounds else ():
        given = tuple(row.get(k) is not None for k in ("low", "high"))
        if note.get("qualifier") and PUBLISHED_BOUNDS.get(note["qualifier"], (False, False)) != given:
            found.append(term_problem(source, "qualifier", raw, row_id, (
                f"{note['qualifier']}, but its file publishes "
                f"{' and '.join(k for k, g in zip(('a low', 'a high'), given) if g) or 'no bound'} for it"), data=data))
    return list(dict.fromkeys(found))


# Which bounds (low, high) a file publishes for a row of each qualifier; any other qualifier is published without.
PUBLISHED_BOUNDS = {"range": (True, True), "lower_bound": (True, False), "upper_bound": (False, True)}


def relay_problems(source: Source, raws: list[dict], rows: list[dict], notes: list[dict], ids: list[str],
                   origins: dict[str, dict], *, data: Path | None = None) -> list[Problem]:
    """An account never relays a study made after it was published: a row's ``published`` date is never before
    its origin's year (``origins.yml``), so a row moved onto a later study is refused, named where its origin is
    written (``external_rows.yml`` for an annotated row, else the row's cell the declaration reads it from).

    Parameters
    ----------
    source : Source
    raws, rows : list of dict
        The data rows as read, and checked (``published`` typed as a date).
    notes : list of dict
        Each row's lineage (its ``origin``), in order.
    ids : list of str
        Each row's id.
    origins : dict of str to dict
        The origins by id (each with its ``year``).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found = []
    for raw, row, note, row_id in zip(raws, rows, notes, ids):
        published, origin = row.get("published"), origins.get(note.get("origin") or "", {})
        year = getattr(published, "year", None) or (int(str(published)[:4]) if str(published or "")[:4].isdigit()
                                                    else None)
        if year is not None and isinstance(origin.get("year"), int) and year < origin["year"]:
            found.append(term_problem(source, "origin", raw, row_id, (
                f"{origin['id']} ({origin['year']}) was made after this account was published ({published}): "
                "an account relays only a study made before it"), data=data))
    return list(dict.fromkeys(found))


def counted_in_problems(source: Source, raws: list[dict], rows: list[dict], notes: list[dict], ids: list[str],
                        lineage, *, data: Path | None = None) -> list[Problem]:
    """A count is in the unit its definition counts in (``definitions.yml`` ``counted_in``): people arrested are
    never a count of cases. A share or ratio, or a unit not stated, is not read. Named where the definition is
    written.

    Parameters
    ----------
    source : Source
    raws, rows : list of dict
        The data rows as read, and checked (each with its ``unit``).
    notes : list of dict
        Each row's lineage (its ``definition``), in order.
    ids : list of str
        Each row's id.
    lineage : Lineage
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found = []
    for raw, row, note, row_id in zip(raws, rows, notes, ids):
        unit, expected = row.get("unit"), lineage.counted_in.get(note.get("definition") or "")
        if expected and isinstance(unit, str) and unit not in (expected, "share", "ratio", "not stated"):
            found.append(term_problem(source, "definition", raw, row_id, (
                f"{note['definition']} counts {expected}, but the row counts {unit} (definitions.yml counted_in)"),
                data=data))
    return list(dict.fromkeys(found))


# Words of a producer's cell that name a document, not who made it ("National Police annual report").
DOCUMENT_WORDS = ("annual", "report", "reports", "statement", "press", "release")


def producer_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], origins: dict[str, dict],
                      *, data: Path | None = None) -> list[Problem]:
    """Who reports a count is who produced it: every word of four letters or more of a row's ``producers``
    columns (the declaration's; a document's words aside) is a word of its origin's producer, so a count the
    National Committee for Counter Trafficking reported never rests on the police's records. Named where the
    row's origin is written.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``origin``), in order.
    ids : list of str
        Each row's id.
    origins : dict of str to dict
        The origins by id (each with its ``producer``).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found = []
    for raw, note, row_id in zip(raws, notes, ids):
        origin = origins.get(note.get("origin") or "")
        if origin is None:
            continue
        producer = set(patterns.findall(r"[^\W\d_]+", origin["producer"].casefold()))
        for column in source.spec.get("producers", []):
            words = [w for w in patterns.findall(r"[^\W\d_]+", str(raw.get(column, "")).casefold())
                     if len(w) >= 4 and w not in DOCUMENT_WORDS]
            missing = [w for w in words if w not in producer]
            if missing:
                found.append(term_problem(source, "origin", raw, row_id, (
                    f"{origin['id']}, produced by {brief(origin['producer'], 50)}, but its {column} "
                    f"{brief(raw.get(column), 50)} names another ({', '.join(map(repr, missing))})"), data=data))
    return list(dict.fromkeys(found))


# Methods any row may have whatever its origin: its account does not say, or a table's compiler computed it.
ANY_ORIGIN_METHODS = ("method_not_described", "derived_sum")
DERIVED = "derived_sum"  # a number no publisher states: made by this method exactly when its qualifier is 'derived'


def method_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], origins: dict[str, dict],
                    *, data: Path | None = None) -> list[Problem]:
    """A row is made by a method its origin made numbers by (``origins.yml`` ``methods``), or by one any origin
    allows (``ANY_ORIGIN_METHODS``): the health ministry's undescribed estimate is never a count on site; and a row
    is ``derived_sum`` exactly when its qualifier is ``derived`` (a sum the table's compiler made is stated by no
    publisher). Named where the row's method (or its qualifier) is written.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``origin``, ``qualifier`` and ``method``), in order.
    ids : list of str
        Each row's id.
    origins : dict of str to dict
        The origins by id (each with its ``methods``).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found = []
    for raw, note, row_id in zip(raws, notes, ids):
        origin, method = origins.get(note.get("origin") or ""), note.get("method") or ""
        qualifier = note.get("qualifier") or ""
        if qualifier and method and (qualifier == "derived") != (method == DERIVED):
            term, message = (("method", f"{method}, but its qualifier is derived (a sum the table's compiler made): "
                                        f"{DERIVED}") if qualifier == "derived" else
                             ("qualifier", f"{qualifier}, but its method is {DERIVED}: a sum the table's compiler "
                                           "made is derived"))
            found.append(term_problem(source, term, raw, row_id, message, data=data))
        if origin is None or not method or method in ANY_ORIGIN_METHODS or method in origin["methods"]:
            continue
        found.append(term_problem(source, "method", raw, row_id, (
            f"{method}, but {origin['id']} made its numbers by "
            f"{', '.join(origin['methods']) or 'no method described'} (origins.yml methods)"), data=data))
    return list(dict.fromkeys(found))


def measures_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], lineage, *,
                      data: Path | None = None) -> list[Problem]:
    """What each row is said to measure against what its method can measure (``register.lineage.measures_problem``;
    an annotated row's is checked with its annotation), named where it is written.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``method`` and ``measures``), in order.
    ids : list of str
        Each row's id.
    lineage : Lineage
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    if "annotations" in source.spec["lineage"]:
        return []
    return list(dict.fromkeys(
        term_problem(source, "measures", raw, row_id, message, data=data)
        for raw, note, row_id in zip(raws, notes, ids)
        if (message := measures_problem(lineage, note.get("method") or "", note.get("measures") or ""))))


def definition_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], *,
                        data: Path | None = None, counted_in: dict[str, str] | None = None) -> list[Problem]:
    """What a row is defined as is something its words speak of (``register.subjects.definition_problem``): its
    quote, its other cells (a web address aside) and its lineage note print a word of its definition's name, and
    never every word of another definition of its unit (``counted_in``) without every word of its own.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``definition`` and ``note``), in order.
    ids : list of str
        Each row's id.
    data : Path, optional
        The data file read (default: the declaration's).
    counted_in : dict of str to str, optional
        Each definition's unit (``definitions.yml`` ``counted_in``).

    Returns
    -------
    list of Problem
    """
    skip, counted_in = {"_row", *source.spec.get("addresses", [])}, counted_in or {}
    indicators = source.spec.get("indicators") or {}
    found = []
    for raw, note, row_id in zip(raws, notes, ids):
        words = " ".join([*(str(v) for k, v in raw.items() if k not in skip), note.get("note") or ""])
        unit = counted_in.get(note.get("definition") or "")
        message = (definition_problem(note.get("definition") or "", words,
                                      [d for d, u in counted_in.items() if u == unit])
                   or _indicator_definition_problem(indicators, raw, note.get("definition") or ""))
        if message:
            found.append(term_problem(source, "definition", raw, row_id, message, data=data))
    return list(dict.fromkeys(found))


def _indicator_definition_problem(indicators: dict, raw: dict, definition: str) -> str | None:
    """A row is defined as one of the definitions its indicator declares (``indicators.values.NAME.definitions``):
    victims rescued are never persons arrested, a count of sex workers never one of trafficking victims."""
    indicator = raw.get(indicators.get("column") or "")
    allowed = ((indicators.get("values") or {}).get(indicator) or {}).get("definitions")
    if not allowed or definition in allowed:
        return None
    return (f"{brief(definition)}, but its indicator {brief(indicator)} is declared to count "
            f"{' or '.join(map(brief, allowed))}")


def account_page_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], *,
                          data: Path | None = None) -> list[Problem]:
    """One page, one kind of account: a row read from an address (the declaration's ``addresses``) whose
    ``account`` is not that of most rows of its page (of the first, on a tie) is named: the police figures of a
    Phnom Penh Post story are never the police's own release.

    Parameters
    ----------
    source : Source
    raws, notes, ids : list
        The data rows as read; each row's lineage (its ``account``) and id, in order.
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    pages: dict[tuple[str, str], list[int]] = {}
    for i, raw in enumerate(raws):
        for address in source.spec.get("addresses", []):
            if str(raw.get(address, "")).strip():
                pages.setdefault((address, str(raw[address]).strip()), []).append(i)
    found = []
    for rows in pages.values():
        accounts = [notes[i].get("account") for i in rows]
        page = max(dict.fromkeys(accounts), key=accounts.count)  # the most rows' account; the first's on a tie
        first = ids[rows[accounts.index(page)]]
        found += [term_problem(source, "account", raws[i], ids[i], f"{brief(notes[i].get('account'))}, but {first} "
                               f"read from the same page is {brief(page)}: one page, one kind of account", data=data)
                  for i in rows if notes[i].get("account") != page]
    return list(dict.fromkeys(found))
