"""Every numeric token in the report accounted for.

The audit reads the whole report file: front matter, headings, body paragraphs
and footnote bodies. ``register.tokens`` finds every numeric token (digits with the report's
separators as in "14, 000", ranges "40-60%", fractions "1/3", ordinals "8th",
number words "one".."twenty", "thirty".."ninety", "hundred(s)", "thousand(s)",
"half", "third(s)", "dozen", "first".."twentieth", Roman numerals, footnote
markers) and the audit gives each exactly one class, first rule that applies:

1. ``marker``  - a superscript footnote marker or the number of a footnote body;
2. ``figure``  - inside the phrase of a register entry, located inside its quote,
   located inside the report (``data/raw/figures.yml``);
3. ``name``    - a heading or outline number ("II –", "1.1.", "1)", "3-");
4. ``date``    - part of an unambiguous calendar date: a day/month/year with a
   month name, a year range in parentheses "(2000-2004)", a year after
   in/since/until/from followed by punctuation, or a year in a footnote body
   (footnotes are citations; they state no counts);
5. whatever class ``data/raw/exclusions.yml`` gives it, with a written reason.

Anything left is unaccounted for, and so is an exclusion that explains nothing
(stale). Both are ``Problem``s; coverage must be 100%.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..inputs import paths
from ..inputs.errors import Problem, brief
from ..source.reader import SUPERSCRIPT_DIGITS
from .figures import Register, read_all
from .load import entries, read_yaml
from .tokens import Token, date_spans, figure_spans, outline_spans, tokens_of

CLASSES = ("figure", "date", "marker", "name", "excluded")
YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")  # an excluded token of class date is a year, and a year a date
EXCLUSION_CLASSES = ("date", "name", "excluded")
# A reason calling its token a name, a title or an identifier ('The name of a policy', 'Page number of a citation',
# 'Refers to the numbered list item', 'Round-the-clock service descriptor'): of class name; one calling it an idiom,
# a pronoun, an age band or a threshold ('third parties' is an idiom; 'Legal age threshold'): of class excluded.
_NOT = r"(?<!not a )(?<!not the )(?<!not an )"
NAMED = re.compile(_NOT + r"\b(?:name|title|identifier|page number|part number|list item|descriptor|description)\b",
                   re.IGNORECASE)
NOT_COUNTED = re.compile(_NOT + r"\b(?:idiom|pronoun|age band|threshold)\b", re.IGNORECASE)
# A cardinal printed before what it counts ('195 participants', 'three components', '60 children'): a count, which the
# register holds, never an exclusion. The words read are those right after it, up to a word that ends the phrase.
CARDINAL = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"fifteen|twenty|thirty|forty|fifty|hundred|thousand)", re.IGNORECASE)
COUNTED_AFTER = re.compile(r"(?:[ \t]+[A-Za-z][a-z]*(?:-[a-z]+)*(?:'s)?\b(?!['-])|[ \t]+[A-Z]{2,}\b){1,4}")
MANY = re.compile(r"(?:hundreds|thousands|dozens|tens|millions)", re.IGNORECASE)
DURATION = re.compile(r"-(year|month|week|day)\b")  # lower case: '5-YEAR PLAN' is a name's
TIME_UNITS = frozenset({"years", "hours", "days", "weeks", "months", "minutes", "seconds", "decades"})
PLURAL_WITHOUT_S = frozenset({"children", "people", "women", "men", "persons", "girls", "boys"})
ENDS_PHRASE = frozenset({"of", "the", "a", "an", "and", "or", "per", "are", "is", "was", "were", "has", "have",
                         "as", "in", "on", "to", "for", "by", "with", "at", "from", "old"})


def _a(word: str) -> str:
    """'a name', 'an identifier'."""
    return f"{'an' if word[0].lower() in 'aeiou' else 'a'} {word.lower()}"
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")




@dataclass(frozen=True)
class Audit:
    """Every token with its class, and every problem (unaccounted tokens, stale exclusions).

    Parameters
    ----------
    tokens : tuple of Token
    problems : tuple of Problem
    """

    tokens: tuple[Token, ...]
    problems: tuple[Problem, ...]

    def counts(self) -> dict[str, int]:
        """Tokens per class, every class listed, unaccounted ones as ``unaccounted``."""
        found = Counter(t.cls or "unaccounted" for t in self.tokens)
        return {c: found.get(c, 0) for c in CLASSES + ("unaccounted",)}

    @property
    def coverage(self) -> float:
        """Percentage of tokens accounted for."""
        return 100.0 * sum(bool(t.cls) for t in self.tokens) / max(1, len(self.tokens))


# ---------------------------------------------------------------- rules

def rule_class(token: Token, raw: str, figures: dict[tuple[int, int], str], dates: list[tuple[int, int]],
               outline: set[tuple[int, int]]) -> tuple[str, str]:
    """The class a rule gives the token (marker, figure, name, date), or ("", "").

    Parameters
    ----------
    token : Token
    raw : str
        The report file's text.
    figures : dict of (int, int) to str
        The register's phrase spans (``figure_spans``).
    dates, outline : list or set of (int, int)
        The spans of calendar dates and of outline numbers.

    Returns
    -------
    tuple of (str, str)
        The class and its reason (for a figure, its id).
    """
    if token.text[0] in SUPERSCRIPT_DIGITS or token.text.startswith("^{"):
        return "marker", "footnote marker" if token.region != "footnote" else "number of a footnote body"
    fid = _figure_at(figures, token)
    if fid:
        return "figure", fid
    if (token.start, token.end) in outline:
        return "name", "heading or outline number"
    if any(s <= token.start and token.end <= e for s, e in dates):
        return "date", "part of a calendar date"
    if token.region == "footnote" and _YEAR_RE.fullmatch(token.text):
        return "date", "year of a cited work (footnote body)"
    return "", ""


def _figure_at(figures: dict[tuple[int, int], str], token: Token) -> str | None:
    """The figure whose phrase span holds the token: only spans starting within the longest span's length
    before the token are looked at (bisection on the sorted starts)."""
    starts, ordered, longest = _sorted_spans(tuple(figures.items()))
    i = bisect.bisect_right(starts, token.start)
    first = bisect.bisect_left(starts, token.start - longest)
    for (s, e), fid in ordered[first:i]:
        if s <= token.start and token.end <= e:
            return fid
    return None


@functools.lru_cache(maxsize=4)
def _sorted_spans(items: tuple) -> tuple[list[int], list, int]:
    ordered = sorted(items)
    return [s for (s, _), _ in ordered], ordered, max((e - s for (s, e), _ in ordered), default=0)


# ---------------------------------------------------------------- exclusions

def load_exclusions(path: Path | None = None) -> tuple[list[tuple[str, dict]], list[Problem]]:
    """Safe-load ``exclusions.yml``: entries with snippet, token, class and reason; a year's class is date, and
    a date's token a year; a token its reason calls a name, a title or an identifier (``NAMED``: 'The name of a
    policy', 'Page number of a citation') is of class name, and one it calls an idiom, a pronoun, an age band or a
    threshold (``NOT_COUNTED``) of class excluded.

    Parameters
    ----------
    path : Path, optional
        The exclusions file (default: the project's ``exclusions.yml``).

    Returns
    -------
    tuple of (list of (str, dict), list of Problem)
    """
    path = Path(path or paths.EXCLUSIONS_FILE)
    items, problems = read_yaml(path, "exclusions")
    if problems:
        return [], problems
    pairs, problems = entries(str(path), items)
    good = []
    for i, (_, entry) in enumerate(pairs):
        token = entry.get('token', '?')
        name = f"#{i + 1} {token if isinstance(token, str) and len(token) <= 40 and token.isprintable() else '?'}"
        found = [Problem(str(path), name, f, "missing or not text") for f in ("snippet", "token", "class", "reason")
                 if not isinstance(entry.get(f), str) or not entry[f].strip()]
        found += [Problem(str(path), name, str(f), "unknown field") for f in entry
                  if f not in ("snippet", "token", "class", "reason")]
        if not found and entry["class"] not in EXCLUSION_CLASSES:
            found.append(Problem(str(path), name, "class", f"expected one of {', '.join(EXCLUSION_CLASSES)}"))
        elif not found and (entry["class"] == "date") != bool(YEAR_TOKEN.fullmatch(entry["token"])):
            found.append(Problem(str(path), name, "class", f"{entry['class']}, but {brief(entry['token'], 20)} "
                                                           f"{'is' if entry['class'] != 'date' else 'is not'} a year: "
                                                           "a year is a date, and a date a year"))
        elif not found and entry["class"] != "name" and (said := NAMED.search(entry["reason"])):
            found.append(Problem(str(path), name, "class", f"{entry['class']}, but its reason calls "
                                                           f"{brief(entry['token'], 20)} {_a(said.group(0))} "
                                                           f"({brief(entry['reason'], 40)}): a name is of class name"))
        elif not found and entry["class"] != "excluded" and (said := NOT_COUNTED.search(entry["reason"])):
            found.append(Problem(str(path), name, "class", f"{entry['class']}, but its reason calls "
                                                           f"{brief(entry['token'], 20)} {_a(said.group(0))} "
                                                           f"({brief(entry['reason'], 40)}): an idiom, a pronoun, an "
                                                           "age band or a threshold is of class excluded"))
        problems += found
        if not found:
            good.append((name, entry))
    return good, problems


def apply_exclusions(tokens: list[Token], raw: str, exclusions: list[tuple[str, dict]],
                     where: str) -> tuple[list[Token], list[Problem]]:
    """Give each unclassified token inside an occurrence of an exclusion's snippet that exclusion's class
    and reason.

    Only unclassified tokens with the exclusion's text are looked at, and for each the snippet is searched
    in the window that could hold it: the cost is linear in the report for each exclusion, never
    exclusions x tokens x matches.

    Parameters
    ----------
    tokens : list of Token
    raw : str
        The report file's text.
    exclusions : list of (str, dict)
        The entries by id (``load_exclusions``).
    where : str
        The exclusions file, named in each problem.

    Returns
    -------
    tuple of (list of Token, list of Problem)
        The tokens, classified; an exclusion that matches nothing is a problem (stale).
    """
    problems = []
    by_text: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if not t.cls:
            by_text.setdefault(t.text, []).append(i)
    for name, entry in exclusions:
        snippet, claimed = entry["snippet"], 0
        for i in by_text.get(entry["token"], ()):
            t = tokens[i]
            if not t.cls and raw.find(snippet, max(0, t.end - len(snippet)), t.start + len(snippet)) >= 0:
                tokens[i] = _with(t, entry["class"], entry["reason"].strip())
                claimed += 1
                if (counted := counted_noun(raw, t)) is not None:
                    problems.append(Problem(where, name, "token", (
                        f"{brief(t.text, 20)} counts {counted} in the report ({brief(raw[t.start:t.end + 30], 40)}): "
                        "a count is a figure of the register, never excluded")))
        if claimed == 0:
            problems.append(Problem(where, name, "snippet",
                                    f"stale exclusion: {brief(entry['token'])} in {brief(entry['snippet'])} matches "
                                    "no unaccounted token of the report"))
    return tokens, problems


def counted_noun(raw: str, token: Token) -> str | None:
    """The plural noun a cardinal token counts where the report prints it ('113 remote villages' -> 'villages'), or
    None: an ordinal, a year, a number joined to a name's word ('5-YEAR PLAN', 'Five-Year Plan'), a time ('24 hours'),
    or one followed by a word that ends the phrase ('one of the countries', 'aged 12-17 years old'). 'Hundreds of
    children' counts children, and 'a three-year project' years (a duration).

    Parameters
    ----------
    raw : str
        The report file's text.
    token : Token
        A numeric token of it.

    Returns
    -------
    str or None
    """
    many = MANY.fullmatch(token.text) and raw.startswith(" of", token.end)  # 'hundreds of children'
    if not (many or CARDINAL.fullmatch(token.text)) or YEAR_TOKEN.fullmatch(token.text):
        return None
    joined = DURATION.match(raw, token.end)
    if joined and not token.text[:1].isupper():  # 'a three-year project' (a name's 'Five-Year Plan' aside)
        return f"{joined.group(1)}s (a duration)"
    after = COUNTED_AFTER.match(raw, token.end + (3 if many else 0))
    if after is None:
        return None
    words = after.group(0).split()
    for i, word in enumerate(words):
        if word in TIME_UNITS and i == len(words) - 1 and raw[after.end():after.end() + 1] in (";", ".", ",", ":", ")"):
            return f"{word} (a duration)"  # 'for the next five years;' ('24 hours Hotline', '7 days per week' aside)
        if word in ENDS_PHRASE or word in TIME_UNITS:
            return None
        if not word.islower():  # an acronym or a name's word ('two IOM projects') is read past
            continue
        if word.endswith("'s") and token.text.casefold() not in ("1", "one"):
            return word[:-2] + "s"  # 'the six government's': a plural printed as a possessive
        if word in PLURAL_WITHOUT_S or (len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is"))):
            return word
    return None


def _with(token: Token, cls: str, reason: str) -> Token:
    return Token(token.text, token.start, token.end, token.line, token.region, cls, reason)


# ---------------------------------------------------------------- the audit

def run_audit(exclusions_path: Path | None = None, **read_all_paths) -> Audit:
    """Classify every numeric token of the report; list every unaccounted token and stale exclusion.

    Parameters
    ----------
    exclusions_path : Path, optional
        The exclusions file (default: the project's).
    **read_all_paths
        The input files ``read_all`` takes (``register``, ``sources``, ...).

    Returns
    -------
    Audit

    Raises
    ------
    ValidationFailed
        When the inputs do not pass their checks.
    """
    return account(read_all(**read_all_paths, rules=False), exclusions_path)


def account(register: Register, exclusions_path: Path | None = None) -> Audit:
    """The audit of a checked register (``read_all`` runs it, so ``validate`` and ``build`` refuse a report
    token nobody accounts for, and a quote-and-phrase occurrence read twice).

    Parameters
    ----------
    register : Register
        The checked register.
    exclusions_path : Path, optional
        The exclusions file (default: the project's).

    Returns
    -------
    Audit
    """
    report = register.report
    raw = report.raw_text
    figures, problems = figure_spans(report, register.figures, register.path or str(paths.REGISTER_FILE))
    tokens = tokens_of(report)
    dates, outline = date_spans(raw), outline_spans(report, tokens)
    tokens = [_with(t, *rule_class(t, raw, figures, dates, outline)) for t in tokens]
    exclusions, found = load_exclusions(exclusions_path)
    problems += found
    where = str(exclusions_path or paths.EXCLUSIONS_FILE)
    tokens, found = apply_exclusions(tokens, raw, exclusions, where)
    problems += found
    for t in tokens:
        if not t.cls:
            problems.append(Problem(str(report.path), f"line {t.line}", "token",
                                    f"'{t.text}' in '{t.context(raw)}' is not accounted for: register it in "
                                    "figures.yml or add it to exclusions.yml with a reason"))
    return Audit(tuple(tokens), tuple(problems))


def __getattr__(name: str):
    """EXCLUSIONS_FILE: the current project's (``inputs.paths``), looked up when used."""
    if name in ('EXCLUSIONS_FILE',):
        return getattr(paths, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
