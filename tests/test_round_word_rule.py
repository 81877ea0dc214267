"""A row whose caveat or note calls its number round ('A round 2,000', "officials' round number") is approximate,
never exact (``register.qualifiers.round_word_problem``, read by ``analysis.row_lineage.qualifier_problems``). Tried
on every row of every built declared table called exact, against the rows whose words were read by eye."""
from __future__ import annotations

import pandas as pd

from csecstats.inputs import paths
from csecstats.register.qualifiers import round_word_problem
from real_inputs import project, project_copy, refused, replace_once

# Read by eye: the rows whose caveat or curator's note calls their number round.
ROUND_BY_EYE = {"ext_sex_workers_phnom_penh_1992",  # "'up to 20,000' (risen to): officials' round number"
                "cable_09phnompenh114_trafficked_sex_workers_2003"}  # 'A round 2,000 beside the unrounded 18,256'


def _rows():
    for source in project()[2].declared:
        frame = pd.read_csv(paths.PROCESSED / f"{source.name}.csv", keep_default_na=False, na_values=[""])
        if "qualifier" not in frame:
            continue
        said = [" ".join(str(frame[c][i]) for c in ("caveat", "lineage_note") if c in frame and isinstance(frame[c][i], str))
                for i in range(len(frame))]
        yield from zip(frame[source.id_column], said, frame["qualifier"])


def test_every_real_row_called_round_is_approximate_and_every_row_called_exact_is_refused_exactly_where_it_is():
    tried = 0
    for row_id, said, qualifier in _rows():
        assert round_word_problem(said, qualifier) is None, row_id
        found = round_word_problem(said, "exact")
        assert (found is not None) == (row_id in ROUND_BY_EYE), (row_id, found)
        tried += 1
    assert tried >= 90


def test_round_is_a_word_about_the_number_only():
    assert round_word_problem("A round 2,000 beside the unrounded 18,256.", "exact") == (
        "exact, but its caveat or note calls its number round ('round 2,000'): approximate")
    assert round_word_problem("Officials' round number.", "approximate") is None
    for said in ("A round-the-clock hotline.", "Open year-round.", "All round the country.", "Rounds of training."):
        assert round_word_problem(said, "exact") is None, said


def test_the_build_refuses_the_embassys_round_2000_victims_called_exact(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/external/us-embassy-tip-submissions.csv",
                 "trafficked_sex_workers,sex-trafficking victims,2000,persons,approximate",
                 "trafficked_sex_workers,sex-trafficking victims,2000,persons,exact")
    err = refused(root, tmp_path / "out", capsys)
    assert ("qualifier: exact, but its caveat or note calls its number round ('round 2,000'): approximate") in err, err


def test_the_build_refuses_the_officials_up_to_20000_called_exact(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/external_rows.yml",
                 '      qualifier: "approximate"\n      method: "method_not_described"\n      definition: "all_sex_workers"\n'
                 '      measures: "prevalence"\n      account: "press"\n      note: "\'up to 20,000\'',
                 '      qualifier: "exact"\n      method: "method_not_described"\n      definition: "all_sex_workers"\n'
                 '      measures: "prevalence"\n      account: "press"\n      note: "\'up to 20,000\'')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/external_rows.yml'}: external-estimates.csv: ext_sex_workers_phnom_penh_1992: qualifier: "
            "exact, but its caveat or note calls its number round ('round number'): approximate") in err, err
