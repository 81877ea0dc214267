"""Class 3 of the rules every input obeys (``register.rules``): a place other than the country is named by the
words of the number it places.

``place_problem`` reads a number's quote and the words around it against its geography (the figure register, the
external and TIP tables); ``unplaced`` says when they name no place at all (an external row is then placed by its
lineage note, ``analysis.row_lineage``). A place is named by its name or by one of the other words the vocabulary
gives it (``also_named``: 'capital'), as whole words: "Cambodian women" names no place.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..inputs import patterns
from ..inputs.errors import brief

COUNTRY = "Cambodia"  # the report's own scope: a national figure need not name it
NATION_UNITS = ("governments", "countries")  # units counting nations (vocabulary.yml: 'Number of national governments')
# Where an embassy or consulate sits ('British Embassy in Phnom Penh' helped produce pamphlets for the country):
# the words of such a seat name no place of the number.
SEAT = re.compile(r"\b(?:Embassy|Consulate)\s+(?:in|at)\s+\S+(?:\s+[A-Z]\S*)*")


def place_problem(geography: str, quote: str, *, context: str = "", places: Iterable[str] | None = None,
                  country: str = COUNTRY) -> str | None:
    """A geography other than the country is named by its quote or by the words around it (``context``: the
    quote's paragraph, a row's notes), each place of a list such as 'Phnom Penh, Sihanouk Ville and Siem
    Reap'. Given ``places`` (the vocabulary), a quote that names one of them (or the country) must name the
    geography itself, whatever the words around it name (a caveat comparing another place's figure, a
    publisher's name); a quote and context naming none are taken at their word (``unplaced`` says so: the
    build then asks the row's lineage note to name its place); a quote naming only other places never gives
    the country's number, and a place named only as where an embassy sits ('British Embassy in Phnom Penh',
    ``SEAT``) places no number, neither the country's nor its own (the pamphlets the embassy in Phnom Penh helped
    produce are never Phnom Penh's). When ``places`` maps each place to the other words that name it (``also_named``:
    'capital' for Phnom Penh), a place is named by its name or by one of those words, as a whole word.

    Parameters
    ----------
    geography, quote : str
    context : str, default ""
    places : iterable of str, or mapping of str to list of str, optional
    country : str, default COUNTRY

    Returns
    -------
    str or None
    """
    seated = _folded(SEAT.sub(" ", quote) if "nsulate" in quote or "mbassy" in quote else quote) \
        if geography == country and places is not None else ""
    if geography == country and places is not None and not _names(seated, country, places):
        others = [p for p in places if p != country and _names(seated, p, places)]
        return f"{brief(country)}, but its quote names {', '.join(map(repr, others))} only" if others else None
    if geography == country or (places is not None and unplaced(quote, context, places, country=country)):
        return None
    if places is not None and not unplaced(quote, "", places, country=country):
        context = ""  # a quote that names a place places its number: the words around it speak of others
    folded = _folded(*(SEAT.sub(" ", t) if "nsulate" in t or "mbassy" in t else t for t in (quote, context)))
    missing = [p for p in _parts(geography) if not _names(folded, p, places)]  # an embassy's seat names none
    if missing:
        return (f"{brief(geography)} is not a place its quote{' or the words around it' if context else ''} "
                f"names (no {', '.join(map(repr, missing))})")
    return None


def nations_problem(geography: str, unit: str, value, *, country: str = COUNTRY) -> str | None:
    """A count of more than one nation (``NATION_UNITS``: national governments, countries) is never of the country:
    one country has one national government (the six Greater Mekong governments given to Cambodia are refused).

    Parameters
    ----------
    geography, unit : str
    value : float or None
    country : str, default COUNTRY

    Returns
    -------
    str or None
    """
    if geography == country and unit in NATION_UNITS and isinstance(value, (int, float)) and value > 1:
        return f"{brief(country)}, but the figure counts {value:g} {unit}: more than one nation is never one country's"
    return None


def unplaced(quote: str, context: str, places: Iterable[str], *, country: str = COUNTRY) -> bool:
    """Whether a quote and the words around it name none of ``places`` (nor the country).

    Parameters
    ----------
    quote, context : str
    places : iterable of str, or mapping of str to list of str
        The vocabulary's places (with the other words naming each, when a mapping).
    country : str, default COUNTRY

    Returns
    -------
    bool
    """
    folded = _folded(quote, context)
    return not any(_names(folded, p, places) for p in [*places, country])


def places_named(text: str, places) -> list[str]:
    """The places of ``places`` (the vocabulary's, with the country) that ``text`` names, as ``place_problem`` reads a
    place: 'The population of Cambodia and of Phnom Penh' names both, 'Cambodian women in Thailand' Thailand only.

    Parameters
    ----------
    text : str
    places : iterable of str, or mapping of str to list of str

    Returns
    -------
    list of str
    """
    folded = _folded(text)
    return [p for p in dict.fromkeys([*places, COUNTRY]) if _names(folded, p, places)]


def _folded(*texts: str) -> str:
    return " ".join(" ".join(texts).split()).casefold()


def _parts(geography: str) -> list[str]:
    return [p.strip() for p in patterns.split(r",| and ", geography) if p.strip()]


def _names(folded: str, place: str, places) -> bool:
    """``place`` as whole words, no letter on either side ('Phnom Penh²' names it, 'Cambodian' does not name
    Cambodia), or, when ``places`` maps it to other words, one of them as a whole word, is in ``folded``."""
    name = place.casefold()
    at = folded.find(name)
    while at >= 0:
        if not (folded[at - 1:at].isalpha() or folded[at + len(name):at + len(name) + 1].isalpha()):
            return True
        at = folded.find(name, at + 1)
    also = places.get(place, ()) if isinstance(places, dict) or isinstance(places, Mapping) else ()
    return any(w.casefold() in folded and patterns.search(rf"\b{re.escape(w.casefold())}\b", folded) for w in also)
