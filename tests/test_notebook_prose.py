"""Numbers in notebook prose come from the data.

A number typed into a notebook's markdown goes stale silently when an input or an
assumption changes. Notebook prose may hold only numbers that cannot: years, the
notebooks' own numbers, code (in backticks), and quotations of the report or of an
external table (checked: the quoted words must stand there). Every other number is
printed by a code cell from the tables.
"""
import re
from pathlib import Path

import nbformat
import pytest

from csecstats.inputs import paths
from csecstats.source.reader import load_report, normalise

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NUMBER = re.compile(r"\d+(?:[.,]\s?\d+)*")
QUOTED = re.compile(r'"([^"\n]*)"|“([^”\n]*)”')
CODE = re.compile(r"`[^`\n]*`")
YEAR = re.compile(r"(19|20)\d\d")
NOTEBOOK_NUMBER = re.compile(r"(^#+ |\bnotebooks? )$", re.I)


@pytest.fixture(scope="module")
def quotable() -> tuple:
    """The report, and the text of the external tables, which prose may quote."""
    external = " ".join(normalise(p.read_text(encoding="utf-8")) for p in sorted(paths.EXTERNAL.glob("*.csv")))
    return load_report(), external


def allowed(text: str, match: re.Match, quotations: list[tuple[int, int, bool]]) -> bool:
    """A year, a notebook's number, or inside a quotation that stands in the sources."""
    token, start = match.group(), match.start()
    if YEAR.fullmatch(token) or (re.fullmatch(r"0\d", token) and NOTEBOOK_NUMBER.search(text[:start])):
        return True
    return any(lo <= start < hi and verified for lo, hi, verified in quotations)


def typed_numbers(source: str, quotable: tuple) -> list[tuple[str, str]]:
    """(number, context) for every number in one markdown cell that is not allowed."""
    report, external = quotable
    text = CODE.sub(lambda m: " " * len(m.group()), source)
    quotations = []
    for m in QUOTED.finditer(text):
        words = m.group(1) or m.group(2) or ""
        quotations.append((m.start(), m.end(), report.contains(words) or normalise(words) in external))
    return [(m.group(), " ".join(text[max(0, m.start() - 40):m.end() + 40].split()))
            for m in NUMBER.finditer(text) if not allowed(text, m, quotations)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_prose_types_no_number_the_tables_hold(path, quotable):
    found = []
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells, start=1):
        if cell.cell_type == "markdown":
            found += [f"notebooks/{path.name} cell {number}: {token!r} in '...{context}...'"
                      for token, context in typed_numbers(cell.source, quotable)]
    assert not found, ("numbers typed in notebook markdown go stale when an input changes; print each sentence "
                       "from the tables in a code cell instead (quotations of the report or of an external "
                       "table, years and notebook numbers may stay):\n" + "\n".join(found))


def test_the_rule_catches_a_typed_number_and_spares_a_quotation(quotable):
    typed = typed_numbers('The estimate is 11,000 (interval 10,000-12,000), "over 14, 000" in 1997; '
                          'see notebook 02 and `low=0.5`. "over 99, 000" is no quote.', quotable)
    assert [token for token, _ in typed] == ["11,000", "10,000", "12,000", "99, 000"]
