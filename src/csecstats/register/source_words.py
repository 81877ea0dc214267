"""A source's title, year and author are what its citation prints: the report's own words for a work it cites.

``sources.yml`` gives each cited work's author, year and title beside its citation (as the report prints it).
A title moved from another source, a year other than those the citation prints, or an author other than the one the
citation names before its title (a party it leaves out, or one it adds) is refused, naming file, entry and field. A source the report cites without a
citation, or whose citation names no author before its title, is held to what its citation does print; one
with no title ("IOM 2003") names its author anywhere in its citation. Where the report prints a citation holds
the entry too: a footnote printing it is listed, and the sentences citing one without a year print its year.
"""
from __future__ import annotations

import re

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..source.reader import Report, normalise


def _words(text: str) -> list[str]:
    """Words of three letters or more, case-folded ('IOM', 'UNICEF', 'Steinfatt')."""
    return [w for w in patterns.findall(r"[^\W\d_]+", text.casefold()) if len(w) >= 3]


# The words a kind of source is printed by ('A Situation Report', 'Country paper'): a source of the kind prints them
# in its title or citation; a title printing those of a kind of ``TITLE_KINDS`` is of it ('Database Report' is a
# database, never a government report: 'report' alone names no kind).
KIND_WORDS = {"survey": "survey", "database": "database", "field_study": "field study",
              "situation_report": "situation report", "needs_assessment": "needs assessment",
              "development_plan": "development plan", "project_paper": "paper", "government_report": "report"}
TITLE_KINDS = tuple(k for k in KIND_WORDS if k != "government_report")
_KIND_RE = {k: re.compile(rf"(?<!\w){words}(?!\w)") for k, words in KIND_WORDS.items()}


def source_word_problems(where: str, entry_id: str, entry: dict, *, title_page: str) -> list[Problem]:
    """What a source entry says of its work that its citation does not print: a title, year or author (``title``
    null when the citation prints more than its author, year and kind), or a kind (``KIND_WORDS``). The report
    itself is held to its own title page instead: it has a title, and every word of it stands there.

    Parameters
    ----------
    where : str
        The sources file, named in each problem.
    entry_id : str
        The source's id.
    entry : dict
        Its entry (``author``, ``year``, ``title``, ``citation``).
    title_page : str
        The report's text before its first section heading (``Report.title_page``).

    Returns
    -------
    list of Problem
    """
    citation, title, author = entry.get("citation"), entry.get("title"), entry.get("author")
    if not (isinstance(citation, str) and isinstance(author, str)):
        return []
    if entry.get("kind") == "report_itself":  # its citation is the review it was written for, not itself
        return _report_itself_problems(where, entry_id, entry, title_page)
    printed, problems = set(_words(citation)), []
    title_words = _words(title) if isinstance(title, str) else []
    missing = [w for w in title_words if w not in printed]
    if missing:
        problems.append(Problem(where, entry_id, "title", f"{brief(title, 50)}: its citation prints no "
                                                          f"{', '.join(map(repr, missing[:3]))}"))
    year = entry.get("year")
    if isinstance(year, int) and patterns.search(r"\b(?:19|20)\d\d\b", citation) and str(year) not in citation:
        problems.append(Problem(where, entry_id, "year", f"{year}, which its citation does not print"))
    kind = entry.get("kind") if isinstance(entry.get("kind"), str) else None
    problems += _kind_problems(where, entry_id, kind, title if isinstance(title, str) else citation, citation)
    known = set(_words(f"{author} {KIND_WORDS.get(kind, '')}"))
    extra = [w for w in _words(citation) if w not in known] if title is None else []
    if title is None and kind and extra:
        problems.append(Problem(where, entry_id, "title", f"null, but its citation prints one: {brief(citation, 50)} "
                                                          f"says more than its author, year and kind ({extra[0]!r})"))
    start = citation.casefold().find(title_words[0]) if title_words else len(citation)  # no title: all of it
    # Each party the citation names before its title ('International Organization for Migration (IOM) and MOSALVY')
    # is named by the author: one of them alone leaves the other out.
    parties = [p for p in patterns.split(r"\s+and\s+|\s*&\s*", citation[:start]) if _words(p)] if start > 0 else []
    missing = [p.strip(' ,"') for p in parties if not set(_words(p)) & set(_words(author))]
    # And the converse: each party the author names ('... (IOM) and MOSALVY') is one the citation names there.
    named = set(_words(citation[:start])) if parties else set()
    extra = [p.strip(' ,"') for p in patterns.split(r"\s+and\s+|\s*&\s*", author) if parties and _words(p)
             and not set(_words(p)) & named]
    if missing or extra:
        problems.append(Problem(where, entry_id, "author", f"{brief(author, 50)}, but its citation names "
                                                           f"{brief(citation[:start].strip(' ,'), 50)}"))
    return problems

def source_report_problems(where: str, entry_id: str, entry: dict, report: Report) -> list[Problem]:
    """Where the report prints a source's citation says what the source entry may claim: every footnote whose text
    holds its citation is among its ``footnotes`` (a footnoted study listed in none is refused), and a source whose
    citation prints no year, cited in the running text ('In 1997, a National Assembly Report estimates ...'), is of
    a year the sentences citing it print.

    Parameters
    ----------
    where : str
        The sources file, named in each problem.
    entry_id : str
        The source's id.
    entry : dict
        Its entry (``citation``, ``footnotes``, ``year``, ``kind``).
    report : Report
        The report whose footnotes and running text cite it.

    Returns
    -------
    list of Problem
    """
    citation, listed = entry.get("citation"), entry.get("footnotes")
    if not isinstance(citation, str) or not normalise(citation) or entry.get("kind") == "report_itself":
        return []
    needle, problems = normalise(citation), []
    holding = [n for n, body in sorted(report.footnotes.items()) if needle in normalise(body)]
    missing = [n for n in holding if n not in (listed if isinstance(listed, list) else [])]
    if missing:
        problems.append(Problem(where, entry_id, "footnotes", f"{listed}, but footnote {missing[0]} prints its "
                                                              f"citation {brief(citation, 40)}"))
    else:
        short = [n for n in citing_footnotes(entry, report) if n not in (listed if isinstance(listed, list) else [])]
        if short:
            problems.append(Problem(where, entry_id, "footnotes", (
                f"{listed}, but footnote {short[0]} cites it ({brief(report.footnotes[short[0]], 30)}: its author "
                "and year, or 'Ibid.' after a footnote citing it)")))
    sentences = [s for para in report.find_quotes(citation)
                 for s in patterns.split(r"(?<=[.!?])\s+", para.text) if needle in normalise(s)]
    years = {int(y) for s in sentences for y in patterns.findall(r"\b(?:19|20)\d\d\b", s)}
    year = entry.get("year")
    if (not holding and years and isinstance(year, int) and not patterns.search(r"\b(?:19|20)\d\d\b", citation)
            and year not in years):
        problems.append(Problem(where, entry_id, "year", f"{year}, but the report's sentences citing it print "
                                                         f"{', '.join(map(str, sorted(years)))}"))
    return problems


def short_names(author: str) -> set[str]:
    """The names an author goes by in a short citation, folded: the whole name, and the name with each long name
    given its bracketed short form ('United Nations Inter-Agency Project ... (UNIAP)' -> 'UNIAP'; 'International
    Organization for Migration (IOM) and MOSALVY' -> 'IOM and MOSALVY', never 'IOM' alone)."""
    whole = " ".join(author.split())
    shortened = " and ".join(patterns.sub(r"^[^()]*\(([^()]+)\)$", r"\1", part.strip())
                             for part in whole.split(" and "))
    return {n.casefold() for n in (whole, shortened) if n}


def citing_footnotes(entry: dict, report: Report) -> list[int]:
    """The footnotes citing a source in short: its author (or his short name, ``short_names``) and its year alone
    ('UNIAP, 2004', 'IOM 2003'), or 'Ibid.' right after a footnote that does or that prints its citation."""
    author, year, citation = entry.get("author"), entry.get("year"), entry.get("citation")
    if not isinstance(author, str) or not isinstance(year, int):
        return []
    names, needle = short_names(author), normalise(citation) if isinstance(citation, str) else ""
    found, previous = [], False
    for n, body in sorted(report.footnotes.items()):
        text = " ".join(body.split()).rstrip(".").casefold()
        short = any(patterns.fullmatch(rf"{re.escape(name)},? {year}", text) for name in names) or (
            previous and text == "ibid")
        if short:
            found.append(n)
        previous = short or bool(needle and needle in normalise(body))
    return found


# A footnote citing a document in short: a name and a year alone ('UNIAP, 2004', 'IOM 2003').
SHORT_CITATION = re.compile(r"[A-Z][\w .&()'-]*?,? (?:19|20)\d\d")


def claimed_footnote_problems(where: str, claimed: dict, citations: dict, report: Report) -> list[Problem]:
    """Two sources may claim one footnote only when each one's own citation stands in that footnote; and a footnote
    citing a document in short (``SHORT_CITATION``: 'IOM 2003'), or 'Ibid.' after one, is claimed by a source (the
    source of footnote 15, 'IOM 2003', dropped from the sources is refused; an explanatory footnote, 'The CNCC is the
    inter-ministerial coordinating body ...', cites nothing).

    Parameters
    ----------
    where : str
        The sources file, named in each problem.
    claimed : dict of int to list of str
        Each footnote -> the sources listing it.
    citations : dict of str to str
        Each source's citation.
    report : Report
        The report (``footnotes``).

    Returns
    -------
    list of Problem
    """
    problems, previous = [], False
    for n, body in sorted(report.footnotes.items()):
        text = " ".join(body.split()).rstrip(".")
        cites = bool(SHORT_CITATION.fullmatch(text)) or (previous and text.casefold() == "ibid")
        if cites and not claimed.get(n):
            problems.append(Problem(where, f"footnote {n}", "(file)", f"{brief(text, 30)} cites a document, but no "
                                                                      "source lists the footnote"))
        previous = cites or bool(claimed.get(n))
    for n, ids in claimed.items():
        if len(ids) < 2:
            continue
        body = normalise(report.footnotes[n])
        for i, entry_id in enumerate(ids):
            citation = normalise(citations.get(entry_id) or "")
            same = [other for other in ids[:i] if normalise(citations.get(other) or "") == citation]
            if not citation or citation not in body or same:
                others = ", ".join(x for x in ids if x != entry_id)
                problems.append(Problem(where, entry_id, "footnotes",
                                        f"footnote {n} is also claimed by {others}; a source may share a footnote "
                                        "only when its own, different citation stands in it"))
    return problems


def _report_itself_problems(where: str, entry_id: str, entry: dict, title_page: str) -> list[Problem]:
    """The report is never cited by itself, has a title, and its title's words stand on its title page."""
    cited = entry.get("footnotes") if isinstance(entry.get("footnotes"), list) else []
    if cited:
        return [Problem(where, entry_id, "kind", f"report_itself, but the report cites it in footnotes {cited}: a "
                                                 "report does not cite itself")]
    title = entry.get("title")
    if not isinstance(title, str):
        return [Problem(where, entry_id, "title", "null, but the report itself has one: its title page's")]
    printed = set(_words(title_page))
    missing = [w for w in _words(title) if w not in printed]
    return [Problem(where, entry_id, "title", f"{brief(title, 50)}: the report's title page prints no "
                                              f"{', '.join(map(repr, missing[:3]))}")] if missing else []


def _kind_problems(where: str, entry_id: str, kind: str | None, title: str, citation: str) -> list[Problem]:
    """A source of a kind of ``KIND_WORDS`` prints its words; one whose title prints a ``TITLE_KINDS`` kind's is of
    it."""
    if kind in KIND_WORDS and not _KIND_RE[kind].search(f"{title} {citation}".casefold()):
        return [Problem(where, entry_id, "kind", f"{kind}, but neither its title nor its citation prints "
                                                 f"{KIND_WORDS[kind]!r}")]
    folded = title.casefold()
    named = [k for k in TITLE_KINDS if _KIND_RE[k].search(folded)]
    return [Problem(where, entry_id, "kind", f"{kind}, but its title {brief(title, 40)} names a {KIND_WORDS[named[0]]}")
            ] if named and kind not in named else []


# How an origin's method text says no method is known ("Not described; ...", "method not described in ...",
# "methods of its numbers not described").
UNDESCRIBED = re.compile(r"^(?:not|none) described\b|\bmethods?(?: of its numbers)? not described\b", re.IGNORECASE)
UNDESCRIBED_METHODS = ("circulated_claim",)  # a figure in circulation: its method is that none is described
# A title naming how its numbers were made: a survey's or a census's method is never 'not described'.
TITLE_METHOD = re.compile(r"\b(?:survey|census)\b", re.IGNORECASE)
# The words by which an origin's method text describes a method it made numbers by, each read from the start of a
# word ('Undercover observers counted'; 'Census: every household enumerated'; 'extrapolated from the counts').
TEXT_METHODS = {"direct_count": ("counted", "census", "enumerat"), "model_extrapolation": ("extrapolat",)}
# The words without which a method text never describes a method it lists (read one way only: 'compiled' also
# describes the TIP reports' narrative, which lists no method): a survey of venues names them (a household survey
# moved onto the venues' method is refused), an agency's own records are records, totals or a compilation, and a
# circulated claim is circulated (or its text says no method is described).
LISTED_METHODS = {"venue_survey": ("venue",), "administrative_count": ("administrativ", "record", "compil", "caseload"),
                  "circulated_claim": ("circulat", "guesstimat")}
# Read the other way too where the origin compiles no other origin: its own records or compilation are its method
# (the report compiled from ministries and NGOs is an administrative count; the TIP reports, compiling the police's
# and others' figures, count nothing themselves).
OWN_RECORDS = ("administrative_count",)


def origin_method_problems(where: str, origins: dict[str, dict], methods: dict[str, str]) -> list[Problem]:
    """An origin's method text speaks of its own document (a word of its title or producer: the census's 'every
    household enumerated' is never the fact sheet's, nor the fact sheet's 'Not described; the fact sheet cites ...'
    the TIP reports'). Its ``methods`` are known methods, and none but ``circulated_claim`` where its ``method`` text
    says no method is described (the census's "every household enumerated" moved onto the fact sheet's "Not
    described" is refused), and it says so never of a document its title calls a survey or a census
    (``TITLE_METHOD``: the statistics institute's child domestic workers survey 'None described.'); and a text that describes a method (``TEXT_METHODS``: 'counted', 'extrapolated') and
    does not say none is described lists it (the observers' count is never a circulated claim's method), and one it
    lists is one its text describes (the TIP reports' narrative compiled from government data is never a direct
    count; ``LISTED_METHODS``: the household survey of child domestic workers is never a survey of venues); and one
    compiling no other origin whose text speaks of records or a compilation lists ``OWN_RECORDS`` (the report,
    'compiled from ministries and NGOs', given no method is refused).

    Parameters
    ----------
    where : str
        The origins file, named in each problem.
    origins : dict of str to dict
        The checked origins by id.
    methods : dict of str to str
        The known methods (``external_rows.yml`` ``methods``).

    Returns
    -------
    list of Problem
    """
    problems = [Problem(where, o["id"], "methods", f"unknown method '{m}'")
                for o in origins.values() for m in o["methods"] if m not in methods]
    problems += [Problem(where, o["id"], "method", f"{brief(o['method'], 50)} says no method is described, but "
                                                   f"methods lists {', '.join(o['methods'])}")
                 for o in origins.values() if UNDESCRIBED.search(o["method"])
                 and set(o["methods"]) - set(UNDESCRIBED_METHODS)]
    problems += [Problem(where, o["id"], "method", f"{brief(o['method'], 50)} says no method is described, but its "
                                                   f"title names one ({named.group(0).lower()})")
                 for o in origins.values() if UNDESCRIBED.search(o["method"])
                 and (named := TITLE_METHOD.search(str(o.get("title") or "")))]
    problems += [Problem(where, o["id"], "method", f"{brief(o['method'], 50)} describes {method}, but methods lists "
                                                   f"{', '.join(o['methods']) or 'none'}")
                 for o in origins.values() if not UNDESCRIBED.search(o["method"])
                 for method, words in TEXT_METHODS.items() if method not in o["methods"]
                 and patterns.search(rf"\b(?:{'|'.join(words)})", o["method"], re.IGNORECASE)]
    problems += [Problem(where, o["id"], "methods", f"lists {method}, but its method text {brief(o['method'], 50)} "
                                                    f"has none of its words ({', '.join(map(repr, words))})")
                 for o in origins.values() for method, words in {**TEXT_METHODS, **LISTED_METHODS}.items()
                 if method in o["methods"]
                 and not patterns.search(rf"\b(?:{'|'.join(words)})", o["method"], re.IGNORECASE)
                 and not (method in UNDESCRIBED_METHODS and UNDESCRIBED.search(o["method"]))]
    problems += [Problem(where, o["id"], "methods", f"{', '.join(o['methods']) or 'none'}, but its method text "
                                                    f"{brief(o['method'], 50)} speaks of its own {method} ("
                                                    f"{found.group(0).lower()}...) and it compiles no other origin")
                 for o in origins.values() if not o.get("compiles") and not UNDESCRIBED.search(o["method"])
                 for method in OWN_RECORDS if method not in o["methods"]
                 and (found := patterns.search(rf"\b(?:{'|'.join(LISTED_METHODS[method])})", o["method"],
                                               re.IGNORECASE))]
    problems += [Problem(where, o["id"], "method", f"{brief(o['method'], 50)} speaks of nothing its title or producer "
                                                   f"names ({brief(o.get('title'), 40)})")
                 for o in origins.values() if _content(o["method"])
                 and not _content(o["method"]) & _content(f"{o.get('title') or ''} {o.get('producer') or ''}")]
    return problems


# Words that say nothing of which document a method text speaks of ('Not described.', 'method not described in
# any account held here'; 'years', which the police's case records and the TIP reports' narrative both print); a text of only these speaks of none and is held to nothing.
_PLAIN = frozenset("the a an of and or in to by for with as on at its it their from into is are be was were not no "
                   "any all this that here held described method methods none what how year years".split())


def _content(text: object) -> set[str]:
    """A text's words of three letters or more, but ``_PLAIN``, each by its first six letters ('survey', 'census')."""
    return {w[:6] for w in patterns.findall(r"[a-z]+", str(text).casefold()) if w not in _PLAIN and len(w) > 2}


def cited_source_problems(where: str, figure: dict, sources: dict[str, dict]) -> list[Problem]:
    """A figure rests on the work its quote cites. A quote printing a source's citation in the running text ('In
    1997, a National Assembly Report estimates ...') gives that figure that source, never the report or another
    work; and a figure resting on a work the report cites in no footnote prints that work's citation, the only words
    that tie the two. The report itself is the source of what it cites nowhere.

    Parameters
    ----------
    where : str
        The figures file, named in each problem.
    figure : dict
        A checked figure (``figure_id``, ``quote``, ``source_id``).
    sources : dict of str to dict
        Every source entry by id (``citation``, ``footnotes``, ``kind``).

    Returns
    -------
    list of Problem
    """
    quote, own = normalise(figure["quote"]).casefold(), sources[figure["source_id"]]

    def printed(source: dict) -> bool:
        citation = source.get("citation")
        return isinstance(citation, str) and normalise(citation).casefold() in quote

    cited = [sid for sid, s in sources.items() if s.get("kind") != "report_itself" and printed(s)]
    if cited and figure["source_id"] not in cited:
        return [Problem(where, figure["figure_id"], "source",
                        f"{figure['source_id']}, but its quote cites {cited[0]} "
                        f"({brief(sources[cited[0]]['citation'], 40)})")]
    if own.get("kind") != "report_itself" and not own.get("footnotes") and not printed(own):
        return [Problem(where, figure["figure_id"], "source",
                        f"{figure['source_id']}, which the report cites in no footnote, and its quote does not print "
                        f"its citation ({brief(str(own.get('citation')), 40)})")]
    return []
