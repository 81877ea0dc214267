"""The TIP table's rows against each other and their own words: one page one report, each indicator named by its
quote. Tried on every real row with every other value the same column takes."""
from __future__ import annotations

import csv
import functools
import io
import re

from csecstats.analysis.tip import INDICATORS, row_entry
from csecstats.analysis.tip_rows import (NAMED_BY, PAGE, indicators_printed, page_problems, rows_problems,
                                         subject_problems)
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def _raw() -> tuple[dict, ...]:
    return tuple({**r, "_row": n} for n, r in enumerate(csv.DictReader(io.StringIO(
        paths.TIP_FILE.read_text(encoding="utf-8"))), start=1))


def raw() -> list[dict]:
    return [dict(r) for r in _raw()]


def test_every_indicator_is_named_and_every_real_row_passes():
    assert set(NAMED_BY) == set(INDICATORS)
    assert len(raw()) >= 31
    assert rows_problems("t.csv", raw()) == []


def test_a_row_moved_onto_an_indicator_its_quote_never_names_is_refused():
    """Every real row given every other indicator: refused on its indicator exactly when its quote prints none of
    the phrases naming that indicator (64 cases prosecuted called convictions; 95 victims called prosecutions), the
    words after its number name another, or no sentence printing its number names it ('eight for labor
    trafficking' called investigations)."""
    refused = by_sentence = 0
    for i, row in enumerate(raw()):
        for other in (k for k in INDICATORS if k != row["indicator"]):
            changed = raw()
            changed[i]["indicator"] = other
            found = subject_problems("t.csv", changed)
            said = any(w.startswith(p) for w in row["quote"].casefold().replace("-", " ").split()
                       for p in NAMED_BY[other])
            near = indicators_printed(row["quote"], int(row["value"]))
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", row["quote"])
                         if re.search(rf"(?<![\d,]){re.escape(row['value'])}(?![\d,])", s)
                         or row["value"] == "8" and "eight" in s]
            in_sentence = any(w.startswith(p) for s in sentences for w in s.casefold().replace("-", " ").split()
                              for p in NAMED_BY[other])
            assert sentences, (i, row["value"])
            assert bool(found) == (not said or bool(near) and not near & set(NAMED_BY[other]) or not in_sentence), \
                (i, other, found)
            by_sentence += said and not near and not in_sentence
            assert all(p.field == "indicator" and p.entry == row_entry(changed[i]) for p in found)
            refused += bool(found)
    assert refused >= 100 and by_sentence >= 3, (refused, by_sentence)


def test_the_build_refuses_the_2013_convictions_of_labour_trafficking_called_investigations(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv",
                 "convictions,labor trafficking only,8,", "investigations_cases,labor trafficking only,8,")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert ("indicator: investigations_cases, but no sentence of its quote printing 8 names it ('investigat')"
            in err)


def test_one_page_one_report_year_and_tier():
    """Every real row given another report year or tier than the rows read from its page is refused on that
    column, naming the page's first row."""
    tried = 0
    for i, row in enumerate(raw()):
        siblings = [r for j, r in enumerate(raw()) if j != i and r["url"] == row["url"]]
        for column in PAGE:
            for value in sorted({r[column] for r in raw()} - {row[column]}):
                changed = raw()
                changed[i][column] = value
                found = page_problems("t.csv", changed)
                assert bool(found) == bool(siblings), (i, column, value)
                assert all(p.field == column and "one page, one report" in p.message for p in found)
                tried += bool(siblings)
    assert tried >= 200


def test_the_build_refuses_a_count_of_cases_prosecuted_called_convictions(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external" / paths.TIP_FILE.name, "2022,2021,prosecutions_cases,", "2022,2021,convictions,")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert "(convictions 2022 '2021'): indicator: 'convictions' is not what its words speak of (none of 'convict')" in err


def test_the_words_after_a_number_say_which_form_of_trafficking_it_counts():
    from csecstats.analysis.tip_rows import forms_printed
    quote = ("Of these, just 18 cases led to convictions, 10 for sex trafficking and eight for labor trafficking, a "
             "decline from 44 convictions in 2012.")
    assert [forms_printed(quote, v) for v in (18, 10, 8, 44)] == [set(), {"sex"}, {"labour"}, set()]
    assert forms_printed("identified 322 potential victims of \u201cnon-sexual trafficking\u201d (66 in 2019)", 322) \
        == {"non_sexual"}


def test_a_note_giving_another_form_than_the_quote_prints_is_refused():
    """Every real row whose quote names the form of its number, given every real note of another form (or none),
    is refused on its note; every other row keeps any note."""
    from csecstats.analysis.tip_rows import FORMS, form_of, form_problems, forms_printed
    notes = sorted({r["indicator_note"] for r in raw()})
    printed = [i for i, r in enumerate(raw()) if forms_printed(r["quote"], int(r["value"]))]
    assert len(printed) >= 7
    tried = 0
    for i in printed:
        said = forms_printed(raw()[i]["quote"], int(raw()[i]["value"]))
        for note in notes:
            changed = raw()
            changed[i]["indicator_note"] = note
            found = form_problems("t.csv", changed)
            assert bool(found) == (form_of(note) not in said), (i, note)
            assert all(p.field == "indicator_note" and p.entry == row_entry(changed[i]) for p in found)
            tried += bool(found)
    assert tried >= 100 and set(FORMS) >= {form_of(n) for n in notes}


def test_a_note_claiming_a_form_the_sentence_printing_its_number_never_speaks_of_is_refused():
    """Every real row whose quote names no form right after its number, given every real note: a note claiming a
    form (sex, labour, children ...) is refused exactly when no sentence of the quote printing the number says it
    ('36 prosecutions the year before' is never 'sex trafficking only')."""
    from csecstats.analysis.tip_rows import QUOTE_FORMS, form_of, form_problems, forms_printed
    notes = sorted({r["indicator_note"] for r in raw()})
    unprinted = [i for i, r in enumerate(raw()) if not forms_printed(r["quote"], int(r["value"]))]
    assert len(unprinted) >= 20
    tried = refused_here = 0
    for i in unprinted:
        row = raw()[i]
        sentences = [s.lower() for s in re.split(r"(?<=[.!?])\s+", row["quote"])
                     if re.search(rf"(?<![\d,]){int(row['value']):,}(?![\d,])|(?<![\d,]){row['value']}(?!\d)", s)]
        for note in notes:
            changed = raw()
            changed[i]["indicator_note"] = note
            found = form_problems("t.csv", changed)
            form = form_of(note)
            expected = form != "all" and not any(QUOTE_FORMS[form] in s for s in sentences)
            assert bool(found) == expected, (i, note, sentences)
            tried += 1
            refused_here += expected
    assert tried >= 200 and refused_here >= 50, (tried, refused_here)


def test_the_build_refuses_the_36_prosecutions_said_to_be_of_sex_trafficking_only(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    replace_once(path, "as worded by VOA ('36 prosecutions')", "sex trafficking only")
    err = refused(root, tmp_path / "out", capsys)
    assert ("indicator_note: counts sex trafficking only, but no sentence of its quote printing 36 says "
            "'sex trafficking'") in err, err


def test_a_number_printed_in_a_year_covers_that_year():
    """Every real row whose quote prints its number 'in' a year, given 'not stated' or any other real period, is
    refused on period_covered; 'identifies 69 prosecutions under Cambodia's 2008 law' prints no year for 69."""
    from csecstats.analysis.tip_rows import period_words_problems, years_printed
    assert years_printed("with 36 convicted in 2009 compared to only 11 in 2008", 36) == {2009}
    assert years_printed("only 12 trafficking suspects were convicted between April 2008 and March 2009, compared "
                         "to 52 in the same period a year earlier.", 12) == {2008, 2009}
    assert years_printed("identifies 69 prosecutions under Cambodia\u2019s 2008 Anti-Trafficking Law.", 69) == set()
    periods = sorted({r["period_covered"] for r in raw()})
    dated = [i for i, r in enumerate(raw()) if years_printed(r["quote"], int(r["value"]))]
    assert len(dated) >= 13
    tried = 0
    for i in dated:
        years = years_printed(raw()[i]["quote"], int(raw()[i]["value"]))
        for period in periods:
            changed = raw()
            changed[i]["period_covered"] = period
            found = period_words_problems("t.csv", changed)
            assert bool(found) == any(str(year) not in period for year in years), (i, period)
            tried += bool(found)
    assert tried >= 200


def test_a_row_whose_number_is_printed_as_another_indicator_is_refused():
    """Every real row whose words right after its number name an indicator ('36 prosecutions'), given any
    indicator those words do not name, is refused on its indicator, though its quote names it elsewhere."""
    named = [i for i, r in enumerate(raw()) if indicators_printed(r["quote"], int(r["value"]))]
    assert len(named) >= 10
    tried = 0
    for i in named:
        said = indicators_printed(raw()[i]["quote"], int(raw()[i]["value"]))
        for other in INDICATORS:
            changed = raw()
            changed[i]["indicator"] = other
            found = subject_problems("t.csv", changed)
            assert bool(found) == (not said & set(NAMED_BY[other])), (i, other)
            tried += bool(found)
    assert tried >= 40


def test_a_row_whose_number_follows_an_indicators_noun_and_of_is_that_indicator():
    """'the convictions of 20 trafficking offenders': every real row printing its number right after an
    indicator's noun and 'of' (read plainly here), given every other indicator, is refused on its indicator."""
    nouns = {"convict": "convictions", "prosecut": "prosecutions", "investigat": "investigations", "arrest": "arrests",
             "victim": "victims"}
    tried = 0
    for i, row in enumerate(raw()):
        value = int(row["value"])
        before = [m.start() for m in re.finditer(rf"(?<![\d,]){value:,}(?![\d,])|(?<![\d,]){value}(?!\d)", row["quote"])]
        said = {p for start in before for p in nouns
                if re.search(rf"\b{p}\w*\s+of\s*$", row["quote"][:start], re.IGNORECASE)}
        if not said:
            continue
        for other in INDICATORS:
            changed = raw()
            changed[i]["indicator"] = other
            found = subject_problems("t.csv", changed)
            expected = not said & set(NAMED_BY[other]) and not indicators_printed(row["quote"], value) - said
            if expected:
                assert [p.field for p in found] == ["indicator"], (i, other)
                tried += 1
    assert tried >= 4, tried


def test_the_build_refuses_the_convictions_of_20_offenders_called_prosecutions(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv",
                 "2012,2011,convictions,trafficking offenders,20,", "2012,2011,prosecutions_defendants,trafficking offenders,20,")
    err = refused(root, tmp_path / "out", capsys)
    assert "indicator: prosecutions_defendants, but its quote prints 20 as 'convict'" in err, err


def test_a_comparison_figure_is_one_for_an_earlier_period():
    """Every real row given every real note of the other kind (comparison or not) is refused on its note exactly
    when its period is, or is not, two or more years before its report; real rows pass either way."""
    from csecstats.analysis.tip_rows import comparison_problems
    assert comparison_problems("t.csv", raw()) == []
    notes = sorted({r["indicator_note"] for r in raw()})
    tried = 0
    for i, row in enumerate(raw()):
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", row["period_covered"])]
        old = bool(years) and max(years) <= int(row["report_year"]) - 2
        relative = "earlier" in row["period_covered"] or "before" in row["period_covered"]
        for note in notes:
            changed = raw()
            changed[i]["indicator_note"] = note
            found = comparison_problems("t.csv", changed)
            expected = ("comparison" in note and not (old or relative)) or ("comparison" not in note and old)
            assert bool(found) == expected, (i, note)
            tried += expected
    assert tried >= 270


def test_an_indicator_naming_its_unit_is_never_of_a_unit_not_stated():
    """Every real row given every indicator and every unit: refused on its unit exactly when the indicator fixes
    another unit and the row's unit is stated, or the indicator's name ends in its unit (investigations_cases,
    prosecutions_cases) and the row's unit is 'not stated': '36 prosecutions' of no stated unit are
    prosecutions_defendants, never prosecutions_cases."""
    from csecstats.analysis.tip import UNITS, check_row
    refused_unstated = set()
    for row in raw():
        for indicator, (fixed, _) in INDICATORS.items():
            for unit in UNITS:
                found = [p for p in check_row("t.csv", {**row, "indicator": indicator, "unit": unit})
                         if p.field == "unit" and " is counted in " in p.message]
                named = fixed is not None and indicator.endswith(f"_{fixed}")
                assert bool(found) == (fixed not in (None, unit) and (unit != "not stated" or named)), (
                    row["_row"], indicator, unit)
                if found and unit == "not stated":
                    assert found[0].message == f"{indicator} is counted in {fixed}, as its name says: never in a " \
                                               "unit not stated"
                    refused_unstated.add(indicator)
    assert refused_unstated == {"investigations_cases", "prosecutions_cases"}
    assert [r["_row"] for r in raw() if r["indicator"] == "prosecutions_defendants" and r["unit"] == "not stated"]


def test_the_build_refuses_unstated_prosecutions_called_cases(tmp_path, capsys):
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "tip-report-cambodia-enforcement.csv"
    line = next(x for x in data.read_text(encoding="utf-8").splitlines() if x.startswith("2012,the year before,"))
    replace_once(data, line, line.replace(",prosecutions_defendants,", ",prosecutions_cases,"))
    err = refused(root, tmp_path / "out", capsys)
    assert ": unit: prosecutions_cases is counted in cases, as its name says: never in a unit not stated" in err


def test_a_row_given_a_dated_unstated_period_no_reading_places_is_refused():
    """The first row of every report, given every other row's period_covered: refused with 'placed in time' exactly
    when the new words state no period ('not stated ...', 'the reporting period'), print a year ('context 2021'),
    and no period reading of the row's report (breaks.yml) places them: a period naming a year is never left
    undated."""
    from csecstats.analysis.tip import build_rows
    from csecstats.analysis.tip_periods import UNSTATED
    from csecstats.register.breaks import read_breaks
    declared, readings = read_breaks()[:2]
    assert build_rows("t.csv", raw(), declared, readings)[1] == []
    refused_texts = set()
    firsts = {r["report_year"]: i for i, r in reversed(list(enumerate(raw())))}
    for i, row in ((i, raw()[i]) for i in sorted(firsts.values())):
        for text in sorted({r["period_covered"] for r in raw()} - {row["period_covered"]}):
            changed = raw()
            changed[i]["period_covered"] = text
            found = [p for p in build_rows("t.csv", changed, declared, readings)[1]
                     if "a period that names a year is placed in time" in p.message]
            expected = (text.startswith(UNSTATED) and bool(re.search(r"\b(?:19|20)\d\d\b", text))
                        and (int(row["report_year"]), text) not in readings)
            assert bool(found) == expected, (i, text)
            assert all(p.entry == row_entry(changed[i]) and p.field == "period_covered" for p in found)
            if found:
                refused_texts.add((row["report_year"], text))
    assert refused_texts and {y for y, _ in refused_texts} == {r["report_year"] for r in raw()} - {"2022"}


def test_the_build_refuses_a_2021_row_dated_by_the_2022_reports_context(tmp_path, capsys):
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "tip-report-cambodia-enforcement.csv"
    line = next(x for x in data.read_text(encoding="utf-8").splitlines() if x.startswith("2021,the reporting period,")
                and ",95," in x)
    replace_once(data, line, line.replace("2021,the reporting period,", "2021,not stated (reporting period; context 2021),"))
    err = refused(root, tmp_path / "out", capsys)
    assert ": period_covered: 'not stated (reporting period; context 2021)' prints 2021, but no period reading of the " \
           "2021 report (breaks.yml period_readings) places it" in err


def test_a_row_given_another_rows_note_is_refused_where_the_note_quotes_or_counts_what_the_row_does_not():
    """Every real row given every other row's indicator_note, exhaustively: refused on the note when a word the note
    quotes is not in the row's quote ('investigated' on 64 cases prosecuted), and when the note opens on cases for a
    row of persons or on suspects or offenders for a row of cases ('cases leading to convictions' on 12 suspects
    convicted); a note quoting nothing and opening on no counted noun ('sex trafficking only') is left to the other
    rules."""
    from csecstats.analysis.tip_rows import note_problems
    assert note_problems("t.csv", raw()) == []
    refused_count = 0
    for i, row in enumerate(raw()):
        for note in sorted({r["indicator_note"] for r in raw()} - {row["indicator_note"]}):
            changed = raw()
            changed[i]["indicator_note"] = note
            found = note_problems("t.csv", changed)
            quoted = [q.rstrip(".…") for q in re.findall(r"'([^']+)'", note)]
            unquoted = any(q.casefold() not in row["quote"].replace("“", '"').replace("”", '"').casefold()
                           for q in quoted)
            opening = re.match(r"(?:(?:trafficking|suspected|potential|sex) )*(\w+)", note)
            counts = {"cases": "cases", "suspects": "persons", "traffickers": "persons", "offenders": "persons",
                      "victims": "persons", "children": "persons"}.get(opening.group(1) if opening else "")
            wrong_unit = counts is not None and row["unit"] in ("cases", "persons") and counts != row["unit"]
            assert len(found) == unquoted + wrong_unit, (i, note, found)
            assert all((p.entry, p.field) == (row_entry(changed[i]), "indicator_note") for p in found)
            refused_count += bool(found)
    assert refused_count >= 150


def test_the_build_refuses_a_prosecution_noted_as_investigated_and_suspects_noted_as_cases(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv",
                 "2022,2021,prosecutions_cases,under the anti-trafficking law,64,",
                 "2022,2021,prosecutions_cases,object of 'investigated' truncated,64,")
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv",
                 "trafficking suspects convicted; after the 2008 anti-human trafficking law was enacted",
                 "cases leading to convictions (all forms)")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert "indicator_note: quotes 'investigated', which its quote does not print" in err
    assert "indicator_note: 'cases leading to convictions (all forms)' counts cases, but the row counts persons" in err


def test_a_row_given_another_rows_note_is_refused_where_the_note_says_what_its_quote_never_prints():
    """Every real row given every other row's indicator_note: refused on the note exactly when the note says its
    count is under a law and the quote names no law or code, or after a law and neither its quote nor its caveat
    names one, or says it includes or counts potential ones and the quote never says so ('under the
    anti-trafficking law' on the 370 arrests media reported)."""
    from csecstats.analysis.tip_caveat_words import note_claim_problems
    assert note_claim_problems("t.csv", raw()) == []
    refused_count = 0
    for i, row in enumerate(raw()):
        for note in sorted({r["indicator_note"] for r in raw()} - {row["indicator_note"]}):
            changed = raw()
            changed[i]["indicator_note"] = note
            found = note_claim_problems("t.csv", changed)
            quote, low = row["quote"].casefold(), note.casefold()
            law = re.search(r"\bunder\b.*\blaw\b", low) and not re.search(r"\b(law|code)\b", quote)
            includes = "includ" in low and "includ" not in quote
            potential = "potential" in low and "potential" not in quote
            # counted after a law: its quote or its caveat names one
            after = (re.search(r"\bafter\b.*\blaw\b", low)
                     and not re.search(r"\b(law|code)\b", f"{quote} {row['caveat'].casefold()}"))
            assert [(p.entry, p.field) for p in found] == [(row_entry(changed[i]), "indicator_note")] * bool(
                law or includes or potential or after), (i, note, found)
            refused_count += bool(found)
    assert refused_count >= 200


def test_the_build_refuses_the_arrests_media_reported_noted_as_under_the_anti_trafficking_law(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv",
                 "suspected traffickers arrested, per media reports", "under the anti-trafficking law")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert ("indicator_note: 'under the anti-trafficking law' says its count is under a law, but its quote prints no "
            "such thing") in err


def test_the_build_refuses_the_36_prosecutions_noted_as_after_the_2008_law(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/tip-report-cambodia-enforcement.csv", "as worded by VOA ('36 prosecutions')",
                 "trafficking suspects convicted; after the 2008 anti-human trafficking law was enacted")
    err = refused(root, tmp_path / "out", capsys)
    assert ("indicator_note: 'trafficking suspects convicted; after the 2008 an says its count is after a law, but "
            "its quote prints no such thing (nor its caveat)") in err, err
