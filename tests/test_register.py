"""Register validation: one failing case per rule, every problem reported at once."""
import pandas as pd
import pytest

from csecstats.tables import figures as tables
from csecstats.analysis.checks import check_problems, load_rules, run_checks
from csecstats.inputs.errors import ValidationFailed
from csecstats.source.reader import load_report
from csecstats.register.figures import parse_period, read_all
from csecstats.tables.schema import figures_schema, schema_problems
from csecstats.tables.figures import VOCABULARIES


def problems_of(scratch):
    """(entry, field) pairs of every problem found in the scratch register."""
    with pytest.raises(ValidationFailed) as failed:
        tables.validated_tables(read_all(scratch.path("figures.yml"), scratch.path("sources.yml"),
                                         scratch.path("vocabulary.yml")))
    return {(p.entry, p.field) for p in failed.value.problems}, failed.value


def test_unchanged_copy_is_valid(scratch):
    reg = read_all(scratch.path("figures.yml"), scratch.path("sources.yml"), scratch.path("vocabulary.yml"))
    assert len(tables.validated_tables(reg)["figures"]) == len(reg.figures) > 60


FIG = "suspected_cases_2003"


@pytest.mark.parametrize("changes, field", [
    ({"indicator": "no_such_indicator"}, "indicator"),
    ({"unit": "copies"}, "unit"),                          # books_distributed's unit, not cases
    ({"unit": "no_such_unit"}, "unit"),
    ({"geography": "Atlantis"}, "geography"),
    ({"source": "no_such_source"}, "source"),
    ({"footnote": 4}, "footnote"),                         # footnote 4 is UNICEF 1995, not UNIAP
    ({"footnote": 99}, "footnote"),
    ({"section": "II.Z"}, "section"),
    ({"section": "I"}, "section"),                         # the quote stands in II.D.2
    ({"period_basis": "guessed"}, "period_basis"),
    ({"period": "2003-13"}, "period"),
    ({"period": "2004/2003"}, "period"),                   # ends before it starts
    ({"period": None}, "period_basis"),                    # no period but basis 'stated'
    ({"quote": "The Department reported 2570 cases of suspected human trafficking."}, "quote"),
    ({"phrase": "258"}, "phrase"),                         # not in the quote
    ({"phrase": "cases"}, "phrase"),                       # in the quote but unparseable
    ({"id": "Bad-Id"}, "id"),
    ({"caveats": [{"priority": "reading", "text": ""}]}, "caveats[1].text"),
    ({"caveats": [{"priority": "urgent", "text": "Counts cases."}]}, "caveats[1].priority"),
    ({"caveats": [{"text": "Counts cases."}]}, "caveats[1].priority"),
    ({"caveats": [{"priority": "reading", "text": "Counts cases.", "rank": 1}]}, "caveats[1].rank"),
    ({"caveats": ["Counts cases."]}, "caveats[1]"),             # a caveat needs its priority
    ({"caveats": "a string, not a list"}, "caveats"),
    ({"footnote": "twelve"}, "footnote"),
    ({"quote": ...}, "quote"),
    ({"extra_field": 1}, "extra_field"),
])
def test_each_rule_names_entry_and_field(scratch, changes, field):
    scratch.edit_figure(FIG, **changes)
    found, _ = problems_of(scratch)
    entry = changes.get("id", FIG)
    assert (entry, field) in found


def test_share_phrase_with_count_unit_refused(scratch):
    scratch.edit_figure("share_khmer_sex_workers_cambodia_2003", unit="persons", indicator="sex_workers")
    found, _ = problems_of(scratch)
    assert ("share_khmer_sex_workers_cambodia_2003", "unit") in found


def test_duplicate_id(scratch):
    data = scratch.load("figures.yml")
    data["figures"].append(dict(data["figures"][0]))
    scratch.dump("figures.yml", data)
    found, _ = problems_of(scratch)
    assert (data["figures"][0]["id"], "id") in found


def test_every_problem_reported_at_once(scratch):
    scratch.edit_figure(FIG, unit="no_such_unit", source="nowhere", phrase="258")
    scratch.edit_figure("confirmed_cases_2003", section="IV")
    found, failed = problems_of(scratch)
    assert {(FIG, "unit"), (FIG, "source"), (FIG, "phrase"), ("confirmed_cases_2003", "section")} <= found
    text = str(failed)
    assert f"figures.yml: {FIG}: unit: unknown unit 'no_such_unit'" in text


def test_sources_rules(scratch):
    data = scratch.load("sources.yml")
    data["sources"][0]["citation"] = "A book the report never cites."
    data["sources"][1]["kind"] = "rumour"
    data["sources"][2]["footnotes"] = [42]
    data["sources"].append(dict(data["sources"][3]))
    scratch.dump("sources.yml", data)
    found, _ = problems_of(scratch)
    ids = [s["id"] for s in data["sources"]]
    assert {(ids[0], "citation"), (ids[1], "kind"), (ids[2], "footnotes"), (ids[3], "id")} <= found


def test_vocabulary_rules(scratch):
    data = scratch.load("vocabulary.yml")
    data["indicators"]["suspected_cases"]["unit"] = "parsecs"
    data["indicators"]["confirmed_cases"]["topic"] = "astrology"
    scratch.dump("vocabulary.yml", data)
    found, _ = problems_of(scratch)
    assert {("indicators.suspected_cases", "unit"), ("indicators.confirmed_cases", "topic")} <= found


@pytest.mark.parametrize("text, start, end", [
    ("2003", "2003-01-01", "2003-12-31"),
    ("2000-09/2003-12", "2000-09-01", "2003-12-31"),
    ("2000-09-01/2003-12-31", "2000-09-01", "2003-12-31"),
    ("2004-02", "2004-02-01", "2004-02-29"),
    (None, None, None),
])
def test_parse_period(text, start, end):
    assert parse_period(text) == (start, end)


# --- the pandera contract, one failing frame per rule ---------------------------------

@pytest.fixture(scope="module")
def figures():
    """The figure table as the build validates and writes it (dates as ISO text; ``load_figures()`` gives
    the reader's view, dates as datetime64)."""
    return tables.load_tables()["figures"]


@pytest.fixture(scope="module")
def schema():
    return figures_schema(VOCABULARIES)


def _broken(figures, figure_id, **values):
    frame = figures.copy()
    row = frame.index[frame["figure_id"] == figure_id][0]
    for col, value in values.items():
        frame.at[row, col] = value
    return frame


@pytest.mark.parametrize("figure_id, values, rule", [
    ("share_khmer_sex_workers_cambodia_2003", {"value": 1.2, "high": 1.2}, "shares_in_unit_interval"),
    ("suspected_cases_2003", {"value": -1.0, "low": -1.0}, "counts_whole_and_non_negative"),
    ("suspected_cases_2003", {"value": 256.5, "low": 256.5, "high": 256.5}, "counts_whole_and_non_negative"),
    ("suspected_cases_2003", {"low": 300.0}, "low_le_value_le_high"),
    ("suspected_cases_2003", {"period_start": "2004-1-1"}, "str_matches"),
    ("suspected_cases_2003", {"qualifier": "roughly"}, "isin"),
    ("suspected_cases_2003", {"evidence_grade": "E"}, "isin"),
    ("suspected_cases_2003", {"value": float("nan"), "low": float("nan"), "high": float("nan")}, "has_a_number"),
])
def test_schema_rule_fails(figures, schema, figure_id, values, rule):
    problems = schema_problems(_broken(figures, figure_id, **values), schema, path="figures.csv",
                               id_column="figure_id")
    assert any(p.entry == figure_id and rule in p.message for p in problems), problems


def test_schema_unique_id(figures, schema):
    frame = pd.concat([figures, figures.iloc[[0]]], ignore_index=True)
    problems = schema_problems(frame, schema, path="figures.csv", id_column="figure_id")
    assert any(p.field == "figure_id" and "unique" in p.message for p in problems)


def test_schema_accepts_the_real_table(figures, schema):
    assert schema_problems(figures, schema, path="figures.csv", id_column="figure_id") == []


# --- the report's own arithmetic ---------------------------------------------------

def test_report_arithmetic_holds(figures):
    checks = run_checks(figures, load_report()).set_index("check_id")
    assert checks["passed"].all()
    assert checks.loc["confirmed_le_suspected_2003", ["lhs", "rhs"]].tolist() == [227.0, 257.0]
    assert checks.loc["hotline_le_all_reports_2003", ["lhs", "rhs"]].tolist() == [177.0, 257.0]
    assert checks.loc["ethnic_shares_2003", "residual"] == pytest.approx(0.01, abs=1e-12)
    assert checks.loc["cosecam_members_named", "rhs"] == 18.0
    assert len(checks) == len(load_rules())


def test_failed_arithmetic_names_the_figures(figures):
    broken = _broken(figures, "confirmed_cases_2003", value=300.0, low=300.0, high=300.0)
    checks = run_checks(broken, load_report())
    problems = check_problems(checks, path="figures.yml")
    assert {(p.entry, p.field) for p in problems} == {("confirmed_cases_2003", "phrase"),
                                                     ("suspected_cases_2003", "phrase")}


def test_check_naming_unknown_figure_refused(figures):
    with pytest.raises(ValidationFailed) as failed:
        run_checks(figures[figures["figure_id"] != "suspected_cases_2003"], load_report())
    assert any(p.entry == "confirmed_le_suspected_2003" and "not in the register" in p.message
               for p in failed.value.problems)


@pytest.mark.parametrize("change, field", [
    ({"rule": "at_least"}, "rule"),
    ({"part": 7}, "part"),
    ({"whole": None}, "whole"),
    ({"colour": "red"}, "colour"),
])
def test_check_declarations_are_checked(tmp_path, change, field):
    import yaml_c
    from csecstats.analysis.checks import CHECKS_FILE
    declared = yaml_c.safe_load(CHECKS_FILE.read_text())
    declared["checks"][0].update(change)
    path = tmp_path / "checks.yml"
    path.write_text(yaml_c.safe_dump(declared))
    with pytest.raises(ValidationFailed) as failed:
        load_rules(path)
    assert (declared["checks"][0]["id"], field) in {(p.entry, p.field) for p in failed.value.problems}


def test_look_alikes_are_the_confusables_data_the_library_loads():
    # read from the library's data file directly (without its urllib import); the same table as its own load
    from confusable_homoglyphs.confusables import confusables_data
    from csecstats.register import identity
    found: dict[str, set[str]] = {}
    for char, glyphs in confusables_data.items():
        for other in (g["c"].strip("\u200e") for g in glyphs):
            if len(char) == 1 and len(other) == 1:
                found.setdefault(char, set()).add(other)
                found.setdefault(other, set()).add(char)
    assert identity._look_alikes() == {c: frozenset(v) for c, v in found.items()}
    assert identity.skeleton("sex_workers_l992") == identity.skeleton("sex_workers_1992")


def test_a_figure_citing_a_footnoted_source_without_its_footnote_is_refused(tmp_path):
    """The report cites Steinfatt 2003 in footnote 5: a figure citing it with no footnote drops the citation."""
    import yaml as _yaml
    from csecstats.inputs import paths as _paths
    from csecstats.validate import validate_paths
    entries = _yaml.safe_load(_paths.REGISTER_FILE.read_text(encoding="utf-8"))["figures"]
    cited = [e for e in entries if e["source"] == "steinfatt_2003"]
    assert cited and all(e["footnote"] == 5 for e in cited)
    cited[0]["footnote"] = None
    path = tmp_path / "figures.yml"
    path.write_text(_yaml.safe_dump({"figures": entries}, sort_keys=False, allow_unicode=True, width=10**6),
                    encoding="utf-8")
    found = [(p.entry, p.field, p.message[:40]) for p in validate_paths([path])]
    assert found == [(cited[0]["id"], "footnote", "none, but the report cites 'steinfatt_20")]
    assert validate_paths([path])[0].message.endswith("in footnotes [5]")
