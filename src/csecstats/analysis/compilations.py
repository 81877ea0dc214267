"""What a compilation compiles is declared where its rows' own words name it.

An origin that ``compiles`` another (``origins.yml``) is a compilation: a row of one beside a row of the other is
``dependent``, never corroboration (``analysis.triangulation``). The words of the rows resting on an origin say
whose numbers it compiled: a TIP report row quoting 'The National Committee for Counter Trafficking (NCCT)
reported courts convicted ...' rests on a report that compiles the NCCT's figures, and the NCCT's '... the National
Police, judicial working groups, and municipal and provincial prosecutors, cracked down on 159 such cases' on a
compilation of the police's. A row whose quote names, as whole words, the producer of another origin (its name
without what its brackets add, or the name in its brackets: 'NCCT', 'National Police'; a name several origins'
producers share names none) rests on an origin that compiles that one; a deleted ``compiles`` is refused. And
how an origin is held (``held_problems``): first-hand only where its producer's own text is among the inputs.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..inputs import paths
from ..inputs import patterns
from ..inputs.errors import Problem

_BRACKETS = re.compile(r"\s*\(([^()]*)\)")


def producer_names(producer: str) -> tuple[str, ...]:
    """The names of an origin's producer: its words without what brackets add, and a name in brackets whose every
    word opens on a capital ('Department of ... (National Police)': 'National Police'; '(NCCT)').

    Parameters
    ----------
    producer : str

    Returns
    -------
    tuple of str
    """
    bare = " ".join(_BRACKETS.sub("", producer).split())
    inner = [" ".join(n.split()) for n in _BRACKETS.findall(producer)
             if n.split() and all(w[:1].isupper() for w in n.split())]
    return tuple(n for n in (bare, *inner) if n)


def _names(origins: Mapping[str, dict]) -> dict[str, str]:
    """Each producer name that names one origin only -> that origin."""
    owners: dict[str, set[str]] = {}
    for origin_id, origin in origins.items():
        for name in producer_names(str(origin.get("producer") or "")):
            owners.setdefault(name, set()).add(origin_id)
    return {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}


def compiles_problems(origins: Mapping[str, dict], frames: Iterable[tuple[str, pd.DataFrame]], *,
                      path: str | None = None) -> list[Problem]:
    """Each origin compiles every other origin whose producer a row resting on it names in its quote
    (``producer_names``): one problem per origin and compiled origin left out, naming the first such row.

    Parameters
    ----------
    origins : mapping of str to dict
        The origins by id (``producer``, ``compiles``).
    frames : iterable of (str, pandas.DataFrame)
        Each table's name and rows (``origin_id``, ``quote``; the first column its id); a table without those
        columns is passed over.
    path : str, optional
        The origins file, as problems name it (default: the project's).

    Returns
    -------
    list of Problem
    """
    where = path or str(paths.ORIGINS_FILE)
    names = _names(origins)
    named = {name: patterns.compiled(rf"(?<!\w){re.escape(name)}(?!\w)") for name in names}
    missing: dict[tuple[str, str], str] = {}
    for table, frame in frames:
        if not {"origin_id", "quote"} <= set(frame.columns):
            continue
        for row_id, origin_id, quote in zip(frame.iloc[:, 0], frame["origin_id"], frame["quote"]):
            compiled = set((origins.get(origin_id) or {}).get("compiles") or [])
            for name, pattern in named.items():
                other = names[name]
                if other != origin_id and other not in compiled and origin_id in origins and \
                        pattern.search(str(quote)):
                    missing.setdefault((origin_id, other), f"{table} row {row_id} quotes {name!r}")
    problems = []
    for (origin_id, other), evidence in sorted(missing.items()):
        declared = ", ".join(sorted(origins[origin_id].get("compiles") or [])) or "none"
        problems.append(Problem(where, origin_id, "compiles", f"{declared}, but {evidence}, {other}'s producer: it "
                                f"compiles {other} (a row of each side by side is dependent, never corroboration)"))
    return problems


OWN_TEXT = ("official", "report_text")  # a row's account read from its producer's own text


def held_problems(origins: dict[str, dict], tables: dict[str, pd.DataFrame], where: str) -> list[Problem]:
    """An origin the project says it holds (``held: primary``) has its producer's own text among the inputs: it
    is the report itself (its ``sources`` name the report's own entry), or a row resting on it has the producer's
    own text as its account (official, or a TIP report's text); one relayed only by the press, another body or the
    report citing it (the police records behind the report's 2003 figures) is held second-hand. The report's own
    origin is held first-hand.

    Parameters
    ----------
    origins : dict of str to dict
        The origins by id, as ``origins.yml`` declares them.
    tables : dict of str to pandas.DataFrame
        The built tables: ``figures`` and ``sources``, and every table with ``origin_id`` and ``account``.
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    sources = tables["sources"]
    itself = set(sources.loc[sources["kind"] == "report_itself", "source_id"])
    report = {o for o, spec in origins.items() if itself & set(spec.get("sources") or [])}  # the report's own origin
    own = set(report)
    for frame in tables.values():
        if "origin_id" in frame and "account" in frame:
            own |= set(frame.loc[frame["account"].isin(OWN_TEXT), "origin_id"])
    return [Problem(where, origin_id, "held", "primary, but every figure and row resting on it is read from an account "
                                              "of it (press, another body, a report citing it): secondary")
            for origin_id, spec in origins.items() if spec.get("held") == "primary" and origin_id not in own] + [
        Problem(where, origin_id, "held", "secondary, but it is the report's own origin, whose text is data/raw's: "
                                          "primary") for origin_id in sorted(report)
        if origins[origin_id].get("held") == "secondary"]
