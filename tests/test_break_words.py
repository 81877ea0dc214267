"""A comparability break's dates are the ones its words print: '2008 law' starts in 2008. Tried on every real
break with every other break's bounds of the same scope."""
from __future__ import annotations

import yaml

from csecstats.inputs import paths
from csecstats.register.breaks import check_break


def breaks() -> list[dict]:
    return yaml.safe_load((paths.RAW / "breaks.yml").read_text(encoding="utf-8"))["breaks"]


def test_every_real_break_prints_its_years():
    assert all(check_break("b.yml", b["id"], b)[1] == [] for b in breaks())


def test_a_break_given_another_breaks_bound_its_words_never_print_is_refused():
    tried = 0
    for entry in breaks():
        words = f"{entry['label']} {entry['changes']}"
        for other in breaks():
            for field in ("from", "to"):
                value = other[field]
                if other["scope"] != entry["scope"] or entry["scope"] == "counting" or value in (None, entry[field]):
                    continue
                changed = dict(entry, **{field: value})
                if field == "from" and entry["to"] is not None and str(value) > str(entry["to"]):
                    continue  # a break ending before it starts is refused for that
                found = check_break("b.yml", entry["id"], changed)[1]
                year = str(value)[:4]
                assert any(p.field == field and "neither its label nor its changes print" in p.message
                           for p in found) == (year not in words), (entry["id"], field, value)
                tried += year not in words
    assert tried >= 8
