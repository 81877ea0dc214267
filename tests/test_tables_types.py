"""The tables the library returns are typed as the data package declares them: dates are ``datetime64``,
numbers are floats (or nullable integers), and a missing value is NaN (``pd.isna``) everywhere, never ``None``."""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import csecstats
from csecstats.tables.built import Tables, as_declared, read_table

PROCESSED = Path(__file__).resolve().parents[1] / "data" / "processed"
PACKAGE = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
FIELDS = {Path(r["path"]).stem: r["schema"]["fields"] for r in PACKAGE["resources"]}
DATES = sorted((name, f["name"]) for name, fields in FIELDS.items() for f in fields
               if f["type"] in ("date", "datetime"))
NUMBERS = sorted((name, f["name"]) for name, fields in FIELDS.items() for f in fields
                 if f["type"] in ("number", "integer"))


@pytest.fixture(scope="module")
def t() -> Tables:
    return Tables(PROCESSED)


@pytest.fixture(scope="module")
def front_doors() -> dict[str, pd.DataFrame]:
    return {"load_figures": csecstats.load_figures(), "load_sources": csecstats.load_sources()}


def test_the_data_package_declares_dates_in_several_tables():
    assert len({name for name, _ in DATES}) >= 4 and ("figures", "period_start") in DATES


@pytest.mark.parametrize(("name", "column"), DATES, ids=[f"{n}.{c}" for n, c in DATES])
def test_every_declared_date_comes_back_datetime64_and_reads_as_written(t, name, column):
    parsed = t[name][column]
    assert pd.api.types.is_datetime64_any_dtype(parsed), (name, column, parsed.dtype)
    written = read_table(name, PROCESSED, as_written=True)[column]
    assert parsed.notna().sum() == (written != "").sum() > 0
    # Every date is the day the CSV writes, and an empty cell is NaT.
    assert (parsed.dt.strftime("%Y-%m-%d").fillna("") == written).all()


def test_the_front_door_figures_carry_their_dates_as_datetime64(front_doors, t):
    figures = front_doors["load_figures"]
    for column in ("period_start", "period_end"):
        assert pd.api.types.is_datetime64_any_dtype(figures[column])
        assert figures[column].isna().sum() == t["figures"][column].isna().sum() > 0
    assert figures.set_index("figure_id").loc["sex_workers_phnom_penh_1992", "period_start"] == pd.Timestamp("1992-01-01")
    built = t["figures"].set_index("figure_id")[["period_start", "period_end"]]
    pd.testing.assert_frame_equal(figures.set_index("figure_id")[["period_start", "period_end"]], built)


def test_a_date_that_is_not_iso_is_refused_not_guessed():
    with pytest.raises(ValueError):
        as_declared("figures", pd.DataFrame({"period_start": ["03/01/1992"], "period_end": ["1992-03-31"]}))


def test_reading_dates_leaves_the_csv_bytes_as_they_are(t):
    before = {p.name: p.read_bytes() for p in PROCESSED.glob("*.csv")}
    for name in t:
        t[name]
    assert {p.name: p.read_bytes() for p in PROCESSED.glob("*.csv")} == before


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_table_written_back_is_the_bytes_the_build_wrote(t, name):
    """Numbers are read exactly (not one unit in the last place off) and dates written back as they were read."""
    assert t[name].to_csv(index=False).encode("utf-8") == (PROCESSED / f"{name}.csv").read_bytes()


def _nones(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].map(lambda v: v is None).any()]


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_no_built_table_holds_none_and_numbers_are_numeric(t, name):
    frame = t[name]
    assert _nones(frame) == [], name
    for column in (c for n, c in NUMBERS if n == name):
        assert pd.api.types.is_numeric_dtype(frame[column]), (name, column, frame[column].dtype)


def test_missing_numbers_read_as_nan(t):
    figures = t["figures"]
    assert figures["value"].dtype == np.float64 and figures["value"].isna().any()
    assert figures["footnote"].isna().any() and pd.isna(figures["footnote"]).sum() == figures["footnote"].isna().sum()


@pytest.mark.parametrize("door", ["load_figures", "load_sources"])
def test_the_front_doors_hold_no_none(front_doors, door):
    frame = front_doors[door]
    assert _nones(frame) == [], door
    if door == "load_figures":
        for column in ("actor", "caveat", "caveat_priority"):
            missing = frame[column].isna()
            assert missing.any() and frame.loc[missing, column].map(lambda v: isinstance(v, float)).all(), column


def test_load_estimates_gives_its_dates_as_datetime64_like_the_built_table():
    """The front door ``load_estimates()`` types its period as every table the API returns does; the build's
    own form (``estimates_table``) keeps ISO text, as ``estimates.csv`` writes it."""
    from real_inputs import context as shared_context
    from csecstats.analysis.estimates import estimates_table, load_estimates
    context = shared_context()
    typed = load_estimates(draws=1_000, context=context)
    text = estimates_table(context, draws=1_000)
    for column in ("period_start", "period_end"):
        assert pd.api.types.is_datetime64_any_dtype(typed[column]), column
        assert typed[column].dt.strftime("%Y-%m-%d").fillna("").tolist() == text[column].fillna("").tolist()
    assert typed["period_start"].isna().sum() == text["period_start"].isna().sum() > 0  # missing stays missing
