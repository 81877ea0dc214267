"""What a number counts is what its words speak of: an indicator is named by its quote (and the words around it).

An indicator names its subject in its own name (``sex_workers``: 'sex' and 'workers', each read from the start of
a word, as 'worke' reads 'workers' and 'working'), unless its declaration lists ``named_by``: the phrases any one of
which names it ('prostitut' or 'sex work' for sex workers). A curator who moves a figure onto another indicator of
the same unit (UNTAC staff counted as sex workers) is refused, naming file, entry and field.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..inputs import patterns
from ..inputs.errors import Problem, brief

# Words of an indicator's name that say how it is counted, not what: never looked for in the quote.
LINKING = ("of", "per", "the", "into", "with", "since", "and", "in", "to", "a", "share")
PREFIX = 5  # a word of an indicator's name is read from the start of a word, by its first letters


def indicator_problem(indicator: str, words: str, named_by: Sequence[str] | None = None) -> str | None:
    """Whether ``words`` name ``indicator``: every word of its name (but ``LINKING``), or, when it declares
    ``named_by``, one of those phrases (every word of the phrase, each from the start of a word).

    Parameters
    ----------
    indicator : str
        The indicator (snake_case).
    words : str
        The quote and the words around it.
    named_by : sequence of str, optional
        The phrases, any one of which names the indicator.

    Returns
    -------
    str or None
        What is missing, or None.
    """
    folded = " ".join(words.split()).casefold()
    if named_by:
        if any(_said(folded, phrase.split()) for phrase in named_by):
            return None
        return (f"{brief(indicator)} is not what its words speak of (none of "
                f"{', '.join(map(repr, named_by))})")
    missing = [w for w, start in _name_words(indicator) if not _starts_a_word(folded, start)]
    if missing:
        return f"{brief(indicator)} is not what its words speak of (no {', '.join(map(repr, missing))})"
    return None


@functools.lru_cache(maxsize=1024)
def _name_words(indicator: str) -> tuple[tuple[str, str], ...]:
    """Each word of an indicator's name but ``LINKING``, with the first letters it is read by, folded."""
    return tuple((w, w[:PREFIX].casefold()) for w in patterns.split(r"[_\s]+", indicator) if w not in LINKING)


def _said(folded: str, words: list[str]) -> bool:
    return all(_starts_a_word(folded, w.casefold()) for w in words)


def _starts_a_word(text: str, word: str) -> bool:
    r"""Whether ``word`` stands in ``text`` where no letter, digit or underscore comes before it (the regular
    expression ``(?<!\w)word``, found by search rather than compiled anew for each word)."""
    at = text.find(word)
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
        at = text.find(word, at + 1)
    return at >= 0


# Words of a definition's name that say nothing of what it counts ('all_sex_workers', 'aged_0_14').
DEFINITION_LINKING = ("all", "or", "and", "of", "under", "in", "as", "the", "to", "by", "with", "not", "for", "a",
                      "at", "on", "any")


def definition_problem(definition: str, words: str, others: Sequence[str] = ()) -> str | None:
    """Whether ``words`` name something of ``definition``: one word of its name at least (but linking words and
    numbers), each read from the start of a word ('traffick' reads 'trafficked'). A row counting prostitutes
    is never defined as trafficked by debt bondage without a word of it; and one whose words print every word of
    another definition of its unit (``others``; two words at least: 'outside brothels') and not every word of its
    own, where the two share a word, is defined as that one (sex workers 'outside brothels' are never
    brothel-based; 'trafficking and sexual exploitation cases' are never cases to court).

    Parameters
    ----------
    definition : str
        The definition (snake_case, ``definitions.yml``).
    words : str
        The row's words: its quote, its other cells and its lineage note.
    others : sequence of str, default ()
        The other definitions a row in its unit may have.

    Returns
    -------
    str or None
    """
    names = _definition_words(definition)
    folded = " ".join(words.split()).casefold()
    if names and not any(_said(folded, [w[:PREFIX]]) for w in names):
        return f"{brief(definition)}: none of its words is in the row's ({', '.join(map(repr, names))})"
    if not names or _said(folded, [w[:PREFIX] for w in names]):
        return None
    own = {w[:PREFIX] for w in names}
    named = [o for o in others if o != definition and len(_definition_words(o)) > 1
             and own & {w[:PREFIX] for w in _definition_words(o)} and _said(folded, [w[:PREFIX] for w in
                                                                                   _definition_words(o)])]
    return f"{brief(definition)}, but the row's words name {named[0]} in full and not all of its own" if named else None


def _definition_words(definition: str) -> list[str]:
    return [w for w in definition.split("_") if w not in DEFINITION_LINKING and not w.isdigit()]


def band_problem(definition: str, words: str, others: Sequence[str] = ()) -> str | None:
    """Whether curated ``words`` that print the age band of another definition of their unit ('Sex workers aged
    12-17': ``aged_12_17``'s 12 to 17; 'under 16') are given a definition without that band. An estimate's
    quantity says exactly what it counts: a band it prints is the band it counts (a quote may print a band of a
    part of its number, and is not read so).

    Parameters
    ----------
    definition : str
        The definition given (snake_case, ``definitions.yml``).
    words : str
        The curated words (an estimate's quantity).
    others : sequence of str, default ()
        The definitions a row in its unit may have.

    Returns
    -------
    str or None
    """
    own = _band(definition)
    for other in others:
        band = _band(other)
        if other != definition and band and band != own and _prints_band(words, band):
            return f"{brief(definition)}, but the words print the band of {other} ({' to '.join(band)})"
    return None


def _band(definition: str) -> tuple[str, ...]:
    """The numbers of a definition's name: its age band ('aged_12_17': 12 to 17; 'or_under_16': 16)."""
    return tuple(patterns.findall(r"(?<![a-z])\d+(?![a-z])", definition))


def _prints_band(words: str, band: tuple[str, ...]) -> bool:
    """Whether ``words`` print ``band``: '12-17', '12 to 17', 'between 12 and 17'; a one-number band as 'under 16'."""
    if len(band) == 2:
        a, b = band
        return bool(patterns.search(rf"(?<![\d.]){a}\s*(?:-|–|to|and)\s*{b}(?!\d|\.\d)", words))
    return len(band) == 1 and bool(patterns.search(rf"\bunder(?: the)?(?: age)?(?: of)? {band[0]}(?!\d|\.\d)", words))


# How a definition's description states its unit: '(cases, not persons)', '(persons)'.
_UNIT_STATED = re.compile(r"\((cases|persons)\b")


def definition_text_problems(definitions: dict[str, str], counted_in: dict[str, str], where: str,
                             names: Sequence[str] | None = None, *, section: str = "definitions",
                             field: str = "(text)") -> list[Problem]:
    """Each definition's description says what its name says: a word of its name, and all of them where it prints
    every word of another definition of its unit (``definition_problem``: 'Males living in the place counted' is
    never ``population_female``, nor 'Cases the police recorded as suspected' ``confirmed_trafficking_cases``);
    its own age band and no other's ('aged 15 to 59'); and the unit it states in brackets, its ``counted_in``
    unit ('(cases, not persons)' is never that of a definition of persons).

    Parameters
    ----------
    definitions : dict of str to str
        Each definition's description (``definitions.yml``).
    counted_in : dict of str to str
        The unit a count with each definition is in.
    where : str
        The definitions file, named in each problem.
    names : sequence of str, optional
        The definitions to read (default: every one).
    section, field : str
        Where each is written: ``definitions.NAME`` ``(text)``, or ``indicators.NAME`` ``description``.

    Returns
    -------
    list of Problem
    """
    found = []
    for name, text in ((n, definitions[n]) for n in (definitions if names is None else names)):
        others = [o for o in definitions if counted_in.get(o) == counted_in.get(name)]
        message = definition_problem(name, text, others) or band_problem(name, text, others)
        if not message and _band(name) and not _prints_band(text, _band(name)):
            message = f"{brief(name)}: its description prints no band {' to '.join(_band(name))}"
        stated = _UNIT_STATED.search(text)
        if not message and stated and name in counted_in and stated.group(1) != counted_in[name]:
            message = f"{brief(name)}: its description says {stated.group(1)}, but it counts in {counted_in[name]}"
        if message:
            found.append(Problem(where, f"{section}.{name}", field,
                                 message.replace("the row's words name", "its description names")
                                 .replace("the row's", "its description's")))
    return found


def indicator_text_problems(indicators: dict[str, dict], where: str, names: Sequence[str] | None = None
                            ) -> list[Problem]:
    """Each indicator's description says what its name says, as a definition's does (``definition_text_problems``,
    its siblings the indicators of its unit): 'Share of sex workers who are ethnic Vietnamese' is never
    ``share_khmer``.

    Parameters
    ----------
    indicators : dict of str to dict
        The vocabulary's indicators (``description``, ``unit``).
    where : str
        The vocabulary file, named in each problem.
    names : sequence of str, optional
        The indicators to read (default: every one).

    Returns
    -------
    list of Problem
    """
    described = {k: v["description"] for k, v in indicators.items() if isinstance(v.get("description"), str)}
    return definition_text_problems(described, {k: str(v.get("unit")) for k, v in indicators.items()}, where, names,
                                    section="indicators", field="description")


# How curated words state the ages a number covers: every age, or adults alone ('adults only', 'aged 18 and over').
AGES = {"all ages": re.compile(r"\ball ages\b|\bof (?:any|every) age\b", re.IGNORECASE),
        "adults only": re.compile(r"\badults?\b|\b(?:aged )?18 (?:and|or) (?:over|older)\b|\bover(?: the age of)? 18\b"
                                  r"|\b18\+", re.IGNORECASE)}


def stated_ages(text: str) -> set[str]:
    """The ages ``text`` says it covers (``AGES``): 'all ages', 'adults only', or none stated."""
    return {name for name, pattern in AGES.items() if pattern.search(text)}


def ages_problems(pairs: Sequence[tuple[str, str]], indicators: dict[str, dict], definitions: dict[str, str],
                  where: str) -> list[Problem]:
    """An indicator's description and the description of the definition its figures take state the same ages
    where both state them (``AGES``): sex workers described as 'adults only' over a definition of 'everyone
    selling sex ... all ages' (of whom the report's 1997 share were aged 12-17) is refused; an indicator said to
    count adults alone never takes a definition whose band ends under 18 (``aged_12_17``).

    Parameters
    ----------
    pairs : sequence of (str, str)
        (indicator, definition) of every figure.
    indicators : dict of str to dict
        The vocabulary's indicators (``description``).
    definitions : dict of str to str
        Each definition's description (``definitions.yml``).
    where : str
        The vocabulary file, named in each problem.

    Returns
    -------
    list of Problem
    """
    found = []
    for indicator, definition in sorted(set(pairs)):
        text = str(indicators.get(indicator, {}).get("description") or "")
        own, theirs = stated_ages(text), stated_ages(definitions.get(definition, ""))
        band = _band(definition)
        if own and theirs and own != theirs:
            message = (f"says {', '.join(sorted(own))}, but its figures' definition {definition} says "
                       f"{', '.join(sorted(theirs))}")
        elif "adults only" in own and band and int(band[-1]) < 18:
            message = f"says adults only, but its figures' definition {definition} counts ages {' to '.join(band)}"
        else:
            continue
        found.append(Problem(where, f"indicators.{indicator}", "description", f"{brief(text, 50)} {message}"))
    return found
