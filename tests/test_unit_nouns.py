"""What a number counts, by the noun printed right after it: a row of victims given the number of cases its quote
prints beside them ('The 92 cases saved 244 victims') is refused. Tried on every real row of every table."""
from __future__ import annotations

import csv

import pytest

from csecstats.inputs import paths
from csecstats.register.nouns import UNIT_NOUNS, nouns_after, unit_noun_problem
from real_inputs import project_copy, refused, replace_once


def real_rows() -> list[tuple[str, str, float, str]]:
    """(file, quote, value, unit) of every row of the external and TIP tables with a whole value."""
    found = []
    for path in sorted(paths.EXTERNAL.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if "quote" in row and row.get("value", "").replace(",", "").isdigit():
                    found.append((path.name, row["quote"], float(row["value"].replace(",", "")),
                                  row.get("unit") or "persons"))
    return found


def test_every_real_row_passes_and_many_print_a_unit_noun():
    rows = real_rows()
    assert len(rows) >= 90
    assert [r for r in rows if unit_noun_problem(r[1], r[2], r[3])] == []
    assert sum(any(n in UNIT_NOUNS for n in nouns_after(q, int(v))) for _, q, v, _ in rows) >= 41


def test_a_row_given_another_number_its_quote_prints_before_a_noun_of_another_unit_is_refused():
    """Every real row given every other whole number its quote prints right before a noun of the other unit (cases
    for persons, persons for cases) is refused."""
    import re
    tried = 0
    for _, quote, value, unit in real_rows():
        if unit not in ("cases", "persons"):
            continue
        for printed in {int(t.replace(",", "")) for t in re.findall(r"\d[\d,]*\d|\d", quote)} - {int(value)}:
            nouns = [n for n in nouns_after(quote, printed) if n in UNIT_NOUNS]
            if nouns and all(UNIT_NOUNS[n] != unit for n in nouns):
                assert unit_noun_problem(quote, printed, unit) == (
                    f"{printed:,}, but its quote prints it as {printed:,} {nouns[0]}, not {unit}")
                tried += 1
    assert tried >= 5


@pytest.mark.parametrize("quote, value, unit, refused", [
    ("The 92 cases saved 244 victims", 92, "persons", True),
    ("The 92 cases saved 244 victims", 244, "persons", False),
    ("The 92 cases saved 244 victims", 244, "cases", True),
    ("12 trafficking suspects were convicted", 12, "cases", True),  # past two modifiers at most
    ("20 trafficking offenders", 20, "cases", True),
    ("10 sex trafficking cases", 10, "persons", True),
    ("12 young trafficking suspects", 12, "cases", False),  # 'young' is no modifier: only its first word is read
    ("1,074 victims", 1074, "cases", True),
    ("1,074 victims", 1074, "not stated", True),  # a unit its words state is never "not stated"
    ("92.5 cases", 92.5, "persons", False),
])
def test_the_noun_right_after_the_number(quote, value, unit, refused):
    assert (unit_noun_problem(quote, value, unit) is not None) == refused


def test_the_build_refuses_victims_rescued_given_the_number_of_cases(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/external-enforcement.csv", "victims_rescued,244,persons", "victims_rescued,92,persons")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert "value: 92, but its quote prints it as 92 cases, not persons" in err
