"""Rules across the rows of one declared source's data file, each row named ``row N (...)`` (``row_entry``).

One page, one account (``page_problems``: rows read from one address give one publisher, the declaration's
``page`` facts, and, for rows of one quote, its ``passage`` columns); one passage, one wording (``wording_problems``:
quotes of one page that differ only in their digits are one passage copied twice); one publisher, one site (``site_problems``);
each row's quote names the study it rests on (``quoted_problems``); a row's ``published`` date is the one its own
citation or address prints (``printed_date_problems``). The rules on a row's period are ``analysis.row_periods``'s.
``analysis.external_rows`` runs them on the checked rows.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..register.nouns import printed_number
from ..register.rules import years_stated
from ..tables.sources import PLACEHOLDER, Source


def row_entry(spec: dict, row: dict) -> str:
    """``row N (indicator year place)``, each part shortened so a hostile cell cannot flood the message.

    Parameters
    ----------
    spec : dict
        The declaration, whose ``entry`` template names the row's parts.
    row : dict
        A raw row, with its line number as ``_row``.

    Returns
    -------
    str
    """
    template = spec.get("entry")
    if not template:
        return f"row {row['_row']}"
    return f"row {row['_row']} (" + PLACEHOLDER.sub(lambda m: brief(row.get(m.group(1), ""), 40)[1:-1], template) + ")"


def page_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """One page, one account: rows read from the same address (the declaration's ``addresses``) give the same
    publisher (its ``publishers`` columns) and the same page facts (its ``page`` columns; by default the
    ``published`` date); and one quote stands in one place of its page: rows of one quote read from one address
    give the same ``passage`` columns (a cable's paragraph). A row that differs from the first such row is named.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    facts = [c for c in dict.fromkeys([*source.spec.get("publishers", []), *source.spec.get("page", ["published"])])
             if c in source.fields]
    passage = [c for c in source.spec.get("passage", []) if c in source.fields]
    first, problems = {}, []  # the first row of each page, and of each quote on it
    for raw in raws:
        for address in source.spec.get("addresses", []):
            page, quote = raw.get(address, "").strip(), " ".join(raw.get("quote", "").split())
            if not page:
                continue
            for key, columns, read, rule in (((address, page), facts, "read from the same page", "one page, one account"),
                                             ((address, page, quote), passage if quote else [], "with the same quote",
                                              "one quote, one place in its page")):
                seen = first.setdefault(key, raw)
                problems += [Problem(where, row_entry(source.spec, raw), c,
                                     f"{brief(raw[c], 60)}, but {row_entry(source.spec, seen)} {read} gives "
                                     f"{brief(seen[c], 60)}: {rule}") for c in columns if raw.get(c) != seen.get(c)]
    return problems


_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _other_years(a: str, b: str) -> bool:
    """True when two quotes alike but for their digits differ in a year ('In 2014, 35 cases' and 'In 2015, 44
    cases'): two sentences of a yearly series, not one passage copied twice."""
    return any(x != y and _YEAR.fullmatch(x) and _YEAR.fullmatch(y) for x, y in zip(_DIGITS.findall(a),
                                                                                   _DIGITS.findall(b)))


def wording_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """One passage, one wording: two rows read from the same address (the declaration's ``addresses``) whose quotes
    read alike once their digits are set aside, but not digit for digit, quote one passage twice with a number
    changed in one copy; at most one copy is what the page prints. The later row is named, on its quote. Quotes
    that differ in a year are two sentences of a yearly series (``_other_years``), not one passage.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    return passage_problems(where, raws, source.spec.get("addresses", []), lambda row: row_entry(source.spec, row))


def passage_problems(where: str, raws: list[dict], addresses: list[str], entry) -> list[Problem]:
    """``wording_problems`` over rows read from the ``addresses`` columns, each named by ``entry(row)``: the rule
    of any table quoting web pages (the TIP reading's too, whose rows are named its own way). And one account's
    words, one page: a quote of ``QUOTED_WORDS`` words or more, word for word another row's, read from another page
    is one account credited to two (a copied row given a second source's address, agreeing with itself).

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.
    addresses : list of str
        The columns holding the address each row was read from.
    entry : callable
        A row -> the entry naming it.

    Returns
    -------
    list of Problem
    """
    first, problems = {}, []  # (address, page, the quote without its digits) -> the rows so far and their quotes
    pages: dict[tuple, list] = {}  # (address, page) -> every row so far, its quote and its quote's digits set aside
    read_at: dict[tuple, tuple] = {}  # (address, the quote) -> the first row quoting it and its page
    for raw in raws:
        quote = " ".join(raw.get("quote", "").split())
        for address in addresses if len(quote.split()) >= QUOTED_WORDS else ():
            page = raw.get(address, "").strip()
            seen, seen_page = read_at.setdefault((address, quote), (raw, page))
            if page and seen_page and page != seen_page:
                problems.append(Problem(where, entry(raw), address,
                                        f"{brief(page, 50)}, but {entry(seen)} quotes the same words "
                                        f"({brief(quote, 50)}) from {brief(seen_page, 50)}: one account's words, "
                                        "one page"))
        if not _DIGITS.search(quote):
            continue
        shape = _DIGITS.sub("#", quote)
        for address in addresses:
            page = raw.get(address, "").strip()
            if not page:
                continue
            copies = first.setdefault((address, page, shape), [])
            other = next(((seen, said) for seen, said in copies if said != quote and not _other_years(said, quote)),
                         None)
            if other is None:  # two extracts of one passage, one within or overlapping the other
                other = next(((seen, said) for seen, said, seen_shape in pages.get((address, page), [])
                              if seen_shape != shape and _within(quote, said)), None)
            if other is not None and quote not in (said for _, said in copies):
                seen, said = other
                problems.append(Problem(where, entry(raw), "quote",
                                        f"{brief(quote, 60)}, but {entry(seen)} quotes the same "
                                        f"words from the same page with other numbers ({brief(said, 60)}): one "
                                        "passage, one wording"))
            copies.append((raw, quote))
            pages.setdefault((address, page), []).append((raw, quote, shape))
    return problems


QUOTED_WORDS = 6  # a quote this long, word for word the same, is one passage of one page (shorter ones may recur)


def _within(a: str, b: str) -> bool:
    """True when two quotes of one page are two extracts of one passage, one within the other (four words and
    numbers at least, numbers set aside) or the end of one the start of the other (six at least), that print other
    numbers where they meet (a year to a year aside, another sentence of a series): 'up from 298 in 2016' made 300 in
    one copy of a passage another row quotes at more length; '433 were women and children being forced' made 435
    where another row's quote ends on those words. Two sentences alike but for their numbers, each whole in its own
    quote ('aged between 15 and 59 years old', 'aged between 0 and 14 years old'), are not one."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    sa, sb = ([("#" if t[0].isdigit() else t.casefold()) for t in ts] for ts in (ta, tb))
    run = SequenceMatcher(None, sa, sb, autojunk=False).find_longest_match(0, len(sa), 0, len(sb))
    pairs = [(ta[run.a + k], tb[run.b + k]) for k in range(run.size) if sa[run.a + k] == "#"]
    within = run.size >= 4 and run.size in (len(sa), len(sb))  # a short extract whole within the longer
    joined = run.size >= 6 and ((run.a + run.size == len(sa) and run.b == 0) or (run.b + run.size == len(sb)
                                                                                 and run.a == 0))
    if not (within or joined) or any(x != y and _YEAR.fullmatch(x) and _YEAR.fullmatch(y) for x, y in pairs):
        return False
    return any(x != y for x, y in pairs)


_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[^\W\d_]+")  # numbers and words, punctuation aside


# A change a quote prints in percent, and the number it is on: 'an increase of 72.82 percent on the 92 cases'.
CHANGE = re.compile(r"\b(increase|rise|decrease|decline|drop|fall) of (\d+(?:\.\d+)?) ?(?:percent|per cent|%) "
                    r"(?:on|from|over) (?:the )?(\d{1,3}(?:,\d{3})+|\d+)\b", re.IGNORECASE)
FALLS = ("decrease", "decline", "drop", "fall")


def change_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A change a row's quote prints in percent from a number ('an increase of 72.82 percent on the 92 cases') holds
    between that number and another row of its page (the declaration's ``addresses``), to the last digit printed: the
    NCCT's 92 cases of 2016 made 93, value and quote, are refused, since 159 is 72.8 percent more than 92 but 71.0
    more than 93.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems, addresses = [], source.spec.get("addresses", [])
    for raw in raws if addresses else []:
        page = [float(v) for r in raws if r is not raw and all(r.get(a) == raw.get(a) for a in addresses)
                if (v := str(r.get("value", "")).replace(",", "").strip()).replace(".", "", 1).isdigit()]
        for word, percent, base in CHANGE.findall(raw.get("quote", "")):
            on, said = printed_number(base), float(percent) * (-1 if word.lower() in FALLS else 1)
            unit = 10 ** -len(percent.partition(".")[2])  # one unit of the last digit printed
            if on and not any(abs((v / on - 1) * 100 - said) < unit for v in page):
                problems.append(Problem(where, row_entry(source.spec, raw), "quote", (
                    f"prints {word.lower()} of {percent} percent on {base}, but no row of its page is that much "
                    f"{'less' if said < 0 else 'more'} than {base}: a change a quote prints holds between its rows")))
    return problems


# Parts of a web address that name no publisher: "www.phnompenhpost.com" and "phnompenhpost.com" are one site.
SITE_PREFIXES = ("www.", "english.", "m.", "preview.")


def site(url: str) -> str:
    """The site of a web address (without scheme): its host without ``SITE_PREFIXES``.

    Parameters
    ----------
    url : str

    Returns
    -------
    str
    """
    host = url.strip().split("/")[0].casefold()
    for prefix in SITE_PREFIXES:
        host = host.removeprefix(prefix)
    return host


def site_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """One publisher, one site: the publisher a row names in its declaration's ``sites`` columns (the part before
    ': ') publishes on one site (``addresses``), and a site carries one publisher, so a blog's row credited to the
    Cambodia Daily is refused. A source whose pages are mirrors (the embassy's cables) declares no ``sites``.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems = []
    addresses = source.spec.get("addresses", [])
    for column in source.spec.get("sites", []):
        by_publisher: dict[str, dict] = {}
        by_site: dict[str, dict] = {}
        for raw in raws:
            publisher = str(raw.get(column, "")).partition(": ")[0].strip()
            where_read = next((site(raw[a]) for a in addresses if str(raw.get(a, "")).strip()), "")
            if not publisher or not where_read:
                continue
            first = by_publisher.setdefault(publisher, {**raw, "_site": where_read})
            other = by_site.setdefault(where_read, {**raw, "_publisher": publisher})
            if first["_site"] != where_read:
                problems.append(Problem(where, row_entry(source.spec, raw), column, (
                    f"{brief(publisher, 40)} on {where_read}, but {row_entry(source.spec, first)} has it publish on "
                    f"{first['_site']}: one publisher, one site")))
            elif other["_publisher"] != publisher:
                problems.append(Problem(where, row_entry(source.spec, raw), column, (
                    f"{brief(publisher, 40)} on {where_read}, a site {row_entry(source.spec, other)} credits to "
                    f"{brief(other['_publisher'], 40)}: one site, one publisher")))
    return problems


def quoted_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """Each row's quote names what its ``quoted`` columns name (the declaration's; the study a row cites): one
    of their words of four letters or more at least, read from the start of a word of the quote; and where they
    print a year ('Steinfatt 2003'), a row dated by a year (the declaration's ``period`` ``year``) and naming them
    is of it.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems, year = [], (source.spec.get("period") or {}).get("year")
    for raw in raws:
        quote = " ".join(raw.get("quote", "").split()).casefold()
        for column in source.spec.get("quoted", []):
            words = [w for w in patterns.findall(r"[^\W\d_]+", raw.get(column, "").casefold()) if len(w) >= 4]
            years = [str(y) for y in sorted(years_stated(raw.get(column, "")))]
            if words and not any(patterns.search(rf"(?<!\w){re.escape(w[:5])}", quote) for w in words):
                problems.append(Problem(where, row_entry(source.spec, raw), column,
                                        f"{brief(raw[column], 60)}: its quote names none of it "
                                        f"({', '.join(map(repr, words[:3]))})"))
            elif years and year in raw and raw[year] not in years:
                problems.append(Problem(where, row_entry(source.spec, raw), year,
                                        f"{raw[year]}, but the {column} it rests on, {brief(raw[column], 40)}, is "
                                        f"of {' or '.join(years)}"))
    return problems


# A year a row's words give as when something was published ('published 2011'): not the year the row is of.
PUBLISHED_YEAR = re.compile(r"\bpublished (?:in )?(?:19|20)\d\d\b", re.IGNORECASE)


def dated_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A row dated by a year (the declaration's ``period`` ``year``) is of every year its ``dated`` columns print
    (its description: 'prostitutes at the end of 1992' is a 1992 row, never a 2003 one), a year given as a
    publication's ('published 2011') aside.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems, year = [], (source.spec.get("period") or {}).get("year")
    for raw in raws if year else []:
        for column in source.spec.get("dated", []):
            years = sorted(years_stated(PUBLISHED_YEAR.sub("", raw.get(column, ""))))
            other = [str(y) for y in years if str(y) != raw.get(year, "").strip()]
            if other:
                problems.append(Problem(where, row_entry(source.spec, raw), year, (
                    f"{raw[year]}, but its {column}, {brief(raw[column], 50)}, speaks of {' and '.join(other)}")))
    return problems


MONTHS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
# A date a citation prints in brackets ('(2012)', '(March 2008)', '(12 Aug 2022)'); a date path of an address.
CITED_DATE = re.compile(r"\((?:(?:(\d{1,2}) )?([A-Za-z]{3,9}) )?((?:19|20)\d\d)\)")
PATH_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?:([0-3]\d)/)?")


def printed_date_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A row's ``published`` date is the one its own citation prints: where a publisher column prints a date in
    brackets ('Steinfatt, T. M. (2012) ...', '(12 Aug 2022)'; a bracketed word that is no month is no date) or
    its address a date path ('/2012/11/01/'), the row's date is given and agrees with it as far as both go (its
    year, then month and day).

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    for raw in raws if "published" in source.fields else []:
        given = raw.get("published", "").strip()
        mine = tuple(int(p) for p in given.split("-")) if given else ()
        dates = []
        for column in source.spec.get("publishers", []):
            for day, month, year in CITED_DATE.findall(str(raw.get(column, ""))):
                if month and month[:3].casefold() not in MONTHS:  # '(Yokohama 2001)' is no date
                    continue
                dates.append((column, (int(year), *([MONTHS[month[:3].casefold()]] if month else []),
                                       *([int(day)] if day else []))))
        for column in source.spec.get("addresses", []):
            dates += [(column, tuple(int(p) for p in m if p)) for m in PATH_DATE.findall(str(raw.get(column, "")))]
        for column, printed in dates:
            if not mine or mine[:len(printed)] != printed[:len(mine)]:
                problems.append(Problem(where, row_entry(source.spec, raw), "published", (
                    f"{given or 'blank'}, but its {column}, {brief(raw[column], 50)}, prints "
                    f"{'-'.join(f'{p:02d}' for p in printed)}: a row is published when its own citation says")))
                break
    return problems
