"""Example tests for csecstats.source.parse: every phrase the report uses, the grammar's edges, refusals."""

from __future__ import annotations

import ast
import math
import sys
from copy import deepcopy
from pathlib import Path

import pytest

from csecstats.source import parse, printed
from csecstats.source.parse import (
    MAX_PHRASE_LENGTH,
    QUALIFIERS,
    ParseError,
    Parsed,
    parse_phrase,
)
from csecstats.source.printed import format_like_report

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
REPORT = RAW / "cambodia-csec-country-progress-report-2004.txt"
THIRD = 1 / 3


def exact(v: float, kind: str = "count") -> Parsed:
    """An exact value: value = low = high."""
    return Parsed(v, v, v, "exact", kind)


def share(v: float, low: float, high: float) -> Parsed:
    """A printed share: its value and the interval its rounding implies."""
    return Parsed(v, low, high, "exact", "share")


# Every number phrase the register quotes from the report, with what it must read as.
REPORT_PHRASES = [
    ("20,000", exact(20000)),
    ("nearly cut in half", Parsed(None, 0.5, 0.6, "relative", "ratio")),  # above one half, high end declared
    ("over 14, 000", Parsed(14000, 14000, None, "lower_bound", "count")),
    ("one thirds (1/3)", share(THIRD, 7 / 24, 5 / 12)),
    ("40-60%", Parsed(None, 0.4, 0.6, "range", "share")),
    ("18,256", exact(18256)),
    ("66%", share(0.66, 0.655, 0.665)),
    ("33%", share(0.33, 0.325, 0.335)),
    ("an estimated 20%", Parsed(0.2, 0.195, 0.205, "approximate", "share")),
    ("an estimated 88,000", Parsed(88000, 87500, 88500, "approximate", "count")),
    ("an estimated 18,256", Parsed(18256, None, None, "approximate", "count")),  # printed to the unit: no rounding
    ("estimated that there were 20,000", Parsed(20000, 15000, 25000, "approximate", "count")),
    ("hundreds of", Parsed(None, 200, 999, "range", "count")),
    ("thousands of", Parsed(None, 2000, None, "lower_bound", "count")),  # no cap: UNTAC had over 15,000 troops
    ("4", exact(4)),
    ("5", exact(5)),
    ("30", exact(30)),
    ("10", exact(10)),
    ("14", exact(14)),
    ("18", exact(18)),
    ("6", exact(6)),
    ("six", exact(6)),
    ("One hundred", exact(100)),
    ("3", exact(3)),
    ("three", exact(3)),
    ("two", exact(2)),
    ("approximately 3,000", Parsed(3000, 2500, 3500, "approximate", "count")),
    ("56", exact(56)),
    ("5,000", exact(5000)),
    ("1,200", exact(1200)),
    ("13,000", exact(13000)),
    ("9", exact(9)),
    ("8", exact(8)),
    ("596", exact(596)),
    ("110", exact(110)),
    ("13", exact(13)),
    ("195", exact(195)),
    ("113", exact(113)),
    ("940", exact(940)),
    ("539", exact(539)),
    ("1903", exact(1903)),
    ("60", exact(60)),
    ("seven", exact(7)),
    ("17", exact(17)),
    ("257", exact(257)),
    ("227", exact(227)),
    ("271", exact(271)),
    ("427", exact(427)),
    ("177", exact(177)),
    ("Ten", exact(10)),
    ("at least 12", Parsed(12, 12, None, "lower_bound", "count")),
    ("about 300", Parsed(300, 250, 350, "approximate", "count")),
    ("Three", exact(3)),
    ("24", exact(24)),
    ("12-17", Parsed(None, 12, 17, "range", "count")),
]


@pytest.mark.parametrize(("phrase", "expected"), REPORT_PHRASES, ids=[p for p, _ in REPORT_PHRASES])
def test_report_phrases(phrase: str, expected: Parsed) -> None:
    assert parse_phrase(phrase) == expected


@pytest.mark.parametrize("phrase", sorted({p for p, _ in REPORT_PHRASES}))
def test_report_phrases_occur_verbatim_in_the_report(phrase: str) -> None:
    assert phrase in REPORT.read_text(encoding="utf-8")


# Forms the grammar accepts beyond those the report happens to use.
OTHER_FORMS = [
    # qualifiers
    ("around 50", Parsed(50, 45, 55, "approximate", "count")),
    ("estimated 50", Parsed(50, 45, 55, "approximate", "count")),
    ("some 300", Parsed(300, 250, 350, "approximate", "count")),
    ("about 57", Parsed(57, None, None, "approximate", "count")),  # printed to the unit: no rounding read
    ("nearly 500", Parsed(500, None, 500, "approximate", "count")),
    ("almost 500", Parsed(500, None, 500, "approximate", "count")),
    ("more than 5,000", Parsed(5000, 5000, None, "lower_bound", "count")),
    ("in excess of 5,000", Parsed(5000, 5000, None, "lower_bound", "count")),
    ("up to 50", Parsed(50, None, 50, "upper_bound", "count")),
    ("fewer than 10", Parsed(10, None, 10, "upper_bound", "count")),
    ("less than 10%", Parsed(0.1, None, 0.1, "upper_bound", "share")),
    ("at most 7", Parsed(7, None, 7, "upper_bound", "count")),
    ("under 18", Parsed(18, None, 18, "upper_bound", "count")),
    ("nearly half", Parsed(0.5, None, 0.5, "approximate", "share")),
    ("over one third", Parsed(THIRD, THIRD, None, "lower_bound", "share")),
    # relative change
    ("cut in half", Parsed(0.5, 0.5, 0.5, "relative", "ratio")),
    ("cut nearly in half", Parsed(None, 0.5, 0.6, "relative", "ratio")),
    ("almost cut in half", Parsed(None, 0.5, 0.6, "relative", "ratio")),
    ("halved", Parsed(0.5, 0.5, 0.5, "relative", "ratio")),
    ("nearly halved", Parsed(None, 0.5, 0.6, "relative", "ratio")),
    ("doubled", Parsed(2.0, 2.0, 2.0, "relative", "ratio")),
    ("nearly doubled", Parsed(None, 1.8, 2.0, "relative", "ratio")),
    # ranges
    ("40–60%", Parsed(None, 0.4, 0.6, "range", "share")),
    ("40—60%", Parsed(None, 0.4, 0.6, "range", "share")),
    ("40%-60%", Parsed(None, 0.4, 0.6, "range", "share")),
    ("12 - 17", Parsed(None, 12, 17, "range", "count")),
    ("12 to 17", Parsed(None, 12, 17, "range", "count")),
    ("five to ten", Parsed(None, 5, 10, "range", "count")),
    ("between 40 and 60%", Parsed(None, 0.4, 0.6, "range", "share")),
    ("between 5,000 and 6,000", Parsed(None, 5000, 6000, "range", "count")),
    ("between two hundred and fifty and three hundred", Parsed(None, 250, 300, "range", "count")),
    ("5-5", Parsed(None, 5, 5, "range", "count")),
    # declared vague quantities
    # the declared readings the README documents: "hundreds of" 200-999, "dozens of" 24-99
    ("Hundreds of", Parsed(None, 200, 999, "range", "count")),
    ("thousands", Parsed(None, 2000, None, "lower_bound", "count")),
    ("dozens of", Parsed(None, 24, 99, "range", "count")),
    # shares
    ("0%", share(0.0, 0.0, 0.005)),
    ("100%", share(1.0, 0.995, 1.0)),
    ("12.5%", share(0.125, 0.1245, 0.1255)),
    ("20 percent", share(0.2, 0.195, 0.205)),
    ("20 per cent", share(0.2, 0.195, 0.205)),
    ("one third", share(THIRD, 7 / 24, 5 / 12)),
    ("one-third", share(THIRD, 7 / 24, 5 / 12)),
    ("(1/3)", share(THIRD, 7 / 24, 5 / 12)),
    ("1/3", share(THIRD, 7 / 24, 5 / 12)),
    ("a third", share(THIRD, 7 / 24, 5 / 12)),
    ("half", share(0.5, 5 / 12, 7 / 12)),
    ("one half", share(0.5, 5 / 12, 7 / 12)),
    ("a quarter", share(0.25, 0.225, 7 / 24)),
    ("three quarters", share(0.75, 17 / 24, 0.775)),
    ("two thirds", share(2 / 3, 7 / 12, 17 / 24)),
    ("two thirds (2/3)", share(2 / 3, 7 / 12, 17 / 24)),
    ("0/3", share(0.0, 0.0, 0.25)),  # a zero share is a fraction in [0, 1]
    # counts
    ("0", exact(0)),
    ("zero", exact(0)),
    ("14,000", exact(14000)),
    ("1, 234, 567", exact(1234567)),
    ("two hundred and fifty", exact(250)),
    ("two hundred fifty", exact(250)),
    ("twenty-five", exact(25)),
    ("twenty five", exact(25)),
    ("a hundred", exact(100)),
    ("a thousand", exact(1000)),
    ("one hundred thousand", exact(100000)),
    ("twenty-five thousand and five", exact(25005)),
    ("nineteen", exact(19)),
    ("a dozen", exact(12)),
    ("one dozen", exact(12)),
    # whitespace
    ("  over   14,\u00a0000 \n", Parsed(14000, 14000, None, "lower_bound", "count")),
    ("\tOne   Hundred ", exact(100)),
]


@pytest.mark.parametrize(("phrase", "expected"), OTHER_FORMS, ids=[p for p, _ in OTHER_FORMS])
def test_other_forms(phrase: str, expected: Parsed) -> None:
    assert parse_phrase(phrase) == expected


REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "grammar"),
    ("1,20", "groups of three"),
    ("14,00", "groups of three"),
    ("1,2345", "groups of three"),
    ("14 ,000", ""),
    ("14,  000x", ""),
    ("120%", "above 100"),
    ("40-160%", "above 100"),
    ("60-40%", "low end"),
    ("17-12", "low end"),
    ("40%-60", "same kind"),
    ("4¹²", "footnote marker"),
    ("427¹²", "footnote marker"),
    ("20,000⁴", "footnote marker"),
    ("427^{14,15}", "footnote marker"),
    ("fourth", "ordinal"),
    ("third", "ordinal"),
    ("8th", "ordinal"),
    ("25th", "ordinal"),
    ("twenty-fifth", "ordinal"),
    ("--5", ""),
    ("5-", ""),
    ("-5", "negative"),
    ("−5", "negative"),
    ("1/0", "denominator zero"),
    ("4/3", "above 1"),
    ("three halves", "above 1"),
    ("one third (1/4)", "do not agree"),
    ("one third (x)", "do not agree"),
    ("1e5", ""),
    ("NaN", ""),
    ("nan", ""),
    ("inf", ""),
    ("-inf", ""),
    ("12.5", "whole number"),
    ("007", "leading zero"),
    ("several", "states no number"),
    ("several of", "states no number"),
    ("many", "states no number"),
    ("some", "states no number"),
    ("20,000 sex workers", "words after the number"),
    ("257 children", "words after the number"),
    ("one hundred and", ""),
    ("hundred", ""),
    ("nineteen hundred", ""),
    ("about 40-60%", ""),
    ("about hundreds of", ""),
    ("nearly cut nearly in half", ""),
    ("between 12-17", ""),
    ("between 12", ""),
    ("approximately", ""),
    ("halfs", ""),
    ("a halve", ""),
    ("٣", ""),  # digits of other scripts are not the report's digits
    ("５", ""),
    ("x" * (MAX_PHRASE_LENGTH + 1), "longer than"),
]


@pytest.mark.parametrize(("phrase", "why"), REFUSED, ids=[repr(p[:20]) for p, _ in REFUSED])
def test_refused(phrase: str, why: str) -> None:
    with pytest.raises(ParseError, match="cannot read a number in") as raised:
        parse_phrase(phrase)
    assert why in str(raised.value)
    assert raised.value.phrase == phrase


def test_parse_error_is_a_value_error_quoting_the_phrase() -> None:
    with pytest.raises(ValueError) as raised:
        parse_phrase("xyz")
    assert isinstance(raised.value, ParseError)
    assert str(raised.value).startswith("cannot read a number in 'xyz': ")


def test_parse_error_survives_copying() -> None:
    with pytest.raises(ParseError) as raised:
        parse_phrase("1,20")
    copy = deepcopy(raised.value)  # goes through __reduce__, as sending to another process does
    assert (copy.phrase, copy.why, str(copy)) == ("1,20", raised.value.why, str(raised.value))


@pytest.mark.parametrize("phrase", [None, 5, 5.0, b"5"])
def test_non_strings_are_refused(phrase: object) -> None:
    with pytest.raises(ParseError, match="must be a string"):
        parse_phrase(phrase)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "phrase",
    ["1" * 10**5, "1,000" * 20000, " " * 10**5 + "5", "a" * 10**5, "between " + "1 and " * 20000 + "2"],
    ids=["digits", "groups", "padding", "letters", "ands"],
)
def test_very_long_phrases_are_refused_before_any_parsing(phrase: str) -> None:
    # Refused by the length guard, so the work is bounded whatever the input (timings: benchmarks/parse.py).
    with pytest.raises(ParseError, match="longer than"):
        parse_phrase(phrase)
    assert len(str(ParseError(phrase, "x"))) < 200  # the message quotes a shortened phrase


def test_worst_case_within_the_length_limit_is_refused() -> None:
    # Many ' and 's make the range reader try every split (timed in benchmarks/parse.py).
    phrase = "between " + " and ".join(["two hundred and fifty"] * 7)
    assert len(phrase) <= MAX_PHRASE_LENGTH
    with pytest.raises(ParseError):
        parse_phrase(phrase)


def test_missing_bounds_are_none_not_nan() -> None:
    parsed = parse_phrase("40-60%")
    assert parsed.value is None
    assert parse_phrase("about 57").low is None
    assert not any(isinstance(x, float) and math.isnan(x) for x in (parsed.low, parsed.high))


def test_one_third_is_exactly_the_float_one_third() -> None:
    assert parse_phrase("one thirds (1/3)").value == 1 / 3
    assert parse_phrase("(1/3)").value == 1 / 3


def test_every_qualifier_is_reachable() -> None:
    phrases = ["257", "about 300", "over 14, 000", "up to 50", "40-60%", "nearly cut in half"]
    assert {parse_phrase(p).qualifier for p in phrases} == set(QUALIFIERS)


def test_parsed_refuses_unknown_qualifier_or_kind() -> None:
    with pytest.raises(ValueError):
        Parsed(1.0, 1.0, 1.0, "roughly", "count")
    with pytest.raises(ValueError):
        Parsed(1.0, 1.0, 1.0, "exact", "persons")


@pytest.mark.parametrize(
    ("n", "plain", "stray"),
    [(0, "0", "0"), (999, "999", "999"), (14000, "14,000", "14, 000"), (1234567, "1,234,567", "1, 234, 567")],
)
def test_format_like_report(n: int, plain: str, stray: str) -> None:
    assert format_like_report(n) == plain
    assert format_like_report(n, stray_space=True) == stray


@pytest.mark.parametrize("n", [-1, 1.5, True, "5"])
def test_format_like_report_refuses_non_counts(n: object) -> None:
    with pytest.raises(ValueError):
        format_like_report(n)  # type: ignore[arg-type]


@pytest.mark.parametrize("module", [parse, printed])
def test_module_imports_only_the_standard_library(module) -> None:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
              and not (n.level == 1 and n.module == "printed")}  # its pure sibling, itself checked here
    assert names <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize(("printed", "value", "kind", "expected"), [
    ("66%", 0.66, "share", (0.655, 0.665)),
    ("12.5%", 0.125, "share", (0.1245, 0.1255)),
    ("one third", 1 / 3, "share", (7 / 24, 5 / 12)),
    ("2,000", 2000, "count", (1500, 2500)),
    ("300", 300, "count", (250, 350)),
    ("18,256", 18256, "count", None),
])
def test_rounding_interval_is_half_the_last_printed_unit(printed, value, kind, expected) -> None:
    got = parse.rounding_interval(printed, value, kind)
    assert got == (pytest.approx(expected) if expected else None)


def test_every_printed_share_carries_its_rounding() -> None:
    """A share the report prints is never read as exact to the last decimal: low < value < high."""
    for phrase in ("66%", "33%", "an estimated 20%", "one thirds (1/3)"):
        read = parse_phrase(phrase)
        assert read.low < read.value < read.high, phrase


def test_researchers_estimated_and_an_estimated_follow_one_rule() -> None:
    assert parse_phrase("estimated that there were 20,000").qualifier == "approximate"
    assert parse_phrase("an estimated 18,256").qualifier == "approximate"


def test_nearly_cut_in_half_is_above_one_half_with_a_high_end() -> None:
    read = parse_phrase("nearly cut in half")
    assert read.value is None and read.low == 0.5 < read.high <= 0.5 + parse.NEARLY_MARGIN


def test_declared_readings_are_recognised() -> None:
    assert parse.is_declared_reading("thousands of") and parse.is_declared_reading("nearly cut in half")
    assert not parse.is_declared_reading("Ten") and not parse.is_declared_reading("about 300")


def test_the_number_words_the_rules_read_are_the_words_the_grammar_reads_as_their_values():
    """``CARDINALS`` (the list the register's rules take their number words from) holds the words the grammar reads
    alone, each read as its value: zero to nineteen by its own word, the tens by theirs."""
    from csecstats.source.parse import CARDINALS
    spelled = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
               "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety").split()
    assert list(CARDINALS) == spelled
    assert list(CARDINALS.values()) == [*range(20), *range(20, 100, 10)]
    assert all(parse_phrase(word).value == n for word, n in CARDINALS.items())
