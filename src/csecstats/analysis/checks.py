"""The report's own arithmetic, checked.

Where the report gives parts and a whole, or says "N" and then names N things, the two must agree. The rules are
data (``data/raw/checks.yml``): each names its kind and the register figures it uses. ``run_checks`` returns a
table with one row per rule and its outcome. A failed rule is a problem with the register (a mis-typed phrase) or
a finding about the report; either way the build stops and names the figures involved.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..inputs import paths, patterns
from ..inputs.errors import Problem, raise_if_any
from ..register.actors import unprinted_names
from ..register.load import check_fields, entries, read_yaml
from ..register.nouns import NUMBER_WORDS
from ..source.reader import Report
from ..tables.declared import columns


@dataclass(frozen=True)
class Rule:
    """One declared check: its id, kind (``rule``), description and the fields its kind takes.

    Parameters
    ----------
    check_id : str
        The rule's id in ``checks.yml``.
    rule : str
        Its kind, a key of ``KINDS``.
    description : str
        What the rule checks, in words.
    fields : dict
        The fields its kind takes (figure ids, anchors of the report's text).
    """

    check_id: str
    rule: str
    description: str
    fields: dict[str, Any]

    def figure_ids(self) -> list[str]:
        return [self.fields[k] for k in ("part", "whole", "figure") if k in self.fields] + list(
            self.fields.get("parts", ()))


def at_most(rule: Rule, values: dict[str, float], report: Report) -> dict:
    """``part`` <= ``whole``: a subset cannot outnumber the set it is drawn from.

    Parameters
    ----------
    rule : Rule
        An ``at_most`` rule naming ``part`` and ``whole``.
    values : dict of str to float
        Register values by figure id.
    report : Report
        The report (unused by this kind; every kind takes it).

    Returns
    -------
    dict
        One row of the checks table.
    """
    part, whole = rule.fields["part"], rule.fields["whole"]
    lhs, rhs = values[part], values[whole]
    note = "equal: the report does not say whether they are the same records" if lhs == rhs else ""
    return _row(rule, "part <= whole", [part, whole], lhs, rhs, rhs - lhs, lhs <= rhs, note)


def shares_at_most_one(rule: Rule, values: dict[str, float], report: Report) -> dict:
    """Shares of one population add up to at most 100%; the residual is reported, not hidden.

    Parameters
    ----------
    rule : Rule
        A ``shares_at_most_one`` rule naming its ``parts``.
    values : dict of str to float
        Register values by figure id.
    report : Report
        The report (unused by this kind; every kind takes it).

    Returns
    -------
    dict
        One row of the checks table; its residual is the share left unaccounted for.
    """
    parts = list(rule.fields["parts"])
    total = sum(values[p] for p in parts)
    residual = round(1.0 - total, 12)
    note = f"{residual:.0%} of the population is not accounted for by the listed groups" if residual > 0 else ""
    return _row(rule, "sum of shares <= 1", parts, total, 1.0, residual, total <= 1.0 + 1e-12, note)


def names_count(rule: Rule, values: dict[str, float], report: Report) -> dict:
    """The report says N and then names N things: count the names between two anchors of its text.

    Parameters
    ----------
    rule : Rule
        A ``names_count`` rule naming ``figure``, ``after`` and ``before``.
    values : dict of str to float
        Register values by figure id.
    report : Report
        The report whose body text holds the list.

    Returns
    -------
    dict
        One row of the checks table; its note lists the names counted.
    """
    f = rule.fields
    names = named_items(report.body_text, f["after"], f["before"], final_and=f.get("final_and", True))
    stated = values[f["figure"]]
    return _row(rule, "stated count = names listed", [f["figure"]], stated, float(len(names)),
                len(names) - stated, len(names) == stated, "; ".join(names))


# rule -> (function, required fields and their types, optional fields and their types)
KINDS: dict[str, tuple[Callable[[Rule, dict, Report], dict], dict, dict]] = {
    "at_most": (at_most, {"part": (str,), "whole": (str,)}, {}),
    "shares_at_most_one": (shares_at_most_one, {"parts": (list,)}, {}),
    "names_count": (names_count, {"figure": (str,), "after": (str,), "before": (str,)}, {"final_and": (bool,)}),
}
COMMON = {"id": (str,), "rule": (str,), "description": (str,)}


def named_items(text: str, after: str, before: str, *, final_and: bool = True) -> list[str]:
    """Items of the list between ``after`` and ``before``: split on commas, and on the last "and".

    Parameters
    ----------
    text : str
        The text holding the list.
    after, before : str
        The anchors the list starts after and ends before.
    final_and : bool, default True
        Split the last item on its last " and ".

    Returns
    -------
    list of str

    Raises
    ------
    ValueError
        When an anchor is not in the text.
    """
    start = text.index(after) + len(after)
    span = text[start:text.index(before, start)]
    items = [item.strip(" .") for item in patterns.split(r",\s*(?![^()]*\))", span)]
    if final_and and items and " and " in items[-1]:
        items[-1:] = [part.strip(" .") for part in items[-1].rsplit(" and ", 1)]
    return [item for item in items if item]


def _row(rule: Rule, kind: str, ids: list[str], lhs: float, rhs: float, residual: float, passed: bool,
         note: str) -> dict:
    return {"check_id": rule.check_id, "rule": kind, "description": rule.description,
            "figure_ids": " ".join(ids), "lhs": float(lhs), "rhs": float(rhs),
            "residual": float(residual), "passed": bool(passed), "note": note}


def _rule(where: str, entry_id: str, entry: dict) -> tuple[Rule | None, list[Problem]]:
    kind = entry.get("rule")
    if kind not in KINDS:
        return None, [Problem(where, entry_id, "rule", f"unknown rule {kind!r}; expected one of {', '.join(KINDS)}")]
    _, required, optional = KINDS[kind]
    problems = check_fields(where, entry_id, entry, {**COMMON, **required}, optional)
    if "parts" in entry and not all(isinstance(p, str) for p in entry["parts"] or [None]):
        problems.append(Problem(where, entry_id, "parts", "expected a list of figure ids"))
    if problems:
        return None, problems
    fields = {k: v for k, v in entry.items() if k not in COMMON}
    return Rule(entry["id"], kind, entry["description"].strip(), fields), []


def load_rules(path: Path | None = None) -> list[Rule]:
    """The declared rules, checked; ``ValidationFailed`` lists every problem in the file.

    Parameters
    ----------
    path : Path, optional
        The rules file (default: the project's ``checks.yml``).

    Returns
    -------
    list of Rule

    Raises
    ------
    ValidationFailed
        Listing every problem of the file.
    """
    path = Path(path or paths.CHECKS_FILE)
    items, problems = read_yaml(path, "checks")
    rules = []
    if not problems:
        pairs, problems = entries(str(path), items)
        for entry_id, entry in pairs:
            rule, found = _rule(str(path), entry_id, entry)
            problems += found
            rules += [rule] if rule else []
    raise_if_any(problems)
    return rules


def rule_problems(rules: list[Rule], figures: pd.DataFrame, report: Report, *, path: str) -> list[Problem]:
    """Rules naming a figure the register does not hold, anchors the report does not contain, or a description
    saying what its figures do not print (``description_problems``).

    Parameters
    ----------
    rules : list of Rule
        The declared rules.
    figures : pandas.DataFrame
        The figures table (its ``figure_id`` column).
    report : Report
        The report whose text holds the anchors.
    path : str
        The rules file, named in each problem.

    Returns
    -------
    list of Problem
    """
    known, problems = set(figures["figure_id"]), []
    quotes = dict(zip(figures["figure_id"], figures["quote"]))
    indexed = figures.set_index("figure_id")  # once for every rule
    for rule in rules:
        problems += [Problem(path, rule.check_id, "figure", f"'{fid}' is not in the register")
                     for fid in rule.figure_ids() if fid not in known]
        if all(fid in known for fid in rule.figure_ids()):
            problems += description_problems(rule, indexed, path=path)
            held = " ".join(p.text for fid in rule.figure_ids() for p in report.find_quotes(quotes[fid]))
            problems += [Problem(path, rule.check_id, "description", f"names {w!r}, which the paragraphs of its "
                                 f"figures do not print") for w in unprinted_names(rule.description, held,
                                                                                   report.body_text)]
        if rule.rule == "names_count":
            try:
                named_items(report.body_text, rule.fields["after"], rule.fields["before"])
            except ValueError:
                problems.append(Problem(path, rule.check_id, "after/before", "anchors not found in the report text"))
    return problems


_YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,.]\d)")
_PLAIN = {"what", "that", "this", "with", "from", "noun", "unstated", "cannot", "exceed", "their", "them"}


def _said(text: str) -> set[str]:
    return {w.rstrip("s") for w in patterns.findall(r"[a-z]{4,}", text.lower())} - _PLAIN


def description_problems(rule: Rule, figures: pd.DataFrame, *, path: str) -> list[Problem]:
    """A check's description says what its figures print: each year it names is of every figure it checks
    ('Confirmed trafficking cases (2003)'); a names_count's stated number is its figure's ('18 member NGOs'); an
    at_most's words before and after 'cannot exceed' share a word with the clause of its quote printing the part
    and the whole ('257 cases of suspected human trafficking': 'suspected cases', never 'rescued victims').

    Parameters
    ----------
    rule : Rule
        One declared rule.
    figures : pandas.DataFrame
        The figures table (``figure_id``, ``value``, ``period_start``, ``period_end``, ``phrase``, ``quote``),
        or the same indexed by ``figure_id``.
    path : str
        The rules file, named in each problem.

    Returns
    -------
    list of Problem
    """
    rows = figures if figures.index.name == "figure_id" else figures.set_index("figure_id")
    text, problems = rule.description, []
    say = lambda msg: problems.append(Problem(path, rule.check_id, "description", msg))  # noqa: E731
    for fid in rule.figure_ids():
        start, end = (str(rows.at[fid, k] or "")[:4] for k in ("period_start", "period_end"))
        years = sorted({int(y) for y in _YEAR.findall(text)})
        if start.isdigit() and end.isdigit() and any(not int(start) <= y <= int(end) for y in years):
            say(f"names {', '.join(map(str, years))}, but {fid} is of {start if start == end else f'{start}-{end}'}")
    if rule.rule == "names_count":
        value = rows.at[rule.fields["figure"], "value"]
        stated = [int(n) for n in patterns.findall(r"(?<![\d,.])\d+(?![\d,.]\d)", _YEAR.sub("", text))]
        stated += [NUMBER_WORDS[w] for w in patterns.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS]
        if any(n != value for n in stated):
            say(f"says {', '.join(map(str, stated))}, but {rule.fields['figure']} prints {value:g}")
    if rule.rule == "at_most" and " cannot exceed " in text:
        for side, words in zip(("part", "whole"), text.split(" cannot exceed ", 1)):
            fid = rule.fields[side]
            quote, phrase = str(rows.at[fid, "quote"]), str(rows.at[fid, "phrase"])
            at = quote.find(phrase)
            clause = (patterns.split(r"[,.;] ", quote[:at])[-1] + patterns.split(r"[,.;]", quote[at:])[0]
                      if at >= 0 else quote)
            if not _said(words) & _said(clause):
                say(f"calls the {side} '{words.strip(' .')}', but {fid} is printed as '{clause.strip()}'")
    return problems


def run_checks(figures: pd.DataFrame, report: Report, rules: list[Rule] | None = None, *,
               path: Path | None = None) -> pd.DataFrame:
    """One row per rule: both sides, the residual, and whether the report's arithmetic holds.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table (``figure_id`` and ``value``).
    report : Report
        The report.
    rules : list of Rule, optional
        The rules (default: read from ``path``).
    path : Path, optional
        The rules file (default: the project's ``checks.yml``).

    Returns
    -------
    pandas.DataFrame
        The ``checks`` table.

    Raises
    ------
    ValidationFailed
        When a rule names a figure the register lacks or anchors the report does not hold.
    """
    rules = load_rules(path) if rules is None else rules
    where = str(path or paths.CHECKS_FILE)
    raise_if_any(rule_problems(rules, figures, report, path=where) + demanded_problems(rules, figures, path=where))
    values = dict(zip(figures["figure_id"], figures["value"]))
    return pd.DataFrame([KINDS[r.rule][0](r, values, report) for r in rules], columns=columns("checks"))


# Words by which the report says the numbers after them are drawn from the number before them ('257 cases of
# suspected human trafficking, of which 227 were confirmed'; '18,256 sex workers ..., of whom 66% are Khmer').
DRAWN_FROM = re.compile(r",? (?:of which|of whom|among them),? ")
_CONNECTOR = r"(?:of|for|the|de|and|on|to)"
_WORD = rf"(?:[A-Z][\w'’-]*|{_CONNECTOR}(?= (?:{_CONNECTOR} )*[A-Z]))"
_NAME = rf"[A-Z][\w'’-]*(?: {_WORD})*(?: \([A-Z][\w-]*\))?"  # 'Cambodia Defender Project (CDP)'
NAME_LIST = re.compile(rf"(?<!\w)({_NAME}(?:, {_NAME})+)")  # names, comma-separated, the last two maybe by 'and'


def demanded_checks(figures: pd.DataFrame) -> list[tuple[str, tuple[str, ...], str]]:
    """The checks a figure's own quote demands, each ``(kind, figure ids, the words)``: a count printed after
    'of which', 'of whom' or 'among them' right after another (``DRAWN_FROM``) is ``at_most`` that one (part,
    whole); two or more shares printed after such words make one ``shares_at_most_one``; a count printed right
    before a list of as many capitalised names (``NAME_LIST``: '18 local NGOs: The Cambodian Human Rights and
    Development Association (ADHOC), ...') is a ``names_count``.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table (``figure_id``, ``value``, ``unit``, ``phrase``, ``quote``).

    Returns
    -------
    list of tuple
    """
    demanded, by_quote = [], {}  # each quote's figures, in the order the quotes first appear (no frame per quote)
    for quote, *row in zip(figures["quote"], figures["figure_id"], figures["unit"], figures["value"], figures["phrase"]):
        if isinstance(quote, str):
            by_quote.setdefault(quote, []).append(row)
    for quote, group in by_quote.items():
        at = sorted((quote.find(phrase), ident, unit, value, phrase) for ident, unit, value, phrase in group
                    if phrase in quote)
        for mark in DRAWN_FROM.finditer(quote):
            whole = [a for a in at if a[0] < mark.start() and not patterns.search(r"\d", quote[a[0] + len(a[4]):
                                                                                        mark.start()])]
            end = quote.find(". ", mark.end()) % (len(quote) + 1)
            parts = [a for a in at if mark.end() <= a[0] < end]
            shares = tuple(a[1] for a in parts if a[2] == "share")
            if len(shares) >= 2:
                demanded.append(("shares_at_most_one", shares, quote[mark.start():end].strip(" ,")))
            first = parts[0] if parts and not patterns.search(r"\d", quote[mark.end():parts[0][0]]) else None
            if whole and first and first[2] != "share":
                demanded.append(("at_most", (first[1], whole[-1][1]), quote[mark.start():end].strip(" ,")))
        for start, ident, _, value, phrase in at:
            lists = NAME_LIST.search(quote, start + len(phrase))
            if lists and value == value and value >= 2 and not patterns.search(r"\d", quote[start + len(phrase):
                                                                                   lists.start()]):
                names = patterns.split(r", (?![^()]*\))", lists.group(1))
                names[-1:] = names[-1].rsplit(" and ", 1)
                if len(names) == value:
                    demanded.append(("names_count", (ident,), f"{phrase} ... {lists.group(1)[:40]}"))
    return demanded


def demanded_problems(rules: list[Rule], figures: pd.DataFrame, *, path: str) -> list[Problem]:
    """A check the report's own words demand (``demanded_checks``) is declared: an ``at_most`` of the same part and
    whole, a ``shares_at_most_one`` holding every share, a ``names_count`` of the figure. One problem per check left
    out, on its (first) figure.

    Parameters
    ----------
    rules : list of Rule
        The declared rules.
    figures : pandas.DataFrame
        The figures table.
    path : str
        The rules file, named in each problem.

    Returns
    -------
    list of Problem
    """
    declared = {(r.rule, tuple(r.figure_ids())) for r in rules}
    shares = [set(r.figure_ids()) for r in rules if r.rule == "shares_at_most_one"]
    problems = []
    for kind, ids, words in demanded_checks(figures):
        if (kind, ids) in declared or (kind == "shares_at_most_one" and any(set(ids) <= s for s in shares)):
            continue
        which = {"at_most": f"{ids[0]} at most {ids[-1]}", "shares_at_most_one": f"{' + '.join(ids)} at most 100%",
                 "names_count": f"{ids[0]} as many as the names listed"}[kind]
        problems.append(Problem(path, ids[0], "(check)", f"the report prints {words[:80]!r}: a check ({kind}) of "
                                f"{which} is declared by no rule"))
    return problems


def check_problems(checks: pd.DataFrame, *, path: str) -> list[Problem]:
    """A failed rule as problems on the register entries it names.

    Parameters
    ----------
    checks : pandas.DataFrame
        The ``checks`` table.
    path : str
        The register file, named in each problem.

    Returns
    -------
    list of Problem
        One per figure of each failed rule.
    """
    problems = []
    for row in checks[~checks["passed"]].itertuples(index=False):
        for fid in row.figure_ids.split():
            problems.append(Problem(path, fid, "phrase",
                                    f"{row.check_id}: {row.description} ({row.lhs:g} vs {row.rhs:g})"))
    return problems


def __getattr__(name: str):
    """CHECKS_FILE: the current project's (``inputs.paths``), looked up when used."""
    if name in ('CHECKS_FILE',):
        return getattr(paths, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
