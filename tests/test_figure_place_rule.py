"""A figure of the country is never one whose quote names only other places: the report's '20,000 sex workers in
Phnom Penh' or '88,000 Cambodian women in Thailand' given the geography Cambodia is refused on its geography. A
place is named as whole words ('Cambodian' does not name Cambodia; 'Phnom Penh²' names Phnom Penh), and a place
named only as where an embassy sits ('British Embassy in Phnom Penh') places no number. Tried on every figure of
the register moved to the country, against the figures whose quotes were read by eye."""
from __future__ import annotations

import dataclasses

from real_inputs import checked_register, project_copy, refused, replace_once

from csecstats.register.places import COUNTRY, place_problem
from csecstats.register.rules import register_problems

# Read by eye: the figures whose quote names another place of the vocabulary and not Cambodia (the other figures
# of another place print no place in their quote: 'six government's', 'the 6 countries', or name Cambodia too).
NAMES_ONLY_ANOTHER_PLACE = {
    "children_domestic_servitude_phnom_penh", "sex_workers_phnom_penh_1992", "sex_workers_phnom_penh_1997",
    "share_aged_12_17_sex_workers_phnom_penh_1997", "cambodian_women_in_thailand", "mot_awareness_sessions",
    "mot_awareness_people", "mot_awareness_locations", "cosecam_job_placement_networks"}
# Read by eye: the figures counting several nations ('the six Greater Mekong Sub-region (GMS) governments', 'the 6
# countries'): never one country's, whatever their quote names.
COUNTS_NATIONS = {"commit_gms_governments", "commit_mou_governments", "uniap_countries"}


register = checked_register  # the register, read and checked once per test process


def test_every_figure_moved_to_the_country_is_refused_exactly_when_its_quote_names_only_another_place():
    """... or when it counts several nations (national governments, countries: one country has one government)."""
    real = register()
    assert register_problems(real) == []  # every real figure keeps its place, the embassy's seat among them
    embassy = [f for f in real.figures if "Embassy in Phnom Penh" in f["quote"]]
    assert embassy and all(f["geography"] == COUNTRY for f in embassy)
    found = set()
    for figure in real.figures:
        if figure["geography"] == COUNTRY:
            continue
        moved = dataclasses.replace(real, figures=[{**f, "geography": COUNTRY} if f is figure else f
                                                   for f in real.figures])
        problems = register_problems(moved)
        assert {(p.entry, p.field) for p in problems} <= {(figure["figure_id"], "geography")}
        if problems:
            assert problems[0].message.startswith(("'Cambodia', but its quote names ", "'Cambodia', but the figure "
                                                   "counts 6 governments", "'Cambodia', but the figure counts 6 countries"))
            found.add(figure["figure_id"])
    assert found == NAMES_ONLY_ANOTHER_PLACE | COUNTS_NATIONS


def test_a_place_is_named_as_whole_words_and_never_by_an_embassys_seat():
    places = {COUNTRY: (), "Phnom Penh": ("capital",), "Thailand": ()}
    assert place_problem(COUNTRY, "88,000 Cambodian women in Thailand", places=places) \
        == "'Cambodia', but its quote names 'Thailand' only"
    assert place_problem(COUNTRY, "88,000 women of Cambodia in Thailand", places=places) is None
    assert place_problem(COUNTRY, "sold in the capital Phnom Penh².", places=places) \
        == "'Cambodia', but its quote names 'Phnom Penh' only"
    assert place_problem(COUNTRY, "UNIAP and British Embassy in Phnom Penh produced 13,000 pamphlets",
                         places=places) is None
    assert place_problem(COUNTRY, "the Embassy in Phnom Penh counted 13,000 people in Phnom Penh",
                         places=places) == "'Cambodia', but its quote names 'Phnom Penh' only"
    assert place_problem("Phnom Penh", "20,000 in Phnom Penh²", places=places) is None


def test_the_build_refuses_phnom_penhs_sex_workers_given_to_the_country(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data" / "raw" / "figures.yml", "    geography: Phnom Penh\n    period: \"1992\"\n",
                 "    geography: Cambodia\n    period: \"1992\"\n")
    err = refused(root, tmp_path / "out", capsys)
    assert "figures.yml: sex_workers_phnom_penh_1992: geography: 'Cambodia', but its quote names 'Phnom Penh' only" \
        in err


def test_the_build_refuses_the_six_greater_mekong_governments_given_to_the_country(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  - id: commit_gms_governments\n")
    old = "    geography: Greater Mekong Sub-region\n"
    assert text.index(old, at) < text.index("  - id: ", at + 1)  # the figure's own geography
    path.write_text(text[:at] + text[at:].replace(old, "    geography: Cambodia\n", 1), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: commit_gms_governments: geography: 'Cambodia', but the figure counts 6 governments: more than "
            "one nation is never one country's") in err
