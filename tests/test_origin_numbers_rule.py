"""The numbers an origin's own words print (origins.yml: producer, title, method, counted) are its own: each is
printed by its accounts, by the quote of a row resting on it or by such a row's definition; years and days of a
month aside. Tried on every origin given every other origin's words, field by field, against a reading of the
numbers written here apart from the rule's."""
from __future__ import annotations

import functools
import re

import pandas as pd
from test_origin_counted_rule import _swapped

from csecstats import built_tables
from csecstats.analysis.origin_rows import OWN_NUMBERS, own_number_problems
from csecstats.inputs import paths
from real_inputs import project, refused

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def numbers(text: str) -> set[float]:
    """Every number ``text`` prints, as a value: '18,256' is one number, '12-17' two, '65.6' one; a four-digit
    year from 1900 to 2099, a day before a month's name and a date written 2024-08-12 are left out."""
    text = re.sub(rf"\b\d{{1,2}} (?:{'|'.join(MONTHS)})|\b\d{{4}}-\d\d(?:-\d\d)?\b", " ", text)
    found = set()
    for token in re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?", text):
        if not re.fullmatch(r"(?:19|20)\d\d", token):
            found.add(float(token.replace(",", "")))
    return found


@functools.lru_cache(maxsize=1)
def printed() -> dict[str, set[float]]:
    """Each origin -> the numbers its accounts, its rows' quotes and its rows' definitions print."""
    lineage = project()[0]
    tables = built_tables()
    found = {o: numbers(str(spec.get("accounts") or "")) for o, spec in lineage.origins.items()}
    for frame in [tables["figures"], *(tables[s.name] for s in project()[2].declared)]:
        for origin, quote, definition in zip(frame["origin_id"], frame["quote"], frame["definition"]):
            if isinstance(origin, str):
                found.setdefault(origin, set()).update(
                    numbers(str(quote)) | numbers(str(lineage.definitions.get(definition, ""))))
    return found


def resting() -> list[pd.DataFrame]:
    tables = built_tables()
    return [tables["figures"], *(tables[s.name] for s in project()[2].declared)]


def test_every_real_origins_numbers_are_printed_by_its_accounts_or_rows():
    lineage = project()[0]
    assert own_number_problems(lineage.origins, resting(), lineage.definitions, "origins.yml") == []
    # the real words print numbers the rule reads (not only years): the test below is not vacuous
    assert numbers(lineage.origins["national_assembly_1997"]["counted"]) == {12.0, 17.0, 81.0, 18.0}
    assert numbers(lineage.origins["steinfatt_2003"]["counted"]) == {16.0}


def test_every_origin_given_every_other_origins_words_is_refused_exactly_when_they_print_a_number_not_its_own():
    lineage = project()[0]
    tried = 0
    for origin in lineage.origins:
        for other, spec in lineage.origins.items():
            for field in OWN_NUMBERS:
                swapped = {origin: {**lineage.origins[origin], field: spec.get(field)}}
                found = own_number_problems(swapped, resting(), lineage.definitions, "origins.yml")
                expected = bool(numbers(str(spec.get(field) or "")) - printed().get(origin, set()))
                assert [(p.entry, p.field) for p in found] == ([(origin, field)] if expected else []), \
                    (origin, other, field)
                tried += expected
    assert tried >= 90


def test_a_number_changed_in_an_origins_words_is_refused():
    lineage = project()[0]
    spec = lineage.origins["national_assembly_1997"]
    changed = {"national_assembly_1997": {**spec, "counted": spec["counted"].replace("81%", "85%")}}
    found = own_number_problems(changed, resting(), lineage.definitions, "origins.yml")
    assert [(p.entry, p.field) for p in found] == [("national_assembly_1997", "counted")]
    assert "prints 85," in found[0].message


def test_the_build_refuses_the_national_assemblys_counted_given_to_steinfatts_study(tmp_path, capsys):
    root, path = _swapped(tmp_path, "steinfatt_2003", "national_assembly_1997")  # its counted given the other's
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: steinfatt_2003: counted: 'Contested: sex workers in Phnom Penh and the share aged 12-1...' "
            "prints 12, 17, 18, 81, which neither its accounts nor a row resting on it (its quote, its definition) "
            "print: another origin's words?") in err
    assert paths.ROOT != root
