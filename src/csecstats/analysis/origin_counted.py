"""What an origin counted is what the rows resting on it count, and where they count it.

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
  counted Phnom Penh, where every row resting on it is of the country, is refused.

An origin no row rests on (a compilation known only by what compiles it) is taken at its word.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..inputs.errors import Problem, brief
from ..register.places import places_named
from ..register.subjects import indicator_problem


def _resting(frames: Iterable[pd.DataFrame], column: str) -> dict[str, set[str]]:
    """Each origin -> the values of ``column`` of the rows resting on it (frames without it passed over)."""
    found: dict[str, set[str]] = {}
    for frame in frames:
        if {"origin_id", column} <= set(frame.columns):
            for origin_id, value in zip(frame["origin_id"].tolist(), frame[column].tolist()):
                if isinstance(origin_id, str) and isinstance(value, str) and value:
                    found.setdefault(origin_id, set()).add(value)
    return found


def _listed(values: Iterable[str], limit: int = 4) -> str:
    shown = sorted(values)
    return ", ".join(shown[:limit]) + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


def counted_subject_problems(origins: Mapping[str, dict], frames: list[pd.DataFrame],
                             named_by: Mapping[str, list[str]], where: str) -> list[Problem]:
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

    Returns
    -------
    list of Problem
    """
    counts = _resting(frames, "indicator")
    known = sorted(set().union(*counts.values())) if counts else []
    problems = []
    for origin_id, spec in origins.items():
        own, text = counts.get(origin_id), str(spec.get("counted") or "")
        if not own:
            continue
        named = [i for i in known if indicator_problem(i, text, named_by.get(i)) is None]
        if named and not own & set(named):
            problems.append(Problem(where, origin_id, "counted", (
                f"{brief(text, 60)} names {_listed(named)}, but no row resting on it counts any of these (its rows "
                f"count {_listed(own)})")))
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
