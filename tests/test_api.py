"""The library behaves as a pandas user expects: the built tables are a real mapping, names complete,
mistakes are answered with the valid choices, arguments are checked before any work."""
import collections.abc
import pydoc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import csecstats
from csecstats.analysis.draws import estimate_draws
from csecstats.tables.built import Tables, default_folder, read_table

PROCESSED = Path(__file__).resolve().parents[1] / "data" / "processed"
ON_DISK = sorted(p.stem for p in PROCESSED.glob("*.csv"))


@pytest.fixture(scope="module")
def t() -> Tables:
    return Tables(PROCESSED)


def test_tables_is_a_mapping_with_len_iteration_and_keys(t):
    assert isinstance(t, collections.abc.Mapping)
    assert len(t) == len(ON_DISK) > 10
    assert list(t) == sorted(t) == list(t.keys()) == ON_DISK
    assert "figures" in t and "figure" not in t and 3 not in t
    assert dict(t.items())["estimates"] is t["estimates"]  # read once, then shared
    assert t.get("no_such_table") is None


def test_tables_repr_lists_every_table_with_its_row_count(t):
    text = repr(t)
    for name in ON_DISK:
        rows = len(pd.read_csv(PROCESSED / f"{name}.csv", dtype=str))
        assert any(line.split() == [name, f"{rows:,}", "rows"] for line in text.splitlines()), (name, text)
    assert "object at 0x" not in text


def test_an_unknown_table_name_lists_the_valid_names(t):
    with pytest.raises(KeyError) as raised:
        t["figure"]
    message = str(raised.value)
    assert "'figure'" in message and all(name in message for name in ON_DISK)
    assert "make data" not in message  # a misspelt name is not fixed by rebuilding
    with pytest.raises(KeyError, match="the built tables are: "):
        read_table("figure", PROCESSED)


def test_key_completion_offers_the_table_names(t):
    assert t._ipython_key_completions_() == ON_DISK


def test_module_completion_and_help_show_the_front_doors():
    names = dir(csecstats)
    assert {"built_tables", "load_figures", "load_sources"} <= set(names)
    text = pydoc.render_doc(csecstats, renderer=pydoc.plaintext)
    for door in ("built_tables()", "load_figures()", "load_sources()", "estimate_draws", "load_estimates"):
        assert door in text, door
    with pytest.raises(AttributeError, match="front doors are: built_tables, load_figures, load_sources"):
        csecstats.no_such_thing


def test_built_tables_reads_the_checkout_when_one_is_found():
    assert default_folder() == PROCESSED
    assert csecstats.built_tables().folder == PROCESSED


@pytest.mark.parametrize("name", ["built_tables", "load_figures", "load_sources"])
def test_front_doors_document_parameters_and_returns_numpy_style(name):
    doc = getattr(csecstats, name).__doc__
    assert "Returns\n    -------" in doc, doc


def test_estimate_draws_documents_parameters_numpy_style():
    assert "Parameters\n    ----------" in estimate_draws.__doc__ and "draws : int" in estimate_draws.__doc__


def test_estimate_draws_accepts_a_whole_float_count():
    exact = estimate_draws("under_age_sex_workers_phnom_penh_1997", draws=1000)
    assert estimate_draws("under_age_sex_workers_phnom_penh_1997", draws=1e3).equals(exact)
    assert estimate_draws("under_age_sex_workers_phnom_penh_1997", draws=np.int64(1000)).equals(exact)


@pytest.mark.parametrize(("given", "error", "message"), [
    (dict(draws=1.5), ValueError, "draws must be a whole number, not 1.5"),
    (dict(draws="10000"), TypeError, "draws must be a whole number, not '10000'"),
    (dict(draws=True), TypeError, "draws must be a whole number, not True"),
    (dict(draws=0), ValueError, "draws must be at least 1, not 0"),
    (dict(seed=-1), ValueError, "seed must be at least 0, not -1"),
    (dict(seed=1.25), ValueError, "seed must be a whole number, not 1.25"),
    (dict(estimate_id=3), TypeError, "estimate_id must be a string"),
    (dict(scenario=["a"]), TypeError, "scenario must be a string"),
])
def test_estimate_draws_refuses_bad_arguments_naming_them(given, error, message):
    with pytest.raises(error) as raised:
        estimate_draws(**given)
    assert message in str(raised.value)
