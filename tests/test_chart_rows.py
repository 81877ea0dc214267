"""Each chart's drawn rows are a declared reference: the manifest lists them by table and key, and every one
resolves to exactly one row of a processed table."""
import csv
import json

import pandas as pd
import pytest

from csecstats.charts import catalogue, rows
from csecstats.inputs import paths
from csecstats.tables.built import tables

MANIFEST = json.loads((paths.FIGURES / "manifest.json").read_text(encoding="utf-8"))


def processed_keys(table: str) -> dict[tuple, int]:
    """How many rows of data/processed/<table>.csv carry each key, read as text (an empty cell: no value)."""
    with (paths.PROCESSED / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        found: dict[tuple, int] = {}
        for row in csv.DictReader(f):
            key = tuple(row[c] or None for c in rows.KEYS[table])
            found[key] = found.get(key, 0) + 1
        return found


@pytest.mark.parametrize("entry", MANIFEST["charts"], ids=lambda e: e["chart_id"])
def test_every_drawn_row_listed_in_the_manifest_is_one_row_of_a_processed_table(entry):
    refs = entry["chart_rows"]
    with (paths.FIGURES / f"{entry['chart_id']}.csv").open(encoding="utf-8", newline="") as f:
        drawn = list(csv.DictReader(f))
    assert refs and len(refs) == len({(r["figure_id"], r.get("scenario"), r.get("assumption")) for r in drawn})
    for ref in refs:
        key = tuple(ref.get(c) for c in rows.KEYS[ref["table"]])
        assert processed_keys(ref["table"]).get(key) == 1, (entry["chart_id"], ref)


def test_the_drawn_rows_name_their_tables_by_origin_or_by_declaration():
    by_chart = {e["chart_id"]: {r["table"] for r in e["chart_rows"]} for e in MANIFEST["charts"]}
    assert by_chart["rates"] == {"rates"} and by_chart["sensitivity_tornado"] == {"sensitivity"}
    assert by_chart["tip_enforcement"] == {"tip_enforcement", "figures"}
    assert by_chart["enforcement_series"] == {"external_enforcement", "figures"}


def test_a_row_that_resolves_to_no_table_row_stops_with_chart_row_and_table_named():
    t = tables()
    data = catalogue.CHARTS["enforcement_series"].data(t)
    bad = pd.concat([data, data.iloc[[0]].assign(figure_id="no_such_figure")], ignore_index=True)
    with pytest.raises(ValueError, match="enforcement_series: row no_such_figure: resolves to 0 rows of figures"):
        rows.chart_rows("enforcement_series", bad, t)
    twice = {**t, "figures": pd.concat([t["figures"], t["figures"].iloc[[0]]], ignore_index=True)}
    first = t["figures"]["figure_id"].iloc[0]
    with pytest.raises(ValueError, match=f"row {first}: resolves to 2 rows of figures"):  # a key held twice: no one row
        rows.chart_rows("x", pd.DataFrame({"figure_id": [first], "origin": ["report"]}), twice)
