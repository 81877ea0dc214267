"""Every numeric token in the report is accounted for: figure, date, marker, name, or a written exclusion."""
import re

import pytest
import yaml_c
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.register import audit, tokens
from csecstats.inputs import paths
from csecstats.cli import main
from csecstats.source.reader import parse_report_text


@pytest.fixture(scope="module")
def result():
    return audit.run_audit()


def test_coverage_is_complete(result):
    assert [str(p) for p in result.problems] == []
    assert result.coverage == 100.0
    assert result.counts()["unaccounted"] == 0


def test_every_register_figure_owns_a_token(result):
    ids = {t.reason for t in result.tokens if t.cls == "figure"}
    figures = yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))["figures"]
    assert ids == {f["id"] for f in figures}


def test_tokens_cover_the_whole_file(result):
    regions = {t.region for t in result.tokens}
    assert regions == {"front", "heading", "body", "footnote"}
    texts = [t.text for t in result.tokens]
    for token in ("14, 000", "40-60%", "1/3", "8th", "One hundred", "half", "¹²", "^{14,15}", "1903"):
        assert token in texts, token


@pytest.mark.parametrize("text, cls", [
    ("1903", "figure"),       # a count that looks like a year is a registered figure, not a date
    ("2008", "figure"),       # "Phase II will run until 2008" is registered
    ("¹²", "marker"),
    ("8–10", "date"),
])
def test_class_of(result, text, cls):
    assert {t.cls for t in result.tokens if t.text == text} == {cls}


def test_each_exclusion_has_a_reason_and_explains_something(result):
    entries = yaml_c.safe_load(audit.EXCLUSIONS_FILE.read_text(encoding="utf-8"))["exclusions"]
    reasons = {t.reason for t in result.tokens if t.cls and t.reason}
    for entry in entries:
        assert entry["reason"].strip() in reasons, entry


def test_stale_exclusion_fails(tmp_path):
    data = yaml_c.safe_load(audit.EXCLUSIONS_FILE.read_text(encoding="utf-8"))
    data["exclusions"].append({"snippet": "Convention 999", "token": "999", "class": "name", "reason": "gone"})
    path = tmp_path / "exclusions.yml"
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = audit.run_audit(path).problems
    assert [(p.entry, p.field) for p in problems] == [(f"#{len(data['exclusions'])} 999", "snippet")]
    assert "stale exclusion" in problems[0].message


def test_missing_exclusion_leaves_a_token_unaccounted(tmp_path):
    data = yaml_c.safe_load(audit.EXCLUSIONS_FILE.read_text(encoding="utf-8"))
    data["exclusions"] = [e for e in data["exclusions"] if e["token"] != "182"]
    path = tmp_path / "exclusions.yml"
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = audit.run_audit(path)
    assert [p.field for p in result.problems] == ["token"]
    assert "'182'" in result.problems[0].message and result.coverage < 100


def test_an_exclusion_cannot_hide_a_registered_figure(tmp_path):
    data = yaml_c.safe_load(audit.EXCLUSIONS_FILE.read_text(encoding="utf-8"))
    data["exclusions"].append({"snippet": "427 victims were rescued", "token": "427", "class": "excluded",
                               "reason": "trying to hide a figure"})
    path = tmp_path / "exclusions.yml"
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert [p.field for p in audit.run_audit(path).problems] == ["snippet"]


def test_year_like_count_is_not_a_date():
    report = parse_report_text("I – BACKGROUND\n\nIn 2000 villages, 40 were reached in 2001.\n")
    found = tokens.tokens_of(report)
    dates = tokens.date_spans(report.raw_text)
    covered = {t.text for t in found if any(s <= t.start and t.end <= e for s, e in dates)}
    assert covered == {"2001"}


def test_cli_prints_counts_and_coverage(capsys):
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert "coverage    100.0%" in out and "unaccounted     0" in out


def test_the_token_prefilter_admits_every_character_a_token_can_begin_with():
    # TOKEN_RE tries its alternatives only where TOKEN_STARTS admits the first character: every character that
    # begins a marker, a number (any Unicode digit) or a Roman numeral, or that the number words' case folding
    # takes for a word's first letter (both cases, and the long s), must be admitted, or a token would be missed
    import re
    initials = "".join(sorted({w[0] for w in tokens._WORDS}))
    can_begin = re.compile(rf"[{tokens.SUPERSCRIPT_DIGITS}^\dIVX]|(?i:[{initials}])")
    admitted = re.compile(rf"[{tokens.TOKEN_STARTS}]")
    missed = [c for c in map(chr, range(0x110000)) if can_begin.fullmatch(c) and not admitted.fullmatch(c)]
    assert missed == []
    assert [m.group(0) for m in tokens.TOKEN_RE.finditer("ſix, Sixty; 2004 ٣ ¹ ^{2} II –")] == [
        "ſix", "Sixty", "2004", "٣", "¹", "^{2}", "II"]


def test_the_body_stream_maps_each_character_to_its_place_in_the_file():
    report = parse_report_text("Heading\n\nA first  line¹ of\n   text N^o 5*.\n\nSecond   paragraph.\n")
    stream, offsets = tokens.body_stream(report)
    raw = report.raw_text
    assert len(stream) == len(offsets)
    assert all(raw[o] == c for c, o in zip(stream, offsets) if c != " ")
    assert all(raw[o].isspace() or o == -1 for c, o in zip(stream, offsets) if c == " ")


def test_what_is_kept_on_a_report_is_that_reports_own():
    """Tokens, body stream and quote look-ups are worked out once per report and kept on it: two reports read in one
    process (the second with one number changed) each answer for their own text, the same on every asking."""
    first = parse_report_text("I – BACKGROUND\n\nIn 1992, some 6,000 worked in 12 provinces.\n")
    second = parse_report_text("I – BACKGROUND\n\nIn 1992, some 7,000 worked in 12 provinces.\n")
    for report, number in ((first, "6,000"), (second, "7,000"), (first, "6,000")):
        assert [t.text for t in tokens.tokens_of(report)] == ["I", "1992", number, "12"]
        assert tokens.body_stream(report)[0] == f"In 1992, some {number} worked in 12 provinces."
        assert [p.lines for p in report.find_quotes(f"some {number} worked")] == [(3,)]
        assert report.find_quotes("some 6,000 worked" if number == "7,000" else "some 7,000 worked") == ()


def test_an_excluded_year_is_a_date_and_a_date_a_year(tmp_path):
    """Every real exclusion given the other side of the date line (a year called a name, a name called a date) is
    refused on its class; every real exclusion passes."""
    from csecstats.register.audit import load_exclusions
    entries = yaml_c.safe_load((paths.RAW / "exclusions.yml").read_text(encoding="utf-8"))["exclusions"]
    tried = 0
    for i, entry in enumerate(entries):
        changed = [dict(e) for e in entries]
        changed[i]["class"] = "name" if entry["class"] == "date" else "date"
        path = tmp_path / f"exclusions_{i}.yml"
        path.write_text(yaml_c.safe_dump({"exclusions": changed}, allow_unicode=True), encoding="utf-8")
        problems = load_exclusions(path)[1]
        assert [(p.field, "a year is a date" in p.message) for p in problems] == [("class", True)], entry
        tried += 1
    assert tried >= 30


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.text(alphabet="1,.% a_é²0-", max_size=14), phrase=st.text(alphabet="1,.% a_é²0-", max_size=3))
def test_a_phrase_stands_in_its_quote_as_a_whole_token_where_the_pattern_finds_it(text, phrase):
    pattern = rf"(?<![\w.,]){re.escape(phrase)}(?![\w%])"
    assert tokens._whole_occurrences(phrase, text) == [m.start() for m in re.finditer(pattern, text)]
