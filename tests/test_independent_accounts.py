"""The US Embassy's accounts of the 1997 and 2003 studies: data with lineage, set beside the report's figures
as repeats of one origin (never corroboration), and the 1997 figure's two readings kept apart."""
import json
import subprocess

import pandas as pd
import pytest

from csecstats import cli
from csecstats.analysis.triangulation import interval, pair_status
from csecstats.inputs import paths
from csecstats.register.grades import external_grade
from csecstats.register.lineage import load_lineage
from csecstats.register.rules import quote_numbers
import real_inputs

DATA = "us-embassy-tip-submissions.csv"


@pytest.fixture(scope="module")
def outputs():
    return real_inputs.data_outputs()  # built once per test process


@pytest.fixture(scope="module")
def embassy(outputs):
    return pd.read_csv(pd.io.common.BytesIO(outputs["embassy_tip_submissions.csv"])).set_index("embassy_id")


@pytest.fixture(scope="module")
def tri(outputs):
    return pd.read_csv(pd.io.common.BytesIO(outputs["triangulation.csv"])).set_index("record_id")


def _pairs(tri: pd.DataFrame, record_id: str) -> dict[str, str]:
    """{other record: status} from a row's compared_with ('status: other = ... (source)' or 'not_comparable:
    other (reason)')."""
    text = tri.at[record_id, "compared_with"]
    out = {}
    for part in text.split("; ") if isinstance(text, str) else []:
        status, _, rest = part.partition(": ")
        if status and rest:
            out[rest.split(" ")[0]] = status
    return out


def test_every_row_reaches_the_tables_resting_on_the_study_it_cites(embassy, outputs):
    assert len(embassy) == 11
    by_study = embassy.groupby("study")["origin_id"].unique().map(list).to_dict()
    assert by_study == {"1997 Commission on Human Rights report for the National Assembly": ["national_assembly_1997"],
                        "Steinfatt 2003": ["steinfatt_2003"]}
    assert (embassy["account"] == "secondary").all() and (embassy["evidence_grade"] == "C").all()
    assert embassy["grade_reason"].str.contains("another body's summary").all()
    assert embassy["lineage_note"].str.len().gt(0).all()
    expected = {("brothel_workers", 1997): (14725, "brothel_based"),
                ("share_cambodian", 1997): (0.81, "ethnicity_of_brothel_workers"),
                ("share_vietnamese", 1997): (0.18, "ethnicity_of_brothel_workers"),
                ("sex_workers", 2003): (18256, "all_sex_workers"),
                ("share_cambodian", 2003): (0.656, "ethnicity_as_classified"),
                ("share_vietnamese", 2003): (0.328, "ethnicity_as_classified"),
                ("trafficked_sex_workers", 2003): (2000, "trafficked_debt_bondage_or_under_16"),
                ("share_vietnamese_trafficked", 2003): (0.804, "ethnicity_of_trafficking_victims")}
    for (indicator, year), (value, definition) in expected.items():
        rows = embassy[(embassy["indicator"] == indicator) & (embassy["year"] == year)]
        assert len(rows) >= 1 and (rows["value"] == value).all() and (rows["definition"] == definition).all()
    assert (embassy["geography"] == "Cambodia").all()   # country-wide, as the cables say
    victims = embassy.loc["cable_09phnompenh114_trafficked_sex_workers_2003"]
    assert (victims["low"], victims["high"], victims["bounds_basis"]) == (1500, 2500, "rounding")
    descriptor = json.loads(outputs["datapackage.json"])
    resource = next(r for r in descriptor["resources"] if r["path"] == "embassy_tip_submissions.csv")
    assert {k["fields"][0] if isinstance(k["fields"], list) else k["fields"]
            for k in resource["schema"]["foreignKeys"]} == {"origin_id", "definition"}


def test_each_value_is_a_number_its_quote_prints_and_the_quotes_match_the_origins_accounts(embassy):
    """Read from the words, never typed beside them: every value is among its quote's numbers (a percentage as a
    share), and each quote of the 2009 cable is word for word in the origin's account of it."""
    for row in embassy.itertuples():
        assert row.value in [float(n) for n in quote_numbers(row.quote)], row.Index
    origins = load_lineage()[0].origins
    for row in embassy[embassy["cable"] == "09PHNOMPENH114"].itertuples():
        assert row.quote in origins[row.origin_id]["accounts"], row.Index


def test_a_value_its_quote_does_not_print_stops_validate(tmp_path, capsys):
    text = (paths.EXTERNAL / DATA).read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if ",share_cambodian,ethnicity of sex workers (all venues),0.656," in line)
    bad = tmp_path / DATA
    bad.write_text(text.replace(row, row.replace(",0.656,", ",0.66,")), encoding="utf-8")
    assert cli.main(["validate", str(bad)]) == 2
    out = capsys.readouterr().out
    assert f"{bad}: row 8 (09PHNOMPENH114 share_cambodian 2003): value: 0.66 is not a number its quote states" in out


def test_a_repeat_of_the_2003_study_is_same_origin_never_agreement(tri):
    """The embassy's 18,256 and the report's 18,256 (and the press's) rest on one study: same_origin. With the
    lineage stripped the very same values would read as agreement, so the status comes from the lineage."""
    embassy_row = "cable_09phnompenh114_sex_workers_2003"
    assert tri.at[embassy_row, "status"] == "same_origin"
    assert _pairs(tri, embassy_row) == {"ext_sex_workers_cambodia_2003": "same_origin",
                                        "sex_workers_cambodia_2003": "same_origin"}
    assert _pairs(tri, "sex_workers_cambodia_2003")[embassy_row] == "same_origin"
    a, b = tri.loc[embassy_row], tri.loc["sex_workers_cambodia_2003"]
    assert pair_status(a, b) == "same_origin"
    assert pair_status(a, b.copy().replace({"steinfatt_2003": "another_study"})) == "agree"
    for shares in (("cable_09phnompenh114_share_cambodian_2003", "share_khmer_sex_workers_cambodia_2003"),
                   ("cable_09phnompenh114_share_vietnamese_2003", "share_vietnamese_sex_workers_cambodia_2003")):
        embassy_share, report_share = (tri.loc[r] for r in shares)
        assert _pairs(tri, shares[0]) == {shares[1]: "same_origin"}
        lo, hi = interval(report_share)
        assert lo <= embassy_share["value"] <= hi          # 65.6% lies in the rounding of the report's 66%
        assert embassy_share["value"] != report_share["value"]


def test_no_embassy_row_agrees_with_a_row_of_its_own_study(tri, embassy):
    origins = tri["origin_id"].astype(str)
    for record_id in embassy.index.intersection(tri.index):
        mine = tri.at[record_id, "origin_id"]
        for other, status in _pairs(tri, record_id).items():
            if other in tri.index and mine in origins[other].split():
                assert status in ("same_origin", "disagree", "not_comparable"), (record_id, other, status)


def test_the_studys_2000_victims_disagree_with_the_reports_20_percent_of_18256(tri):
    row = "cable_09phnompenh114_trafficked_sex_workers_2003"
    assert _pairs(tri, row) == {"ext_trafficked_sex_workers_cambodia_2003": "same_origin",
                                "trafficked_sex_workers_cambodia_2003_as_printed": "disagree"}
    assert tri.at[row, "status"] == "disagree"
    assert tri.at[row, "high"] < tri.at["trafficked_sex_workers_cambodia_2003_as_printed", "low"]


def test_the_1997_figure_and_the_embassys_14725_are_kept_apart_with_the_reason(tri):
    """The report's 'over 14, 000' (Phnom Penh) and the embassy's 14,725 brothel workers (country-wide) rest on
    one report but describe different places and venues: never one compare key, declared not_comparable; the
    two embassy cables repeat one number (same_origin)."""
    report = tri.loc["sex_workers_phnom_penh_1997"]
    assert report["status"] == "not_comparable"
    for cable in ("cable_09phnompenh114_brothel_workers_1997", "cable_10phnompenh138_brothel_workers_1997"):
        assert _pairs(tri, "sex_workers_phnom_penh_1997")[cable] == "not_comparable"
        assert _pairs(tri, cable)["sex_workers_phnom_penh_1997"] == "not_comparable"
        row = tri.loc[cable]
        assert row["compare_key"] != report["compare_key"]
        assert (row["geography"], row["definition"]) == ("Cambodia", "brothel_based")
        assert (report["geography"], report["definition"]) == ("Phnom Penh", "all_sex_workers")
        assert row["origin_id"] == report["origin_id"] == "national_assembly_1997"
        assert "country-wide survey of brothels" in row["compared_with"] and "Phnom Penh" in row["compared_with"]
    assert _pairs(tri, "cable_09phnompenh114_brothel_workers_1997")["cable_10phnompenh138_brothel_workers_1997"] \
        == "same_origin"


def test_a_secondary_account_is_graded_like_the_press():
    assert external_grade("model_extrapolation", "official", "exact")[0] == "B"
    assert external_grade("model_extrapolation", "secondary", "exact")[0] == "C"
    assert external_grade("model_extrapolation", "press", "exact")[0] == "C"


def test_the_commit_adding_the_embassy_table_touches_no_python():
    log = subprocess.run(["git", "-C", str(paths.ROOT), "log", "--format=%H", "--diff-filter=A", "--",
                          f"data/external/{DATA}"], capture_output=True, text=True)
    commits = log.stdout.split()
    if not commits:
        pytest.skip("not a git checkout with history")
    changed = subprocess.run(["git", "-C", str(paths.ROOT), "show", "--name-only", "--format=", commits[-1]],
                             capture_output=True, text=True).stdout.split()
    assert f"data/external/{DATA}" in changed and "data/raw/triangulation.yml" in changed
    assert [f for f in changed if f.endswith(".py")] == []
