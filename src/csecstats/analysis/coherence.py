"""An estimate speaks of what its inputs speak of: its geography, definition and measures are those of the figures
and rows it reads (a count read through a share, the share's definition), and its period starts within theirs. A
curator who moves an estimate of Phnom Penh's sex workers to Cambodia, calls it brothel-based or a measure of
detection, or dates it years after every number it rests on, is refused, naming file, estimate and field. An
estimate may speak of one of its inputs' places (a national share applied to Phnom Penh is Phnom Penh's), never of
a place none of them is about. An estimate with a number typed as a judgement (not read from a figure or row)
is held to its inputs' measures only: the typed number may be of its own place, definition and time.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from fractions import Fraction
from collections.abc import Iterable

import pandas as pd

from ..inputs.errors import Problem, brief
from ..register.lineage import unit_measures_problem
from ..register.rules import quote_numbers, years_stated
from ..register.subjects import band_problem, definition_problem, indicator_problem
from .assumptions import period_year_problem, row_years
from .declarations import Context, Estimate
from ..inputs import frames, patterns

TERMS = ("geography", "definition", "measures")


def coherence_problems(estimates: Iterable[Estimate], context: Context, where: str,
                       named_by: dict[str, list[str]] | None = None,
                       publishers: Iterable[str] | None = None) -> list[Problem]:
    """Each estimate's (and scenario's) geography, definition and measures against its inputs' (a count read through
    a share has the share's definition), its period's start against theirs, and its quantity's words: they name what
    one of its inputs counts (its indicator's words, ``register.subjects``) or print one of their numbers.

    Parameters
    ----------
    estimates : iterable of Estimate
        Every estimate and scenario, inputs resolved.
    context : Context
        The figures and external rows the inputs resolve against.
    where : str
        The estimates file, named in each problem.
    named_by : dict of str to list of str, optional
        The phrases naming each indicator that declares them (``vocabulary.yml``, the sources' declarations).
    publishers : iterable of str, optional
        Publishers' names ('Phnom Penh Post'): a quantity citing one names no place by it (default: the
        publisher of each external row, its ``source`` before ': '). A place a quantity names otherwise is the
        estimate's or one of its inputs'.

    Returns
    -------
    list of Problem
    """
    problems, places = [], _places(context)
    if publishers is None:
        publishers = {str(v).partition(": ")[0] for v in context.external.get("source", pd.Series()).dropna()}
    cited = sorted({p.casefold() for p in publishers}, key=len, reverse=True)
    for est in estimates:
        rows = [_row(context, ref) for ref in dict.fromkeys(est.refs)]
        rows = [r for r in rows if r is not None]
        if not rows:
            continue
        typed = any(a.typed for a in est.assumptions)  # a number typed as a judgement speaks of the estimate itself
        problems += _term_problems(est, rows, where, typed)
        message = None if typed else _period_problem(est.period[0], rows) or period_year_problem(est.period, rows, est.spec)
        if message:
            problems.append(Problem(where, est.key, "period", message))
        message = (_quantity_problem(est.spec.get("quantity"), rows, named_by or {})
                   or _unit_word_problem(est.spec.get("quantity"), est.spec.get("unit"))
                   or _quantity_place_problem(est.spec.get("quantity"), est.spec.get("geography"), rows, places,
                                              cited)
                   or (None if typed else _quantity_number_problem(est.spec.get("quantity"), rows)))
        if message:
            problems.append(Problem(where, est.key, "quantity", message))
        if message := _arithmetic_problem(est.spec.get("report_arithmetic"), rows,
                                          None if message else est.spec.get("quantity")):
            problems.append(Problem(where, est.key, "report_arithmetic", message))
    problems += _overridden_quantity_problems(estimates, context, where, named_by or {}, places, cited)
    problems += _ends_definition_problems(estimates, context, where)
    said = {p.entry.partition('/')[0] for p in problems if p.field == 'quantity'}  # one quantity problem is enough
    return problems + [p for p in _definition_word_problems(estimates, context.lineage.counted_in, where)
                       if p.entry not in said]


def _term_problems(est: Estimate, rows: list[dict], where: str, typed: bool) -> list[Problem]:
    """Its geography, definition and measures are its inputs' (measures only for a typed judgement); a count read
    through a share has the share's definition."""
    problems = []
    for term in ("measures",) if typed else TERMS:
        said = est.spec.get(term)
        theirs = sorted({str(r[term]) for r in rows if isinstance(r.get(term), str)})
        shares = sorted({str(r[term]) for r in rows if r.get("unit") == "share" and isinstance(r.get(term), str)})
        if isinstance(said, str) and theirs and said not in theirs:
            problems.append(Problem(where, est.key, term, f"{brief(said, 40)}: its inputs' are {_listed(theirs)}"))
        elif term == "definition" and est.spec.get("unit") != "share" and shares and said not in shares:
            problems.append(Problem(where, est.key, term, f"{brief(said, 40)}, but a count read through a share "
                                                          f"has the share's ({_listed(shares)}): it says who"))
    return problems


def _unprinted(text: str, rows: list[dict], columns: tuple[str, ...], *, years_aside: bool = False) -> Fraction | None:
    """The first number ``text`` prints that none of the rows' ``columns`` print (a year it states of one of the
    rows aside, with ``years_aside``: a year of no row is a number like another); None when each is printed there."""
    printed = {n for r in rows for k in columns if isinstance(r.get(k), str) for n in quote_numbers(r[k])}
    years = {Fraction(y) for y in years_stated(text) & row_years(rows)} if years_aside else set()
    return next((n for n in quote_numbers(text) if n not in printed and n not in years), None)


def _arithmetic_problem(text, rows: list[dict], quantity=None) -> str | None:
    """The report's arithmetic is in its own words: every number it prints stands in the quote of one of the
    estimate's inputs ('66% are Khmer, of an estimated 18,256' rests on the rows quoting 66% and 18,256); it is
    declared exactly where the quantity (None: already refused) calls its row "The report's arithmetic"."""
    says = isinstance(quantity, str) and quantity.casefold().startswith("the report's arithmetic")
    if quantity is not None and says != isinstance(text, str):
        return (f"none declared, but the quantity says {brief(quantity, 60)}" if says else
                f"declared, but the quantity ({brief(quantity, 60)}) does not call the row the report's arithmetic")
    missing = _unprinted(text, rows, ("quote",)) if isinstance(text, str) else None
    return None if missing is None else f"prints {float(missing):g}, which no quote of its inputs prints"


def _quantity_number_problem(quantity, rows: list[dict]) -> str | None:
    """A quantity prints only numbers its inputs' quotes or caveats print, years aside: the sex workers after UNTAC
    are never 'aged 12-17' when no input prints the band (an estimate resting on a typed judgement aside: its
    numbers speak of the estimate itself)."""
    missing = _unprinted(quantity, rows, ("quote", "caveat"), years_aside=True) if isinstance(quantity, str) else None
    return None if missing is None else f"prints {float(missing):g}, which no quote or caveat of its inputs prints"


def _overridden_quantity_problems(estimates: Iterable[Estimate], context: Context, where: str,
                                  named_by: dict[str, list[str]], places: set[str], cited: list[str]) -> list[Problem]:
    """An estimate's own quantity, where its scenarios give theirs, is still worded as its unit, names what one of
    its scenarios' inputs counts and no place none of them is of."""
    found: dict[str, tuple[str, str, list[dict]]] = {}
    for est in estimates:
        if "estimate_quantity" in est.spec:
            _, _, rows = found.setdefault(est.spec["id"], (est.spec["estimate_quantity"], est.spec.get("unit"), []))
            rows += [r for r in (_row(context, ref) for ref in dict.fromkeys(est.refs)) if r is not None]
            rows.append({"geography": est.spec.get("geography")})
    problems = []
    for key, (quantity, unit, rows) in found.items():
        message = (_quantity_problem(quantity, rows, named_by) or _unit_word_problem(quantity, unit)
                   or _quantity_place_problem(quantity, None, rows, places, cited)
                   or _quantity_number_problem(quantity, rows))
        if message:
            problems.append(Problem(where, key, "quantity", message))
    return problems


# What a quantity's words say of its unit: "Share of ..." is a share, "... per confirmed case" a ratio.
UNIT_WORDS = {"share": re.compile(r"^share\b"), "ratio": re.compile(r"\bper\b")}


def _unit_word_problem(quantity, unit) -> str | None:
    """A quantity worded as a share or a ratio ('Share of ...', '... per confirmed case') has that unit, and one of
    that unit is worded so: persons are never 'Share of sex workers ...'."""
    if not isinstance(quantity, str) or not isinstance(unit, str):
        return None
    for name, words in UNIT_WORDS.items():
        said = bool(words.search(quantity.casefold()))
        if said != (unit == name):
            return (f"{brief(quantity, 40)} is worded as a {name}, but the estimate is in {unit}" if said else
                    f"{brief(quantity, 40)} is not worded as a {name} ({words.pattern!r}), but the estimate is one")
    return None


def _definition_word_problems(estimates: Iterable[Estimate], counted_in: dict[str, str], where: str) -> list[Problem]:
    """An estimate's own quantity names its definition (``register.subjects.definition_problem``) and counts the age
    band it prints (``band_problem``), once per estimate: 'Sex workers aged 12-17' is never all sex workers."""
    problems, seen = [], set()
    for est in estimates:
        definition, unit = est.spec.get("definition"), est.spec.get("unit")
        own = est.spec.get("estimate_quantity" if "estimate_quantity" in est.spec else "quantity")
        if (est.spec["id"], definition) in seen or not isinstance(own, str) or not isinstance(definition, str):
            continue
        seen.add((est.spec["id"], definition))
        others = [d for d, u in counted_in.items() if u == unit]  # a band it prints is the band it counts
        message = definition_problem(definition, own, others) or band_problem(definition, own, others)
        if message:
            problems.append(Problem(where, est.spec["id"], "quantity",
                                    f"{brief(own, 50)} is not what its definition counts: "
                                    f"{message.replace(' the row' + chr(39) + 's', ' the quantity' + chr(39) + 's')}"))
    return problems


def _listed(values: list[str]) -> str:
    """Two values by name, more by their count (a message stays one short line)."""
    return " and ".join(brief(v, 30)[1:-1] for v in values) if len(values) <= 2 else f"{len(values)} others"


def _quantity_problem(quantity, rows: list[dict], named_by: dict[str, list[str]]) -> str | None:
    """A quantity names what one of its inputs counts, or prints one of their numbers ('one third of over
    14,000'): 'Cambodian women in Thailand' is never a share of hotline reports."""
    if not isinstance(quantity, str):
        return None
    indicators = sorted({r["indicator"] for r in rows if isinstance(r.get("indicator"), str)})
    if any(indicator_problem(i, quantity, named_by.get(i)) is None for i in indicators):
        return None
    numbers = {Fraction(r[k]).limit_denominator(10**6) for r in rows for k in ("value", "low", "high")
               if isinstance(r.get(k), float) and r[k] == r[k]}
    if numbers & set(quote_numbers(quantity)):
        return None
    return f"names nothing its inputs count ({_listed(indicators)}), prints none of their numbers"


def _parts(place) -> set[str]:
    return {p.strip() for p in patterns.split(r",| and ", str(place)) if p.strip()} if isinstance(place, str) else set()


def _places(context: Context) -> set[str]:
    """Every place a figure or row is of, each part of a list ('Phnom Penh, Sihanouk Ville and Siem Reap') apart."""
    return {p for g in {*context.figures["geography"].dropna(), *context.external["geography"].dropna()}
            for p in _parts(g)}


def _quantity_place_problem(quantity, geography, rows: list[dict], places: set[str], cited: list[str]) -> str | None:
    """A place a quantity names (a publisher's name aside) is the estimate's or one of its inputs': 'in Phnom
    Penh' is never said of an estimate of Cambodia resting on national numbers only."""
    if not isinstance(quantity, str):
        return None
    text = quantity.casefold()
    for name in cited:
        text = text.replace(name, " ")
    allowed = _parts(geography) | {p for r in rows for p in _parts(r.get("geography"))}
    named = sorted(p for p in places - allowed if patterns.search(rf"(?<!\w){re.escape(p.casefold())}(?!\w)", text))
    return f"names {', '.join(map(repr, named))}, a place neither it nor its inputs are of" if named else None


def _ends_definition_problems(estimates: Iterable[Estimate], context: Context, where: str) -> list[Problem]:
    """The parameters of one assumption read rows of one definition (its ends and mode bound one quantity), a sum
    of rows of several definitions (parts making a whole: brothel-based and outside-brothel sex workers) aside:
    the national total's low read from the brothel-based count alone, beside counts of all venues, is refused
    (once per estimate, named on its first scenario that reads it)."""
    problems = {}
    for est, a in ((est, a) for est in estimates for a in est.assumptions):
        read = {}
        for name, ref in a.written.items():
            refs = [r for r in (ref if isinstance(ref, list) else [ref]) if isinstance(r, str)]
            found = {row["definition"] for r in refs if (row := _row(context, r)) and isinstance(row.get("definition"), str)}
            if len(found) == 1:
                read[name] = found.pop()
        counts = Counter(read.values())
        most = counts.most_common(1)[0][0] if len(counts) > 1 else None
        for name, definition in read.items() if most else ():
            if definition != most:
                problem = Problem(where, est.key, f"assumptions.{a.name}.parameters", (
                    f"{name} reads {definition}, the others {most}: one assumption reads one definition, or a sum "
                    "of parts"))
                problems.setdefault((est.spec["id"], problem.field, problem.message), problem)
    return list(problems.values())


def _row(context: Context, ref: str) -> dict | None:
    """The figure or external row an input names, as a dict (None if it has no row)."""
    return context.row(ref.split(".", 1)[0])


def _period_problem(start, rows: list[dict]) -> str | None:
    """An estimate's period starts no earlier than its inputs' first and no later than their last day."""
    starts = [pd.Timestamp(r["period_start"]) for r in rows if pd.notna(r.get("period_start"))]
    ends = [pd.Timestamp(r["period_end"]) for r in rows if pd.notna(r.get("period_end"))]
    if (start is None or pd.isna(start)) and starts:
        return (f"none, but its inputs are dated ({min(starts).date()} to {max(ends).date()}): an estimate speaks of "
                "the time its numbers speak of")
    if start is not None and not pd.isna(start) and not starts:
        return f"starts {pd.Timestamp(start).date()}, but none of its inputs is dated: an estimate is undated too"
    if start is None or pd.isna(start) or not starts or not ends:
        return None
    start = pd.Timestamp(start)
    first, last = min(starts), max(ends)
    if first <= start <= last:
        return None
    return (f"starts {start.date()}, outside the periods of its inputs ({first.date()} to {last.date()}): an "
            "estimate speaks of the time its numbers speak of")


# A name a text prints: a word of three letters or more opening on a capital ('Steinfatt', 'UNIAP', 'Ministry').
_NAME = re.compile(r"(?<![\w'])[A-Z][^\W_]{2,}")
NO_NAME = ("unknown",)  # a producer said to be unknown names no one


def producer_names_printed(producer: str, places) -> list[str]:
    """The names an origin's producer prints, folded: capitalised words of three letters or more outside brackets
    ('Steinfatt', 'UNIAP', 'Ministry'), the words of places and 'Unknown' aside (``NO_NAME``).

    Parameters
    ----------
    producer : str
        The origin's ``producer``.
    places : iterable of str
        The vocabulary's places.

    Returns
    -------
    list of str
    """
    placed = {w.casefold() for p in places for w in patterns.findall(r"[^\W\d_]+", p)}
    return [n.casefold() for n in _NAME.findall(patterns.sub(r"\([^()]*\)", " ", str(producer)))
            if n.casefold() not in placed | set(NO_NAME)]


def names_printed(text: str) -> set[str]:
    """The names a text prints (as ``producer_names_printed`` reads them, brackets kept), folded.

    Parameters
    ----------
    text : str

    Returns
    -------
    set of str
    """
    return {n.casefold() for n in _NAME.findall(str(text))}


def origin_producer_problems(origins: dict[str, dict], tables: dict[str, pd.DataFrame], declared, places,
                             where: str) -> list[Problem]:
    """An origin's ``producer`` is who its evidence names: at least half the names its producer prints (capitalised
    words outside brackets, places and 'Unknown' aside) are names the authors of the sources resting on it
    (``sources.yml``) or the ``credited`` and ``producers`` cells of the rows resting on it print, where these name
    anyone: the statistics institute given as the producer of Steinfatt's study, or the interior ministry as that of
    the NGOs' circulated 80,000-100,000, is refused.

    Parameters
    ----------
    origins : dict of str to dict
        The origins by id, as ``origins.yml`` declares them.
    tables : dict of str to pandas.DataFrame
        The built tables (``sources``: ``source_id`` and ``author``).
    declared : Sources
        The declared sources, each with its built frame (``frames``).
    places : iterable of str
        The vocabulary's places: no place is a name of who made a number.
    where : str
        The origins file, named in each problem.

    Returns
    -------
    list of Problem
    """
    names = {o: set() for o in origins}
    authors = dict(zip(tables["sources"]["source_id"], tables["sources"]["author"]))
    for origin_id, spec in origins.items():
        names[origin_id] |= {n.casefold() for s in spec.get("sources") or [] for n in _NAME.findall(str(authors.get(s)))}
    for source in declared.declared:
        frame, rename = declared.frames.get(source.name), source.spec.get("rename", {})
        columns = [rename.get(c, c) for c in [*source.spec.get("credited", []), *source.spec.get("producers", [])]]
        for column in (c for c in columns if frame is not None and c in frame):
            for origin_id, text in zip(frame["origin_id"].tolist(), frame[column].tolist()):
                names.setdefault(origin_id, set()).update(n.casefold() for n in _NAME.findall(str(text)))
    problems = []
    for origin_id, spec in origins.items():
        own = producer_names_printed(spec.get("producer", ""), places)
        named = [n for n in own if n in names[origin_id] or n.removesuffix("s") in names[origin_id]]
        if names[origin_id] and own and 2 * len(named) < len(own):
            problems.append(Problem(where, origin_id, "producer", (
                f"{brief(spec['producer'], 50)}, but the sources and rows resting on it name "
                f"{', '.join(sorted(names[origin_id])[:4])}")))
    return problems


def unit_measures_problems(lineage, figures: pd.DataFrame, estimates: pd.DataFrame, *, definitions: str,
                           estimates_path: str) -> list[Problem]:
    """What each figure and estimate is said to measure against what a number in its unit can measure
    (``register.lineage.unit_measures_problem``): a figure's is named where ``definitions.yml`` gives it (its
    indicator's entry, else its topic's), an estimate's in ``estimates.yml``.

    Parameters
    ----------
    lineage : Lineage
    figures, estimates : pandas.DataFrame
        The built figures and estimates tables.
    definitions, estimates_path : str
        The files named in the problems.

    Returns
    -------
    list of Problem
    """
    found = []
    for f in frames.rows(figures[["indicator", "topic", "unit", "measures"]]):
        if message := unit_measures_problem(lineage, f.unit, f.measures):
            entry = f"indicators.{f.indicator}" if f.indicator in lineage.indicators else f"topics.{f.topic}"
            found.append(Problem(definitions, entry, "measures", message))
    for e in frames.rows(estimates[["estimate_id", "unit", "measures"]]):
        if message := unit_measures_problem(lineage, e.unit, e.measures):
            found.append(Problem(estimates_path, e.estimate_id, "measures", message))
    return list(dict.fromkeys(found))


def definition_measures_problems(numbers: list[tuple[str, str, Problem]]) -> list[Problem]:
    """One definition, one measure: every number with a definition measures the same thing (prevalence,
    detection or activity). The numbers whose measure differs from most of their definition's are named.

    Parameters
    ----------
    numbers : list of (str, str, Problem)
        Each number's definition, its measures, and the problem naming where that measures is written (its
        message is replaced).

    Returns
    -------
    list of Problem
    """
    by: dict[str, Counter] = {}
    for definition, measures, _ in numbers:
        by.setdefault(definition, Counter())[measures] += 1
    found = []
    for definition, measures, at in numbers:
        counts = by[definition]
        usual, most = counts.most_common(1)[0]
        if len(counts) > 1 and (measures != usual or list(counts.values()).count(most) > 1):
            others = ", ".join(f"{m} ({n})" for m, n in sorted(counts.items()) if m != measures)
            found.append(dataclasses.replace(at, message=f"{measures}: other numbers defined as {brief(definition, 40)} "
                                                         f"measure {others}; one definition measures one thing"))
    return list(dict.fromkeys(found))
