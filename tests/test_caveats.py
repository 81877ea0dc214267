"""Caveats as data: every caveat carries a priority from the ranked vocabulary, tables keep rank order."""
import re
from pathlib import Path

import pandas as pd
import pytest

from csecstats.register import caveats as C
from csecstats.analysis import declarations
from csecstats.analysis import estimates as E
from csecstats.inputs import paths
from csecstats.inputs.errors import ValidationFailed
import real_inputs


def test_ranks_are_the_documented_table_and_an_unknown_priority_has_none():
    """The documented table of caveat priorities (docs/ARCHITECTURE.md: rank, priority) is the order tables
    and charts use."""
    readme = (Path(__file__).resolve().parents[1] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    documented = {p: int(r) for r, p in re.findall(r"^\| (\d) \| `(\w+)` \|", readme, re.MULTILINE)}
    assert documented == {"reading": 1, "qualifies": 2, "provenance": 3}
    assert {p: C.rank_of(p) for p in documented} == documented
    shuffled = [{"priority": p, "text": p} for p in ("provenance", "qualifies", "reading")]
    assert [c["priority"] for c in C.ranked(shuffled)] == sorted(documented, key=documented.get)
    with pytest.raises(ValueError):
        C.rank_of("urgent")


def test_ranked_keeps_written_order_within_a_priority():
    written = [{"priority": "provenance", "text": "p"}, {"priority": "reading", "text": "r1"},
               {"priority": "qualifies", "text": "q"}, {"priority": "reading", "text": "r2"}]
    assert [c["text"] for c in C.ranked(written)] == ["r1", "r2", "q", "p"]


@pytest.mark.parametrize("value, field", [
    ("text", "caveats"), (["text"], "caveats[1]"), ([{"priority": "urgent", "text": "t"}], "caveats[1].priority"),
    ([{"priority": "reading"}], "caveats[1].text"), ([{"priority": "reading", "text": "t", "x": 1}], "caveats[1].x"),
])
def test_bad_caveats_are_problems_naming_the_item(value, field):
    rows, problems = C.read_caveats("f.yml", "fig", "caveats", value)
    assert rows == [] and field in {p.field for p in problems}
    assert all(str(p).startswith(f"f.yml: fig: {p.field}: ") for p in problems)


def test_cells_split_back_into_the_caveats_they_were_joined_from():
    caveats = C.ranked([{"priority": "qualifies", "text": "A."}, {"priority": "reading", "text": "B."}])
    assert C.split(C.joined(caveats), C.joined(caveats, "priority")) == caveats
    with pytest.raises(ValueError):
        C.split("A. | B.", "reading")


@pytest.fixture(scope="module")
def processed():
    read = lambda name: pd.read_csv(paths.PROCESSED / f"{name}.csv")  # noqa: E731
    return read("figures"), read("estimates"), read("caveats")


def test_every_caveat_of_the_tables_has_a_known_priority_in_rank_order(processed):
    figures, estimates, caveats = processed
    for frame, id_column in ((figures, "figure_id"), (estimates, "estimate_id")):
        for _, row in frame.iterrows():
            ranks = [C.rank_of(c["priority"]) for c in C.split(row["caveat"], row["caveat_priority"])]
            assert ranks == sorted(ranks), row[id_column]
    assert set(caveats["priority"]) <= set(C.PRIORITIES)
    for _, rows in caveats.groupby(["record_kind", "record_id"]):
        assert list(rows["rank"]) == list(range(1, len(rows) + 1))
        assert list(rows["priority"].map(C.rank_of)) == sorted(rows["priority"].map(C.rank_of))


def test_caveats_table_holds_every_caveat_of_figures_and_estimates(processed):
    figures, estimates, caveats = processed
    expected = sum(len(C.split(t, p)) for t, p in zip(figures["caveat"], figures["caveat_priority"]))
    expected += sum(len(C.split(t, p)) for t, p in
                    zip(*estimates.drop_duplicates("estimate_id")[["caveat", "caveat_priority"]].T.values))
    assert caveats["record_kind"].isin(["figure", "estimate"]).sum() == expected
    assert set(caveats.loc[caveats["record_kind"] == "estimate", "record_id"]) == set(estimates["estimate_id"])


def test_estimate_with_an_unknown_caveat_priority_is_refused(tmp_path):
    import yaml_c
    data = yaml_c.safe_load((paths.RAW / "estimates.yml").read_text(encoding="utf-8"))
    data["estimates"][0]["caveats"][0]["priority"] = "urgent"
    path = tmp_path / "estimates.yml"
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        declarations.declared_estimates(path, real_inputs.context())
    entry = data["estimates"][0]["id"]
    assert (entry, "caveats[1].priority") in {(p.entry, p.field) for p in failed.value.problems}


def test_a_caveat_holding_the_separator_stays_one_caveat(tmp_path):
    """' | ' inside a caveat's text is text: caveats.csv lists the register's caveats one a row, as written."""
    from csecstats import build
    text = paths.REGISTER_FILE.read_text(encoding="utf-8")
    at = text.index('text: "', text.index("id: sex_workers_phnom_penh_1992")) + len('text: "')
    register = tmp_path / "figures.yml"
    register.write_text(text[:at] + "Counted | not a census; " + text[at:], encoding="utf-8")
    built = build.tables(register=register)
    rows = built["caveats"][built["caveats"]["record_id"] == "sex_workers_phnom_penh_1992"]
    declared = next(f for f in __import__("yaml_c").safe_load(register.read_text(encoding="utf-8"))["figures"]
                    if f["id"] == "sex_workers_phnom_penh_1992")["caveats"]
    assert len(rows) == len(declared)
    assert sum(t.startswith("Counted | not a census; ") for t in rows["text"]) == 1
