"""The number-phrase grammar at its edges, each refusal with its exact reason, and the rounding it reads.

Written against the mutants `make mutation` found alive: limits on both sides, every reason a phrase
is refused, each declared reading as its number, the intervals a printed number implies.
"""
from __future__ import annotations

import pickle

import pytest

from csecstats.source import parse, printed
from csecstats.source.parse import MAX_PHRASE_LENGTH, ParseError, Parsed, parse_phrase
from csecstats.source.printed import rounding_interval


def reason(phrase) -> str:
    with pytest.raises(ParseError) as refused:
        parse_phrase(phrase)
    return refused.value.why


def test_the_length_limit_is_inclusive_and_counted_before_stripping():
    assert parse_phrase(" " * (MAX_PHRASE_LENGTH - 1) + "5").value == 5
    assert reason(" " * MAX_PHRASE_LENGTH + "5") == f"longer than {MAX_PHRASE_LENGTH} characters"
    assert MAX_PHRASE_LENGTH == 200


def test_the_message_quotes_short_phrases_whole_and_long_ones_cut():
    assert str(ParseError("x" * 80, "why")) == f"cannot read a number in {'x' * 80!r}: why"
    assert str(ParseError("x" * 81, "why")) == f"cannot read a number in {'x' * 60 + '…'!r}: why"
    error = ParseError(5, "a phrase must be a string")
    assert (error.phrase, error.why) == ("5", "a phrase must be a string")


def test_a_parse_error_survives_pickling():
    error = pickle.loads(pickle.dumps(ParseError("1,20", "because")))
    assert (type(error), error.phrase, error.why, str(error)) == (ParseError, "1,20", "because",
                                                                  "cannot read a number in '1,20': because")


@pytest.mark.parametrize("phrase, why", [
    ("", "empty phrase"),
    ("4¹²", "footnote marker glued to the number; strip markers before parsing"),
    ("4^", "footnote marker glued to the number; strip markers before parsing"),
    ("4⁻", "footnote marker glued to the number; strip markers before parsing"),
    ("several", "'several' states no number"),
    ("a few of", "'a few' states no number"),
    ("a number", "'a number' states no number"),
    ("120%", "a percentage above 100 is not a share"),
    ("1/0", "a fraction with denominator zero"),
    ("(1/0)", "a fraction with denominator zero"),
    ("one third (1/4)", "the words and (1/4) do not agree"),
    ("4/3", "a fraction above 1 is not a share"),
    ("40%-60", "the two ends of the range are not the same kind"),
    ("60-40", "the low end of the range is above the high end"),
    ("fourth", "an ordinal names a position, it does not count"),
    ("twenty-first", "an ordinal names a position, it does not count"),
    ("1,000th", "an ordinal names a position, it does not count"),
    ("2nd", "an ordinal names a position, it does not count"),
    ("-5", "negative numbers: the report's counts and shares are never negative"),
    ("—5", "negative numbers: the report's counts and shares are never negative"),
    ("1,20", "digits after a thousands comma must come in groups of three"),
    ("1, 20", "digits after a thousands comma must come in groups of three"),
    ("007", "a leading zero is not how the report prints numbers"),
    ("12.5", "a count is a whole number; decimals are read only in percentages"),
    ("257 children", "words after the number are not part of a number phrase"),
    ("abc", "not a number phrase in the accepted grammar (see csecstats.parse)"),
    ("-", "not a number phrase in the accepted grammar (see csecstats.parse)"),
    ("-x", "not a number phrase in the accepted grammar (see csecstats.parse)"),
    ("12 5", "words after the number are not part of a number phrase"),   # no comma: not a grouping
    ("x 5", "not a number phrase in the accepted grammar (see csecstats.parse)"),
    ("1.5.5", "not a number phrase in the accepted grammar (see csecstats.parse)"),
    ("0", None),
])
def test_each_refusal_gives_its_reason(phrase, why):
    if why is None:
        assert parse_phrase(phrase).value == 0
        return
    assert reason(phrase) == why


@pytest.mark.parametrize("phrase, expected", [
    ("hundreds", Parsed(None, 200.0, 999.0, "range", "count")),
    ("dozens", Parsed(None, 24.0, 99.0, "range", "count")),
    ("thousands of", Parsed(None, 2000.0, None, "lower_bound", "count")),
    ("halved", Parsed(0.5, 0.5, 0.5, "relative", "ratio")),
    ("almost halved", Parsed(None, 0.5, 0.6, "relative", "ratio")),
    ("almost doubled", Parsed(None, 1.8, 2.0, "relative", "ratio")),
    ("cut almost in half", Parsed(None, 0.5, 0.6, "relative", "ratio")),
])
def test_declared_readings(phrase, expected):
    read = parse_phrase(phrase)
    assert read == expected
    assert all(type(x) is float for x in (read.value, read.low, read.high) if x is not None)


def test_declared_readings_are_only_the_word_readings():
    for phrase in ("thousands", "Dozens of", "  hundreds  of ", "doubled", "cut nearly in half"):
        assert parse.is_declared_reading(phrase), phrase
    for phrase in ("several", "257", "nearly 500", "half", "hundred", "cut in halves"):
        assert not parse.is_declared_reading(phrase), phrase


@pytest.mark.parametrize("phrase, value", [
    ("ninety-nine", 99), ("ninety nine", 99), ("nineteen", 19), ("eleven", 11), ("twenty", 20),
    ("nine hundred and ninety-nine", 999), ("one hundred and one", 101), ("one hundred one", 101),
    ("a hundred and ten", 110), ("two thousand", 2000), ("two thousand and one", 2001),
    ("two thousand one hundred", 2100), ("two thousand, one", None), ("nine hundred ninety-nine thousand", 999000),
    ("a thousand and five", 1005), ("one thousand thousand", None), ("zero", 0), ("zero hundred", None),
    ("twenty zero", None), ("one hundred zero", None), ("one thousand and zero", None), ("ten five", None), ("hundred and five", None), ("a", None), ("thousand", None),
    ("two thousand and", None), ("one hundred and and five", None), ("twenty-", None), ("a dozen and one", None),
    ("1903", 1903), ("1,903", 1903), ("14, 000", 14000), ("1,000,000", 1000000), ("10", 10), ("100", 100),
])
def test_counts(phrase, value):
    if value is None:
        with pytest.raises(ParseError):
            parse_phrase(phrase)
        return
    read = parse_phrase(phrase)
    assert (read.value, read.kind) == (value, "count")
    assert read.qualifier == "exact"


@pytest.mark.parametrize("phrase, value", [
    ("a half", 0.5), ("one-half", 0.5), ("two-thirds", 2 / 3), ("nine tenths", 0.9), ("a fifth", 0.2),
    ("one sixth", 1 / 6), ("one seventh", 1 / 7), ("one eighth", 0.125), ("one ninth", 1 / 9), ("one fourth", 0.25),
    ("three fourths", 0.75), ("two halves", 1.0), ("1/1", 1.0), ("(2/4)", 0.5), ("0/5", 0.0),
    ("100 percent", 1.0), ("0.5%", 0.005), ("100.0%", 1.0), ("5 %", 0.05), ("7 per cent", 0.07),
])
def test_shares(phrase, value):
    read = parse_phrase(phrase)
    assert read.kind == "share"
    assert read.value == pytest.approx(value, abs=1e-15)
    assert read.low <= read.value <= read.high


@pytest.mark.parametrize("phrase", ["third", "halves", "quarters", "(1/3", "1/3)", "((1/3))", "one third ()",
                                    "100.1%", "1,00%", "ten percent", "a quarter (1/4", "five halves"])
def test_not_shares(phrase):
    with pytest.raises(ParseError):
        parse_phrase(phrase)


@pytest.mark.parametrize("phrase, expected", [
    ("5-10", (5.0, 10.0, "count")), ("5 – 10", (5.0, 10.0, "count")), ("5—10", (5.0, 10.0, "count")),
    ("5 to 10", (5.0, 10.0, "count")), ("between 5 and 10", (5.0, 10.0, "count")),
    ("1,000-2,000", (1000.0, 2000.0, "count")), ("between one and two thirds", None),
    ("10%-20%", (0.1, 0.2, "share")), ("10-20%", (0.1, 0.2, "share")), ("10 to 20%", (0.1, 0.2, "share")),
    ("one third to one half", (1 / 3, 0.5, "share")), ("0-0", (0.0, 0.0, "count")),
    ("between 5 and 10 and 15", None), ("5 to", None), ("to 5", None), ("between 5", None), ("5--10", None),
    ("twenty-five to thirty", (25.0, 30.0, "count")), ("twenty-five-thirty", None),
])
def test_ranges(phrase, expected):
    if expected is None:
        with pytest.raises(ParseError):
            parse_phrase(phrase)
        return
    read = parse_phrase(phrase)
    assert (read.low, read.high, read.kind) == (pytest.approx(expected[0]), pytest.approx(expected[1]), expected[2])
    assert (read.value, read.qualifier) == (None, "range")


@pytest.mark.parametrize("prefix, value, low, high, qualifier", [
    ("approximately", 57.0, None, None, "approximate"),
    ("about", 57.0, None, None, "approximate"),
    ("around", 57.0, None, None, "approximate"),
    ("an estimated", 57.0, None, None, "approximate"),
    ("estimated", 57.0, None, None, "approximate"),
    ("some", 57.0, None, None, "approximate"),
    ("estimates that there were", 57.0, None, None, "approximate"),
    ("nearly", 57.0, None, 57.0, "approximate"),
    ("almost", 57.0, None, 57.0, "approximate"),
    ("over", 57.0, 57.0, None, "lower_bound"),
    ("more than", 57.0, 57.0, None, "lower_bound"),
    ("at least", 57.0, 57.0, None, "lower_bound"),
    ("in excess of", 57.0, 57.0, None, "lower_bound"),
    ("up to", 57.0, None, 57.0, "upper_bound"),
    ("fewer than", 57.0, None, 57.0, "upper_bound"),
    ("less than", 57.0, None, 57.0, "upper_bound"),
    ("at most", 57.0, None, 57.0, "upper_bound"),
    ("under", 57.0, None, 57.0, "upper_bound"),
])
def test_every_prefix(prefix, value, low, high, qualifier):
    assert parse_phrase(f"{prefix} 57") == Parsed(value, low, high, qualifier, "count")


def test_bounds_on_round_numbers_carry_no_rounding():
    assert parse_phrase("over 300") == Parsed(300.0, 300.0, None, "lower_bound", "count")
    assert parse_phrase("nearly 300") == Parsed(300.0, None, 300.0, "approximate", "count")
    assert parse_phrase("under 10%") == Parsed(0.1, None, 0.1, "upper_bound", "share")
    assert parse_phrase("300") == Parsed(300.0, 300.0, 300.0, "exact", "count")   # exact: as printed
    assert parse_phrase("about 10%") == Parsed(0.1, 0.095, 0.105, "approximate", "share")


@pytest.mark.parametrize("printed, value, kind, expected", [
    ("10", 10, "count", (5.0, 15.0)),
    ("20,000", 20000, "count", (15000.0, 25000.0)),
    ("1,000,000", 1000000, "count", (500000.0, 1500000.0)),
    ("7", 7, "count", None),
    ("0", 0, "count", None),
    ("10", 10.5, "count", None),                       # not a whole number
    ("10", 10, "ratio", None),
    ("0%", 0.0, "share", (0.0, 0.005)),
    ("100%", 1.0, "share", (0.995, 1.0)),
    ("5.25 %", 0.0525, "share", (0.05245, 0.05255)),
    (" 66  percent ", 0.66, "share", (0.655, 0.665)),
    ("66 PER CENT", 0.66, "share", (0.655, 0.665)),
    ("half", 0.5, "share", (5 / 12, 7 / 12)),
    ("one fifth", 0.2, "share", ((1 / 6 + 0.2) / 2, 0.225)),    # neighbours 1/6 and 1/4
    ("1/12", 1 / 12, "share", (1 / 13 / 2 + 1 / 24, (1 / 12 + 1 / 11) / 2)),
    ("1/13", 1 / 13, "share", None),                   # a large denominator is precise
    ("0/3", 0.0, "share", (0.0, 0.25)),
    ("3/3", 1.0, "share", (0.75, 1.0)),
])
def test_rounding_interval(printed, value, kind, expected):
    got = rounding_interval(printed, value, kind)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-12)
        assert all(type(x) is float for x in got)


def test_fraction_intervals_lie_between_the_neighbouring_fractions():
    # one third: its neighbours with denominator <= 4 are 1/4 and 1/2, so 7/24 .. 5/12
    assert printed._fraction_interval(printed.Fraction(1, 3)) == (7 / 24, 5 / 12)
    # two fifths: neighbours with denominator <= 6 are 1/3 and 1/2
    assert printed._fraction_interval(printed.Fraction(2, 5)) == pytest.approx(((1 / 3 + 0.4) / 2, 0.45))
    assert printed._fraction_interval(printed.Fraction(0, 1)) == (0.0, 0.25)
    assert printed._fraction_interval(printed.Fraction(1, 1)) == (0.75, 1.0)


@pytest.mark.parametrize("n, text, stray", [(5, "5", "5"), (1000, "1,000", "1, 000"), (999999, "999,999", "999, 999")])
def test_format_like_report(n, text, stray):
    assert printed.format_like_report(n) == text
    assert printed.format_like_report(n, stray_space=True) == stray
    assert parse_phrase(stray).value == n


@pytest.mark.parametrize("n", [-1, 2.0, False, None])
def test_format_like_report_refuses_with_the_value(n):
    with pytest.raises(ValueError) as refused:
        printed.format_like_report(n)
    assert str(refused.value) == f"need a non-negative int, got {n!r}"


def test_parsed_names_the_bad_qualifier_and_kind():
    with pytest.raises(ValueError) as refused:
        Parsed(1.0, 1.0, 1.0, "roughly", "count")
    assert str(refused.value) == "bad qualifier/kind: 'roughly'/'count'"
    with pytest.raises(ValueError) as refused:
        Parsed(1.0, 1.0, 1.0, "exact", "persons")
    assert str(refused.value) == "bad qualifier/kind: 'exact'/'persons'"
    for qualifier in parse.QUALIFIERS:
        for kind in parse.KINDS:
            assert Parsed(None, None, None, qualifier, kind).kind == kind
