"""Read a number phrase quoted from the report into a value with its qualifier.

Pure: standard library only (and ``source.printed``: how the report prints a number and
what its rounding implies, likewise pure). The register stores only the number phrase, so
the grammar is closed; anything outside it raises ``ParseError``, never a guess.

Before matching, surrounding whitespace is stripped, inner whitespace runs
become one space and letters are lower-cased. Phrases longer than
``MAX_PHRASE_LENGTH`` characters (counted before stripping) are refused.

    phrase   := vague | relative | range | [prefix " "] single
    vague    := ("hundreds" | "thousands" | "dozens") [" of"]
    relative := ["nearly " | "almost "] ("halved" | "doubled" | "cut in half")
              | "cut nearly in half" | "cut almost in half"
    range    := end ("-" | "–" | "—") end        ends are numerals; spaces around the dash allowed
              | end " to " end | "between " end " and " end    ends are numerals or words
              a "%" on the last end only applies to both ("40-60%")
    prefix   := approximately | about | around | an estimated | estimated | some
              | nearly | almost | over | more than | at least | in excess of
              | up to | fewer than | less than | at most | under          (at most one)
    single   := numeral [percent] | fraction | words
    numeral  := "0" | digits without a leading zero ("1903")
              | 1-3 digits then groups of 3 after "," or ", " ("14, 000", as printed)
    percent  := ["."digits] ("%" | " %" | " percent" | " per cent"), at most 100
    fraction := [numerator ("-" | " ")] denominator [" (" n "/" d ")"] | "(" n "/" d ")" | n "/" d
              numerator a|one..nine; denominator half..tenth, singular or plural
              (the report writes "one thirds"); the bare word is only "half"
    words    := English cardinal below a million ("two hundred and fifty",
              "twenty-five", "a thousand") | "a dozen" | "one dozen"

Refused: any word before the number other than one prefix, any word after it
other than "of" after a vague plural (so no nouns: "257 children"); ordinals
("fourth", "8th"); signs; decimals in counts; exponents, "nan", "inf"; digits of
other scripts; superscript or ``^{..}`` footnote markers; quantity words with no
number ("several", "many", "some"); a prefix on a range or vague plural; shares
above 1; low end above high end. Bounds are inclusive ("over 14,000": low = 14,000);
"0/3" is a share of 0 and "5-5" a range of one value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .printed import NUMERAL, PERCENT_RE, rounding_interval

QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "range", "relative")
KINDS = ("count", "share", "ratio")

# Guards against pathological input; the longest phrase in the report is ~20 characters.
MAX_PHRASE_LENGTH = 200

# Declared bounds for vague plurals. The report states no figure for these; the
# bounds are this project's reading of the words ("hundreds" = at least two
# hundred, fewer than a thousand), not numbers taken from the report.
HUNDREDS_OF = (200, 999)
# "thousands of" has no upper end: the report's "thousands of UNTAC staff" were over
# 15,000 troops by the press account in data/external, so no cap below 10,000 is read in.
THOUSANDS_OF = (2000, None)
DOZENS_OF = (24, 99)
# "nearly halved" / "nearly doubled": less than the full change, by at most this share of
# the level before (a declared reading: after/before in [0.5, 0.6] or [1.8, 2.0]).
NEARLY_MARGIN = 0.1
_VAGUE = {"hundreds": HUNDREDS_OF, "thousands": THOUSANDS_OF, "dozens": DOZENS_OF}
# Quantity words that name no number at all; refused rather than given bounds.
_NOT_NUMBERS = ("several", "many", "few", "a few", "numerous", "some", "most", "a number")

_PREFIXES = {
    "approximately": "approximate", "about": "approximate", "around": "approximate",
    "an estimated": "approximate", "estimated": "approximate", "some": "approximate",
    # "researchers estimated that there were 20,000" follows the rule of "an estimated 18,256"
    "estimated that there were": "approximate", "estimates that there were": "approximate",
    "nearly": "near", "almost": "near",
    "over": "lower", "more than": "lower", "at least": "lower", "in excess of": "lower",
    "up to": "upper", "fewer than": "upper", "less than": "upper", "at most": "upper",
    "under": "upper",
}
_ONES = "one two three four five six seven eight nine".split()
_UNITS = {w: i for i, w in enumerate(["zero", *_ONES, *(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())])}
_TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
# Every number word the grammar reads alone (zero to nineteen, then the tens), in that order: the one list the rules
# that read a number written as a word take theirs from.
CARDINALS = {**_UNITS, **_TENS}
_WHOLE_WORDS = {"zero": 0, "a dozen": 12, "one dozen": 12}  # read only as the whole phrase
_MULTIPLIERS = {"a": 1, **{w: i for i, w in enumerate(_ONES, start=1)}}
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
# Singular and plural alike: the report writes "one thirds".
_DENOMINATOR_FORMS = {**_DENOMINATORS, "halves": 2,
                      **{w + "s": d for w, d in _DENOMINATORS.items() if w != "half"}}
_ORDINALS = ["first", "second", *(w for w in _DENOMINATORS if w not in ("half", "quarter")), "eleventh",
             "twelfth", *(w + "th" for w in _UNITS if w.endswith("teen")),
             *(w[:-1] + "ieth" for w in _TENS), "hundredth", "thousandth"]

_NUMERAL_RE = re.compile(NUMERAL)
_SLASH_RE = re.compile(r"(?P<n>0|[1-9][0-9]*)/(?P<d>0|[1-9][0-9]*)")
_WORD_FRACTION_RE = re.compile(
    rf"(?:(?P<num>{'|'.join(_MULTIPLIERS)})[ -])?(?P<den>{'|'.join(_DENOMINATOR_FORMS)})"
    r"(?: \((?P<digits>[^()]*)\))?")
_HYPHENATED_RE = re.compile(rf"\b({'|'.join(_TENS)})-({'|'.join(_ONES)})\b")
_RELATIVE_RE = re.compile(
    r"(?:(?P<pre>nearly|almost) )?(?P<verb>halved|doubled|cut in half)"
    r"|cut (?P<mid>nearly|almost) in half")
_PREFIX_RE = re.compile(
    rf"(?P<prefix>{'|'.join(sorted(_PREFIXES, key=len, reverse=True))}) (?P<rest>.+)")
_ORDINAL_RE = re.compile(
    rf"[0-9,]*[0-9](?:st|nd|rd|th)|(?:(?:{'|'.join(_TENS)})-)?(?:{'|'.join(_ORDINALS)})")
_DASH_SPACED_RE = re.compile(r" ?[–—] ?")
_SPACED_DIGITS_RE = re.compile(r"[0-9][0-9, ]*[0-9]")
_LEADING_ZERO_RE = re.compile(r"0[0-9]+")
_DECIMAL_RE = re.compile(r"[0-9]+\.[0-9]+")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
_DASHES = "-–—−"


class ParseError(ValueError):
    """A phrase outside the grammar; the message quotes the phrase and says why.

    Parameters
    ----------
    phrase : object
    why : str
    """

    def __init__(self, phrase: object, why: str) -> None:
        self.phrase = phrase if isinstance(phrase, str) else repr(phrase)
        self.why = why
        shown = self.phrase if len(self.phrase) <= 80 else self.phrase[:60] + "…"  # long input
        super().__init__(f"cannot read a number in {shown!r}: {why}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Rebuild from phrase and reason, so copies and worker processes keep both."""
        return type(self), (self.phrase, self.why)


class _Refused(Exception):
    """Internal: a definite reason to refuse, turned into ParseError at the top."""


@dataclass(frozen=True)
class Parsed:
    """A read phrase; None (not NaN) where the phrase states no such bound.

    Parameters
    ----------
    value, low, high : float or None
    qualifier : str
        One of ``QUALIFIERS``.
    kind : str
        One of ``KINDS``: ``count``, ``share`` or ``ratio``.
    """

    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    kind: str

    def __post_init__(self) -> None:
        """Qualifier and kind come from the closed vocabularies."""
        if self.qualifier not in QUALIFIERS or self.kind not in KINDS:
            raise ValueError(f"bad qualifier/kind: {self.qualifier!r}/{self.kind!r}")


def _numeral(text: str) -> int | None:
    """Digits, grouped by threes with ',' or ', ' when grouped at all."""
    return int(text.replace(",", "").replace(" ", "")) if _NUMERAL_RE.fullmatch(text) else None


def _percent(text: str) -> Fraction | None:
    """'66%' -> 66/100; a share is at most 1, so over 100% is refused."""
    match = PERCENT_RE.fullmatch(text)
    if not match:
        return None
    share = Fraction(match["num"].replace(",", "").replace(" ", "")) / 100
    if share > 1:
        raise _Refused("a percentage above 100 is not a share")
    return share


def _slash(text: str) -> Fraction | None:
    """'1/3' or '(1/3)' -> Fraction(1, 3); denominators are never zero."""
    inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    match = _SLASH_RE.fullmatch(inner)
    if not match:
        return None
    if int(match["d"]) == 0:
        raise _Refused("a fraction with denominator zero")
    return Fraction(int(match["n"]), int(match["d"]))


def _word_fraction(text: str) -> Fraction | None:
    """'one third', 'a quarter', 'half'; a '(n/d)' after the words must agree with them."""
    match = _WORD_FRACTION_RE.fullmatch(text)
    if not match or (match["num"] is None and match["den"] != "half"):
        return None  # a bare 'third' or 'fourth' is an ordinal, not a share
    share = Fraction(_MULTIPLIERS[match["num"] or "a"], _DENOMINATOR_FORMS[match["den"]])
    if match["digits"] is not None and _slash(match["digits"]) != share:
        raise _Refused(f"the words and ({match['digits']}) do not agree")
    return share


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A non-zero number below 100 from tokens[i:]: 'seven', 'twenty five'."""
    head = tokens[i] if i < len(tokens) else None
    if head in _TENS:
        if i + 1 < len(tokens) and tokens[i + 1] in _ONES:
            return _TENS[head] + _UNITS[tokens[i + 1]], i + 2
        return _TENS[head], i + 1
    if head in _UNITS and head != "zero":
        return _UNITS[head], i + 1
    return None


def _below_thousand(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A non-zero number below 1000: '[a|one..nine] hundred [and] [below_hundred]'."""
    if i + 1 < len(tokens) and tokens[i] in _MULTIPLIERS and tokens[i + 1] == "hundred":
        value, i = 100 * _MULTIPLIERS[tokens[i]], i + 2
        conjunction = i < len(tokens) and tokens[i] == "and"
        rest = _below_hundred(tokens, i + conjunction)
        if rest is None:
            return None if conjunction else (value, i)
        return value + rest[0], rest[1]
    return _below_hundred(tokens, i)


def _words(text: str) -> int | None:
    """English cardinal words below a million, or 'a dozen' (12)."""
    if text in _WHOLE_WORDS:
        return _WHOLE_WORDS[text]
    tokens = _HYPHENATED_RE.sub(r"\1 \2", text).split(" ")  # 'twenty-five' -> 'twenty five'
    first = (1, 1) if tokens[:2] == ["a", "thousand"] else _below_thousand(tokens, 0)
    if first is None:
        return None
    value, i = first
    if i < len(tokens) and tokens[i] == "thousand":
        value, i = value * 1000, i + 1
        conjunction = i < len(tokens) and tokens[i] == "and"
        rest = _below_thousand(tokens, i + conjunction)
        if rest is not None:
            value, i = value + rest[0], rest[1]
        elif conjunction:
            return None
    return value if i == len(tokens) else None


def _amount(text: str, *, words: bool = True) -> tuple[Fraction, str] | None:
    """One value and its kind, or None when the text is not one amount."""
    readers = [(_percent, "share"), (_numeral, "count"), (_slash, "share")]
    if words:  # in dash ranges a hyphen belongs to 'twenty-five', so ends there are digits
        readers += [(_word_fraction, "share"), (_words, "count")]
    for reader, kind in readers:
        value = reader(text)
        if value is not None:
            return Fraction(value), kind
    return None


def _single(value: Fraction, kind: str, bound: str | None, printed: str = "") -> Parsed:
    """Place one value in value/low/high as its prefix says; a printed share or an
    approximate round count carries the interval its rounding implies."""
    if value > 1 and kind == "share":
        raise _Refused("a fraction above 1 is not a share")
    v = float(value)
    rounded = rounding_interval(printed, value, kind) if bound in (None, "approximate") else None
    if rounded is not None and (kind == "share" or bound == "approximate"):
        return Parsed(v, rounded[0], rounded[1], "exact" if bound is None else "approximate", kind)
    return {
        None: Parsed(v, v, v, "exact", kind),
        "approximate": Parsed(v, None, None, "approximate", kind),
        "near": Parsed(v, None, v, "approximate", kind),  # 'nearly v' is just under v
        "lower": Parsed(v, v, None, "lower_bound", kind),
        "upper": Parsed(v, None, v, "upper_bound", kind),
    }[bound]


def _ends(left: str, right: str, words: bool) -> Parsed | None:
    """A range from two ends; a '%' on the last end only covers both ('40-60%')."""
    low = _amount(left.strip(), words=words)
    high = None if low is None else _amount(right.strip(), words=words)
    if low is None or high is None:
        return None
    if low[1] == "count" and high[1] == "share" and _percent(right.strip()) is not None:
        low = (low[0] / 100, "share")
    if low[1] != high[1]:
        raise _Refused("the two ends of the range are not the same kind")
    if low[0] > high[0]:
        raise _Refused("the low end of the range is above the high end")
    return Parsed(None, float(low[0]), float(high[0]), "range", low[1])


def _range(text: str) -> Parsed | None:
    """'12-17', '40–60%', '12 to 17', 'between 40 and 60%'; None if not range-shaped."""
    if text.startswith("between "):
        body, separator, words = text[8:], " and ", True
    elif " to " in text:
        body, separator, words = text, " to ", True
    else:
        body, separator, words = _DASH_SPACED_RE.sub("-", text), "-", False
    pieces = body.split(separator)
    # Number words contain ' and ', so try every split; exactly one must read.
    found = [p for k in range(1, len(pieces)) if (p := _ends(
        separator.join(pieces[:k]), separator.join(pieces[k:]), words)) is not None]
    if len(found) > 1:
        raise _Refused("the range can be split in more than one way")
    return found[0] if found else None


def _relative(text: str) -> Parsed | None:
    """'cut in half'/'halved' -> 0.5, 'doubled' -> 2; 'nearly' puts the truth nearer 1."""
    match = _RELATIVE_RE.fullmatch(text)
    if not match:
        return None
    ratio = 2.0 if match["verb"] == "doubled" else 0.5
    if match["pre"] is None and match["mid"] is None:
        return Parsed(ratio, ratio, ratio, "relative", "ratio")
    margin = NEARLY_MARGIN * (1 if ratio < 1 else 2)  # nearly doubled: 1.8-2.0 (10% of the level after)
    if ratio < 1:  # nearly halved: a little less than half was removed, so after/before is above 0.5
        return Parsed(None, ratio, ratio + margin, "relative", "ratio")
    return Parsed(None, ratio - margin, ratio, "relative", "ratio")


def _diagnose(text: str) -> str:
    """Why a phrase outside the grammar was refused, as precisely as can be said."""
    if _ORDINAL_RE.fullmatch(text):
        return "an ordinal names a position, it does not count"
    if text[:1] in _DASHES and text[1:2].isdigit():
        return "negative numbers: the report's counts and shares are never negative"
    if _SPACED_DIGITS_RE.fullmatch(text) and "," in text:
        return "digits after a thousands comma must come in groups of three"
    if _LEADING_ZERO_RE.fullmatch(text):
        return "a leading zero is not how the report prints numbers"
    if _DECIMAL_RE.fullmatch(text):
        return "a count is a whole number; decimals are read only in percentages"
    head = text.split(" ")[0]
    if head[:1].isdigit() and " " in text and _amount(head) is not None:
        return "words after the number are not part of a number phrase"
    return "not a number phrase in the accepted grammar (see csecstats.parse)"


def _read(text: str) -> Parsed:
    """Try the grammar's alternatives in order on normalised text."""
    if not text:
        raise _Refused("empty phrase")
    if any(c in _SUPERSCRIPTS or c == "^" for c in text):
        raise _Refused("footnote marker glued to the number; strip markers before parsing")
    vague = text.removesuffix(" of")
    if vague in _VAGUE:
        low, high = _VAGUE[vague]
        if high is None:
            return Parsed(None, float(low), None, "lower_bound", "count")
        return Parsed(None, float(low), float(high), "range", "count")
    if vague in _NOT_NUMBERS:
        raise _Refused(f"{vague!r} states no number")
    for reader in (_relative, _range):
        parsed = reader(text)
        if parsed is not None:
            return parsed
    match = _PREFIX_RE.fullmatch(text)
    bound, rest = (_PREFIXES[match["prefix"]], match["rest"]) if match else (None, text)
    amount = _amount(rest)
    if amount is None:
        raise _Refused(_diagnose(rest))
    return _single(*amount, bound, rest)


def is_declared_reading(phrase: str) -> bool:
    """True when the phrase states no number and its value comes from a declared reading of words
    ("thousands of", "nearly cut in half"), not from digits or number words.

    Parameters
    ----------
    phrase : str
        A number phrase quoted from the report (whitespace and case as printed).

    Returns
    -------
    bool
    """
    text = " ".join(str(phrase).split()).lower()
    return text.removesuffix(" of") in _VAGUE or _RELATIVE_RE.fullmatch(text) is not None


def parse_phrase(phrase: str) -> Parsed:
    """Read one number phrase quoted from the report, or raise ParseError.

    Parameters
    ----------
    phrase : str
        A number phrase quoted from the report ("over 14, 000", "one third").

    Returns
    -------
    Parsed

    Raises
    ------
    ParseError
        When the phrase is outside the grammar.
    """
    if not isinstance(phrase, str):
        raise ParseError(phrase, "a phrase must be a string")
    if len(phrase) > MAX_PHRASE_LENGTH:
        raise ParseError(phrase, f"longer than {MAX_PHRASE_LENGTH} characters")
    try:
        return _read(" ".join(phrase.split()).lower())
    except _Refused as refused:
        raise ParseError(phrase, str(refused)) from None
