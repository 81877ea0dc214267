"""A figure's footnote is one the paragraph of its quote prints a marker of (`register.figures`): tried on every
figure given every other footnote of the report that its source lists."""
from __future__ import annotations

import copy

import yaml_c

from csecstats.inputs import paths
from csecstats.register.figures import read_all
from csecstats.inputs.errors import ValidationFailed
from csecstats.source.reader import load_report
from real_inputs import checked_register, project_copy, refused


def test_every_real_figure_cites_a_footnote_its_paragraph_calls():
    report = load_report()
    cited = [f for f in checked_register().figures if f["footnote"] is not None]
    assert len(cited) >= 17
    for figure in cited:
        assert any(figure["footnote"] in p.footnotes for p in report.find_quotes(figure["quote"])), figure["figure_id"]


def test_every_figure_given_another_footnote_of_the_report_is_refused_on_its_footnote(tmp_path):
    report = load_report()
    data = yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))
    path, tried = tmp_path / "figures.yml", 0
    for figure in data["figures"][::5]:  # every fifth figure, each given two footnotes its paragraph never calls
        called = {n for p in report.find_quotes(" ".join(figure["quote"].split())) for n in p.footnotes}
        for n in sorted(set(report.footnotes) - called)[:2]:
            changed = copy.deepcopy(data)
            next(f for f in changed["figures"] if f["id"] == figure["id"])["footnote"] = n
            path.write_text(yaml_c.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
            try:
                read_all(path)
                found = []
            except ValidationFailed as failed:
                found = [(p.entry, p.field, p.message) for p in failed.problems]
            assert any(e == figure["id"] and f == "footnote" and "prints no marker of it" in m for e, f, m in found), \
                (figure["id"], n, found)
            tried += 1
    assert tried >= 25


def test_the_build_refuses_the_untac_staff_given_footnote_12(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "figures.yml"
    data = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    next(f for f in data["figures"] if f["id"] == "untac_staff_cambodia_1992_1993")["footnote"] = 12
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: untac_staff_cambodia_1992_1993: footnote: footnote 12, but the paragraph of its quote prints no "
            "marker of it (it prints [1])") in err, err
