"""The register's rules, each with the exact words a curator reads, and the row a checked entry becomes.

Written against the mutants `make mutation` found alive: every rule of ``FIGURE_RULES`` is broken
alone on one real entry and must give exactly its one problem (field and message); the edges of
periods, quotes, phrases and markers are tested on both sides.
"""
import copy

import pytest
import yaml_c

from csecstats.inputs import paths
from csecstats.inputs.errors import Problem, ValidationFailed
from csecstats.register import figures as reg
from csecstats.register.figures import FigureContext, check_figure, figure_row, parse_period

FIG = "suspected_cases_2003"
WHERE = "figures.yml"


@pytest.fixture(scope="module")
def register():
    return reg.read_all()


@pytest.fixture(scope="module")
def ctx(register):
    return FigureContext(register.vocabulary, {s["id"]: s for s in register.sources}, register.report)


@pytest.fixture(scope="module")
def entry():
    data = yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))
    return next(e for e in data["figures"] if e["id"] == FIG)


def found(entry, ctx, **changes):
    """(field, message) of every problem of the entry with ``changes`` (value ... deletes the field)."""
    changed = copy.deepcopy(entry)
    for key, value in changes.items():
        if value is ...:
            changed.pop(key)
        else:
            changed[key] = value
    row, problems = check_figure(WHERE, changed.get("id", FIG) if isinstance(changed.get("id"), str) else FIG,
                                 changed, vocab=ctx.vocab, sources=ctx.sources, report=ctx.report)
    assert (row is None) == bool(problems)
    assert all(p.path == WHERE for p in problems)
    return [(p.field, p.message) for p in problems]


def test_the_real_entry_passes_every_rule(entry, ctx):
    assert found(entry, ctx) == []


@pytest.mark.parametrize("changes, expected", [
    ({"id": "Bad-Id"}, [("id", "must be snake_case: lower-case letters, digits and _, 3-80 characters, "
                               "starting with a letter")]),
    ({"indicator": "no_such"}, [("indicator", "unknown indicator 'no_such' (see vocabulary.yml)")]),
    ({"unit": "no_such"}, [("unit", "unknown unit 'no_such' (see vocabulary.yml)")]),
    ({"unit": "copies"}, [("unit", "indicator 'suspected_cases' is measured in cases, not copies")]),
    ({"geography": "Atlantis"}, [("geography", "unknown geography 'Atlantis' (see vocabulary.yml)")]),
    ({"source": "nowhere"}, [("source", "unknown source id 'nowhere'")]),
    ({"footnote": 4}, [("footnote", "footnote 4 does not belong to source 'uniap_2004'"),
                       ("footnote", "footnote 4, but the paragraph of its quote prints no marker of it (it prints [12])")]),
    ({"footnote": 99}, [("footnote", "footnote 99 does not belong to source 'uniap_2004'"),
                        ("footnote", "footnote 99 is not in the report")]),
    ({"section": "II.Z"}, [("section", "unknown section 'II.Z'"),
                           ("section", "the quote stands in section 'II.D.2', not 'II.Z'")]),
    ({"section": "I"}, [("section", "the quote stands in section 'II.D.2', not 'I'")]),
    ({"period_basis": "guessed"}, [("period_basis", "expected one of stated, inferred, none")]),
    ({"period_basis": "none"}, [("period_basis", "must be 'none' exactly when period is null")]),
    ({"period": None}, [("period_basis", "must be 'none' exactly when period is null")]),
    ({"period": "2004/2003"}, [("period", "period ends (2003-12-31) before it starts (2004-01-01)")]),
    ({"period": "2003-13"}, [("period", "cannot read period '2003-13': month 13 out of range")]),
    ({"caveats": [{"priority": "urgent", "text": "x"}]},
     [("caveats[1].priority", "'urgent' is not a caveat priority; expected one of reading, qualifies, provenance")]),
    ({"phrase": "258"}, [("phrase", "'258' does not occur in the quote as whole words and numbers")]),
    ({"phrase": "cases"}, [("phrase", "cannot read a number in 'cases': not a number phrase in the accepted "
                                      "grammar (see csecstats.parse)")]),
    ({"unit": "share", "indicator": "share_trafficked"}, None),  # checked below: the phrase reads as a count
    ({"quote": "The Department reported 2570 cases."},
     [("quote", "not found in the report text (compared after removing footnote markers and page breaks)"),
      ("phrase", "'257' does not occur in the quote as whole words and numbers")]),
])
def test_each_rule_gives_exactly_its_problem(entry, ctx, changes, expected):
    if expected is None:
        problems = found(entry, ctx, **changes)
        assert ("unit", "the phrase reads as a count but the unit is 'share'") in problems
        return
    assert found(entry, ctx, **changes) == expected


def test_the_footnote_rule_passes_without_a_footnote_only_where_the_report_cites_none(entry, ctx):
    assert found(entry, ctx, footnote=None, source="report_2004") == []  # the report itself: no footnote
    cited = ctx.sources[entry["source"]]["footnotes"]
    assert entry["footnote"] in cited
    assert found(entry, ctx, footnote=None) == [  # a source the report cites in a footnote: the citation dropped
        ("footnote", f"none, but the report cites '{entry['source']}' in footnotes {cited}")]


def test_a_wrong_type_stops_the_rules_that_read_it(entry, ctx):
    assert found(entry, ctx, footnote="twelve") == [("footnote", "expected a whole number or null, found str 'twelve'")]
    assert found(entry, ctx, indicator=5) == [("indicator", "expected text, found int 5")]
    assert found(entry, ctx, section=["II.D.2"]) == [("section", "expected text, found list a list of 1 item(s)")]
    # a bad unit stops the unit check of the phrase: one problem, not two
    assert found(entry, ctx, unit=7) == [("unit", "expected text, found int 7")]
    # a quote of the wrong type: the phrase is still read, but not looked for in the quote
    assert found(entry, ctx, quote=5) == [("quote", "expected text, found int 5")]


def test_an_unknown_indicator_does_not_also_blame_the_unit(entry, ctx):
    assert [f for f, _ in found(entry, ctx, indicator="no_such")] == ["indicator"]


def test_caveat_problems_name_the_entry(entry, ctx, register):
    changed = dict(entry, caveats=[{"priority": "reading", "text": ""}])
    _, problems = check_figure(WHERE, FIG, changed, vocab=ctx.vocab, sources=ctx.sources, report=ctx.report)
    assert problems == [Problem(WHERE, FIG, "caveats[1].text", "every caveat must be non-empty text")]


def test_a_quote_across_two_paragraphs_is_named(entry, ctx):
    quote = "the following achievements have been realised: - Creation through Sub-Decree No 40"
    assert ctx.report.contains(quote) and not ctx.report.find_quotes(quote)
    problems = found(entry, ctx, quote=quote, phrase="40", section="II.D.2")
    assert ("quote", "spans two paragraphs of the report; quote a passage within one paragraph") in problems


def test_a_marker_inside_a_number_in_the_quote_or_phrase_is_refused(entry, ctx):
    quote = entry["quote"].replace("257", "2¹57")
    problems = found(entry, ctx, quote=quote, phrase="2¹57")
    assert problems[:2] == [("quote", "a footnote marker or '*' inside a number is not a verbatim quote"),
                            ("phrase", "a footnote marker or '*' inside a number is not a verbatim quote")]
    assert ("phrase", "a footnote marker or '*' inside a number is not a verbatim quote") in \
        found(entry, ctx, phrase="2*57")


def test_the_checked_row(entry, ctx):
    row = figure_row(entry, ctx)
    caveats = row.pop("caveats")  # the checked list, kept whole for caveats.csv (a ' | ' in a text stays text)
    assert sorted((c["priority"], c["text"]) for c in caveats) == [
        ("provenance", "Footnote 12 sits at the end of the paragraph."),
        ("reading", "Police-recorded cases; what counts as a case is not defined.")]
    assert row == {
        "figure_id": FIG, "topic": "enforcement", "indicator": "suspected_cases", "value": 257.0, "low": 257.0,
        "high": 257.0, "unit": "cases", "period_start": "2003-01-01", "period_end": "2003-12-31",
        "period_basis": "stated", "geography": "Cambodia", "qualifier": "exact", "kind": "count",
        "source_id": "uniap_2004", "footnote": 12, "section": "II.D.2",
        "actor": "Department of Anti-Human Trafficking and Juvenile Protection", "phrase": "257",
        "quote": entry["quote"],
        "caveat": "Police-recorded cases; what counts as a case is not defined. | "
                  "Footnote 12 sits at the end of the paragraph.",
        "caveat_priority": "reading | provenance"}
    assert check_figure(WHERE, FIG, entry, vocab=ctx.vocab, sources=ctx.sources, report=ctx.report) == (
        {**row, "caveats": caveats}, [])


def test_a_row_without_actor_or_caveats(entry, ctx):
    plain = {k: v for k, v in entry.items() if k != "actor"} | {"caveats": []}
    row = figure_row(plain, ctx)
    assert row["actor"] is None and row["caveat"] is None and row["caveat_priority"] is None


@pytest.mark.parametrize("text, expected", [
    ("2003", ("2003-01-01", "2003-12-31")),
    ("2003/2004", ("2003-01-01", "2004-12-31")),
    ("2003-02/2003-02", ("2003-02-01", "2003-02-28")),
    ("2004-02", ("2004-02-01", "2004-02-29")),
    (" 2003-01 / 2003-03 ", ("2003-01-01", "2003-03-31")),
    ("2003-12-31/2004-01-01", ("2003-12-31", "2004-01-01")),
    ("2003-01-01", ("2003-01-01", "2003-01-01")),
    ("0999", ("0999-01-01", "0999-12-31")),
    (None, (None, None)),
])
def test_parse_period_reads(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text, message", [
    ("2003/2004/2005", "cannot read period '2003/2004/2005': expected 'YYYY', 'YYYY-MM/YYYY-MM' or "
                       "'YYYY-MM-DD/YYYY-MM-DD'"),
    ("03", "cannot read period '03': '03' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2003/x", "cannot read period '2003/x': 'x' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2003-00", "cannot read period '2003-00': month 0 out of range"),
    ("2003-13", "cannot read period '2003-13': month 13 out of range"),
    ("2003-02-29", "cannot read period '2003-02-29': day 29 out of range"),
    ("2003-01-00", "cannot read period '2003-01-00': day 0 out of range"),
    ("2003-04-31", "cannot read period '2003-04-31': day 31 out of range"),
])
def test_parse_period_refuses(text, message):
    with pytest.raises(ValueError) as refused:
        parse_period(text)
    assert str(refused.value) == message


def test_month_and_day_edges_are_inside():
    assert parse_period("2003-12-31") == ("2003-12-31", "2003-12-31")
    assert parse_period("2003-01-01/2003-01-31") == ("2003-01-01", "2003-01-31")
    assert parse_period("2003-12") == ("2003-12-01", "2003-12-31")


@pytest.mark.parametrize("phrase, quote, inside", [
    ("257", "reported 257 cases", True),
    ("257", "257 cases", True),
    ("257", "cases: 257", True),
    ("200", "reported 1,200 cases", False),       # part of a larger number
    ("1,2", "reported 1,200 cases", False),
    ("200", "reported 1200 cases", False),
    ("20", "reported 20.5 cases", False),
    ("12", "aged 12-17", True),                   # a dash ends a number
    ("cut", "a cutting remark", False),           # part of a word
    ("cut", "it was cut in half", True),
    ("half", "behalf of", False),
    ("in half", "cut in half", True),
    ("ten", "ten", True),
    ("ten", "often ten", True),                   # the second occurrence stands alone
    ("ten", "ten often", True),                   # the first does
    ("200", "200 of 1,200", True),
    ("", "anything", False),
    ("5", "", False),
])
def test_phrase_in_quote(phrase, quote, inside):
    assert reg.phrase_in_quote(phrase, quote) is inside


@pytest.mark.parametrize("text, marked", [
    ("1²00", True), ("1,²200", True), ("1.*5", True), ("1^{4}00", True), ("12*,000", True),
    ("1200", False), ("1,200", False), ("257²", False), ("²257", False), ("a*b", False), ("1 * 2", False),
])
def test_marker_inside_number(text, marked):
    assert reg.marker_inside_number(text) is marked


def test_load_register_keeps_checked_rows_and_every_problem(tmp_path, register):
    data = yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))
    data["figures"][0]["unit"] = "no_such_unit"
    data["figures"][1]["geography"] = "Atlantis"
    path = tmp_path / "figures.yml"
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows, problems = reg.load_register(path, vocab=register.vocabulary, sources=register.sources,
                                       report=register.report)
    assert len(rows) == len(data["figures"]) - 2
    assert [r["figure_id"] for r in rows] == [e["id"] for e in data["figures"][2:]]
    assert [(p.path, p.entry, p.field) for p in problems] == [
        (str(path), data["figures"][0]["id"], "unit"), (str(path), data["figures"][1]["id"], "geography")]


def test_load_register_stops_at_an_unreadable_file(tmp_path, register):
    path = tmp_path / "figures.yml"
    path.write_text("figures: [\n", encoding="utf-8")
    rows, problems = reg.load_register(path, vocab=register.vocabulary, sources=register.sources,
                                       report=register.report)
    assert rows == [] and len(problems) == 1 and problems[0].path == str(path)


def test_read_all_returns_the_checked_register(register):
    assert register.path == str(paths.REGISTER_FILE)
    assert len(register.figures) == len(yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))["figures"])
    assert register.report.path == paths.REPORT_FILE


def test_read_all_names_the_register_it_read_and_every_problem(scratch):
    assert reg.read_all(scratch.path("figures.yml")).path == str(scratch.path("figures.yml"))
    scratch.edit_figure(FIG, unit="no_such_unit")
    data = scratch.load("sources.yml")
    data["sources"][1]["kind"] = "rumour"
    scratch.dump("sources.yml", data)
    with pytest.raises(ValidationFailed) as failed:
        reg.read_all(scratch.path("figures.yml"), scratch.path("sources.yml"))
    assert {(p.entry, p.field) for p in failed.value.problems} >= {(FIG, "unit"), (data["sources"][1]["id"], "kind")}


def test_a_broken_vocabulary_skips_the_figures_but_is_reported(scratch):
    scratch.path("vocabulary.yml").write_text("indicators: [\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        reg.read_all(scratch.path("figures.yml"), scratch.path("sources.yml"), scratch.path("vocabulary.yml"))
    assert [p.path for p in failed.value.problems] == [str(scratch.path("vocabulary.yml"))]


def test_a_changed_report_stops_everything_else(tmp_path):
    report = tmp_path / paths.REPORT_FILE.name
    report.write_text(paths.REPORT_FILE.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        reg.read_all(report=report)
    assert failed.value.problems and all(p.path.endswith(report.name) for p in failed.value.problems)


def test_a_source_without_footnotes_owns_none(entry, ctx):
    bare = FigureContext(ctx.vocab, {**ctx.sources, "uniap_2004": {"id": "uniap_2004"}}, ctx.report)
    assert found(entry, bare) == [("footnote", "footnote 12 does not belong to source 'uniap_2004'")]


def test_a_unit_of_the_wrong_type_gives_one_problem_for_a_share(ctx):
    data = yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))
    share = next(e for e in data["figures"] if e["unit"] == "share")
    assert found(share, ctx) == []
    assert found(share, ctx, unit=7) == [("unit", "expected text, found int 7")]
