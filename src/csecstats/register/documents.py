"""Rules over whole inputs and built tables. Stage 4.

The rules of ``register.rules`` applied to a whole YAML declaration (every id and every text of
every input: ``documents_problems``), to the names and units the declarations compare
(``triangulation_names_problems``, ``unit_problems``) and to every built table
(``repeated_rows``). The build runs them all, so ``csecstats validate`` does too.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..inputs.errors import Problem
from .identity import identity_problems, names_problems, near_duplicates, stale_repeats
from .rules import text_problems


# ---------------------------------------------------------------- a whole input or output

def document_problems(where: str, data: Any) -> list[Problem]:
    """Identity and free text over a whole YAML input.

    The ``id`` of every entry of a top-level list and the key of every mapping of mappings (indicators, annotated
    rows) ASCII snake_case and unconfusable, and every text in it clean. Each problem names the entry (its id, or
    its place) and the field's path.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    data : object
        The parsed YAML document.

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    for top, section in data.items():
        if isinstance(section, list):
            named = [(item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None, item)
                     for item in section]
            problems += identity_problems(where, [name for name, _ in named if name is not None])
            for i, (name, item) in enumerate(named, start=1):
                problems += text_problems(where, name or f"{top}#{i}", item)
        elif isinstance(section, dict):
            problems += _mapping_problems(where, str(top), section)
        else:
            problems += text_problems(where, str(top), section)
    return problems


def _mapping_problems(where: str, at: str, section: dict) -> list[Problem]:
    """A mapping of mappings is keyed by ids (file names such as ``external-estimates.csv`` hold rows keyed
    by ids in turn); any other mapping is walked as text."""
    problems: list[Problem] = []
    keyed = section and all(isinstance(v, dict) for v in section.values())
    if keyed and not all(isinstance(k, str) and "." in k for k in section):
        problems += identity_problems(where, [k for k in section if isinstance(k, str)])
    for key, value in section.items():
        name = f"{at}.{key}" if isinstance(key, str) and key.isprintable() and len(key) <= 80 else f"{at}.(key)"
        if keyed and isinstance(key, str) and "." in key:
            problems += _mapping_problems(where, name, value)
        else:
            problems += text_problems(where, name, value)
    return problems


def documents_problems(files: Iterable) -> list[Problem]:
    """``document_problems`` of each YAML input, read bounded and strictly (``inputs.reading.load_yaml``).

    A file that cannot be read is left to its own loader, which names the problem.

    Parameters
    ----------
    files : iterable of Path
        The YAML inputs.

    Returns
    -------
    list of Problem
    """
    from ..inputs.reading import load_yaml
    problems: list[Problem] = []
    for path in dict.fromkeys(files):
        data, unreadable = load_yaml(path)
        if not unreadable:
            problems += document_problems(str(path), data)
    return problems


# The entries of a declaration that say the same thing under another id: fields that are words about an entry (its
# label, reasons, caveats, grade) aside, or, where a list names what an entry is, those fields alone.
WORDS_ABOUT = frozenset({"id", "label", "description", "reason", "note", "caveats", "citation", "tolerance_reason",
                         "evidence_grade", "judgement"})
SAME_WHEN = {"sources": ("author", "year", "title"), "origins": ("producer", "title", "year"),
             "breaks": ("scope", "from", "to", "changes")}


def repeated_entries_problems(files: Iterable) -> list[Problem]:
    """No entry of a declaration says again what an earlier entry of its list says, under another id.

    A source, origin or break is the same one when the fields ``SAME_WHEN`` names for its list agree; any other
    entry when every field but the words about it (``WORDS_ABOUT``) does. A repeat under a new id counts one
    account twice: a second source or study that is the first again, an estimate made twice, a break drawn twice.
    An id given twice is ``identity_problems``'s.

    Parameters
    ----------
    files : iterable of Path
        The YAML inputs (the register and its sources too); one that cannot be read is its loader's to name.

    Returns
    -------
    list of Problem
    """
    from ..inputs.reading import load_yaml
    problems: list[Problem] = []
    for path in dict.fromkeys(files):
        data, unreadable = load_yaml(path)
        if not unreadable:
            problems += repeated_in(str(path), data)
    return problems


def repeated_in(where: str, data: Any) -> list[Problem]:
    """``repeated_entries_problems`` of one parsed YAML input.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    data : object
        The parsed YAML document.

    Returns
    -------
    list of Problem
    """
    import json
    problems: list[Problem] = []
    for top, section in data.items() if isinstance(data, dict) else ():
        if not isinstance(section, list):
            continue
        seen: dict[str, str] = {}
        ids = set()
        for item in section:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in ids:
                continue
            ids.add(item["id"])
            fields = SAME_WHEN.get(top)
            said = ({k: item.get(k) for k in fields} if fields and all(k in item for k in fields)
                    else {k: v for k, v in item.items() if k not in WORDS_ABOUT})
            key = json.dumps(said, sort_keys=True, default=str)
            if key in seen:
                named = ", ".join(sorted(said)) if len(said) <= 4 else "every field but the words about it"
                problems.append(Problem(where, item["id"], "id", f"says again what {seen[key]} says ({named})"))
            else:
                seen[key] = item["id"]
    return problems


def repeated_rows(where: str, frame) -> list[Problem]:
    """No two rows of a built table are the same row (a table whose declaration names no key, too).

    Parameters
    ----------
    where : str
        The table's file, named in each problem.
    frame : pandas.DataFrame
        The built table.

    Returns
    -------
    list of Problem
    """
    repeated = frame.duplicated(keep="first")
    return [Problem(where, f"row {i + 1}", "(row)", "repeats an earlier row of the table exactly")
            for i in [int(n) for n in repeated.to_numpy().nonzero()[0]]]


NEAR_KEY = ("value", "period_start", "period_end", "origin_id")  # and the table's indicator column


def _keyed_rows(frame, id_column: str, indicator: str) -> list[tuple[str, tuple]] | None:
    """(id, (indicator, value, period start, period end, origin)) per row, missing parts as None; None when
    the frame lacks one of those columns."""
    columns = [indicator, *NEAR_KEY]
    if not set(columns) <= set(frame.columns) or id_column not in frame:
        return None
    cells = [[value if present else None for value, present in zip(frame[c].astype(object).tolist(),
                                                                   frame[c].notna().tolist())] for c in columns]
    return list(zip(frame[id_column], zip(*cells)))


def near_duplicate_findings(tables: Iterable[tuple]) -> list[Problem]:
    """Rows of each built table of published values that repeat another row, as findings.

    ``rules.near_duplicates`` over each built table of published values, given as (the input file it was
    read from, the frame, its id column, its indicator column[, the repeats its declaration reviewed]): rows of
    one table with the same value, period, indicator and origin, each named by its input file, its id and
    ``value``; a repeat the declaration names is not flagged again.

    Parameters
    ----------
    tables : iterable of tuple
        (file, frame, id column, indicator column[, reviewed repeats]) per table.

    Returns
    -------
    list of Problem
        Findings, issued as warnings.
    """
    found: list[Problem] = []
    for where, frame, id_column, indicator, *reviewed in tables:
        rows = _keyed_rows(frame, id_column, indicator)
        if rows is not None:
            found += near_duplicates(str(where), rows, reviewed=reviewed[0] if reviewed else None)
    return found


def repeats_problems(tables: Iterable[tuple]) -> list[Problem]:
    """Declared repeats that no longer name a near-duplicate.

    Each source's declared ``repeats`` (row id -> the earlier row it relays), given as (its declaration
    file, the frame, its id column, its indicator column, the mapping), still names a near-duplicate
    (``rules.stale_repeats``).

    Parameters
    ----------
    tables : iterable of tuple
        (declaration file, frame, id column, indicator column, repeats) per source.

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    for where, frame, id_column, indicator, reviewed in tables:
        rows = _keyed_rows(frame, id_column, indicator)
        if reviewed and rows is not None:
            problems += stale_repeats(str(where), rows, reviewed)
    return problems


def yaml_inputs(**given) -> list:
    """The YAML inputs besides the register and its sources.

    Each the file given or its usual place in ``data/raw`` (``documents_problems`` checks them all before the build
    reads any).

    Parameters
    ----------
    **given
        Path by input name (``vocabulary``, ``checks``, ``estimates``, ...); None for the usual place.

    Returns
    -------
    list of Path
    """
    from ..inputs import paths
    usual = {"vocabulary": paths.VOCABULARY_FILE, "checks": paths.CHECKS_FILE, "estimates": paths.ESTIMATES_FILE,
             "triangulation": paths.TRIANGULATION_FILE, "breaks": paths.BREAKS_FILE, "origins": paths.ORIGINS_FILE,
             "definitions": paths.DEFINITIONS_FILE, "external_rows": paths.EXTERNAL_ROWS_FILE,
             "exclusions": paths.EXCLUSIONS_FILE}
    return [given.get(name) or path for name, path in usual.items()]


def triangulation_names_problems(path, *, report: Iterable[str], external: Iterable[str],
                                 estimates: Iterable[str]) -> list[Problem]:
    """Every indicator and estimate the triangulation declarations name matches rows that exist.

    A name matching nothing would make an empty group, silently compared with nothing.

    Parameters
    ----------
    path : Path
        The triangulation declarations.
    report : iterable of str
        The register's indicators.
    external : iterable of str
        The external rows' indicators.
    estimates : iterable of str
        The estimates' ids.

    Returns
    -------
    list of Problem
    """
    from ..inputs.reading import load_yaml
    data, unreadable = load_yaml(path)
    if unreadable or not isinstance(data, dict):
        return []  # its own loader names the problem
    where, problems = str(path), []
    for i, entry in enumerate(data.get("quantities") or [], start=1):
        if not isinstance(entry, dict):
            continue
        name = entry.get("id") if isinstance(entry.get("id"), str) else f"quantities#{i}"
        for field, known, what in (("report_indicators", report, "indicator of a report figure"),
                                   ("external_indicators", external, "indicator of an external or TIP row")):
            names = entry.get(field) if isinstance(entry.get(field), list) else []
            problems += names_problems(where, name, field, [n for n in names if isinstance(n, str)], known, what)
    for i, entry in enumerate(data.get("estimates") or [], start=1):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            problems += names_problems(where, entry["id"], "id", [entry["id"]], estimates, "declared estimate")
    return problems + one_quantity_problems(where, data.get("quantities"))


def one_quantity_problems(where: str, quantities: Any) -> list[Problem]:
    """A row is one quantity: no indicator is gathered by two quantities whose places meet (the same place, or
    either of any place), so victims rescued are never also arrests, nor the Khmer share also the Vietnamese one.

    Parameters
    ----------
    where : str
        The triangulation declarations, named in each problem.
    quantities : object
        Their ``quantities`` list as read.

    Returns
    -------
    list of Problem
        One per indicator a quantity gathers that an earlier quantity of a meeting place already gathers, named
        on the later quantity's field.
    """
    seen: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    problems = []
    entries = [e for e in quantities if isinstance(e, dict) and isinstance(e.get("id"), str)] \
        if isinstance(quantities, list) else []
    for entry in entries:
        place = entry.get("geography")
        for field in ("report_indicators", "external_indicators"):
            names = entry.get(field) if isinstance(entry.get(field), list) else []
            for name in dict.fromkeys(n for n in names if isinstance(n, str)):
                earlier = seen.setdefault((field, name), [])
                problems += [Problem(where, entry["id"], field, f"{name!r} is gathered by {other} too "
                                     f"({_place(other_place)}): a row is one quantity")
                             for other, other_place in earlier if place is None or other_place in (None, place)]
                earlier.append((entry["id"], place))
    return problems


def _place(place: Any) -> str:
    """'any place' for a quantity without a geography, else its place."""
    return "any place" if place is None else str(place)


# ---------------------------------------------------------------- class 3: one unit

def _unit_of(ref: Any, units: Mapping[str, str]) -> str | None:
    """The unit of an estimate input (``figure_id``, ``figure_id.low``, ``external:ID``), or None."""
    if not isinstance(ref, str):
        return None
    ref = ref.removeprefix("external:")
    return units.get(ref) or units.get(ref.rsplit(".", 1)[0])


def unit_problems(*, triangulation, checks, estimates, specs: Iterable[tuple[str, dict]], report_units: Mapping[str, str],
                  external_units: Mapping[str, set], figure_units: Mapping[str, str],
                  row_units: Mapping[str, str]) -> list[Problem]:
    """Comparisons over one unit.

    Each triangulation quantity gathers rows of one unit; a check's part and whole share a unit and its shares are
    shares; a Wilson estimate's successes and trials are counts of the same unit (in every scenario).

    Parameters
    ----------
    triangulation, checks, estimates : Path
        The triangulation, checks and estimates files.
    specs : iterable of (str, dict)
        Each estimate and scenario's key and resolved declaration.
    report_units, external_units : mapping
        Each indicator's unit(s), in the register and in the external rows.
    figure_units, row_units : mapping of str to str
        Each figure's and external row's unit, by id.

    Returns
    -------
    list of Problem
    """
    from ..inputs.reading import load_yaml
    problems: list[Problem] = []
    data, unreadable = load_yaml(triangulation)
    for entry in (data or {}).get("quantities") or [] if not unreadable and isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found = {report_units[i] for i in entry.get("report_indicators") or [] if i in report_units}
            found |= {u for i in entry.get("external_indicators") or [] for u in external_units.get(i, ())}
            if len(found) > 1:
                problems.append(Problem(str(triangulation), entry["id"], "external_indicators",
                                        f"compares rows of different units ({', '.join(sorted(found))})"))
    data, unreadable = load_yaml(checks)
    for entry in (data or {}).get("checks") or [] if not unreadable and isinstance(data, dict) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        if entry.get("rule") == "at_most":
            part, whole = figure_units.get(entry.get("part")), figure_units.get(entry.get("whole"))
            if part and whole and part != whole:
                problems.append(Problem(str(checks), entry["id"], "whole",
                                        f"compares {part} with {whole}: a part and its whole count one unit"))
        elif entry.get("rule") == "shares_at_most_one":
            odd = [p for p in entry.get("parts") or [] if figure_units.get(p, "share") != "share"]
            if odd:
                problems.append(Problem(str(checks), entry["id"], "parts",
                                        f"{', '.join(map(str, odd))} are not shares"))
    for key, spec in specs:  # each estimate and each scenario, its inputs as the scenario resolves them
        if spec.get("method") != "wilson":
            continue
        inputs = spec.get("inputs") or {}
        success, trial = (_unit_of(inputs.get(spec.get(k)), {**figure_units, **row_units})
                          for k in ("successes", "trials"))
        if success and trial and (success != trial or success in ("share", "ratio")):
            problems.append(Problem(str(estimates), key, "inputs", f"a Wilson interval over {success} out of "
                                    f"{trial}: successes and trials must be counts of one unit"))
    return problems
