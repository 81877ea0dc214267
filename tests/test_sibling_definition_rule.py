"""A row whose words print every word of another definition of its unit that shares a word with its own, and not
every word of its own, is never given its own: sex workers 'outside brothels' are never brothel-based, 'human
trafficking and sexual exploitation cases' never cases to court. Tried on every annotated real row given every
definition of its unit, and through the build."""
from __future__ import annotations

import functools
import re

from csecstats.analysis.external import stable_ids
from csecstats.analysis.external_rows import checked_rows
from csecstats.analysis.row_lineage import definition_problems
from real_inputs import project, project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def annotated_rows():
    lineage, places, sources = project()
    found = []
    for source in (s for s in sources.declared if "annotations" in s.spec["lineage"]):
        rows, raws, problems = checked_rows(source, places)
        assert problems == []
        ids = stable_ids(source.spec["ids"]["pattern"], rows, source.spec.get("rename", {}))
        found += [(source, raw, row_id, lineage.external[source.data.name][row_id]) for raw, row_id in zip(raws, ids)]
    return found


def test_every_annotated_row_given_every_definition_of_its_unit():
    counted_in = project()[0].counted_in
    moved = refused_here = 0
    for source, raw, row_id, note in annotated_rows():
        unit = counted_in.get(note["definition"])
        assert definition_problems(source, [raw], [note], [row_id], counted_in=counted_in) == []
        for other in sorted(d for d, u in counted_in.items() if u == unit and d != note["definition"]):
            found = [p for p in definition_problems(source, [raw], [{**note, "definition": other}], [row_id],
                                                    counted_in=counted_in) if "in full" in p.message]
            moved += 1
            for p in found:  # the definition it names in full is one every word of which the row prints
                named = re.search(r"name (\w+) in full", p.message).group(1)
                words = " ".join(str(v) for v in raw.values()).lower() + " " + (note.get("note") or "").lower()
                assert all(w[:5] in words for w in named.split("_") if len(w) > 3), (row_id, other, named)
            refused_here += bool(found)
    assert moved >= 500 and refused_here >= 20


def test_the_two_lies_are_refused():
    counted_in = project()[0].counted_in
    for row_id, lie in (("ext_indirect_sex_workers_cambodia_2006", "brothel_based"),
                        ("enf_cases_cambodia_2021", "cases_to_court")):
        source, raw, _, note = next(r for r in annotated_rows() if r[2] == row_id)
        found = definition_problems(source, [raw], [{**note, "definition": lie}], [row_id], counted_in=counted_in)
        assert [p.field for p in found] == ["definition"] and f"'{lie}', but the row's words name " in found[0].message


def test_the_build_refuses_indirect_sex_workers_defined_as_brothel_based(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/external_rows.yml", '''    ext_indirect_sex_workers_cambodia_2006:
      origin: "moh_nchads_estimates"
      qualifier: "lower_bound"
      method: "method_not_described"
      definition: "outside_brothels"''', '''    ext_indirect_sex_workers_cambodia_2006:
      origin: "moh_nchads_estimates"
      qualifier: "lower_bound"
      method: "method_not_described"
      definition: "brothel_based"''')
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/external_rows.yml'}: external-estimates.csv: "
                     "ext_indirect_sex_workers_cambodia_2006: definition: 'brothel_based', but the row's words name "
                     "outside_brothels in full and not all of its own"]
