"""A check's description says what its figures print: the years it names are its figures' ('Confirmed trafficking
cases (2003)'), a names_count's number is its figure's ('18 member NGOs'), an at_most's part and whole are named in
words of the clauses printing them ('suspected cases', never 'rescued victims'). Tried on every real check with its
years moved, its count changed and another check's description, and through the build."""
from __future__ import annotations

import dataclasses
import functools
import re

from csecstats.analysis.checks import _YEAR, description_problems, load_rules
from csecstats.tables import figures as tables
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def figures():
    return tables.load_tables()["figures"]


def problems(rule, description: str) -> list[str]:
    return [p.message for p in description_problems(dataclasses.replace(rule, description=description), figures(),
                                                    path="checks.yml")]


def test_every_real_description_says_what_its_figures_print():
    assert all(description_problems(rule, figures(), path="checks.yml") == [] for rule in load_rules())


def test_every_year_a_description_names_moved_is_refused():
    moved = 0
    for rule in load_rules():
        for year in set(_YEAR.findall(rule.description)):
            for shift in (-1, 1):
                lie = rule.description.replace(year, str(int(year) + shift))
                assert len(problems(rule, lie)) == len(rule.figure_ids()), (rule.check_id, lie)
                moved += 1
    assert moved == 6  # 2003 in each of three descriptions, a year earlier and later


def test_every_names_count_given_another_count_is_refused():
    tried = 0
    for rule in (r for r in load_rules() if r.rule == "names_count"):
        count = re.search(r"(?<![\d,.])\d+\b|\b(?:six|Three|three)\b", rule.description)
        value = int(figures().set_index("figure_id").at[rule.fields["figure"], "value"])
        for other in range(1, 25):
            lie = rule.description[:count.start()] + str(other) + rule.description[count.end():]
            assert bool(problems(rule, lie)) == (other != value), (rule.check_id, lie)
            tried += other != value
    assert tried == 5 * 23


def test_every_at_most_given_another_checks_words_is_refused():
    rules = [r for r in load_rules() if r.rule == "at_most"]
    tried = 0
    for rule in rules:
        for other in rules:
            if other is not rule:
                assert problems(rule, other.description), (rule.check_id, other.check_id)
                tried += 1
        part, whole = rule.description.split(" cannot exceed ")
        assert problems(rule, f"{part} cannot exceed rescued victims.")
        assert problems(rule, f"Victims rescued cannot exceed {whole}")
    assert tried == 2


def test_the_build_refuses_confirmed_cases_said_to_be_at_most_rescued_victims(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/checks.yml", "cannot exceed suspected cases.", "cannot exceed rescued victims.")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/checks.yml'}: confirmed_le_suspected_2003: description: calls the whole "
                     "'rescued victims', but suspected_cases_2003 is printed as 'the Department reported 257 cases of "
                     "suspected human trafficking'"]


# --------------------------------------------------------------- the names a description gives

def named(rule, description: str) -> list[str]:
    from csecstats.analysis.checks import rule_problems
    from csecstats.source.reader import read_report
    return [p.message for p in rule_problems([dataclasses.replace(rule, description=description)], figures(),
                                             read_report(), path="checks.yml") if p.message.startswith("names '")]


@functools.lru_cache(maxsize=1)
def _report_names() -> tuple[str, ...]:
    """Capitalised words the report prints mid-sentence and never in lower case: names ('Thai', 'UNICEF')."""
    from csecstats.source.reader import read_report
    body = read_report().body_text
    lower = set(re.findall(r"[a-z]+", body))
    return tuple(sorted(w for w in set(re.findall(r"(?<=[a-z,] )[A-Z][A-Za-z]+\b", body)) if w.lower() not in lower))


def test_every_real_description_names_only_what_its_figures_paragraphs_print():
    assert [(r.check_id, named(r, r.description)) for r in load_rules() if named(r, r.description)] == []


def test_every_name_a_descriptions_figures_do_not_print_is_refused_in_place_of_each_of_its_names():
    from csecstats.register.actors import unprinted_names
    from csecstats.source.reader import read_report
    report, tried = read_report(), 0
    quotes = dict(zip(figures()["figure_id"], figures()["quote"]))
    for rule in load_rules():
        held = " ".join(p.text for fid in rule.figure_ids() for p in report.find_quotes(quotes[fid]))
        own = [m for m in re.finditer(r"\b[A-Z][A-Za-z]*\b", rule.description) if m.start() > 0]
        printed = set(re.findall(r"[A-Za-z]+", held))
        for name in (n for n in _report_names() if n not in printed):
            for m in own:  # each of its names after the first given another the report prints elsewhere
                lie = rule.description[:m.start()] + name + rule.description[m.end():]
                assert unprinted_names(lie, held, report.body_text) == [name], (rule.check_id, lie)
                tried += 1
            # and as the first word, where no sentence's opener stands
            assert name in unprinted_names(f"{name} {rule.description}", held, report.body_text), (rule.check_id, name)
    assert tried > 500
    ethnic = next(r for r in load_rules() if r.check_id == "ethnic_shares_2003")
    assert named(ethnic, "Khmer and Chinese shares of the 2003 sex-worker estimate add up to at most 100%.") == \
        ["names 'Chinese', which the paragraphs of its figures do not print"]


def test_the_build_refuses_the_ethnic_shares_described_as_khmer_and_chinese(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/checks.yml", "Khmer and Vietnamese shares", "Khmer and Chinese shares")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/checks.yml'}: ethnic_shares_2003: description: names 'Chinese', which the "
            "paragraphs of its figures do not print") in err
