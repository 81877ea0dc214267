"""A row's place is the place its own words name: never a publisher's name, a web address or a caveat about
another place. Tried on every real row of every declared source moved to every other place of the vocabulary,
through `csecstats validate FILE` (the build's own reading of the file with its declaration and lineage)."""
from __future__ import annotations

import csv
import hashlib
import functools
import io
from pathlib import Path

import pytest
import yaml_c
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import declared_sources, read_source
from csecstats.analysis.external_rows import row_entry
from csecstats.cli import main
from csecstats.inputs import fingerprint, paths
from csecstats.register import places as place_rules
from csecstats.validate import validate_paths
from real_inputs import project

SOME = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def places() -> dict[str, tuple[str, ...]]:
    return project()[1]


def lineage():
    return project()[0]


@functools.lru_cache(maxsize=1)
def moves() -> list[tuple[str, int, str]]:
    """(source data file name, row index, another place) for every real row with a geography."""
    found = []
    for source in declared_sources(paths.EXTERNAL, None)[0].declared:
        if "geography" not in source.fields:
            continue
        rows = list(csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))))
        found += [(source.data.name, i, place) for i, row in enumerate(rows) for place in places()
                  if place not in (row["geography"], place_rules.COUNTRY)]
    return found


def moved(folder: Path, name: str, index: int, place: str) -> tuple[Path, str]:
    """The real data file with one row's geography changed (every other byte kept), and that row's entry."""
    source = next(s for s in declared_sources(paths.EXTERNAL, None)[0].declared if s.data.name == name)
    text = source.data.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[index]["geography"] = place
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / name
    path.write_text(out.getvalue(), encoding="utf-8")
    (folder / "SHA256SUMS").write_text(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}\n", encoding="utf-8")
    return path, row_entry(source.spec, {**rows[index], "_row": index + 1})


def test_every_real_row_is_placed_by_its_own_words():
    assert [p for p in validate_paths(sorted(paths.EXTERNAL.glob("*.csv"))) if p.field == "geography"] == []
    assert len(moves()) > 300


@SOME
@given(data=st.data())
def test_a_row_moved_to_another_place_is_refused(tmp_path_factory, data):
    """Any real row given another place of the vocabulary is refused on its geography by the build's reading,
    named by file and entry, whether its quote names its own place, or names none and leaves it to its note (the
    published tables' pinned editions lifted, as the ``unpinned`` fixture does, which hypothesis cannot take)."""
    name, index, place = data.draw(st.sampled_from(moves()), label="move")
    path, entry = moved(tmp_path_factory.mktemp("moved"), name, index, place)
    source = next(s for s in declared_sources(paths.EXTERNAL, None)[0].declared if s.data.name == name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fingerprint, "EDITIONS", {})
        _, problems = read_source(source, places(), lineage(), data=path)
    assert (str(path), entry, "geography") in [(p.path, p.entry, p.field) for p in problems], problems


@pytest.mark.parametrize("name, index", [
    ("us-embassy-tip-submissions.csv", 6),  # 18,256 'in Cambodia'; the cable is 'US Embassy Phnom Penh'
    ("us-embassy-tip-submissions.csv", 0),  # 14,725 'in Cambodia'; its caveat quotes '... in Phnom Penh'
    ("external-estimates.csv", 9),          # 18,256 'in Cambodia'; the publisher is the Phnom Penh Post
    ("external-estimates.csv", 10),         # 'approximately 2,000 victims of': no place; its note names none
])
def test_a_publisher_an_address_or_a_caveat_never_places_a_row(tmp_path, capsys, name, index, unpinned):
    path, entry = moved(tmp_path, name, index, "Phnom Penh")
    assert main(["validate", str(path)]) == 2
    assert f"{path}: {entry}: geography: 'Phnom Penh'" in capsys.readouterr().out


def test_the_words_a_vocabulary_declares_name_their_place_as_whole_words():
    capital = {"Phnom Penh": ("capital",), "Cambodia": ()}
    assert place_rules.place_problem("Phnom Penh", "20,000", context="Sex Trade Flourishing in Capital",
                               places=capital) is None
    assert place_rules.place_problem("Phnom Penh", "20,000", context="capitalism in Cambodia", places=capital) \
        == "'Phnom Penh' is not a place its quote or the words around it names (no 'Phnom Penh')"
    assert place_rules.place_problem("Phnom Penh", "20,000", context="Sex Trade Flourishing in Capital",
                               places={"Phnom Penh": (), "Cambodia": ()}) is None  # no place named: its note says
    assert not place_rules.unplaced("20,000", "in Capital", capital)
    assert place_rules.unplaced("20,000", "in Capital", {"Phnom Penh": ()})


def test_a_quote_naming_a_place_is_not_placed_by_the_words_around_it():
    assert place_rules.place_problem("Phnom Penh", "2,000 victims in Cambodia", context="the report says Phnom Penh",
                               places={"Phnom Penh": ()}) is not None
    assert place_rules.place_problem("Phnom Penh", "2,000 victims in Cambodia", context="the report says Phnom Penh") \
        is None  # the register's paragraphs (no vocabulary given) keep reading their context


def test_a_vocabulary_naming_an_unknown_place_or_no_words_is_refused(tmp_path):
    vocabulary = yaml_c.safe_load(paths.VOCABULARY_FILE.read_text(encoding="utf-8"))
    vocabulary["also_named"] = {"Phnom  Penh": ["capital"], "Thailand": [], "Phnom Penh": "capital"}
    path = tmp_path / "vocabulary.yml"
    path.write_text(yaml_c.safe_dump(vocabulary, sort_keys=False, allow_unicode=True), encoding="utf-8")
    found = sorted((p.entry, p.field) for p in validate_paths([path]) if p.entry.startswith("also_named"))
    assert found == [("also_named.Phnom  Penh", "(key)"), ("also_named.Phnom Penh", "(words)"),
                     ("also_named.Thailand", "(words)")]


def test_a_declaration_naming_an_unknown_publisher_or_address_column_is_refused(tmp_path):
    declaration = paths.EXTERNAL / "external-estimates.source.yml"
    spec = yaml_c.safe_load(declaration.read_text(encoding="utf-8"))
    for name in (spec["data"], "SHA256SUMS"):
        (tmp_path / name).write_bytes((paths.EXTERNAL / name).read_bytes())
    found = []
    for change in ({"publishers": ["publisher"]}, {"addresses": "url"}):
        path = tmp_path / declaration.name
        path.write_text(yaml_c.safe_dump({**spec, **change}, sort_keys=False, allow_unicode=True), encoding="utf-8")
        found += [(p.entry, p.field, p.message[:25]) for p in validate_paths([path])]
    assert found == [("publishers", "(column)", "unknown column 'publisher"), ("addresses", "(key)", "expected list")]


def test_a_row_whose_quote_names_only_another_place_moved_to_the_country_is_refused(tmp_path_factory):
    """Each real row whose quote names a place of the vocabulary and not the country (Phnom Penh's 2,129,371, the
    1990 1,500 'working in Phnom Penh'...) is refused when moved to Cambodia."""
    tried = 0
    for source in declared_sources(paths.EXTERNAL, None)[0].declared:
        if "geography" not in source.fields:
            continue
        rows = list(csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))))
        for i, row in enumerate(rows):
            quote = row["quote"].casefold()
            if (row["geography"] == place_rules.COUNTRY or place_rules.COUNTRY.casefold() in quote
                    or row["geography"].casefold() not in quote):
                continue
            path, entry = moved(tmp_path_factory.mktemp("national"), source.data.name, i, place_rules.COUNTRY)
            _, problems = read_source(source, places(), lineage(), data=path)
            assert (str(path), entry, "geography") in [(p.path, p.entry, p.field) for p in problems], problems
            tried += 1
    assert tried >= 6


def test_words_naming_a_place_only_as_an_embassys_seat_never_place_a_figure_there():
    """'MoT with support of UNIAP and British Embassy in Phnom Penh ... produced 13,000 pamphlets': a figure's
    quote, read with words around it that name no place but the seat, never places it where the embassy sits; the
    same words naming the place elsewhere do. Every real quote printing an embassy's seat."""
    import re
    from real_inputs import checked_register
    seat = re.compile(r"Embassy (?:in|at) (Phnom Penh|Cambodia)")
    quotes = {f["quote"] for f in checked_register().figures if seat.search(f["quote"])}
    assert len(quotes) >= 1  # the tourism ministry's pamphlets and sessions
    for quote in quotes:
        for place in {m.group(1) for m in seat.finditer(quote)} - {"Cambodia"}:
            assert place_rules.place_problem(place, quote, context=quote) == (
                f"{place!r} is not a place its quote or the words around it names (no {place!r})"), quote
            assert place_rules.place_problem(place, quote, context=f"{quote} Sessions were held in {place}.") is None
