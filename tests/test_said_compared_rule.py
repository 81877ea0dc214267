"""An estimate whose own words say it is there for comparison ('for comparison with the study's national figure',
'the triangulation table') is among the estimates triangulation compares (triangulation.yml `estimates`). Tried on the
real declarations with each compared estimate left out, and on every estimate given those words."""
from __future__ import annotations

from dataclasses import replace

from csecstats.analysis.comparisons import load_comparisons, said_compared_problems
from csecstats.analysis.declarations import declared_estimates
from real_inputs import context, project_copy, refused

# Read by eye: the estimates whose words say they are compared ('for comparison with the study's national figure ...
# (the triangulation table)'; 'not comparable; see the triangulation table').
SAID = {"trafficked_sex_workers_cambodia_2003_as_printed", "sex_workers_phnom_penh_after_untac"}


def specs() -> list[tuple[str, dict]]:
    return [(e.spec["id"], e.spec) for e in declared_estimates(None, context())]


def test_every_real_estimate_saying_it_is_compared_is_compared():
    assert said_compared_problems(load_comparisons(), specs(), "t.yml") == []
    assert SAID <= set(load_comparisons().estimates)


def test_each_compared_estimate_left_out_is_refused_exactly_when_its_words_say_it_is_compared():
    comparisons = load_comparisons()
    for left in comparisons.estimates:
        kept = replace(comparisons, estimates={k: v for k, v in comparisons.estimates.items() if k != left})
        found = said_compared_problems(kept, specs(), "t.yml")
        assert [(p.entry, p.field) for p in found] == [("estimates", "(list)")] * (left in SAID), left


def test_every_estimate_given_the_words_is_refused_exactly_when_it_is_not_compared():
    comparisons = load_comparisons()
    words = {"priority": "reading", "text": "For comparison with the study's national figure."}
    ids = sorted({i for i, _ in specs()})
    for estimate_id in ids:
        changed = [(i, {**s, "caveats": [*s.get("caveats", []), words]}) if i == estimate_id else (i, s)
                   for i, s in specs()]
        found = said_compared_problems(comparisons, changed, "t.yml")
        assert len(found) == (estimate_id not in comparisons.estimates), estimate_id
    assert len(ids) >= 15


def test_the_build_refuses_the_reports_20_percent_of_18256_no_longer_compared(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: trafficked_sex_workers_cambodia_2003_as_printed")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: estimates: (list): trafficked_sex_workers_cambodia_2003_as_printed is not compared, but its "
            "words say it is there for comparison (\"The report's own arithmetic on its printed numbers, for comp\")") \
        in err, err
