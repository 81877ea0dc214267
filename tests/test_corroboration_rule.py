"""A caveat saying its numbers corroborate one another rests on two origins at least (a compilation and what it
compiles count once): a figure never, an estimate only where its inputs rest on two studies. Tried on every figure
and every estimate given each of a set of caveats claiming or denying corroboration, and through the build."""
from __future__ import annotations

import pandas as pd

from csecstats.analysis.declarations import declared_estimates
from csecstats.analysis.row_words import corroboration_problems
from csecstats.inputs import paths
from real_inputs import checked_register, context, project, project_copy, refused, replace_once

CLAIMS = {  # caveat -> whether it claims corroboration, read by eye
    "Two accounts of the study corroborate the number.": True,
    "Independent sources give the same number.": True,
    "The press and the embassy agree; independent accounts.": True,
    "They agree on what the study said; that does not corroborate the number.": False,
    "Not an independent count: it repeats the report.": False,
    "No independent estimate exists.": False,
    "Two readings of one study, never corroboration.": False,
}


def _origins() -> dict[tuple, set[str]]:
    """(estimate_id, scenario) -> its inputs' origins as estimates.csv lists them, a compilation counted once."""
    frame = pd.read_csv(paths.PROCESSED / "estimates.csv", keep_default_na=False)
    lineage = project()[0]
    found = {}
    for row in frame.itertuples():
        origins = set(row.origin_ids.split())
        found[(row.estimate_id, row.scenario or None)] = {o for o in origins if not set(
            lineage.origins[o].get("compiles") or []) & origins}
    return found


def test_every_figure_and_estimate_given_a_caveat_claiming_or_denying_corroboration():
    reg, ctx = checked_register(), context()
    estimates = declared_estimates(None, ctx)
    assert corroboration_problems(reg, "f.yml", estimates, "e.yml", ctx) == []
    origins = _origins()
    tried = refused_here = 0
    for text, claimed in CLAIMS.items():
        for figure in reg.figures:
            told = {**figure, "caveats": [*figure["caveats"], {"priority": "reading", "text": text}]}
            found = corroboration_problems(type(reg)(**{**vars(reg), "figures": [told]}), "f.yml")
            assert [p.entry for p in found] == ([figure["figure_id"]] if claimed else []), (figure["figure_id"], text)
            tried += 1
            refused_here += claimed
        for est in estimates:
            told = type(est)(**{**vars(est), "spec": {**est.spec, "caveats": [{"priority": "reading", "text": text}]}})
            found = corroboration_problems(type(reg)(**{**vars(reg), "figures": []}), "f.yml", [told], "e.yml", ctx)
            expected = claimed and len(origins[(est.spec["id"], est.scenario)]) < 2
            assert [p.entry for p in found] == ([est.key] if expected else []), (est.key, text)
            tried += 1
            refused_here += expected
    assert tried >= 500 and refused_here >= 200, (tried, refused_here)


def test_the_build_refuses_the_studys_two_accounts_said_to_corroborate_its_number(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "(they agree on what the study said; that does not corroborate "
                 "the number)", "(two independent accounts that corroborate the number)")
    err = refused(root, tmp_path / "out", capsys)
    assert ("share_trafficked_cambodia_2003_study: caveats[1].text: 'About 2,000 victims of 18,256 (about 11%), the "
            "stu...' says its numbers are corroborated, but its inputs rest on steinfatt_2003 alone") in err, err
