"""Each triangulation quantity gathers rows, and rows measuring one thing. Tried by moving every real quantity's
indicators onto every other quantity, and its geography onto every place."""
from __future__ import annotations

import dataclasses
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis import comparisons as C
from csecstats.analysis import triangulation as T
from csecstats.inputs.errors import ValidationFailed


@functools.lru_cache(maxsize=1)
def real() -> dict:
    return {k: f() for k, f in T.READERS.items()}


@functools.lru_cache(maxsize=1)
def built():
    return T.triangulate(**real())


def gathered(comparisons) -> list[str]:
    """The problems triangulating the real inputs with ``comparisons`` raises, as text ([] when it builds)."""
    try:
        frame = T.triangulate(**{**real(), "comparisons": comparisons})
    except ValidationFailed as failed:
        return [str(p) for p in failed.problems]
    return [str(p) for p in C.gathering_problems(frame, comparisons)]


def test_every_real_quantity_gathers_rows_measuring_one_thing():
    frame = built()
    assert C.gathering_problems(frame, real()["comparisons"]) == []
    assert set(real()["comparisons"].quantities) <= set(frame["quantity"])
    assert frame.groupby("quantity")["measures"].nunique().max() == 1


@settings(max_examples=15, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_quantity_given_another_quantitys_indicators_measuring_another_thing_is_refused(data):
    comparisons = real()["comparisons"]
    frame = built()
    names = sorted(comparisons.quantities)
    target, donor = data.draw(st.sampled_from([(a, b) for a in names for b in names if a != b]), label="pair")
    side = data.draw(st.sampled_from([0, 1]), label="side")  # report or external indicators
    report, external, geography = comparisons.quantities[target]
    moved = (comparisons.quantities[donor][0], external) if side == 0 else (report, comparisons.quantities[donor][1])
    if set(moved[side]) == set(comparisons.quantities[target][side]) or not moved[side]:
        return
    quantities = {**comparisons.quantities, target: (*moved, geography)}
    found = gathered(dataclasses.replace(comparisons, quantities=quantities, apart=()))  # pairs kept apart aside
    kept = frame[(frame["quantity"] == target) & frame["indicator"].isin(comparisons.quantities[target][1 - side])]
    new = frame[(frame["quantity"] == donor) & frame["indicator"].isin(moved[side])]
    if geography is not None:
        new = new[new["geography"] == geography]
    if len(set(kept["measures"]) | set(new["measures"])) > 1:
        assert any(f": {target}: report_indicators: gathers rows measuring " in p for p in found), found


@pytest.mark.parametrize("quantity, place", [("victims_rescued", "Phnom Penh"), ("arrests", "Thailand")])
def test_a_quantity_restricted_to_a_place_none_of_its_rows_is_of_is_refused(quantity, place):
    comparisons = real()["comparisons"]
    report, external, _ = comparisons.quantities[quantity]
    found = gathered(dataclasses.replace(comparisons, quantities={**comparisons.quantities,
                                                                  quantity: (report, external, place)}))
    assert [p.split(": ", 1)[1] for p in found] == [
        f"{quantity}: geography: gathers no row of {place}: never an empty group"]


def test_victims_rescued_compared_with_the_reports_sex_workers_is_refused():
    comparisons = real()["comparisons"]
    _, external, geography = comparisons.quantities["victims_rescued"]
    found = gathered(dataclasses.replace(comparisons, quantities={
        **comparisons.quantities, "victims_rescued": (("sex_workers",), external, geography)}))
    assert any("victims_rescued: report_indicators: gathers rows measuring detection and prevalence" in p
               for p in found), found


def test_no_indicator_is_gathered_by_two_quantities_whose_places_meet():
    """Every real indicator moved into every other quantity's list (report or external): refused on the later of
    the two quantities exactly when their places meet (the same place, or either of any place); the real
    declarations, where the report's sex workers are gathered for Phnom Penh and for Cambodia apart, pass."""
    import yaml_c

    from csecstats.inputs import paths
    from csecstats.register.documents import one_quantity_problems
    quantities = yaml_c.safe_load(paths.TRIANGULATION_FILE.read_text(encoding="utf-8"))["quantities"]
    assert one_quantity_problems("t.yml", quantities) == []
    tried = 0
    for field in ("report_indicators", "external_indicators"):
        for i, donor in enumerate(quantities):
            for j, target in enumerate(quantities):
                for name in (n for n in donor[field] if i != j and n not in target[field]
                             and sum(n in q[field] for q in quantities) == 1):  # sex workers: two places apart
                    moved = [dict(q) for q in quantities]
                    moved[j][field] = [*target[field], name]
                    meet = None in (donor["geography"], target["geography"]) or \
                        donor["geography"] == target["geography"]
                    first, later = sorted((donor, target), key=quantities.index)
                    place = "any place" if first["geography"] is None else first["geography"]
                    assert [str(p) for p in one_quantity_problems("t.yml", moved)] == ([
                        f"t.yml: {later['id']}: {field}: {name!r} is gathered by {first['id']} too ({place}): a "
                        "row is one quantity"] if meet else []), (field, donor["id"], target["id"], name)
                    tried += meet
    assert tried >= 60


def test_the_build_refuses_arrests_that_gather_the_victims_rescued(tmp_path, capsys):
    """The arrests quantity given the external victims rescued (the victims_rescued quantity's): exit 2, named on
    the later quantity's field, nothing written."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    replace_once(path, "external_indicators: [suspects_arrested, traffickers_arrested, suspects_to_court]",
                 "external_indicators: [victims_rescued]")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: victims_rescued: external_indicators: 'victims_rescued' is gathered by arrests too (any "
            "place): a row is one quantity") in err


def test_every_quantity_moved_to_a_place_is_refused_exactly_when_it_leaves_out_one_of_its_rows():
    """Every quantity given every place of the vocabulary (or none): where the table still builds, refused with
    'leaves out' exactly when one of the rows it gathers in the real table, of another place, is missing from the
    new table, naming each such row (no other quantity gathers it: no indicator is gathered by two quantities whose
    places meet; a compared estimate stays, its quantity declared by name)."""
    from csecstats.register.load import load_vocabulary
    inputs, frame = real(), built()
    comparisons = inputs["comparisons"]
    assert C.gathering_problems(frame, comparisons, tables=inputs["tables"], sources=inputs["sources"]) == []
    refused = {}
    for quantity, (report, external, place) in comparisons.quantities.items():
        for other in [None, *load_vocabulary()[0].geographies]:
            moved = dataclasses.replace(comparisons, quantities={**comparisons.quantities,
                                                                 quantity: (report, external, other)})
            try:
                table = T.triangulate(**{**inputs, "comparisons": moved})
            except ValidationFailed:
                continue
            found = [p for p in C.gathering_problems(table, moved, tables=inputs["tables"], sources=inputs["sources"])
                     if "leaves out" in p.message]
            mine = frame[frame["quantity"] == quantity]
            outside = sorted(set(mine.loc[mine["geography"] != other, "record_id"]) - set(table["record_id"]))
            assert sorted(p.message.split(" leaves out ")[1].split(" (")[0] for p in found) == outside, (quantity, other)
            assert all(p.entry == quantity and p.field == "geography" for p in found)
            if found:
                refused[(quantity, other)] = len(found)
    assert refused[("trafficked_sex_workers", "Cambodia")] == 1 and refused[("population", "Cambodia")] == 2
    assert len(refused) >= 20


def test_the_build_refuses_trafficked_sex_workers_restricted_to_cambodia(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    replace_once(path, "    external_indicators: [trafficked_sex_workers]\n    geography: null   # any place\n",
                 "    external_indicators: [trafficked_sex_workers]\n    geography: Cambodia\n")
    err = refused(root, tmp_path / "out", capsys)
    assert ("triangulation.yml: trafficked_sex_workers: geography: Cambodia leaves out "
            "ext_trafficked_sex_workers_phnom_penh_2003 (Phnom Penh), which no quantity gathers") in err


def test_a_quantity_dropping_the_report_indicator_named_like_one_it_gathers_from_outside_is_refused():
    """Every quantity with its report indicators dropped ([]): refused on report_indicators exactly when it gathers
    an external indicator of the same name as a report indicator whose figures then no quantity gathers (the
    embassy's share_vietnamese compared without the report's); the real declarations pass."""
    comparisons, tables, sources = real()["comparisons"], real()["tables"], real()["sources"]
    assert C.gathering_problems(built(), comparisons, tables=tables, sources=sources) == []
    refused_quantities = set()
    for quantity, (report, external, geography) in comparisons.quantities.items():
        if not report:
            continue
        moved = dataclasses.replace(comparisons, quantities={**comparisons.quantities, quantity: ((), external,
                                                                                                   geography)})
        try:
            frame = T.triangulate(**{**real(), "comparisons": moved})
        except ValidationFailed:  # a pair declared not comparable lost its report row: refused by that rule
            continue
        found = [str(p) for p in C.gathering_problems(frame, moved, tables=tables, sources=sources)
                 if ": report_indicators: " in str(p)]
        figures = tables["figures"]
        left = figures[figures["indicator"].isin(set(report) & set(external))
                       & ~figures["figure_id"].isin(set(frame["record_id"]))]
        assert bool(found) == (not left.empty), (quantity, found)
        refused_quantities |= {quantity} if found else set()
    assert refused_quantities >= {"share_vietnamese_sex_workers", "victims_rescued", "sex_workers_cambodia"}


def test_the_build_refuses_the_embassys_vietnamese_share_compared_without_the_reports(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    replace_once(path, "    report_indicators: [share_vietnamese]\n", "    report_indicators: []\n")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: share_vietnamese_sex_workers: report_indicators: [], but it gathers the external "
            "'share_vietnamese' and no quantity gathers the report's share_vietnamese_sex_workers_cambodia_2003 of "
            "that indicator") in err


def test_every_quantity_deleted_leaves_its_rows_of_a_definition_two_tables_share_refused():
    """Every real quantity deleted: each row it gathered that shares a definition, place, year and unit with a row
    of another table (the report's ethnic shares and the embassy's) and that no other quantity gathers is refused
    on its own id; a quantity whose rows no other table shares leaves nothing to refuse by this rule."""
    comparisons, tables, sources = real()["comparisons"], real()["tables"], real()["sources"]
    keyed = {}
    for s in [None, *sources.declared]:
        table = tables["figures"] if s is None else sources.frames.get(s.name)
        if table is None or not {"definition", "geography", "unit"} <= set(table.columns):
            continue
        ids = table["figure_id" if s is None else s.id_column]
        years = (table["period_start"].astype("string").str[:4] if "period_start" in table
                 else table["year"].astype("string"))
        for record, *key in zip(ids, table["definition"], table["geography"], years, table["unit"]):
            if all(isinstance(k, str) for k in key):
                keyed[record] = (tuple(key), "figures" if s is None else s.name)
    shared = {k for k, _ in keyed.values() if len({t for kk, t in keyed.values() if kk == k}) > 1}
    frame, refused_any = built(), 0
    for quantity in comparisons.quantities:
        kept = frame[frame["quantity"] != quantity]
        found = {p.entry for p in C._ungathered_problems("triangulation.yml", tables["figures"], sources,
                                                          set(kept["record_id"]))}
        expected = {r for r in set(frame["record_id"]) - set(kept["record_id"])
                    if r in keyed and keyed[r][0] in shared}
        assert found == expected, quantity
        refused_any += bool(found)
    assert refused_any >= 3  # the two ethnic shares and the national sex-worker count at least


def test_the_build_refuses_the_khmer_shares_left_out_of_the_triangulation(tmp_path, capsys):
    from real_inputs import project_copy, refused
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: share_khmer_sex_workers")
    path.write_text(text[:start] + text[text.index("  - id:", start + 5):], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: share_khmer_sex_workers_cambodia_2003: (quantities): ethnicity_as_classified in Cambodia, 2003, "
            "in share") in err, err
