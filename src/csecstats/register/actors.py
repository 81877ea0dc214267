"""Who a figure's number is credited to is named where the report prints it.

A figure's ``actor`` is the curator's paraphrase of who did or reported what it counts ('MoEYS Department of
Non-formal Education', where the report prints 'the Department of non-formal Education of the Ministry of
Education'). ``vocabulary.yml`` declares, under ``actors``, the names any one of which names each actor; a
figure's actor is declared there and one of its names stands, as whole words of any case, in the figure's quote,
the paragraph holding it, the paragraph that opens the list it stands in (the nearest before it in its section
that ends with a colon) or the headings of its section, and not only as a partner of whoever did it ('with support
of UNIAP'). The police's hotline count credited to COSECAM, and the pamphlets the Ministry of Tourism produced with
UNIAP's support credited to UNIAP, are refused.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

from ..inputs import patterns
from ..inputs.errors import Problem, brief


def read_actors(where: str, section) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """The optional ``actors`` section of the vocabulary: ACTOR: [NAME, ...], each name text.

    Parameters
    ----------
    where : str
        The vocabulary file, as problems name it.
    section : object
        The section as read (a mapping when well formed).

    Returns
    -------
    tuple of (dict of str to tuple of str, list of Problem)
    """
    if not isinstance(section, dict):
        return {}, [Problem(where, "actors", "(entries)", "expected a mapping ACTOR: [NAME, ...]")]
    actors, problems = {}, []
    for actor, names in section.items():
        if not (isinstance(names, list) and names and all(isinstance(n, str) and n.strip() for n in names)):
            problems.append(Problem(where, f"actors.{brief(actor, 80).strip(chr(39))}", "(names)",
                                    "expected a list of the names that name the actor in the report"))
        else:
            actors[str(actor)] = tuple(names)
    return actors, problems


def names_in(names: Sequence[str], words: str) -> bool:
    """Whether one of ``names`` stands in ``words`` as whole words, whatever the case.

    Parameters
    ----------
    names : sequence of str
    words : str

    Returns
    -------
    bool
    """
    folded = " ".join(words.split()).casefold()
    return any(patterns.search(rf"(?<!\w){re.escape(' '.join(n.split()).casefold())}(?!\w)", folded) for n in names)


# A partner of whoever did what a sentence says ('MoT with support of UNIAP and British Embassy ... and in
# cooperation with WV-C produced 13,000 pamphlets'): the words from such a phrase to the sentence's verb (or the end
# of its clause, a comma included: 'In cooperation with MoSVY ..., ILO/IPEC has piloted') name who helped, never
# who did it.
PARTNER = re.compile(r"\b(?:with (?:the )?(?:\w+ )?(?:support|assistance|help) (?:of|from)|in (?:cooperation|collaboration|"
                     r"partnership|coordination) with|(?:supported|funded|sponsored|assisted) by)\b.*?(?=\b(?:produced|"
                     r"conducted|organi[sz]ed|trained|distributed|printed|held|launched|developed|commenced|established|"
                     r"provided|reached|produces|conducts|trains)\b|[.,;:]|$)", re.IGNORECASE)


def names_as_actor(names: Sequence[str], words: str) -> bool:
    """Whether one of ``names`` stands in ``words`` as whole words (``names_in``) outside every phrase naming a
    partner (``PARTNER``: 'with support of UNIAP', 'in cooperation with WV-C'): a partner named only so is not the
    one who did it.

    Parameters
    ----------
    names : sequence of str
    words : str

    Returns
    -------
    bool
    """
    return names_in(names, PARTNER.sub(" ; ", " ".join(words.split())))


def actor_context(report, quote: str, section: str) -> str:
    """The words where a figure's actor may be named: its paragraphs, the paragraph opening the list each stands
    in, and the headings of its section and of the sections above it.

    Parameters
    ----------
    report : Report
    quote : str
    section : str
        The figure's dotted section id ("II.D.2").

    Returns
    -------
    str
    """
    parts = []
    for para in report.find_quotes(quote):
        parts.append(para.text)
        before = report.paragraphs[:report.paragraphs.index(para)]
        lead = next((p for p in reversed(before) if p.section == para.section and p.text.rstrip().endswith(":")),
                    None)
        parts += [lead.text] if lead else []
    steps = section.split(".")
    above = {".".join(steps[:i]) for i in range(1, len(steps) + 1)}
    parts += [h.title for h in report.headings if h.section in above]
    return " ".join(parts)


def actor_problems(where: str, figures: Iterable[Mapping], actors: Mapping[str, Sequence[str]],
                   report) -> list[Problem]:
    """Each figure's actor declared with its names, and named by one of them in its quote, paragraph, the
    paragraph opening its list or its section's headings (``actor_context``).

    Parameters
    ----------
    where : str
        The register, as problems name it.
    figures : iterable of mapping
        The checked figures (``figure_id``, ``actor``, ``quote``, ``section``).
    actors : mapping of str to sequence of str
        The vocabulary's ``actors``.
    report : Report

    Returns
    -------
    list of Problem
    """
    problems = []
    for f in figures:
        actor = f.get("actor")
        if not actor:
            continue
        if actor not in actors:
            problems.append(Problem(where, f["figure_id"], "actor", f"{brief(actor)} is not declared under actors "
                                    "in the vocabulary with the names that name it"))
        elif not names_in(actors[actor], words := f"{f['quote']} {actor_context(report, f['quote'], f['section'])}"):
            problems.append(Problem(where, f["figure_id"], "actor", f"{brief(actor)} is named by none of its "
                                    f"names ({', '.join(actors[actor])}) in its quote, its paragraph or its section"))
        elif not names_as_actor(actors[actor], words):
            problems.append(Problem(where, f["figure_id"], "actor", f"{brief(actor)} is named in its quote, "
                                    "paragraph and section only as a partner of whoever did it ('with support of', "
                                    "'in cooperation with')"))
    return problems


# Words that open a sentence of a curator's description without naming anyone (their lower case may be absent from
# the report: it never asks 'what').
_OPENERS = frozenset({"what", "which", "who", "the", "a", "an", "each", "every", "all", "no"})


def unprinted_names(text: str, printed: str, report_text: str) -> list[str]:
    """The capitalised words of a curator's ``text`` (a check's description) that ``printed`` (the paragraphs of
    the figures it speaks of) does not print: 'Chinese' in 'Khmer and Chinese shares' of the Khmer and Vietnamese
    shares. The text's first word is capitalised as a sentence's and is a name only when the report never prints it
    in lower case and it is no opener of a sentence (``_OPENERS``).

    Parameters
    ----------
    text : str
        The curator's words.
    printed : str
        The report's words they describe.
    report_text : str
        The whole report, where a common word's lower case stands.

    Returns
    -------
    list of str
        Each such word once, in order.
    """
    found, words = [], _words_of(printed)
    for n, match in enumerate(patterns.finditer(r"\b[A-Z][A-Za-z]*\b", text)):
        word = match.group(0)
        if word in words or word in found:
            continue
        if n == 0 and match.start() == len(text) - len(text.lstrip()) and (
                word.lower() in _OPENERS or word.lower() in _words_of(report_text)):
            continue
        found.append(word)
    return found


@functools.lru_cache(maxsize=64)  # the report, and each check's paragraphs
def _words_of(text: str) -> frozenset[str]:
    """The whole words of ``text``, as printed (letters only)."""
    return frozenset(patterns.findall(r"[A-Za-z]+", text))
