"""What a number counts is what its words speak of: an indicator is named by its quote (and the words around it).

An indicator names its subject in its own name (``sex_workers``: 'sex' and 'workers', each read from the start of
a word, as 'worke' reads 'workers' and 'working'), unless its declaration lists ``named_by``: the phrases any one of
which names it ('prostitut' or 'sex work' for sex workers). A curator who moves a figure onto another indicator of
the same unit (UNTAC staff counted as sex workers) is refused, naming file, entry and field.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..inputs.errors import brief

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
    missing = [w for w in indicator.split("_") if w not in LINKING and not _said(folded, [w[:PREFIX]])]
    if missing:
        return f"{brief(indicator)} is not what its words speak of (no {', '.join(map(repr, missing))})"
    return None


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
