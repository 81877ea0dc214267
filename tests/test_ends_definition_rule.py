"""The parameters of one assumption read rows of one definition, a sum of rows of several definitions (parts making
a whole) aside (``analysis.coherence``). Tried on every real assumption with each parameter read from every other
row of its unit, against the definitions of those rows."""
from __future__ import annotations

import dataclasses
from collections import Counter

from test_estimate_period_years_rule import real

from csecstats.analysis.coherence import coherence_problems
from real_inputs import project_copy, refused, replace_once

RULE = "one assumption reads one definition"


def _found(est, context) -> list:
    return [p for p in coherence_problems([est], context, "e.yml") if RULE in p.message]


def test_every_real_assumption_reads_one_definition_or_a_sum_of_parts():
    context, estimates = real()
    assert [p for e in estimates for p in _found(e, context)] == []
    sums = {(e.key, a.name) for e in estimates for a in e.assumptions
            if any(isinstance(r, list) for r in a.written.values())}
    assert sums  # the national total's low: brothel-based and outside-brothel counts added


def test_each_parameter_read_from_another_row_is_refused_exactly_when_it_leaves_the_others_definition():
    context, estimates = real()
    rows = {f"external:{i}": context.row(f"external:{i}") for i in context.external.index} | {
        f: context.row(f) for f in context.figures.index}
    tried = refused_here = 0
    for est in estimates:
        for a in est.assumptions:
            for name, ref in a.written.items():
                if not isinstance(ref, str) or context.row(ref.split(".", 1)[0]) is None:
                    continue
                mine = context.row(ref.split(".", 1)[0])
                others = {n: r for n, r in a.written.items() if n != name}
                defs = Counter()
                for r in others.values():
                    refs = [x for x in (r if isinstance(r, list) else [r]) if isinstance(x, str)]
                    found = {context.row(x.split(".", 1)[0])["definition"] for x in refs if context.row(x.split(".", 1)[0])}
                    if len(found) == 1:
                        defs[found.pop()] += 1
                for row_id, row in rows.items():
                    if row is None or row.get("unit") != mine.get("unit") or row_id == ref.split(".", 1)[0]:
                        continue
                    moved = dataclasses.replace(a, written={**a.written, name: row_id})
                    est2 = dataclasses.replace(est, assumptions=[moved if x is a else x for x in est.assumptions])
                    expected = bool(defs) and (len(defs | Counter([row["definition"]])) > 1)
                    assert bool(_found(est2, context)) == expected, (est.key, a.name, name, row_id)
                    tried += 1
                    refused_here += expected
    assert tried >= 200 and refused_here >= 100, (tried, refused_here)


def test_the_build_refuses_the_national_totals_low_read_from_the_brothel_count_alone(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml",
                 "      low: [external:ext_direct_sex_workers_cambodia_2000.low, "
                 "external:ext_indirect_sex_workers_cambodia_2000.low]",
                 "      low: external:ext_direct_sex_workers_cambodia_2000.low")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/estimates.yml'}: khmer_sex_workers_cambodia_2003/national_total_reconciled: "
            "assumptions.national_total.parameters: low reads brothel_based, the others all_sex_workers: one "
            "assumption reads one definition, or a sum of parts") in err, err
