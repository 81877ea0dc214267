"""A number its quote prints plainly is not approximate: an approximate row's number is hedged ('about 6,000'),
in an estimate ('he estimated that the total number ... was 18,256'), round to the thousand ('up to 20,000') or
in words. Tried on every real row of the external and TIP tables whose quote prints its value, called approximate."""
from __future__ import annotations

import re
from fractions import Fraction

from csecstats.register.qualifiers import HEDGES, qualifier_problem
from csecstats.register.rules import printed_numbers
from real_inputs import project_copy, refused, replace_once
from test_qualifier_rule import real_rows


def worded_approximate(quote: str, value: float) -> bool:
    for start, numbers in printed_numbers(quote):
        if Fraction(value).limit_denominator(10**6) in numbers:
            before = re.split(r"[.!?]\s", " ".join(quote[:start].lower().split()))[-1]
            if before.endswith(HEDGES) or "estimat" in before or quote[start].isalpha() or value % 1000 == 0:
                return True
    return False


def test_every_real_approximate_row_is_worded_so():
    approximate = [(k, q, v) for k, q, v, qualifier in real_rows() if qualifier == "approximate"]
    assert len(approximate) >= 7
    assert [k for k, q, v in approximate if not worded_approximate(q, v)] == []


def test_every_real_row_called_approximate_is_refused_exactly_where_its_quote_prints_it_plainly():
    tried = 0
    for key, quote, value, qualifier in real_rows():
        if qualifier not in ("exact", "approximate"):
            continue
        found = qualifier_problem(quote, value, "approximate")
        assert (found is not None) == (not worded_approximate(quote, value)), (key, found)
        assert found is None or found.startswith("approximate, but its quote prints") and found.endswith(": exact")
        tried += found is not None
    assert tried >= 30


def test_the_build_refuses_298_victims_rescued_called_approximate(tmp_path, capsys):
    root = project_copy(tmp_path)
    rows = root / "data/raw/external_rows.yml"
    block = '    enf_victims_rescued_cambodia_2016_2:\n      origin: "ncct_compilation"\n      qualifier: "exact"'
    replace_once(rows, block, block.replace('"exact"', '"approximate"'))
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{rows}: external-enforcement.csv: enf_victims_rescued_cambodia_2016_2: qualifier: approximate, but its "
            "quote prints 298 plainly") in err, err
