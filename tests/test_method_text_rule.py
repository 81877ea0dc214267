"""An origin's method text that describes a method it made numbers by ('Undercover observers counted',
'Census: every household enumerated', 'extrapolated') lists that method, unless it says none is described. Tried
on every origin given every real method text, and through the build."""
from __future__ import annotations

import re

from csecstats.register.source_words import TEXT_METHODS, UNDESCRIBED, origin_method_problems
from real_inputs import project, project_copy, refused, replace_once


def described(text: str) -> set[str]:
    """The methods a text describes, read plainly: a lower-cased word opening on one of the method's words."""
    words = re.findall(r"[a-z]+", text.lower())
    return {m for m, opening in TEXT_METHODS.items() if any(w.startswith(o) for w in words for o in opening)}


def test_every_origin_given_every_method_text_lists_the_methods_it_describes():
    lineage = project()[0]
    assert origin_method_problems("o.yml", lineage.origins, lineage.methods) == []
    texts = sorted({o["method"] for o in lineage.origins.values()})
    refused_here = 0
    for origin in lineage.origins.values():
        for text in texts:
            moved = {**lineage.origins, origin["id"]: dict(origin, method=text)}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods) if " describes " in p.message]
            missing = set() if UNDESCRIBED.search(text) else described(text) - set(origin["methods"])
            assert [(p.entry, p.field) for p in found] == [(origin["id"], "method")] * len(missing), (origin["id"], text)
            refused_here += bool(missing)
    assert refused_here >= 60


def test_the_build_refuses_the_circulated_claim_given_the_observers_count(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "    method: \"None described: a circulated figure ('guesstimate') the "
                 "field studies of 2002-2008 could not support.\"", "    method: \"Undercover observers counted people "
                 "in sex establishments.\"")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/origins.yml'}: claim_80000_100000: method: 'Undercover observers counted "
                     "people in sex establi...' describes direct_count, but methods lists circulated_claim"]
