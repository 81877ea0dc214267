"""An origin's own words against the rows resting on it: what and where it counted, and who made it.

Each origin of ``origins.yml`` says in ``counted`` what its producer counted or estimated ('Investigations,
prosecutions, convictions, arrests, potential victims identified, as each year's text words them'). The rows resting
on it (the report's figures, the declared sources' rows) say the same of themselves, by their indicator and their
place. Read against each other:

- ``counted_subject_problems``: where ``counted`` names what the project's rows count (an indicator, by the words
  that name it, ``register.subjects.indicator_problem``: every word of its name, or one of its ``named_by``
  phrases), it names something a row resting on that origin counts; the TIP reports' 'investigations, prosecutions,
  convictions, arrests' given to the report's own activity counts is refused;
- ``counted_place_problems``: every place ``counted`` names (``register.places.places_named``) is the place of a row
  resting on it, the converse of ``analysis.row_lineage.origin_place_problems``: the 1998 census said to have
  counted Phnom Penh, where every row resting on it is of the country, is refused;
- ``counted_by_problems``: what ``counted`` says the counts are broken down by ('by sex', 'by ... age group') the
  rows resting on it break down by: the UNIAP fact sheet's one total said to be 'by sex' is refused;
- ``origin_year_problems``: an origin's year is one its own words print, and lies among the years its title and
  producer print (to the year after the last): the Yokohama figure of 2001 dated 2003 is refused;
- ``actor_origin_problems``: a figure the report gives as an actor's own count rests on the origin that actor
  produced, where that origin counted what the figure counts: the police department's 2003 case counts never fall
  to the paper relaying them;
- ``own_text_producer_problems``: whose own text the project holds is known, and is who published it: a row read
  from its producer's own text (an official release, a TIP report's pages) names as its publisher the origin's
  ``producer`` (the UNIAP data sheet held here is never of 'Unknown' origin);
- ``own_number_problems``: every number an origin's own words print (years and days of a month aside) is one its
  accounts, a quote of a row resting on it or the definition of one print: the National Assembly's '81% Cambodian
  and 18% Vietnamese' said to be what Steinfatt's study counted is refused.

An origin no row rests on (a compilation known only by what compiles it) is taken at its word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..register.breaks import MONTHS
from ..register.places import places_named
from ..register.subjects import indicator_problem
from ..source.printed import NUMERAL
from .coherence import names_printed, producer_names_printed
from .compilations import OWN_TEXT


def _resting(frames: Iterable[pd.DataFrame], column: str) -> dict[str, set[str]]:
    """Each origin -> the values of ``column`` of the rows resting on it (frames without it passed over)."""
    found: dict[str, set[str]] = {}
    for frame in frames:
        if {"origin_id", column} <= set(frame.columns):
            for origin_id, value in zip(frame["origin_id"].tolist(), frame[column].tolist()):
                if isinstance(origin_id, str) and isinstance(value, str) and value:
                    found.setdefault(origin_id, set()).add(value)
    return found


# A year an origin's own words print, alone or as the ends of a span ('1990-1993', 'report years 2004-2022').
_YEARS = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?:\s?[-–]\s?((?:19|20)\d\d))?(?!\d|,\d)")
OWN_WORDS = ("producer", "title", "method", "counted", "accounts")  # the words an origin says of itself


def origin_year_problems(origins: dict[str, dict], sources: pd.DataFrame, where: str) -> list[Problem]:
    """An origin's ``year`` is one its own words print (``OWN_WORDS``: its producer, title, method, what it counted
    and its accounts; a year inside a span they print counts), or the year of a source resting on it
    (``sources.yml``): the report's 2004 moved to 2000, or a ministry's 2022 statement dated 2004, is refused. And
    where its title or producer, the words naming it, print years, its year lies from the first of them to the year
    after the last (a statement of 2022 on the cases of 2020-2021): the figure presented at Yokohama in 2001 dated
    2003, the year of an account of it, is refused. A day its method text prints is of its year (``_DAY``: the 1998
    census given the 2019 census's 'census night 3 March 2019' is refused).

    Parameters
    ----------
    origins : dict of str to dict
        The origins by id, as ``origins.yml`` declares them.
    sources : pandas.DataFrame
        The built sources table (``source_id``, ``year``).
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    years = dict(zip(sources["source_id"], sources["year"]))
    problems = []
    for origin_id, spec in origins.items():
        printed = {int(y) for s in spec.get("sources") or [] if pd.notna(y := years.get(s))}
        for m in _YEARS.finditer(" ".join(str(spec.get(k, "")) for k in OWN_WORDS)):
            printed |= set(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
        if isinstance(spec.get("year"), int) and spec["year"] not in printed:
            problems.append(Problem(where, origin_id, "year", f"{spec['year']}, a year none of its own words "
                                                              f"({', '.join(OWN_WORDS)}) nor its sources print"))
            continue
        named = [int(y) for m in _YEARS.finditer(f"{spec.get('title', '')} {spec.get('producer', '')}")
                 for y in m.groups() if y]
        if isinstance(spec.get("year"), int) and named and not min(named) <= spec["year"] <= max(named) + 1:
            problems.append(Problem(where, origin_id, "year", (
                f"{spec['year']}, but its title and producer are of {min(named)}"
                + (f"-{max(named)}" if max(named) > min(named) else ""))))
        days = [m.group(0) for m in _DAY.finditer(str(spec.get("method", "")))]
        if isinstance(spec.get("year"), int) and any(not d.endswith(str(spec["year"])) for d in days):
            problems.append(Problem(where, origin_id, "method", (
                f"{brief(spec['method'], 60)} dates its work to {days[0]}, but the origin is of {spec['year']}: a "
                "day its method text prints ('census night 3 March 2008') is of its year")))
    return problems


# A day a method text prints ('census night 3 March 2008', '3 March 2008').
_DAY = re.compile(rf"\b\d{{1,2}} (?:{'|'.join(m.title() for m in MONTHS)}) (?:19|20)\d\d\b")


def _listed(values: Iterable[str], limit: int = 4) -> str:
    shown = sorted(values)
    return ", ".join(shown[:limit]) + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


def counted_subject_problems(origins: Mapping[str, dict], frames: list[pd.DataFrame],
                             named_by: Mapping[str, list[str]], where: str, places=()) -> list[Problem]:
    """An origin's ``counted`` names what its rows count: where it names indicators the project's rows count (each
    by the words naming it: every word of its name, each from the start of a word, or one of its ``named_by``
    phrases), one of them at least is the indicator of a row resting on that origin. A text naming none (the
    statistics institute's 'Child domestic workers', worded otherwise than the report's figure) is taken at its
    word; one naming only what other origins' rows count is another origin's.

    Parameters
    ----------
    origins : mapping of str to dict
        The origins by id, as ``origins.yml`` declares them (``counted``).
    frames : list of pandas.DataFrame
        The tables of rows resting on origins (``origin_id``, ``indicator``): the figures and each declared
        source's rows; a table without an ``indicator`` is passed over.
    named_by : mapping of str to list of str
        The phrases naming each indicator that declares them (``vocabulary.yml``, the sources' ``indicators``).
    where : str
        The origins file, named in each problem.
    places : collection of str, or mapping of str to list of str, default ()
        The vocabulary's places (with the other words naming each): a place it names names no indicator ('The
        population of Cambodia' counts no 'Cambodian' share), but a place an indicator's name holds.

    Returns
    -------
    list of Problem
    """
    counts = _resting(frames, "indicator")
    unplaced, problems = _unplaced(counts, places), []
    named_of = _counted_names(origins, counts, named_by, unplaced)
    for origin_id, spec in origins.items():
        own, named = counts.get(origin_id), named_of.get(origin_id, [])
        if own and named and not own & set(named):
            problems.append(Problem(where, origin_id, "counted", (
                f"{brief(spec.get('counted'), 60)} names {_listed(named)}, but no row resting on it counts any of "
                f"these (its rows count {_listed(own)})")))
    return problems


def _unplaced(counts: Mapping[str, set[str]], places):
    """A function taking the places out of a ``counted`` text (as whole words; a place an indicator's name holds
    kept: 'Thailand' names women in Thailand)."""
    own_words = {w for i in set().union(*counts.values()) for w in str(i).split("_")} if counts else set()
    words = sorted({w for p in places for w in (p, *(places[p] if isinstance(places, Mapping) else ()))
                    if w.casefold() not in own_words}, key=len, reverse=True)
    unplaced = patterns.compiled("|".join(rf"\b{re.escape(w)}\b" for w in words), re.IGNORECASE) if words else None
    return (lambda text: unplaced.sub(" ", text)) if unplaced else (lambda text: text)


def _counted_names(origins: Mapping[str, dict], counts: Mapping[str, set[str]], named_by: Mapping[str, list[str]],
                   unplaced) -> dict[str, list[str]]:
    """Each origin -> the indicators of the project's rows its ``counted`` names, its places taken out (``unplaced``,
    as ``_unplaced`` makes it)."""
    known = sorted(set().union(*counts.values())) if counts else []
    return {origin_id: [i for i in known if indicator_problem(i, text, named_by.get(i)) is None]
            for origin_id, spec in origins.items() if (text := unplaced(str(spec.get("counted") or "")))}


def _producer_name(producer: str) -> str:
    """An origin's producer as a name: its words before any bracket, folded."""
    return " ".join(patterns.sub(r"\(.*", "", str(producer)).split()).casefold()


def actor_origin_problems(origins: Mapping[str, dict], figures: pd.DataFrame, frames: list[pd.DataFrame],
                          named_by: Mapping[str, list[str]], where: str, places=()) -> list[Problem]:
    """A figure the report gives as an actor's own (its ``actor``) rests on the origin that actor produced, where one
    counted what the figure counts: an origin whose ``producer`` is the actor (its name before any bracket, the
    actor's name starting with it or it with the actor's) and whose ``counted`` names the figure's indicator (as
    ``counted_subject_problems`` reads it). The police department's 2003 case counts, their origin's ``figures``
    emptied so that they fall to the paper relaying them, are refused.

    Parameters
    ----------
    origins : mapping of str to dict
        The origins by id, as ``origins.yml`` declares them (``producer``, ``counted``).
    figures : pandas.DataFrame
        The built figures (``figure_id``, ``actor``, ``indicator``, ``origin_id``).
    frames : list of pandas.DataFrame
        The tables of rows resting on origins (``origin_id``, ``indicator``), as ``counted_subject_problems``
        takes them: what the indicators are that a ``counted`` text can name.
    named_by : mapping of str to list of str
        The phrases naming each indicator that declares them.
    where : str
        The origins file, named in each problem.
    places : collection of str, or mapping of str to list of str, default ()
        The vocabulary's places, read out of ``counted`` as ``counted_subject_problems`` does.

    Returns
    -------
    list of Problem
    """
    counts = _resting(frames, "indicator")
    named_of = _counted_names(origins, counts, named_by, _unplaced(counts, places))
    producers = {origin_id: _producer_name(spec.get("producer", "")) for origin_id, spec in origins.items()}
    problems, seen = [], set()
    for figure_id, actor, indicator, origin_id in zip(figures["figure_id"], figures["actor"], figures["indicator"],
                                                      figures["origin_id"]):
        if not isinstance(actor, str) or not actor.strip() or figure_id in seen:
            continue
        seen.add(figure_id)
        name = " ".join(actor.split()).casefold()
        made = [o for o, p in producers.items() if p and indicator in named_of.get(o, ())
                and (patterns.match(rf"{re.escape(p)}\b", name) or patterns.match(rf"{re.escape(name)}\b", p))]
        if made and origin_id not in made:
            problems.append(Problem(where, made[0], "figures", (
                f"{figure_id} rests on {origin_id}, but its actor, {brief(actor, 50)}, produced this origin, which "
                f"counted {indicator}")))
    return problems


def counted_place_problems(origins: Mapping[str, dict], frames: list[pd.DataFrame], places,
                           where: str) -> list[Problem]:
    """Every place an origin's ``counted`` names (as a place is read: its name or a word the vocabulary gives it,
    as whole words) is the place of a row resting on it, or one place of a row's list ('Phnom Penh, Sihanouk Ville
    and Siem Reap'): a study said to have counted the capital has a row of the capital.

    Parameters
    ----------
    origins : mapping of str to dict
        The origins by id, as ``origins.yml`` declares them (``counted``).
    frames : list of pandas.DataFrame
        The tables of rows resting on origins (``origin_id``, ``geography``); a table without a ``geography`` is
        passed over.
    places : collection of str, or mapping of str to list of str
        The vocabulary's places (with the other words naming each).
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    placed = _resting(frames, "geography")
    problems = []
    for origin_id, spec in origins.items():
        own, text = placed.get(origin_id), str(spec.get("counted") or "")
        if not own:
            continue
        parts = own | {p for g in own for p in places_named(g, places)}
        missing = [p for p in places_named(text, places) if p not in parts]
        if missing:
            problems.append(Problem(where, origin_id, "counted", (
                f"{brief(text, 60)} names {', '.join(missing)}, but no row resting on it is of "
                f"{'it' if len(missing) == 1 else 'them'} (its rows are of {_listed(own)})")))
    return problems

# What a ``counted`` text says its counts are broken down by -> the indicators of rows that break them down so:
# 'by sex' -> rows of males and of females; 'by ... age group' -> a row of an age group ('aged 15-59').
BROKEN_DOWN = {"sex": (re.compile(r"\bby sex\b", re.IGNORECASE), ("male", "female")),
               "age group": (re.compile(r"\bby (?:[a-z]+ and )?age groups?\b", re.IGNORECASE), ("aged ",))}


def counted_by_problems(origins: Mapping[str, dict], frames: list[pd.DataFrame], where: str) -> list[Problem]:
    """An origin whose ``counted`` says its counts are broken down by sex or by age group (``BROKEN_DOWN``) has rows
    resting on it that break them down so (a row of males and one of females; a row of an age group): the UNIAP
    fact sheet's one total of the population said to be 'by sex' is refused.

    Parameters
    ----------
    origins : mapping of str to dict
        The origins by id, as ``origins.yml`` declares them (``counted``).
    frames : list of pandas.DataFrame
        The tables of rows resting on origins (``origin_id``, ``indicator``: the population's ``group``).
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    counts, problems = _resting(frames, "indicator"), []
    for origin_id, spec in origins.items():
        own = counts.get(origin_id, set())
        for by, (said, groups) in BROKEN_DOWN.items():
            if said.search(str(spec.get("counted") or "")) and not all(
                    any(i == g or g.endswith(" ") and i.startswith(g) for i in own) for g in groups):
                problems.append(Problem(where, origin_id, "counted", (
                    f"{brief(spec.get('counted'), 60)} says its counts are by {by}, but no rows resting on it break "
                    f"them down so (they count {_listed(sorted(own)) or 'nothing'})")))
    return problems


def own_text_producer_problems(origins: dict[str, dict], published: Iterable[tuple[str, str, str, str]],
                               places, where: str) -> list[Problem]:
    """Whose own text the project holds is known: where a row resting on an origin is read from its producer's own
    text (``OWN_TEXT``: an official release, a TIP report's pages), the origin's ``producer`` names someone (never
    'Unknown') and most of the names it prints (capitalised words outside brackets, places aside) are printed
    by the publisher that row names: the UNIAP data sheet held here is never a figure of unknown origin,
    nor the statistics institute's release the State Department's.

    Parameters
    ----------
    origins : dict of str to dict
        The origins by id, as ``origins.yml`` declares them.
    published : iterable of (str, str, str, str)
        Each row's origin, id, account (``official``, ``press``...) and the publisher it names (of "Publisher:
        Title", the part before ': ').
    places : iterable of str
        The vocabulary's places: no place is a name of who made a number.
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems, seen = [], set()
    for origin_id, row_id, account, publisher in published:
        spec = origins.get(origin_id)
        if not spec or account not in OWN_TEXT or origin_id in seen:
            continue
        printed, own = names_printed(publisher), producer_names_printed(spec.get("producer", ""), places)
        if 2 * sum(n in printed or n.removesuffix("s") in printed for n in own) <= len(own):
            seen.add(origin_id)
            problems.append(Problem(where, origin_id, "producer", (
                f"{brief(spec.get('producer'), 50)}, but {row_id} is read from its producer's own text, published "
                f"by {brief(publisher, 70)}")))
    return problems


def published_rows(declared: Iterable, frames: Mapping[str, pd.DataFrame]) -> list[tuple[str, str, str, str]]:
    """(origin, id, account, publisher) of every declared source's row: the publishers its declaration's
    ``publishers`` columns name (each the part of "Publisher: Title" before ': '), or its table's own
    ``publisher`` (the TIP reading's, read from the row's address).

    Parameters
    ----------
    declared : iterable of Source
        The declared sources (``spec``, ``name``, ``id_column``).
    frames : mapping of str to pandas.DataFrame
        Each source's built rows, by its table's name; a table without ``origin_id``, ``account`` or its
        publishers is passed over.

    Returns
    -------
    list of (str, str, str, str)
    """
    found = []
    for source in declared:
        frame, rename = frames[source.name], source.spec.get("rename", {})
        columns = [rename.get(c, c) for c in source.spec.get("publishers", [])] or ["publisher"]
        if {"origin_id", "account", *columns} <= set(frame.columns):
            texts = [" ".join(v.partition(": ")[0] for v in row) for row in frame[columns].astype(str).values.tolist()]
            found += zip(frame["origin_id"], frame[source.id_column], frame["account"], texts)
    return found



# A number as printed ('18,256', '12' of '12-17', '65.6'): its digits, thousands commas read out; a year, a day of a
# month ('3 March') or a date ('2024-08-12') is passed over (``origin_year_problems`` and ``_DAY`` read those).
_NUMBER = re.compile(rf"(?<![\d.,])({NUMERAL})(?:\.(\d+))?(?!\d|[.,]\d)")
_DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}\s+(?:{'|'.join(m.title() for m in MONTHS)})\b|\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b")
OWN_NUMBERS = ("producer", "title", "method", "counted")  # an origin's words that say what it is, not who relays it


def _numbers(text: str) -> set[str]:
    """The numbers ``text`` prints, each as its digits (thousands commas out), years and days of a month aside."""
    found = set()
    for m in _NUMBER.finditer(_DAY_OF_MONTH.sub(" ", text)):
        whole = m.group(1).replace(",", "").replace(" ", "")
        if not (m.group(2) is None and patterns.fullmatch(r"(?:19|20)\d\d", whole)):
            found.add(whole + (f".{m.group(2)}" if m.group(2) else ""))
    return found


def own_number_problems(origins: Mapping[str, dict], frames: list[pd.DataFrame], definitions: Mapping[str, str],
                        where: str) -> list[Problem]:
    """Every number an origin's own words print (``OWN_NUMBERS``: its producer, title, method and what it counted;
    years and days of a month aside) is printed by its ``accounts``, by the quote of a row resting on it or by the
    text of such a row's definition: words moved from another origin print that origin's numbers (the National
    Assembly's 'brothel workers in all of Cambodia, 81% Cambodian and 18% Vietnamese' given as what Steinfatt's
    study counted is refused; its 'under 16' is its rows' definition's).

    Parameters
    ----------
    origins : mapping of str to dict
        The origins by id, as ``origins.yml`` declares them.
    frames : list of pandas.DataFrame
        The tables of rows resting on origins (``origin_id``, ``quote``, ``definition``); a column a table lacks is
        passed over.
    definitions : mapping of str to str
        Each definition's text, by id (``definitions.yml``).
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    quotes, defined, problems = _resting(frames, "quote"), _resting(frames, "definition"), []
    for origin_id, spec in origins.items():
        printed = _numbers(" ".join([str(spec.get("accounts") or ""), *quotes.get(origin_id, ()),
                                     *(str(definitions.get(d, "")) for d in defined.get(origin_id, ()))]))
        for field in OWN_NUMBERS:
            stray = sorted(_numbers(str(spec.get(field) or "")) - printed, key=float)
            if stray:
                problems.append(Problem(where, origin_id, field, (
                    f"{brief(spec.get(field), 60)} prints {', '.join(stray)}, which neither its accounts nor a row "
                    "resting on it (its quote, its definition) print: another origin's words?")))
    return problems
