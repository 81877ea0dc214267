"""A caveat speaks of its own figure: what its words say of the figure's date, bound, printed words and the
report's own warning agrees with the figure's entry.

The register's caveats are written in a small set of phrasings (``figures.yml``'s header); this module reads
them back against the entry, so a caveat list moved onto another figure (a date "inferred" for a figure whose
year is printed, "a lower bound ('over')" for a number printed plain) is refused, naming file, entry and the
caveat:

* **date**: a caveat that opens "No date is given" or "Undated" belongs to a figure whose ``period_basis`` is
  ``none``; one that says the period, year or date was "inferred" or "taken from" somewhere, to a figure whose
  ``period_basis`` is ``inferred``, and one naming the span it inferred ("the term 2005-2009 is inferred") to a
  figure whose period runs from that span's first year to its last; an inferred period's first and last years are
  among the years its caveats saying how print ("Year inferred from UNTAC's departure (mandate ended September
  1993)": the year is 1993, never 1994);
* **bound and magnitude**: "A lower bound" / "An upper bound" to a figure the phrase grammar reads as one;
  "An order of magnitude" to a phrase such as "hundreds of", and a phrase such as "hundreds of" carries one;
  "Share of" / "A share of" to a share;
* **a year or a count**: "The value is a calendar year" to a figure in ``calendar_year``; "a count, not a year"
  to one in another unit;
* **footnote**: a caveat naming "Footnote 12" belongs to a figure citing footnote 12 or whose paragraph prints
  its marker;
* **printed words**: every passage a caveat quotes in single quotes ('recent evidence') is printed in the
  figure's quote, its paragraph of the report or a section the caveat names ("named in section II.A"), case
  and a leading or trailing ellipsis aside; a passage after "read as" is the curator's reading, not a quote;
  so is every month a caveat prints with its year ('the related training workshop was in August 2002'), unless
  the caveat says how a date was inferred (it may name a moment the report does not: 'UNTAC's departure');
* **the report's warning**: the figures of the section where the report calls its data "indicative only"
  carry a caveat saying so, and no other figure does.
"""
from __future__ import annotations

import calendar
import re

from ..inputs import patterns
from ..inputs.errors import Problem, brief

INDICATIVE = "indicative only"
UNDATED = re.compile(r"(?:No date is given|Undated)\b")
# A caveat saying anywhere that no date is given ('the NGO is not named and no date is given'; 'No year and no source
# are given'): every undated figure has one (a calendar year's value aside).
SAYS_UNDATED = re.compile(r"\b(?:no (?:date|year)\b[^.;]*\b(?:is|are) given|undated)\b", re.IGNORECASE)
INFERRED = re.compile(r"\b(?:inferred|taken (?:from|as)|read from)\b", re.IGNORECASE)
WHEN = re.compile(r"\b(?:period|year|date)\b", re.IGNORECASE)
# How a caveat says where an inferred date was read from ('Period taken from the previous sentence', 'Year inferred
# from UNTAC's departure', 'Period is the year the plan was adopted', 'the term 2005-2009 is inferred from ...').
# A caveat naming the span it inferred ('the term 2005-2009 is inferred from ...'): the period is that span.
INFERRED_SPAN = re.compile(r"\b(period|term) ((?:19|20)\d\d)[-–]((?:19|20)\d\d)\b[^.;]*?\b(?:inferred|taken|read from)\b")
SAYS_HOW = re.compile(r"^Period is\b|\b(?:period|year|date|term)\b.*\b(?:inferred|taken (?:from|as)|read from)\b",
                      re.IGNORECASE)
BOUNDS = {"A lower bound": "lower_bound", "An upper bound": "upper_bound"}
MAGNITUDE = "An order of magnitude"
MAGNITUDE_PHRASE = re.compile(r"\b(?:dozens|hundreds|thousands|millions) of\b", re.IGNORECASE)
FOOTNOTE = re.compile(r"\bFootnote (\d+)\b")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A month a caveat prints with its year ('August 2004', '6 Oct 2003', 'January-December 2003': both months).
_MONTH = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?(?:\s*[-–]\s*{_MONTH}\.?)?\s+((?:19|20)\d\d)\b")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_YEAR_ANY_CASE = re.compile(MONTH_YEAR.pattern, re.IGNORECASE)  # read in folded text
SHARE = ("Share of", "A share of")
YEAR_VALUE = re.compile(r"\bvalue is a (?:calendar )?year\b", re.IGNORECASE)  # the number is a year, not a count
NOT_A_YEAR = re.compile(r"\bnot a year\b", re.IGNORECASE)  # the number is a count printed like a year ('1903')
# A range a caveat prints ('the age band is 12-17', '21-28 May 2004'), a span of years aside: its quote or
# paragraph prints it too.
RANGE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)(?![\w.,]\d)")
YEAR_UNIT = "calendar_year"
QUOTED = re.compile(r"(?<![\w])'([^']+)'(?![\w])")
READ_AS = re.compile(r"\bread as '[^']+'")
SECTION = re.compile(r"\bsection ([IVX]+(?:\.[A-Z0-9]+)*)")
ELLIPSIS = ".… "


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def caveat_problems(register) -> list[Problem]:
    """Every caveat of the register that says of its figure what the figure's entry does not.

    Parameters
    ----------
    register : csecstats.register.figures.Register
        The checked register (its figures, with their declared caveats, and the report).

    Returns
    -------
    list of Problem
        One per thing a caveat says of another figure (``caveats[2].text``), and one per figure that carries
        the report's warning where the report gives none, or lacks it where the report gives it (``caveats``).
    """
    warned = warned_sections(register.report)
    return [p for f in register.figures for p in figure_caveat_problems(register, f, warned)]


def warned_sections(report) -> frozenset[str]:
    """The sections of the report whose paragraphs call its data "indicative only".

    Parameters
    ----------
    report : csecstats.source.reader.Report

    Returns
    -------
    frozenset of str
    """
    return frozenset(p.section for p in report.paragraphs if INDICATIVE in _folded(p.text))


def figure_caveat_problems(register, figure: dict, warned: frozenset[str]) -> list[Problem]:
    """What one figure's caveats say of it that its entry does not (``caveat_problems``, one figure).

    Parameters
    ----------
    register : csecstats.register.figures.Register
        The checked register: its path and its report.
    figure : dict
        A figure row, with its declared ``caveats``.
    warned : frozenset of str
        ``warned_sections(register.report)``.

    Returns
    -------
    list of Problem
    """
    report, problems = register.report, []
    found = report.find_quotes(figure["quote"])
    printed = _folded(" ".join([figure["quote"], *(p.text for p in found)]))
    footnotes = {figure["footnote"], *(n for p in found for n in p.footnotes)}
    texts = [c["text"] for c in figure["caveats"]]
    for i, text in enumerate(texts, start=1):
        named = set(SECTION.findall(text))
        elsewhere = _folded(" ".join(p.text for p in report.paragraphs if p.section in named)) if named else ""
        problems += [Problem(register.path, figure["figure_id"], f"caveats[{i}].text", message)
                     for message in _caveat_messages(figure, text, f"{printed} {elsewhere}")]
        problems += [Problem(register.path, figure["figure_id"], f"caveats[{i}].text",
                             f"names footnote {n}, which the figure neither cites nor sits beside")
                     for n in FOOTNOTE.findall(text) if int(n) not in footnotes]
        if (kind := standard_priority(text)) and figure["caveats"][i - 1]["priority"] != kind:
            problems.append(Problem(register.path, figure["figure_id"], f"caveats[{i}].priority",
                                    f"{figure['caveats'][i - 1]['priority']}, but {brief(text, 40)} is a {kind} caveat"))
    problems += _inferred_period_problems(register.path, figure, texts)
    if figure["period_basis"] == "none" and figure["unit"] != YEAR_UNIT and not any(SAYS_UNDATED.search(t) for t in texts):
        problems.append(Problem(register.path, figure["figure_id"], "caveats", "its period_basis is none, but no caveat "
                                "says so ('No date is given.'): an undated number read as current is the reader's guess"))
    vague = MAGNITUDE_PHRASE.search(figure["phrase"] or "")
    if vague and not any(t.startswith(MAGNITUDE) for t in texts):  # the converse of the magnitude reading below
        problems.append(Problem(register.path, figure["figure_id"], "caveats", f"its phrase {vague.group()!r} gives "
                                f"an order of magnitude, but no caveat says so ('{MAGNITUDE}, not a count.')"))
    carries = any(INDICATIVE in _folded(t) for t in texts)
    if carries and figure["section"] not in warned:
        problems.append(Problem(register.path, figure["figure_id"], "caveats",
                                f"carries the report's warning that its data are {INDICATIVE!r}, which the report "
                                f"gives for section {', '.join(sorted(warned)) or '(none)'}, not its section "
                                f"{figure['section']}"))
    elif not carries and figure["section"] in warned:
        problems.append(Problem(register.path, figure["figure_id"], "caveats",
                                f"lacks the report's warning that its data are {INDICATIVE!r}: the report gives it "
                                f"for section {figure['section']}"))
    return problems


def standard_priority(text: str) -> str | None:
    """The priority of a caveat of a standard kind: how to read the number ('A lower bound', 'An order of
    magnitude') is a ``reading``; the report's 'indicative only' warning and 'No date is given' ``qualify`` the
    figure. None for any other caveat.

    Parameters
    ----------
    text : str
        The caveat's text.

    Returns
    -------
    str or None
    """
    if text.startswith((*BOUNDS, MAGNITUDE)):
        return "reading"
    return "qualifies" if UNDATED.match(text) or INDICATIVE in _folded(text) else None


def _inferred_period_problems(path, figure: dict, texts: list[str]) -> list[Problem]:
    """A span a caveat says was inferred ('the term 2005-2009 is inferred') is the figure's period; an inferred
    period says from what, and each of its years is among the years the caveats saying how print ('Year inferred
    from UNTAC's departure (mandate ended September 1993)')."""
    period = f"{figure['period_start']}..{figure['period_end']}"
    years = ((figure["period_start"] or "")[:4], (figure["period_end"] or "")[:4])
    spans = [(kind, first, last) for text in texts for kind, first, last in INFERRED_SPAN.findall(text)]
    problems = [Problem(path, figure["figure_id"], "period", f"{period}, but a caveat says the {kind} {first}-{last} "
                        "was inferred") for kind, first, last in spans if years != (first, last)]
    how = [t for t in texts if SAYS_HOW.search(t)]
    if figure["period_basis"] != "inferred" or spans:
        return problems
    if not how:
        return [Problem(path, figure["figure_id"], "caveats", "its period is inferred, but no caveat says from what "
                        "('Period taken from the previous sentence (...)')")]
    printed = sorted({y for t in how for y in YEAR.findall(t)})
    missing = sorted(set(years) - set(printed) - {""})
    if missing:
        return [Problem(path, figure["figure_id"], "period", f"{period}, but the caveat saying how it was inferred "
                        f"({brief(how[0], 50)}) prints {', '.join(printed) or 'no year'}, not {', '.join(missing)}")]
    return _inferred_month_problems(path, figure, how)


def _month_years(text: str) -> set[tuple[int, str]]:
    """(month, year) of each month a text prints with its year ('6 Oct 2003'; 'January-December 2003': both)."""
    return {(MONTHS.index(w[:3].casefold()) + 1, year) for first, second, year in MONTH_YEAR_ANY_CASE.findall(text)
            for w in (first, second) if w}


def _inferred_month_problems(path, figure: dict, how: list[str]) -> list[Problem]:
    """An inferred period's first and last months are among the months its caveats saying how print for that year,
    where they print any ('August 2004' is never June 2004; 'Cumulative since 1998' holds any month of 1998); a
    period of whole years is not read by month."""
    months: dict[str, set[int]] = {}
    for month, year in (m for t in how for m in _month_years(t)):
        months.setdefault(year, set()).add(month)
    start, end = figure["period_start"] or "", figure["period_end"] or ""
    if start[5:] == "01-01" and end[5:] == "12-31":  # whole years: no month is read (the years are checked above)
        return []
    ends = [e for e in (start, end) if len(e) >= 7]
    wrong = [e[:7] for e in ends if months.get(e[:4]) and int(e[5:7]) not in months[e[:4]]]
    return [Problem(path, figure["figure_id"], "period", f"{figure['period_start']}..{figure['period_end']}, but the "
                    f"caveat saying how it was inferred ({brief(how[0], 50)}) prints no month of {', '.join(wrong)}")
            ] if wrong else []


# A caveat saying its number counts children alone ('All the victims rescued were children', 'child victims ...
# only'), unless its own words deny it ('not only children').
CHILDREN_ONLY = re.compile(r"\b(?:all|only)\b[^.;]*?\bchild(?:ren)?\b|\bchild(?:ren)?\b[^.;]*?\bonly\b", re.IGNORECASE)


def _caveat_messages(figure: dict, text: str, printed: str) -> list[str]:
    """What one caveat says of the figure that its entry does not."""
    basis, found = figure["period_basis"], []
    claims = [m for m in CHILDREN_ONLY.finditer(text) if not patterns.search(r"\bnot\s*$", text[:m.start()])]
    if claims and not patterns.search(r"\bchild", printed):
        found.append(f"{brief(text, 50)} says it counts children alone, but neither its quote nor its paragraph "
                     "speaks of children")
    if UNDATED.match(text) and basis != "none":
        found.append(f"{brief(text, 50)} says no date is given, but period_basis is {basis}")
    if INFERRED.search(text) and WHEN.search(text) and basis != "inferred":
        found.append(f"{brief(text, 50)} says the date was inferred, but period_basis is {basis}")
    found += [f"{brief(text, 50)}, but its phrase {figure['phrase']!r} reads as {figure['qualifier']}"
              for words, qualifier in BOUNDS.items() if text.startswith(words) and figure["qualifier"] != qualifier]
    if text.startswith(MAGNITUDE) and not MAGNITUDE_PHRASE.search(figure["phrase"]):
        found.append(f"{brief(text, 50)}, but its phrase {figure['phrase']!r} is a number")
    if text.startswith(SHARE) and figure["kind"] != "share":
        found.append(f"{brief(text, 50)}, but the figure is a {figure['kind']}, not a share")
    if YEAR_VALUE.search(text) and figure["unit"] != YEAR_UNIT or NOT_A_YEAR.search(text) and figure["unit"] == YEAR_UNIT:
        found.append(f"{brief(text, 50)}, but the figure's unit is {figure['unit']}")
    found += [f"prints the range {a}-{b}, which neither its quote nor its paragraph prints" for a, b in RANGE.findall(text)
              if not (YEAR.fullmatch(a) and YEAR.fullmatch(b))
              and not patterns.search(rf"(?<![\d.]){re.escape(a)}\s*[-–]\s*{re.escape(b)}(?!\d)", printed)]
    if not SAYS_HOW.search(text):  # how a date was inferred may name a moment the report does not ('UNTAC's departure')
        found += [f"{brief(text, 50)} prints {calendar.month_name[month]} {year}, which neither its quote nor its "
                  "paragraph prints" for month, year in sorted(_month_years(text) - _month_years(printed))]
    missing = [frag for frag in QUOTED.findall(READ_AS.sub("", text)) if _folded(frag.strip(ELLIPSIS)) not in printed]
    if missing:
        found.append(f"quotes {', '.join(brief(m, 40) for m in missing)}, which neither its quote nor its "
                     f"paragraph prints")
    return found
