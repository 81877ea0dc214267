"""What the rows of the TIP table say of each other and of their own words.

* **one report, one tier**: rows of one report year that state a tier state the same one (blank: not stated);
* **one page, one report**: rows read from one address give the same report year and the same tier;
* **subject**: a row's indicator is what its quote speaks of ('investigated' for cases investigated,
  'convicted' or 'convictions' for convictions; ``register.subjects``), never only its note or caveat;
* **period**: a row whose quote prints its number 'in' a year ("36 convicted in 2009") covers that year, and a
  row of a quote dating its own counts ('investigated 35 cases ... in 2013. Of these, ... 10 for sex
  trafficking') states a year unless it is an earlier figure (``tip_periods.own_year_problems``);
* **comparison**: a note calling a row a comparison figure goes with a period two or more years before its report
  (or 'a year earlier'), and such a period with such a note;
* **form**: the form of trafficking its note gives (``form_of``: sex, labour, children ...) is the one the words
  after its number name, where they name one ("10 for sex trafficking");
* **note**: the words its note quotes ('investigated') stand in its quote, a note that opens on what is
  counted ('cases leading to convictions', 'trafficking suspects convicted') counts in the row's unit, and what
  the quote prints with its number of the law it is under, what it includes or a potential count, its note says
  (``carried_problems``).
"""
from __future__ import annotations

import re

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..register.nouns import MODIFIERS, NUMBER_WORDS, UNIT_NOUNS, printed_number, words_after
from ..register.subjects import indicator_problem
from .tip_caveat_words import caveat_unit_problems, note_claim_problems
from .tip_periods import own_year_problems, row_entry

# indicator -> the phrases, any one of which in the quote names it (each read from the start of a word)
NAMED_BY: dict[str, tuple[str, ...]] = {
    "investigations_cases": ("investigat",),
    "prosecutions_defendants": ("prosecut",), "prosecutions_cases": ("prosecut",),
    "convictions": ("convict",),
    "victims_identified": ("victim",),
    "arrests": ("arrest",),
}
PAGE = ("report_year", "tier")  # what every row read from one address gives alike
# form -> (words of indicator_note that mark it, description); first match wins, 'all' when none does.
FORMS: dict[str, tuple[str | None, str]] = {
    "children": ("children among", "children among the potential victims of sex trafficking"),
    "labour_brokers": ("labor brokers", "labour brokers among those arrested"),
    "non_sexual": ("non-sexual", "'non-sexual trafficking' (a category of the 2021 report)"),
    "sex": ("sex trafficking", "sex trafficking only"),
    "labour": ("labor trafficking", "labour trafficking only"),
    "all": (None, "all forms of trafficking"),
}
# form -> the words of a quote that say a number counts that form ("10 for sex trafficking")
QUOTE_FORMS = {"children": "children", "labour_brokers": "labor brokers", "non_sexual": "non-sexual",
               "sex": "sex trafficking", "labour": "labor trafficking"}
# The words right before a year that say a number was counted in it ('in 2009', 'April 2008').
WHEN_WORDS = re.compile(r"\b(?:in|january|february|march|april|may|june|july|august|september|october|november|"
                        r"december)\s*$")
NUMBER_RE = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?!\d)|(?<![\d,])\d+(?!\d)|\b(?:"
                       + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)


def rows_problems(where: str, raw: list[dict]) -> list[Problem]:
    """Every rule over the TIP table's rows together and each row's words (this module's rules).

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    return (tier_problems(where, raw) + page_problems(where, raw) + subject_problems(where, raw)
            + form_problems(where, raw) + period_words_problems(where, raw) + comparison_problems(where, raw)
            + note_problems(where, raw) + own_year_problems(where, raw) + carried_problems(where, raw)
            + caveat_unit_problems(where, raw) + note_claim_problems(where, raw))


def form_of(note: str) -> str:
    """What part of trafficking the row counts, from the words of its indicator_note (FORMS).

    Parameters
    ----------
    note : str
        The row's ``indicator_note``.

    Returns
    -------
    str
        A key of ``FORMS``; ``all`` when no form's words are in the note.
    """
    return next((form for form, (words, _) in FORMS.items() if words and words in note), "all")


def after_number(quote: str, value: int) -> list[tuple[str, str]]:
    """For each place ``quote`` prints ``value`` (digits or a number word), the words after it up to the next
    number it prints, case-folded, and that next number ('' at the end of the quote).

    Parameters
    ----------
    quote : str
    value : int

    Returns
    -------
    list of (str, str)
    """
    tokens = list(NUMBER_RE.finditer(quote))
    words = words_after(quote, tokens)
    return [(words[i], tokens[i + 1].group() if i + 1 < len(tokens) else "") for i in _printing(tokens, value)]


def _printing(tokens: list[re.Match], value: int) -> list[int]:
    """The positions among ``tokens`` (``NUMBER_RE``'s matches) of those that print ``value``."""
    return [i for i, token in enumerate(tokens) if printed_number(token.group()) == value]


def printing_sentences(quote: str, value: int) -> list[str]:
    """The sentences of ``quote`` that print ``value`` (digits or a number word)."""
    return [s for s in patterns.split(r"(?<=[.!?])\s+", quote) if _printing(list(NUMBER_RE.finditer(s)), value)]


def _value(row: dict) -> int | None:
    """A TIP row's value as a whole number, or None when its cell is not one (its own rule names that)."""
    value = row["value"].replace(",", "").strip()
    return int(value) if value.isdigit() else None


def forms_printed(quote: str, value: int) -> set[str]:
    """The forms of trafficking (``QUOTE_FORMS``) the words after ``value`` in ``quote`` name, up to the next
    number it prints: "18 cases led to convictions, 10 for sex trafficking and eight for labor trafficking"
    prints 10 as sex trafficking, eight (8) as labour trafficking and 18 as none.

    Parameters
    ----------
    quote : str
    value : int

    Returns
    -------
    set of str
    """
    return {f for after, _ in after_number(quote, value) for f, words in QUOTE_FORMS.items()
            if patterns.search(rf"\b{re.escape(words)}\b", after)}


def years_printed(quote: str, value: int) -> set[int]:
    """The years the quote prints ``value`` in: the years right after it, each after 'in' or a month ("36
    convicted in 2009"; "12 ... convicted between April 2008 and March 2009"), up to the next other number.

    Parameters
    ----------
    quote : str
    value : int

    Returns
    -------
    set of int
    """
    tokens = list(NUMBER_RE.finditer(quote))
    found = set()
    for i in _printing(tokens, value):
        for before, after in zip(tokens[i:], tokens[i + 1:]):
            between = quote[before.end():after.start()].casefold()
            if not (patterns.fullmatch(r"(?:19|20)\d\d", after.group()) and WHEN_WORDS.search(between)):
                break
            found.add(int(after.group()))
    return found


def indicators_printed(quote: str, value: int) -> set[str]:
    """The phrases of ``NAMED_BY`` the words after ``value`` print ("36 prosecutions the year before": 'prosecut'),
    or a noun of one right before it with 'of' ("the convictions of 20 trafficking offenders": 'convict')."""
    phrases, tokens = {p for named in NAMED_BY.values() for p in named}, list(NUMBER_RE.finditer(quote))
    before = [quote[:tokens[i].start()] for i in _printing(tokens, value)]
    return ({p for after, _ in after_number(quote, value) for p in phrases if patterns.search(rf"(?<!\w){p}", after)}
            | {p for b in before for p in phrases if patterns.search(rf"(?<!\w){p}\w*\s+of\s*$", b, re.IGNORECASE)})


def tier_problems(where: str, raw: list[dict]) -> list[Problem]:
    """One report, one tier: rows of one report year that state a tier state the same one (blank: not stated).

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    return _as_first(where, [row for row in raw if row["tier"].strip()], "report_year", ("tier",),
                     "of the same report", "one report, one tier")


def page_problems(where: str, raw: list[dict]) -> list[Problem]:
    """One page, one report: rows read from one address (``url``) give the same report year and tier as the
    page's first row; a row that differs is named.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    return _as_first(where, raw, "url", PAGE, "read from the same page", "one page, one report")


def _as_first(where: str, raw: list[dict], key: str, columns: tuple[str, ...], alike: str, rule: str) -> list[Problem]:
    """Each row whose ``columns`` differ from those of the first row with its ``key`` (rows that are ``alike``),
    named on the column."""
    first: dict[str, dict] = {}
    problems = []
    for row in raw:
        seen = first.setdefault(row[key].strip(), row)
        problems += [Problem(where, row_entry(row), column, f"{row[column]!r:.40}, but {row_entry(seen)} {alike} "
                                                            f"gives {seen[column]!r:.40}: {rule}")
                     for column in columns if row[column].strip() != seen[column].strip()]
    return problems


def form_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose quote prints its value as one form of trafficking ("10 for sex trafficking") while its
    ``indicator_note`` says another, or none (all forms); or whose note claims a form the sentence printing its
    value never speaks of ('36 prosecutions the year before' is never 'sex trafficking only'): named on the note.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        value = _value(row)
        said = forms_printed(row["quote"], value) if value is not None else set()
        form = form_of(row["indicator_note"])
        if len(said) == 1 and form not in said:
            problems.append(Problem(where, row_entry(row), "indicator_note", f"counts {FORMS[form][1]}, but its quote "
                                    f"prints {value} as {FORMS[next(iter(said))][1]}"))
        elif form != "all" and not said and value is not None and QUOTE_FORMS[form] not in " ".join(
                printing_sentences(row["quote"], value)).casefold():  # a claimed form is one they speak of
            problems.append(Problem(where, row_entry(row), "indicator_note", f"counts {FORMS[form][1]}, but no "
                                    f"sentence of its quote printing {value} says {QUOTE_FORMS[form]!r}"))
    return problems


def period_words_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose quote prints its value in years ("36 convicted in 2009", "between April 2008 and March 2009")
    covers those years: its ``period_covered`` is never 'not stated' nor leaves one of them out.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        value = _value(row)
        years = years_printed(row["quote"], value) if value is not None else set()
        stated = {int(y) for y in patterns.findall(r"\b(?:19|20)\d\d\b", row["period_covered"])}
        if years - stated:
            printed = " and ".join(map(str, sorted(years)))
            problems.append(Problem(where, row_entry(row), "period_covered",
                                    f"{row['period_covered']!r:.40}, but its quote prints {value} in {printed}"))
    return problems


def comparison_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A report's comparison figures are the ones it gives for an earlier period: a row whose note calls it a
    comparison figure covers a period ending two or more years before its report (or one the report words as
    'a year earlier', 'the year before'), and a row covering such a period says it is one.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        if not row["report_year"].strip().isdigit():
            continue
        report = int(row["report_year"])
        years = [int(y) for y in patterns.findall(r"\b(?:19|20)\d\d\b", row["period_covered"])]
        earlier = bool(years) and max(years) <= report - 2 or bool(patterns.search(r"\b(?:earlier|before)\b",
                                                                                row["period_covered"]))
        said = "comparison" in row["indicator_note"]
        if said and not earlier:
            problems.append(Problem(where, row_entry(row), "indicator_note", (
                f"a comparison figure, but its period {row['period_covered']!r:.40} is the {report} report's own")))
        elif not said and years and max(years) <= report - 2:
            problems.append(Problem(where, row_entry(row), "indicator_note", (
                f"{row['indicator_note']!r:.40}, but a figure for {max(years)} in the {report} report is a "
                "comparison figure: the note says so")))
    return problems


def subject_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose quote does not speak of its indicator (``NAMED_BY``): 64 cases prosecuted called convictions;
    whose words right after its number name another indicator's ('36 prosecutions' called convictions); or whose
    sentences printing its number do not (the 2013 convictions 'eight for labor trafficking' called investigations).

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        indicator = row["indicator"].strip()
        if indicator in NAMED_BY and (message := indicator_problem(indicator, row["quote"], NAMED_BY[indicator])):
            problems.append(Problem(where, row_entry(row), "indicator", message))
            continue
        value = _value(row)
        said = indicators_printed(row["quote"], value) if value is not None else set()
        if indicator in NAMED_BY and said and not said & set(NAMED_BY[indicator]):
            problems.append(Problem(where, row_entry(row), "indicator", (
                f"{indicator}, but its quote prints {value} as {', '.join(map(repr, sorted(said)))}")))
        elif indicator in NAMED_BY and (sentences := printing_sentences(row["quote"], value) if value else []) and all(
                indicator_problem(indicator, s, NAMED_BY[indicator]) for s in sentences):
            problems.append(Problem(where, row_entry(row), "indicator", (
                f"{indicator}, but no sentence of its quote printing {value} names it "
                f"({', '.join(map(repr, NAMED_BY[indicator]))})")))
    return problems


# A word a note quotes ('investigated', 'trafficki...'), between quotation marks no letter touches.
_QUOTED = re.compile(r"(?<!\w)'([^']+?)(?:\.\.\.|…)?'(?!\w)")
_HEAD = re.compile(r"\s*(?:(?:" + "|".join(MODIFIERS) + r")\s+){0,3}([^\W\d_]+)", re.IGNORECASE)


def note_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row's ``indicator_note`` speaks of its own row: every word it quotes stands in the row's quote (a note on
    'investigated' moved onto a prosecution is refused), and a note opening on a noun of ``register.nouns``
    (past at most two of its modifiers: 'cases leading to convictions', 'trafficking suspects convicted') counts
    in the row's unit, where that is cases or persons.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        note, quote = row["indicator_note"], patterns.sub(r"[“”]", '"', row["quote"]).casefold()
        missing = [q for q in _QUOTED.findall(note) if patterns.sub(r"[“”]", '"', q).casefold() not in quote]
        if missing:
            problems.append(Problem(where, row_entry(row), "indicator_note",
                                    f"quotes {brief(missing[0], 40)}, which its quote does not print"))
        head = _HEAD.match(note)
        noun = UNIT_NOUNS.get(head.group(1).casefold()) if head else None
        if noun and row["unit"].strip() in UNIT_NOUNS.values() and noun != row["unit"].strip():
            problems.append(Problem(where, row_entry(row), "indicator_note", (
                f"{brief(note, 50)} counts {noun}, but the row counts {row['unit'].strip()}")))
    return problems


# What a quote says of a count right after its number that its note carries: the law it is counted under, what
# it includes (a part printed as a number, 'including 26 children', is a row of its own), a potential count.
CARRIED = {"under": r"\bunder\b", "includ": r"\binclud\w*\s+(?=[^\s\d])", "potential": r"\bpotential\b"}


def carried_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose quote prints, after its number and before the next, the law it is counted under ('53
    individuals under its anti-trafficking law'), what it includes ('at least 100 traffickers—including some whose
    trials began in the previous reporting period') or that it counts potential ones ('322 potential victims')
    has a note saying so ('under', 'includ', 'potential'); a note leaving it out is refused.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        value = _value(row)
        for after, _ in after_number(row["quote"], value) if value is not None else ():
            said = [(w, m) for w, p in CARRIED.items() if (m := patterns.search(p, after))
                    and w not in row["indicator_note"].casefold()]
            if said:
                word, match = said[0]
                problems.append(Problem(where, row_entry(row), "indicator_note", (
                    f"{row['indicator_note']!r:.40} leaves out what its quote prints with {value} "
                    f"({brief(' '.join(after[match.start():].split()), 50)}): its note says so ('{word}...')")))
                break
    return problems


def grade(account: str, qualifier: str, quote: str) -> tuple[str, str]:
    """(grade, reason): the report's own exact text A; a bound, a media-report figure or a press account C.

    Parameters
    ----------
    account : str
        ``report_text`` or ``press``.
    qualifier, quote : str
        The row's qualifier and quote.

    Returns
    -------
    tuple of (str, str)
    """
    if account == "press":
        return "C", "a press account of the report, not its text: the press's reading can differ from the report's"
    if qualifier != "exact":
        return "C", f"the report's text, stated as a {qualifier.replace('_', ' ')}: not a kept count"
    if "media reports" in quote:
        return "C", "the report's text relaying media reports, not government data"
    return "A", "the report's own text relaying the government's count, stated exactly"
