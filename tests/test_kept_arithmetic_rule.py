"""The report's own arithmetic is kept among an estimate's readings: where the report prints a share and the count it
is a share of in one quote, the estimates reading both read them as the report does in one row at least
(`report_arithmetic`). Tried on every real estimate with each of its scenarios left out, against the pairs read by
eye."""
from __future__ import annotations

import yaml_c

from csecstats.analysis.declarations import declared_estimates
from csecstats.analysis.readings import kept_arithmetic_problems
from csecstats.inputs import paths
from real_inputs import context, project_copy, refused

# Read by eye: the scenarios reading the report's arithmetic on a share and its count printed in one quote ('one
# thirds (1/3)' of 'over 14, 000'; '66%' and '33%' of '18,256'). Leaving one out leaves its numbers read otherwise only.
ARITHMETIC = {("under_age_sex_workers_phnom_penh_1997", "report_one_third_of_over_14000"),
              ("khmer_sex_workers_cambodia_2003", "report_66_percent_of_18256"),
              ("vietnamese_sex_workers_cambodia_2003", "report_33_percent_of_18256")}


def estimates() -> dict:
    return yaml_c.safe_load(paths.ESTIMATES_FILE.read_text(encoding="utf-8"))


def test_every_real_estimate_keeps_the_reports_arithmetic():
    assert kept_arithmetic_problems(declared_estimates(None, context()), context(), "e.yml") == []


def test_each_scenario_left_out_is_refused_exactly_when_it_was_the_reports_arithmetic(tmp_path):
    tried = refused_here = 0
    for i, est in enumerate(estimates()["estimates"]):
        for j, scenario in enumerate(est.get("scenarios") or []):
            data = estimates()
            data["estimates"][i]["scenarios"].pop(j)
            path = tmp_path / f"estimates_{i}_{j}.yml"
            path.write_text(yaml_c.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
            found = kept_arithmetic_problems(declared_estimates(path, context()), context(), str(path))
            expected = (est["id"], scenario["scenario"]) in ARITHMETIC
            assert [(p.entry, p.field) for p in found] == [(est["id"], "scenarios")] * expected, (est["id"], j)
            tried += 1
            refused_here += expected
    assert tried >= 15 and refused_here == len(ARITHMETIC)


def test_the_build_refuses_the_33_percent_of_18256_left_out_of_its_readings(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "estimates.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - scenario: report_33_percent_of_18256")
    end = text.index("      - scenario: national_total_reconciled", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: vietnamese_sex_workers_cambodia_2003: scenarios: reads share_vietnamese_sex_workers_cambodia_2003 "
            "of sex_workers_cambodia_2003 (one quote prints both), but no reading is the report's arithmetic") in err, err
