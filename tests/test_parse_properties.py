"""Property tests for csecstats.source.parse: only ParseError escapes, and numbers round-trip."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.source import parse
from csecstats.source.parse import ParseError, Parsed, parse_phrase
from csecstats.source.printed import format_like_report

# Deterministic and quick: the file should run in a few seconds.
settings.register_profile("parse", max_examples=300, derandomize=True, deadline=None)
PARSE = settings.get_profile("parse")

TOKENS = [
    *"0123456789", ",", ", ", " ", "%", "-", "–", "/", "(", ")", ".", "¹", "^",
    "one", "third", "thirds", "half", "hundred", "thousand", "and", "twenty", "five", "a",
    "dozen", "hundreds", "of", "over", "nearly", "cut", "in", "between", "to", "about",
    "an estimated", "up to", "percent", "e", "nan", "inf", "th", "several",
]
ALLOWED_QUALIFIERS = {"exact", "approximate", "lower_bound", "upper_bound", "range", "relative"}


def assert_parses_or_refuses(text: str) -> None:
    """parse_phrase returns a well-formed Parsed or raises ParseError, nothing else."""
    try:
        parsed = parse_phrase(text)
    except ParseError as error:
        assert error.phrase == text
        assert str(error).startswith("cannot read a number in ")
        return
    assert isinstance(parsed, Parsed)
    assert parsed.qualifier in ALLOWED_QUALIFIERS
    bounds = [b for b in (parsed.low, parsed.value, parsed.high) if b is not None]
    assert bounds == sorted(bounds)  # low <= value <= high wherever stated
    if parsed.kind == "share":
        assert all(0 <= b <= 1 for b in bounds)


@PARSE
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_parse_error(text: str) -> None:
    assert_parses_or_refuses(text)


@PARSE
@given(st.lists(st.sampled_from(TOKENS), max_size=10).map("".join))
def test_number_like_text_raises_only_parse_error(text: str) -> None:
    assert_parses_or_refuses(text)


@PARSE
@given(st.lists(st.sampled_from(TOKENS), max_size=8).map(" ".join))
def test_spaced_tokens_raise_only_parse_error(text: str) -> None:
    assert_parses_or_refuses(text)


@PARSE
@given(st.integers(min_value=0, max_value=10**9 - 1), st.booleans())
def test_report_formatted_integers_round_trip(n: int, stray_space: bool) -> None:
    parsed = parse_phrase(format_like_report(n, stray_space=stray_space))
    assert parsed == Parsed(float(n), float(n), float(n), "exact", "count")


@PARSE
@given(st.integers(min_value=0, max_value=100))
def test_percentages_are_shares(p: int) -> None:
    parsed = parse_phrase(f"{p}%")
    assert parsed.value == float(Fraction(p, 100)) == pytest.approx(p / 100)
    assert (parsed.qualifier, parsed.kind) == ("exact", "share")


@PARSE
@given(st.integers(min_value=101, max_value=10**6))
def test_percentages_above_100_are_refused(p: int) -> None:
    with pytest.raises(ParseError, match="above 100"):
        parse_phrase(f"{p}%")


@PARSE
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_count_ranges_are_ordered_or_refused(a: int, b: int) -> None:
    phrase = f"{format_like_report(a)}-{format_like_report(b)}"
    if a > b:
        with pytest.raises(ParseError, match="low end"):
            parse_phrase(phrase)
    else:
        assert parse_phrase(phrase) == Parsed(None, float(a), float(b), "range", "count")


# prefix -> (qualifier, low is value, high is value)
QUALIFIER_WORDS = {
    "approximately": ("approximate", False, False),
    "about": ("approximate", False, False),
    "around": ("approximate", False, False),
    "an estimated": ("approximate", False, False),
    "estimated": ("approximate", False, False),
    "some": ("approximate", False, False),
    "nearly": ("approximate", False, True),
    "almost": ("approximate", False, True),
    "over": ("lower_bound", True, False),
    "more than": ("lower_bound", True, False),
    "at least": ("lower_bound", True, False),
    "in excess of": ("lower_bound", True, False),
    "up to": ("upper_bound", False, True),
    "fewer than": ("upper_bound", False, True),
    "less than": ("upper_bound", False, True),
    "at most": ("upper_bound", False, True),
    "under": ("upper_bound", False, True),
}


@PARSE
@given(
    st.sampled_from(sorted(QUALIFIER_WORDS)),
    st.integers(min_value=0, max_value=10**9 - 1),
    st.booleans(),
    st.booleans(),
)
def test_qualifier_words_map_as_documented(word: str, n: int, stray_space: bool, title: bool) -> None:
    prefix = word.capitalize() if title else word
    parsed = parse_phrase(f"{prefix} {format_like_report(n, stray_space=stray_space)}")
    qualifier, has_low, has_high = QUALIFIER_WORDS[word]
    v = float(n)
    rounding = parse.rounding_interval(str(n), n, "count") if qualifier == "approximate" and not has_high else None
    if rounding:  # an approximate round count carries the interval its rounding implies
        assert parsed == Parsed(v, *rounding, qualifier, "count")
    else:
        assert parsed == Parsed(v, v if has_low else None, v if has_high else None, qualifier, "count")
