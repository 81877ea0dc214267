"""The YAML entries are declared as pydantic models (csecstats.register.load.Entry); a refusal is worded as every
other problem, one `PATH: ENTRY: FIELD: message` per field, all at once. Each property changes real entries of
the register, the sources and the origins the way a careless curator might."""
from __future__ import annotations

import functools

import pytest
import yaml_c
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from csecstats.inputs import paths
from csecstats.register.figures import FigureEntry
from csecstats.register.lineage import OriginEntry
from csecstats.register.load import SourceEntry, entry_model, model_problems

FEW = settings(max_examples=12, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
               suppress_health_check=[HealthCheck.too_slow])
KINDS = {"figures": (FigureEntry, "REGISTER_FILE"), "sources": (SourceEntry, "SOURCES_FILE"),
         "origins": (OriginEntry, "ORIGINS_FILE")}


@functools.lru_cache(maxsize=None)
def real(kind: str) -> tuple:
    return tuple(yaml_c.safe_load(getattr(paths, KINDS[kind][1]).read_text(encoding="utf-8"))[kind])


def test_every_real_entry_is_valid():
    for kind, (model, _) in KINDS.items():
        assert real(kind) and all(model_problems("x", e["id"], e, model) == [] for e in real(kind))


WRONG = {str: 5, int: "twelve", list: "not a list", type(None): 3}


@FEW
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_each_field_missing_mistyped_or_unknown_is_one_problem_naming_it(kind, data):
    model = KINDS[kind][0]
    entry = dict(data.draw(st.sampled_from(real(kind)), label="entry"))
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    missing = data.draw(st.sampled_from(required), label="missing")
    mistyped = data.draw(st.sampled_from([n for n in required if n != missing]), label="mistyped")
    del entry[missing]
    entry[mistyped] = [] if model.model_fields[mistyped].annotation is not list else "text"
    entry["colour"] = "blue"
    problems = model_problems("file.yml", "the_entry", entry, model)
    assert {(p.path, p.entry, p.field) for p in problems} == {("file.yml", "the_entry", f)
                                                              for f in (missing, mistyped, "colour")}
    said = {p.field: p.message for p in problems}
    assert said[missing] == "missing required field" and said["colour"] == "unknown field"
    assert said[mistyped].startswith("expected ") and ", found " in said[mistyped]


@pytest.mark.parametrize("value, message", [
    ("twelve", "expected a whole number or null, found str 'twelve'"),
    (True, "expected a whole number or null, found bool True"),  # true is not 1
    (4.0, "expected a whole number or null, found float 4.0"),  # nothing coerced
])
def test_a_figure_field_is_never_coerced(value, message):
    entry = {**real("figures")[0], "footnote": value}
    assert [(p.field, p.message) for p in model_problems("f", "e", entry, FigureEntry)] == [("footnote", message)]


def test_an_optional_field_is_checked_only_when_present():
    entry = dict(real("figures")[0])
    entry.pop("actor", None)
    assert model_problems("f", "e", entry, FigureEntry) == []
    assert [(p.field, p.message) for p in model_problems("f", "e", {**entry, "actor": 7}, FigureEntry)] == [
        ("actor", "expected text, found int")]


def test_a_model_from_declared_types_for_names_python_cannot_spell():
    model = entry_model({"from": (str, int, type(None)), "id": (str,)}, {})
    assert model_problems("b.yml", "x", {"from": 2003, "id": "x"}, model) == []
    assert [(p.field, p.message) for p in model_problems("b.yml", "x", {"from": [1], 3: 4}, model)] == [
        ("from", "expected text or a whole number or null, found list a list of 1 item(s)"),
        ("id", "missing required field"), ("3", "unknown field")]
