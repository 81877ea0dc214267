"""Cambodia's enforcement figures from the annual US TIP reports (2004-2022), validated and placed in time.

``data/external/tip-report-cambodia-enforcement.csv`` is a third-party copy checked
against ``SHA256SUMS`` and read with the shared rules of the external tables
(``csecstats.analysis.external``: encoding, size, header, numbers), so a problem is reported
in the same ``PATH: ENTRY: FIELD: message`` form, the entry being e.g.
``row 3 (convictions 2010 '2009')``. Each row's period is the period the figure
covers, not the report year, and its comparability ``segment`` is derived from the
breaks declared in ``data/raw/breaks.yml`` (both read by ``analysis.tip_periods``); here
each row is checked, given its form, account and grade, and an id.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..inputs import frames, paths
from ..inputs import patterns
from ..inputs.cells import count_cell, read_csv, text_problem
from ..inputs.errors import Problem, ValidationFailed, raise_if_any
from ..inputs.fingerprint import fingerprint_problems
from ..inputs.reading import read_bytes
from ..register.nouns import UNSTATED, unit_noun_problem
from ..register.qualifiers import qualifier_problem
from ..register.rules import occurrence_problems
from ..register.rules import period_problems as rule_period_problems
from ..register.breaks import COUNTINGS, LABEL_REPORT, Break, load_breaks, load_series_caveats
from ..tables.sources import column_problems
from .row_pages import passage_problems
from .row_passages import passage_number_problems
from .tip_break_words import break_word_problems
from .tip_periods import period_problems, reporting_period, regimes, resolve_period, row_entry, segment_of
from .tip_rows import FORMS, NUMBER_WORDS, form_of, grade, rows_problems  # noqa: F401
from .tip_rows import tier_problems  # noqa: F401  (tests read it here)

COLUMNS = ["report_year", "period_covered", "indicator", "indicator_note", "value", "qualifier", "unit", "quote",
           "url", "tier", "caveat"]
# indicator -> (unit its name fixes, or None; description). 'not stated' is allowed where the text gives none,
# but not for an indicator whose name ends in its unit (investigations_cases): a count no text says is of cases is
# not known to count cases ('36 prosecutions', no unit, are prosecutions_defendants, as its description says).
INDICATORS: dict[str, tuple[str | None, str]] = {
    "investigations_cases": ("cases", "Trafficking cases investigated."),
    "prosecutions_defendants": ("persons", "People prosecuted for trafficking (or 'prosecutions' where the unit is not stated)."),
    "prosecutions_cases": ("cases", "Trafficking cases prosecuted."),
    "convictions": (None, "Convictions for trafficking: people convicted or cases ending in conviction, as the unit says."),
    "victims_identified": ("persons", "Potential victims identified by the authorities."),
    "arrests": ("persons", "Suspected traffickers arrested."),
}
UNITS = ("persons", "cases", "not stated")
QUALIFIERS = ("exact", "lower_bound")
TIERS = ("", "Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")
FIRST_REPORT_YEAR = 2001  # the first TIP report
PRESS_MARK = "Press paraphrase"  # how the table's caveat marks a press account of the report
OWN_CAVEAT_PRIORITY = "reading"  # the table's caveat says what was counted and whether the row is a press account
MEASURES = "detection"  # enforcement counts measure what the authorities found, not how much trafficking there is


def value_in_quote(value: float, quote: str) -> bool:
    """The value stands in the quote as a whole number ('1,074' or '1074') or as a word ('eight').

    Parameters
    ----------
    value : float
        The row's value (a whole number).
    quote : str
        The words it was read from.

    Returns
    -------
    bool
    """
    whole = int(value)
    pattern = rf"(?<![\d,]){whole:,}(?![\d])|(?<![\d,]){whole}(?![\d])".replace(",", ",?")
    words = [w for w, n in NUMBER_WORDS.items() if n == whole]
    return bool(patterns.search(pattern, quote)) or any(patterns.search(rf"\b{w}\b", quote, re.I) for w in words)


def check_row(where: str, row: dict) -> list[Problem]:
    """One row's own rules: year, vocabulary, unit, qualifier, whole value found in the quote, texts present.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    row : dict
        A raw row, every cell a string.

    Returns
    -------
    list of Problem
    """
    entry, problems = row_entry(row), []
    add = lambda field, msg: problems.append(Problem(where, entry, field, msg))  # noqa: E731
    problems += [Problem(where, entry, c, message) for c in COLUMNS if (message := text_problem(row[c]))]
    year = row["report_year"].strip()
    if not patterns.fullmatch(r"[0-9]{4}", year) or not FIRST_REPORT_YEAR <= int(year) <= date.today().year:
        add("report_year", f"expected a TIP report year {FIRST_REPORT_YEAR}-{date.today().year}, found {year!r:.40}")
    indicator, unit = row["indicator"].strip(), row["unit"].strip()
    if indicator not in INDICATORS:
        add("indicator", f"unknown indicator {indicator!r:.40}; expected one of {', '.join(INDICATORS)}")
    if unit not in UNITS:
        add("unit", f"unknown unit {unit!r:.40}; expected one of {', '.join(UNITS)}")
    elif indicator in INDICATORS and INDICATORS[indicator][0] not in (None, unit) and (
            unit != "not stated" or (named := indicator.endswith(f"_{INDICATORS[indicator][0]}"))):
        add("unit", f"{indicator} is counted in {INDICATORS[indicator][0]}" + (
            ", as its name says: never in a unit not stated" if unit == "not stated" else f" (or 'not stated'), not {unit}"))
    if row["qualifier"].strip() not in QUALIFIERS:
        add("qualifier", f"unknown qualifier {row['qualifier']!r:.40}; expected one of {', '.join(QUALIFIERS)}")
    if row["tier"].strip() not in TIERS:
        add("tier", f"unknown tier {row['tier']!r:.40}; expected blank or one of {', '.join(TIERS[1:])}")
    value, message = count_cell(row["value"]) if row["value"] else (None, "missing value")  # the shared cell rule
    if message:
        add("value", message)
    elif not value_in_quote(value, row["quote"]):
        add("value", f"{row['value']} does not stand in the quote")
    elif message := unit_noun_problem(row["quote"], value, unit):
        add("unit" if unit in UNSTATED or message.startswith(f"{unit}, ") else "value", message)
    elif row["qualifier"].strip() in QUALIFIERS and (message := qualifier_problem(row["quote"], value,
                                                                                  row["qualifier"].strip())):
        add("qualifier", message)
    problems += [Problem(where, entry, f, "must not be empty") for f in ("period_covered", "quote", "url", "caveat")
                 if not row[f].strip()]
    if "state.gov" in row["url"] and PRESS_MARK in row["caveat"]:
        add("caveat", "a state.gov page is the report's own text, not a press paraphrase")
    return problems


def build_rows(where: str, raw: list[dict], breaks: list[Break], readings: dict) -> tuple[list[dict], list[Problem]]:
    """Checked rows with period, segment, form, account and grade; every problem at once.

    Parameters
    ----------
    where : str
        The TIP table's path.
    raw : list of dict
        Its raw rows.
    breaks : list of Break
    readings : dict
        The breaks and period readings of ``breaks.yml``.

    Returns
    -------
    tuple of (list of dict, list of Problem)
    """
    problems, rows = [], []
    for row in raw:
        found = check_row(where, row)
        period, basis, how = (None, "none", "") if found else resolve_period(row, raw, readings)
        found += [] if found else period_problems(where, row, period, basis)
        if not found and basis == "stated":  # the period agrees with the years its quote states (register.rules)
            found = rule_period_problems(where, row_entry(row), period.start.isoformat(), period.end.isoformat(),
                                         quote=row["quote"], field="period_covered", stated=row["period_covered"])
        problems += found
        if found:
            continue
        value, report_year = float(row["value"]), int(row["report_year"])
        inside, straddles = regimes(period, report_year, breaks)
        alt = reporting_period(report_year) if basis == "inferred" else None
        alt_segment = segment_of(*regimes(alt, report_year, breaks), True) if alt else None
        # Declared by who published the page (its address), never by a caveat's wording.
        account = "report_text" if publisher(row["url"]) in REPORT_PUBLISHERS else "press"
        qualifier = row["qualifier"].strip()
        letter, reason = grade(account, qualifier, row["quote"])
        form = form_of(row["indicator_note"])
        rows.append({
            "report_year": report_year, "period_stated": row["period_covered"].strip(),
            "period_start": period.start.isoformat() if period else None,
            "period_end": period.end.isoformat() if period else None,
            "period_kind": period.kind if period else "none", "period_basis": basis, "period_reading": how or None,
            "alt_period_start": alt.start.isoformat() if alt else None,
            "alt_period_end": alt.end.isoformat() if alt else None, "alt_segment": alt_segment,
            "indicator": row["indicator"].strip(), "form": form, "indicator_note": row["indicator_note"] or None,
            "definition": f"{INDICATORS[row['indicator'].strip()][1][:-1]}; {FORMS[form][1]}",
            "measures": MEASURES, "value": value, "low": value,
            "high": None if qualifier == "lower_bound" else value, "qualifier": qualifier,
            "unit": row["unit"].strip(), "account": account, "publisher": publisher(row["url"]),
            "origin_id": f"us_tip_report_{report_year}", "segment": segment_of(inside, straddles, period is not None),
            "breaks": " ".join(inside) or None, "straddles": " ".join(straddles) or None,
            "evidence_grade": letter, "grade_reason": reason, "tier": row["tier"].strip() or None,
            "quote": row["quote"], "url": row["url"].strip(), "caveat": row["caveat"].strip(),
        })
    problems += occurrence_problems(where, [(row_entry(row), row["quote"], float(row["value"])) for row in raw
                                            if not check_row(where, row)])
    return rows, problems


REPORT_PUBLISHERS = ("US Department of State", "US Department of State (Refworld copy)")  # the report's own text
PUBLISHERS = {"state.gov": "US Department of State", "refworld.org": "US Department of State (Refworld copy)",
              "cambodiadaily.com": "Cambodia Daily", "voacambodia.com": "VOA Khmer",
              "khmerization.blogspot.com": "Khmerization (VOA Khmer reprint)", "phnompenhpost.com": "Phnom Penh Post"}


def publisher(url: str) -> str:
    """Who published the page, from its address (the host itself when not known).

    Parameters
    ----------
    url : str
        The address, without its scheme (``state.gov/...``).

    Returns
    -------
    str
    """
    host = url.strip().split("/")[0]
    return next((name for domain, name in PUBLISHERS.items() if host == domain or host.endswith("." + domain)), host)


def breaks_problems(path: Path, where: str, raw: list[dict], breaks: list[Break], readings: dict) -> list[Problem]:
    """Each break's quote stands in the TIP table, in a row of a report its source names (where it names TIP report
    years); a break of report years its label credits to a report ('2017 report: ...') holds no row of another
    report (an open end past it is the label's lie: '2020 on' credits none); each period reading names rows that
    exist.

    Parameters
    ----------
    path : Path
        The breaks file, as problems name it.
    where : str
        The TIP table's path.
    raw : list of dict
        The TIP table's raw rows.
    breaks : list of Break
    readings : dict
        What the breaks file declares.

    Returns
    -------
    list of Problem
    """
    cells = " ".join(r[c] for r in raw for c in ("quote", "indicator_note", "caveat"))
    problems = [Problem(str(path), b.id, "quote", f"does not stand in {where}") for b in breaks
                if b.quote and b.quote not in cells]
    present = {(r["report_year"].strip(), r["period_covered"].strip()) for r in raw}
    problems += [Problem(str(path), f"reading ({year} {stated!r})", "period_stated", f"no row of {where} has it")
                 for year, stated in readings if (str(year), stated) not in present]
    for b in breaks:  # a source naming TIP report years names the report whose text holds the break's words
        named = {int(y) for y in patterns.findall(r"\b((?:19|20)\d\d)(?: and (?:19|20)\d\d)? TIP reports?\b", b.source)}
        named |= {int(y) for y in patterns.findall(r"\b(?:19|20)\d\d and ((?:19|20)\d\d) TIP reports\b", b.source)}
        holding = {int(r["report_year"]) for r in raw if b.quote and any(b.quote in r[c] for c in
                                                                          ("quote", "indicator_note", "caveat"))}
        if named and holding and not named & holding:
            problems.append(Problem(str(path), b.id, "source", f"names the {', '.join(map(str, sorted(named)))} "
                                    f"report(s), but its quote stands in the {', '.join(map(str, sorted(holding)))}"))
        credited = {int(y) for y in LABEL_REPORT.findall(b.label)}
        inside = sorted({int(r["report_year"]) for r in raw if b.scope == "report" and credited and r["report_year"]
                         .strip().isdigit() and (b.start or 0) <= int(r["report_year"]) <= (b.end or 9999)} - credited)
        if inside:
            problems.append(Problem(str(path), b.id, "to", f"{b.end or 'null (open)'}, so the rows of the {inside[0]} report stand "
                                    f"inside it, but its label {b.label!r:.40} credits it to the "
                                    f"{', '.join(map(str, sorted(credited)))} report"))
    return problems


def counting_problems(where: str, raw: list[dict], breaks: list[Break], readings: dict) -> list[Problem]:
    """A count kept over another year than the calendar's (a period read as April to March) stands inside a
    declared break of that counting (``breaks.yml``, scope ``counting``): without one it would be set in one series
    with calendar years' counts.

    Parameters
    ----------
    where : str
        The TIP table's path.
    raw : list of dict
        Its raw rows.
    breaks : list of Break
    readings : dict
        The period readings of ``breaks.yml``.

    Returns
    -------
    list of Problem
    """
    declared = {b.start for b in breaks if b.scope == "counting"}
    problems = []
    for row in raw:
        period = None if check_row(where, row) else resolve_period(row, raw, readings)[0]
        if period is not None and period.kind in COUNTINGS and period.kind not in declared:
            problems.append(Problem(where, row_entry(row), "period_covered", f"{row['period_covered']!r:.40} is "
                                    f"counted {period.kind.replace('_', '-')}, but no break of the breaks file declares "
                                    "that counting: it would be joined with calendar years"))
    return problems


def checked(path: Path | None = None, breaks_path: Path | None = None, *, verify_fingerprint: bool = True,
            declared: tuple | None = None) -> tuple[list[dict], list[Problem]]:
    """(rows, problems) for the TIP table and the breaks declared against it (``declared``: the breaks file
    as ``read_breaks`` returned it, when the caller has read it).

    Parameters
    ----------
    path, breaks_path : Path, optional
    verify_fingerprint : bool, default True
    declared : tuple, optional

    Returns
    -------
    tuple of (list of dict, list of Problem)
    """
    path = Path(path or paths.TIP_FILE)
    where = str(path)
    header, raw, problems = read_csv(path)  # bounded, UTF-8, no NUL, no repeated row, not header-only
    problems += column_problems(where, header, COLUMNS) if header else []
    rows: list[dict] = []
    if header and not problems:
        try:
            breaks, readings = declared[:2] if declared else load_breaks(breaks_path)
        except ValidationFailed as failed:  # rows cannot be placed without the breaks: report both files' problems
            return [], problems + failed.problems + (fingerprint_problems(path) if verify_fingerprint else [])
        rows, found = build_rows(where, raw, breaks, readings)
        problems += found + breaks_problems(Path(breaks_path or paths.BREAKS_FILE), where, raw, breaks, readings)
        problems += counting_problems(where, raw, breaks, readings)
        problems += [] if found else break_word_problems(where, raw, rows, breaks)  # breaks its words speak of
        problems += rows_problems(where, raw)  # one report one tier, one page one report, each row's subject
        problems += passage_problems(where, raw, ["url"], row_entry)  # one passage of one page, one wording
        problems += passage_number_problems(where, raw, ["value"], row_entry)  # a passage split into rows: each number
    if verify_fingerprint:
        problems += fingerprint_problems(path)
    return rows, problems


def tip_problems(path: Path | None = None, breaks_path: Path | None = None, *,
                 verify_fingerprint: bool = True) -> list[Problem]:
    """Every problem in a TIP table and in the breaks declared against it.

    Parameters
    ----------
    path, breaks_path : Path, optional
    verify_fingerprint : bool, default True

    Returns
    -------
    list of Problem
    """
    return checked(path, breaks_path, verify_fingerprint=verify_fingerprint)[1]


def is_tip_table(path: Path) -> bool:
    """True when the file's header is the TIP table's (it has report_year and period_covered).

    Parameters
    ----------
    path : Path

    Returns
    -------
    bool
    """
    data, problems = read_bytes(path)  # bounded: never blocks on a FIFO
    head = data[:4096].decode("utf-8", errors="replace").split("\n", 1)[0] if data else ""
    return "report_year" in head and "period_covered" in head


def load_tip(path: Path | None = None, breaks_path: Path | None = None, *,
             verify_fingerprint: bool = True, declared: tuple | None = None) -> pd.DataFrame:
    """The TIP enforcement figures, one row each, with id, period, segment and grade; ``ValidationFailed`` otherwise.

    Parameters
    ----------
    path : Path, optional
        The TIP table (default: the project's).
    breaks_path : Path, optional
        The breaks file (default: the project's ``breaks.yml``).
    verify_fingerprint : bool, default True
    declared : tuple, optional
        The breaks file as ``read_breaks`` returned it.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValidationFailed
    """
    rows, problems = checked(path, breaks_path, verify_fingerprint=verify_fingerprint, declared=declared)
    raise_if_any(problems)
    frame = pd.DataFrame(rows)
    frame.insert(0, "tip_id", stable_ids(frame))
    # Every row carries the series caveats (ranked first), then the table's own caveat for it.
    series = declared[2] if declared else load_series_caveats(breaks_path)
    frame["caveat"] = [" | ".join([c["text"] for c in series] + [own]) for own in frame["caveat"]]
    frame["caveat_priority"] = " | ".join([c["priority"] for c in series] + [OWN_CAVEAT_PRIORITY])
    frame["joins_previous"] = joins_previous(frame)
    for column in ("value", "low", "high"):  # column by column: a whole-frame astype copied every column (~4 ms)
        frame[column] = frame[column].astype(float)
    return frame


def joins_previous(frame: pd.DataFrame) -> list[str | None]:
    """For each figure, the figure a line may join it to: same indicator, form, unit, segment, account and kind of
    period, both stated exactly, the other's period ending the day before this one starts. None where the
    previous period is missing (36 for 2009 and 20 for 2011 are never joined across an absent 2010).

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    list of str or None
    """
    rows = frames.rows(frame)
    alike = lambda r: (r.indicator, r.form, r.unit, r.segment, r.account, r.period_kind)  # noqa: E731
    ending: dict[tuple, str] = {}  # (period end, what must match) -> the first exact figure ending then
    for r in rows:  # a missing cell never equals anything (as in a pandas comparison), so it is never a key
        if r.qualifier == "exact" and all(pd.notna(v) for v in (r.period_end, *alike(r))):
            ending.setdefault((r.period_end, *alike(r)), r.tip_id)
    out = []
    for r in rows:
        previous = None
        if r.period_start is not None and r.qualifier == "exact" and all(pd.notna(v) for v in alike(r)):
            day_before = (date.fromisoformat(r.period_start) - timedelta(days=1)).isoformat()
            previous = ending.get((day_before, *alike(r)))
        out.append(previous)
    return out


def stable_ids(frame: pd.DataFrame) -> list[str]:
    """tip<report year>_<indicator>_<period start, or 'undated'>[_<form>]; a repeat gets _2, _3.

    Parameters
    ----------
    frame : pandas.DataFrame
        The built rows, in table order.

    Returns
    -------
    list of str
    """
    ids, seen = [], {}
    for r in frames.rows(frame):
        when = "undated" if r.period_start is None else (r.period_start[:4] if r.period_kind == "calendar_year"
                                                         else r.period_start[:7].replace("-", "_"))
        base = f"tip{r.report_year}_{r.indicator}_{when}" + ("" if r.form == "all" else f"_{r.form}")
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return ids
