"""A quantity of one place gathers only rows of that place: a compared estimate or a TIP row (gathered by name, not
by place) of another place is refused. Tried on every compared estimate given every quantity, every quantity given
every place, and through the build (the report's Phnom Penh count after UNTAC compared as the country's)."""
from __future__ import annotations

import dataclasses
import functools

from csecstats.analysis import comparisons as C
from csecstats.analysis import triangulation as T
from csecstats.inputs.errors import ValidationFailed
from csecstats.register.load import load_vocabulary
from real_inputs import project_copy, refused, replace_once

RULE = ": a quantity of one place gathers only rows of that place"


@functools.lru_cache(maxsize=1)
def real() -> dict:
    return {k: f() for k, f in T.READERS.items()}


def placed(comparisons) -> tuple[list, object] | None:
    """The rule's problems triangulating the real inputs with ``comparisons`` and the table, or None when another
    rule refuses the table first."""
    try:
        frame = T.triangulate(**{**real(), "comparisons": comparisons})
    except ValidationFailed:
        return None
    return [p for p in C.gathering_problems(frame, comparisons) if p.message.endswith(RULE)], frame


def test_every_real_quantity_gathers_only_rows_of_its_place():
    comparisons = real()["comparisons"]
    found, frame = placed(comparisons)
    assert found == []
    places = {q: spec[2] for q, spec in comparisons.quantities.items() if spec[2]}
    assert set(places) & set(frame["quantity"]) == set(places)


def test_every_compared_estimate_given_every_quantity_is_refused_exactly_when_its_place_differs():
    comparisons = real()["comparisons"]
    built = placed(comparisons)[1]
    places = dict(zip(built["record_id"], built["geography"]))
    refused_pairs = set()
    for estimate, (_, indicator) in comparisons.estimates.items():
        for quantity, (_, _, place) in comparisons.quantities.items():
            moved = dataclasses.replace(comparisons, estimates={**comparisons.estimates,
                                                                estimate: (quantity, indicator)}, apart=())
            result = placed(moved)
            if result is None:
                continue
            found = [(p.entry, p.field) for p in result[0]]
            wrong = place is not None and place != places[estimate]
            assert found == ([(estimate, "quantity")] if wrong else []), (estimate, quantity, found)
            refused_pairs |= {(estimate, quantity)} if wrong else set()
    assert ("sex_workers_phnom_penh_after_untac", "sex_workers_cambodia") in refused_pairs
    assert ("trafficked_sex_workers_cambodia_2003_as_printed", "sex_workers_phnom_penh") in refused_pairs


def test_every_quantity_given_every_place_names_each_gathered_row_of_another_place():
    """Every quantity given every place of the vocabulary (or none): where the table still builds, the rule names
    exactly the rows of the new table gathered for that quantity from another place (its TIP rows and compared
    estimates: report and external rows are chosen by place), on the estimate's quantity or the quantity's place."""
    comparisons = real()["comparisons"]
    named = 0
    for quantity, (report, external, _) in comparisons.quantities.items():
        for place in [None, *load_vocabulary()[0].geographies]:
            moved = dataclasses.replace(comparisons, quantities={**comparisons.quantities,
                                                                 quantity: (report, external, place)},
                                    apart=())  # pairs kept apart aside: a pair losing a row is refused by its rule
            result = placed(moved)
            if result is None:
                continue
            found, frame = result
            rows = frame[(frame["quantity"] == quantity) & (frame["geography"] != place)] if place else frame[:0]
            expected = sorted((r, "quantity") if r in comparisons.estimates else (quantity, "geography")
                              for r in rows["record_id"])
            assert sorted((p.entry, p.field) for p in found) == expected, (quantity, place)
            assert all(str(place) in p.message for p in found)
            named += len(found)
    assert named >= 30  # the police cases' four TIP rows and the two estimates, each moved to five places they are not of


def test_the_build_refuses_the_phnom_penh_count_after_untac_compared_as_the_countrys(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    replace_once(path, "  - id: sex_workers_phnom_penh_after_untac        # \"nearly cut in half\" read as a count\n"
                       "    quantity: sex_workers_phnom_penh\n",
                 "  - id: sex_workers_phnom_penh_after_untac\n    quantity: sex_workers_cambodia\n")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: sex_workers_phnom_penh_after_untac: quantity: sex_workers_cambodia (of Cambodia), but the "
            "estimate is of Phnom Penh: a quantity of one place gathers only rows of that place") in err
