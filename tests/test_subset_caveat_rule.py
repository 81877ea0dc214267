"""The part of a part-and-whole check (checks.yml `at_most`) says it is a subset of its whole in a caveat printing the
whole's number ('A subset of the 257 suspected cases'). Tried on every caveat of every part left out, and on the
caveats moved between figures."""
from __future__ import annotations

import copy

from csecstats import built_tables
from csecstats.analysis.row_words import subset_caveat_problems
from real_inputs import checked_register, project_copy, refused

# Read by eye: each part of a part-and-whole check, and the caveat saying it is a subset of its whole.
SUBSET = {"confirmed_cases_2003": "A subset of the 257 suspected cases; how cases were confirmed is not described.",
          "hotline_reports_2003": "A subset of the 257 received; the noun is missing in the report, read as reports."}


def figures() -> list[dict]:
    return copy.deepcopy(list(checked_register().figures))


def test_every_real_part_says_it_is_a_subset_of_its_whole():
    checks = built_tables()["checks"]
    assert subset_caveat_problems(checks, figures(), "f.yml") == []
    assert sorted(i.split()[0] for r, i in zip(checks["rule"], checks["figure_ids"]) if r == "part <= whole") == \
        sorted(SUBSET)


def test_each_caveat_of_a_part_left_out_is_refused_exactly_when_it_said_the_part_is_a_subset():
    checks, tried = built_tables()["checks"], 0
    for part, subset in SUBSET.items():
        own = next(f for f in figures() if f["figure_id"] == part)["caveats"]
        for i, caveat in enumerate(own):
            changed = figures()
            figure = next(f for f in changed if f["figure_id"] == part)
            figure["caveats"] = [c for j, c in enumerate(own) if j != i]
            found = subset_caveat_problems(checks, changed, "f.yml")
            assert [(p.entry, p.field) for p in found] == [(part, "caveats")] * (caveat["text"] == subset), (part, i)
            tried += caveat["text"] == subset
    assert tried == len(SUBSET)


def test_a_subset_caveat_with_another_number_or_on_another_figure_does_not_serve():
    checks = built_tables()["checks"]
    changed = figures()
    figure = next(f for f in changed if f["figure_id"] == "hotline_reports_2003")
    figure["caveats"] = [{"priority": "qualifies", "text": "A subset of the 227 confirmed cases."}]
    assert [p.entry for p in subset_caveat_problems(checks, changed, "f.yml")] == ["hotline_reports_2003"]
    moved = figures()
    for f in moved:
        if f["figure_id"] == "hotline_reports_2003":
            f["caveats"] = []
        if f["figure_id"] == "reports_received_2003":
            f["caveats"].append({"priority": "qualifies", "text": SUBSET["hotline_reports_2003"]})
    assert [p.entry for p in subset_caveat_problems(checks, moved, "f.yml")] == ["hotline_reports_2003"]


def test_the_build_refuses_the_hotline_reports_without_their_subset_caveat(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "figures.yml"
    text = path.read_text(encoding="utf-8")
    line = "      - {priority: qualifies, text: \"A subset of the 257 received; the noun is missing in the report, read as reports.\"}\n"
    assert text.count(line) == 1
    path.write_text(text.replace(line, line.replace("A subset of the 257 received; the noun", "The noun")),
                    encoding="utf-8")  # its one caveat kept, the subset left unsaid
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: hotline_reports_2003: caveats: no caveat says it is a subset of reports_received_2003 (257), the "
            "whole hotline_le_all_reports_2003 holds it within: 'A subset of the ...'") in err, err
