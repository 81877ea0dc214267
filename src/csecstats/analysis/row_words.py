"""A declared row's lineage against the words of its own cells, once the row is joined to it: the names a
``credited`` column credits its number to are its origin's (``credit_problems``), and a row whose words say how its
number was made ('counted', 'extrapolated', 'survey') is never said to rest on no described method
(``described_method_problems``). Each problem is named where the term is written (``analysis.row_lineage.term_problem``).
The caveats of a figure speak of it too: the part of a part-and-whole check says it is a subset of its whole
(``subset_caveat_problems``).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..register.nouns import printed_number
from ..register.rules import quote_numbers, years_stated
from ..tables.sources import Source
from .external_rows import context_words
from .row_lineage import term_problem
from .row_pages import row_entry


# A name a cell prints: a word of three letters or more opening on a capital ('Steinfatt', 'UNIAP', 'HIV').
_NAME = re.compile(r"(?<![\w'])[A-Z][^\W_]{2,}")
ORIGIN_WORDS = ("producer", "title", "accounts")  # where an origin's own words name who made it and who relays it


def credit_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], origins: dict[str, dict],
                    places, *, data: Path | None = None) -> list[Problem]:
    """A number is credited to what it rests on: every name a row's ``credited`` columns print (a capitalised word,
    a place's aside) is a word of its origin's producer, title or accounts, so '(Steinfatt and Baker for UNIAP,
    published 2011)' never describes a 2003 count, nor the health ministry's centre a figure in circulation.

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
        The origins by id.
    places : collection of str, or mapping of str to list of str
        The vocabulary's places (and the other words naming each): no place is a name of who made a number.
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    placed = {w for p in places for w in patterns.findall(r"[^\W\d_]+", " ".join([p, *(places.get(p, ()) if isinstance(
        places, dict) else ())]).casefold())}
    found = []
    for raw, note, row_id in zip(raws, notes, ids):
        origin = origins.get(note.get("origin") or "")
        if origin is None:
            continue
        own = set(patterns.findall(r"[^\W\d_]+", " ".join(str(origin.get(k, "")) for k in ORIGIN_WORDS).casefold()))
        for column in source.spec.get("credited", []):
            names = [n for n in _NAME.findall(str(raw.get(column, ""))) if n.casefold() not in placed]
            missing = [n for n in names if not {n.casefold(), n.casefold() + "s", n.casefold().removesuffix("s")} & own]
            if missing:
                found.append(term_problem(source, "origin", raw, row_id, (
                    f"{origin['id']}, but its {column} {brief(raw.get(column), 50)} credits "
                    f"{', '.join(map(repr, missing[:3]))}, whom its producer, title and accounts never name"),
                    data=data))
    return list(dict.fromkeys(found))


# The words by which a row says its number was made by a method ('Steinfatt's team counted 5,317'; 'extrapolated
# from the counts'; 'survey of sex-work venues'), each read from the start of a word.
METHOD_WORDS = {"direct_count": ("counted", "census"), "model_extrapolation": ("extrapolat",),
                "venue_survey": ("survey",), "circulated_claim": ("circulat", "guesstimat")}
UNDESCRIBED = "method_not_described"


def described_method_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str],
                              origins: dict[str, dict], *, data: Path | None = None) -> list[Problem]:
    """A row said to rest on no described method (``method_not_described``) whose quote or other words (a
    publisher's name and an address aside) describe one its origin made numbers by (``METHOD_WORDS``): the
    observers' count of 5,317 is never 'method not described', nor the 17,000 'in circulation since 2000'.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``origin`` and ``method``), in order.
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
        origin = origins.get(note.get("origin") or "")
        if origin is None or note.get("method") != UNDESCRIBED:
            continue
        words = " ".join(f"{raw.get('quote', '')} {context_words(source.spec, raw)}".split()).casefold()
        said = [(m, w) for m in origin["methods"] for w in METHOD_WORDS.get(m, ())
                if patterns.search(rf"(?<!\w){w}", words)]
        if said:
            found.append(term_problem(source, "method", raw, row_id, (
                f"{UNDESCRIBED}, but its words describe how {origin['id']} made it: {said[0][1]!r} ({said[0][0]})"),
                data=data))
    return list(dict.fromkeys(found))


# Words by which a description says how its number is printed: approximately, or as a lower bound ('more than
# 7,000'); the row's qualifier (its lineage) is then that one.
SAYS_QUALIFIER = {"approximate": re.compile(r"(?<!\w)(?:approximate(?:ly)?|about|around|roughly)(?!\w)"),
                  "lower_bound": re.compile(r"(?<!\w)(?:more than|over|at least)(?= \d)")}
_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


def described_problems(source: Source, raws: list[dict], notes: list[dict], *, data: Path | None = None
                       ) -> list[Problem]:
    """A row's ``described`` columns (the table's own words for what the row counts) say what the row is: they
    never name another indicator of the table without naming its own ('counted in direct and indirect sex work
    establishments' is not the trafficked among them), print no number but the row's value, bounds or a number of
    its quote, years aside ('(more than 7,000)' of a row of 3,000), and say 'approximate' or 'more than' only of a
    row with that qualifier.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``qualifier``), in order.
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    indicators = source.spec.get("indicators") or {}
    values, column = indicators.get("values", {}), indicators.get("column")
    found, where = [], str(data or source.data)
    for raw, note in zip(raws, notes):
        own = values.get(raw.get(column, ""), {}).get("named_by", [])
        others = [p for name, v in values.items() if name != raw.get(column) for p in v.get("named_by", [])]
        numbers = {_number(n) for k in source.spec.get("bounds", {}).values() for n in _DIGITS.findall(raw.get(k, ""))}
        numbers |= {float(n) for n in quote_numbers(raw.get("quote", ""))}  # as the register reads a quote
        for described in source.spec.get("described", []):
            text = " ".join(str(raw.get(described, "")).split())
            said = [p for p in others if patterns.search(rf"(?<!\w){re.escape(p.casefold())}", text.casefold())]
            messages = [f"names {said[0]!r}, a phrase of another indicator, and none of {raw.get(column)}'s"] if (
                said and own and not any(patterns.search(rf"(?<!\w){re.escape(p.casefold())}", text.casefold())
                                         for p in own)) else []
            unprinted = [n for n in _DIGITS.findall(text) if _number(n) not in numbers
                         and not years_stated(n)]
            messages += [f"prints {n}, which neither its value, its bounds nor its quote prints" for n in unprinted[:1]]
            messages += [f"says {m.group(0)!r}, but the row is {note.get('qualifier')}" for q, pattern in
                         SAYS_QUALIFIER.items() if (m := pattern.search(text.casefold())) and note.get("qualifier") != q]
            found += [Problem(where, row_entry(source.spec, raw), described, f"{brief(text, 50)} {m}") for m in messages]
    return found


# A breakdown a note gives of its row's number: parts joined by '+' ('85 + 211 victims'), by 'and' where each part
# opens on its number ('43 trafficking and 108 sexual exploitation cases'), or parts each opening a part of the note
# between semicolons ('138 under 15; 40 aged 15-17; 167 over 18').
_COUNT = r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)(?![\d,.-])"
_PLUS = re.compile(rf"{_COUNT}(?:\s*\+\s*\d[\d,]*)+")
_AND = re.compile(rf"{_COUNT} [a-z][\w -]*? and {_COUNT} [a-z]")


def printed_breakdowns(text: str) -> list[list[int]]:
    """The breakdowns a text gives (each the list of its parts): '85 + 211 victims' -> [[85, 211]].

    Parameters
    ----------
    text : str

    Returns
    -------
    list of list of int
    """
    found = [[printed_number(n) for n in patterns.findall(r"\d[\d,]*", m.group(0))] for m in _PLUS.finditer(text)]
    leading = [printed_number(m.group(1)) for part in text.split(";")
               if (m := patterns.match(rf"\s*{_COUNT} [a-z]", part))]
    found += [leading] if len(leading) > 1 else []
    found += [[printed_number(a), printed_number(b)] for part in text.split(";") if len(leading) < 2
              for a, b in _AND.findall(part)]
    return found


def breakdown_problems(source: Source, raws: list[dict], *, data: Path | None = None) -> list[Problem]:
    """A breakdown a row's ``breakdowns`` columns give of its number adds up to it (``printed_breakdowns``): the
    NCCT's 104 cases of the first half of 2024 made 109, value and quote, while the note still gives '22 trafficking
    and 82 sexual exploitation cases', are refused.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found, where = [], str(data or source.data)
    for raw in raws:
        value = str(raw.get("value", "")).replace(",", "").strip()
        for column in source.spec.get("breakdowns", []) if value.isdigit() else ():
            text = " ".join(str(raw.get(column, "")).split())
            found += [Problem(where, row_entry(source.spec, raw), column, (
                f"{brief(text, 50)} gives {' + '.join(map(str, parts))} = {sum(parts):,}, but the row's number is "
                f"{int(value):,}: a breakdown adds up to what it breaks down"))
                for parts in printed_breakdowns(text) if sum(parts) != int(value)]
    return found


def _number(text: str) -> float:
    return float(text.replace(",", ""))


# A count a caveat prints (a hundred or more, years aside: '14,725 brothel workers', '1,074 of 5,317'): one the
# report or a declared source prints. Smaller numbers (a footnote's, an age band, a sum of printed shares) are
# read by the caveat rules of the register.
CITED_COUNT = 100


def caveat_count_problems(register, frames, where: str, estimates=(), estimates_where: str = "") -> list[Problem]:
    """Every count a figure's or an estimate's caveat cites (``CITED_COUNT`` or more, years aside) is printed by
    the report or by a row of a declared source (its quote or values): the US Embassy's '14,725 brothel workers'
    never becomes 17,425, nor the study's 18,256 '18,526'.

    Parameters
    ----------
    register : Register
        The checked register (its figures' ``caveats`` and the report).
    frames : iterable of pandas.DataFrame
        The declared sources' tables.
    where : str
        The figures file, named in each problem.
    estimates : iterable of Estimate, default ()
        The declared estimates, each scenario as it reads its spec (its ``caveats``).
    estimates_where : str, default ""
        The estimates file, named in their problems.

    Returns
    -------
    list of Problem
    """
    printed = printed_counts(register.report.body_text, frames)
    names = {w.casefold() for w in patterns.findall(r"[^\W\d_]+", register.report.body_text)}
    found: dict[tuple, Problem] = {}  # a caveat every scenario carries is named once, on the first
    for est in estimates:
        scenario = [{"figure_id": est.key, "caveats": est.spec.get("caveats") or []}]
        for p in cited_count_problems(scenario, printed, estimates_where) + attributed_name_problems(
                scenario, names, estimates_where):
            found.setdefault((est.spec["id"], p.field, p.message), p)
    return (cited_count_problems(register.figures, printed, where)
            + attributed_name_problems(register.figures, names, where) + list(found.values()))


# A caveat's clause telling what the report says ('the report describes the remaining 1% as ...', 'the report reads
# the figure as Phnom Penh'), up to the end of the clause; a name it gives there is one the report prints.
ATTRIBUTED = re.compile(r"\bthe report\s+(?:describes|says|calls|gives|names|puts|reads|states|prints|counts)\b[^.;:()]*",
                        re.IGNORECASE)
_NAME = re.compile(r"(?<![\w'])[A-Z][A-Za-z]{2,}")


def attributed_name_problems(figures: list[dict], names: set[str], where: str) -> list[Problem]:
    """A name a caveat says the report gives ('the report describes the remaining 1% as Chinese') is a word the report
    prints (``names``: its words, folded); one problem per caveat."""
    found = []
    for figure in figures:
        for i, caveat in enumerate(figure["caveats"], start=1):
            unprinted = [n for m in ATTRIBUTED.finditer(caveat["text"]) for n in _NAME.findall(m.group()[11:])
                         if n.casefold() not in names]
            found += [Problem(where, figure["figure_id"], f"caveats[{i}].text", f"says the report gives {unprinted[0]!r}"
                              ", which the report never prints")] if unprinted else []
    return found


def printed_counts(text: str, frames) -> set[float]:
    """The numbers ``text`` (the report's body: '14, 000' as printed) and the tables' quotes and values print."""
    printed = {float(n) for n in quote_numbers(text)}
    for frame in frames:
        printed |= {float(n) for v in frame["quote"].dropna() for n in quote_numbers(str(v))} if "quote" in frame else set()
        for column in ("value", "low", "high"):
            if column in frame:
                printed |= {_number(n) for v in frame[column].dropna() for n in _DIGITS.findall(str(v))}
    return printed


def cited_count_problems(figures: list[dict], printed: set[float], where: str) -> list[Problem]:
    """``caveat_count_problems`` against the numbers printed (``printed_counts``); one problem per caveat."""
    found = []
    for figure in figures:
        for i, caveat in enumerate(figure["caveats"], start=1):
            counts = [n for n in _DIGITS.findall(caveat["text"]) if _number(n) >= CITED_COUNT and not years_stated(n)]
            found += [Problem(where, figure["figure_id"], f"caveats[{i}].text", f"cites {n}, which neither the "
                              "report nor a row of a declared source prints") for n in counts
                      if _number(n) not in printed][:1]
    return found


# A caveat saying numbers corroborate one another ('two independent accounts that corroborate the number'); a claim
# its own clause denies ('that does not corroborate the number', 'not an independent count') is none.
CORROBORATES = re.compile(r"\b(?:corroborat\w*|independent (?:accounts?|counts?|sources?|studies|estimates?))\b",
                          re.IGNORECASE)
DENIED = re.compile(r"\b(?:not|never|no|nor|cannot|without)\b", re.IGNORECASE)


def corroboration_problems(register, where: str, estimates=(), estimates_where: str = "", context=None) -> list[Problem]:
    """A caveat saying its numbers corroborate one another rests on two origins at least: a figure rests on one (its
    own: it corroborates nothing), an estimate on its inputs' origins (``context.origin``), a compilation counted
    once with what it compiles; repeats or accounts of one study never corroborate it. One problem per caveat, a caveat every scenario carries named once.

    Parameters
    ----------
    register : Register
        The checked register (its figures' ``caveats``).
    where : str
        The figures file, named in each problem.
    estimates : iterable of Estimate, default ()
        The declared estimates, each scenario as it reads its spec.
    estimates_where : str, default ""
        The estimates file, named in their problems.
    context : Context, optional
        What the estimates' references resolve against (their inputs' origins).

    Returns
    -------
    list of Problem
    """
    def claims(text: str) -> bool:
        return any(not DENIED.search(patterns.split(r"[;:,.()]", text[:m.start()])[-1])
                   for m in CORROBORATES.finditer(text))

    found = [Problem(where, f["figure_id"], f"caveats[{i}].text", f"{brief(c['text'], 50)} says its numbers are "
                     "corroborated, but a figure rests on one origin") for f in register.figures
             for i, c in enumerate(f["caveats"], start=1) if claims(c["text"])]
    seen = set()
    for est in estimates:
        origins = {context.origin(r) for r in est.refs} if context is not None else set()  # as estimates.csv's origin_ids
        compiled = {o for o in origins if set(context.lineage.origins.get(o, {}).get("compiles") or []) & origins}
        origins -= compiled  # a compilation and what it compiles are one account
        for i, c in enumerate(est.spec.get("caveats") or [], start=1):
            if claims(c["text"]) and len(origins) < 2 and (est.spec["id"], c["text"]) not in seen:
                seen.add((est.spec["id"], c["text"]))
                found.append(Problem(estimates_where, est.key, f"caveats[{i}].text", (
                    f"{brief(c['text'], 50)} says its numbers are corroborated, but its inputs rest on "
                    f"{', '.join(sorted(origins)) or 'no origin'} alone: accounts of one study never corroborate it")))
    return found


PART_OF = "part <= whole"  # the rule of a check whose first figure is a subset of its second (``checks.yml`` at_most)


def subset_caveat_problems(checks, figures: list[dict], where: str) -> list[Problem]:
    """The part of a part-and-whole check (``checks.yml`` ``at_most``: confirmed cases within suspected ones) says it
    is a subset of its whole in a caveat printing the whole's number, as every real part does ('A subset of the 257
    suspected cases'): the hotline's 177 without 'A subset of the 257 received' is refused.

    Parameters
    ----------
    checks : pandas.DataFrame
        The built checks (``check_id``, ``rule``, ``figure_ids``: the part, then the whole; ``rhs``: the whole's value).
    figures : list of dict
        The register's figures (``figure_id``, ``caveats``: mappings with ``text``).
    where : str
        The figures file, named in each problem.

    Returns
    -------
    list of Problem
    """
    caveats = {f["figure_id"]: [str(c.get("text") if isinstance(c, dict) else c) for c in f.get("caveats") or []]
               for f in figures}
    problems = []
    for check_id, rule, ids, whole in zip(checks["check_id"], checks["rule"], checks["figure_ids"], checks["rhs"]):
        if rule != PART_OF or not isinstance(ids, str) or len(ids.split()) != 2 or math.isnan(whole):
            continue
        part, of = ids.split()
        printed = {f"{whole:,.0f}", f"{whole:.0f}"} if float(whole).is_integer() else {f"{whole:g}"}
        said = [t for t in caveats.get(part, []) if patterns.search(r"\bsubset\b", t, re.IGNORECASE)
                and any(patterns.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", t) for n in printed)]
        if part in caveats and not said:
            problems.append(Problem(where, part, "caveats", (
                f"no caveat says it is a subset of {of} ({min(printed, key=len)}), the whole {check_id} holds it "
                "within: 'A subset of the ...'")))
    return problems
