"""A figure whose quote states no year is dated by its paragraph: its period lies within the years the paragraph
states ('271 perpetrators were arrested' stands among the 2003 figures, never in 1992). Tried on every figure of
the register given every other figure's period, against the spans read by eye."""
from __future__ import annotations

import dataclasses

from real_inputs import checked_register, project_copy, refused, replace_once

from csecstats.register.rules import paragraph_period_problems, register_problems

# Read by eye: the years each undated quote's paragraph speaks of ('the 1990's' to 1999), for every figure whose
# quote states no year but whose paragraph does.
SPANS = {"untac_staff_cambodia_1992_1993": (1970, 1999), "sex_workers_change_phnom_penh_after_untac": (1992, 1997),
         "five_year_plan_main_programmes": (1996, 2000),
         "cosecam_ecpat_npa_review_conference_participations_2004": (2004, 2004),
         "mowa_prevention_project_components": (2000, 2000), "mowa_information_campaign_components": (2003, 2003),
         "cosecam_tour_campaign_participants_2004": (2004, 2004), "perpetrators_arrested_2003": (2002, 2003),
         "victims_rescued_2003": (2002, 2003), "crc_tot_lawyers_trained_2004": (2004, 2004)}


register = checked_register  # the register, read and checked once per test process


def paragraph(figure) -> str:
    return " ".join(p.text for p in register().report.find_quotes(figure["quote"]))


def test_every_real_figure_lies_within_its_paragraphs_years():
    figures = register().figures
    assert [p for f in figures for p in paragraph_period_problems("f.yml", f["figure_id"], f["period_start"],
                                                                  f["period_end"], quote=f["quote"],
                                                                  paragraph=paragraph(f))] == []
    dated_by_paragraph = {f["figure_id"] for f in figures if f["period_start"] and paragraph_period_problems(
        "f.yml", f["figure_id"], "1950-01-01", "1950-12-31", quote=f["quote"], paragraph=paragraph(f))}
    assert dated_by_paragraph == set(SPANS)


def test_every_figure_given_another_figures_period_is_refused_exactly_when_outside_its_paragraphs_years():
    periods = sorted({(f["period_start"], f["period_end"]) for f in register().figures if f["period_start"]})
    tried = 0
    for figure in (f for f in register().figures if f["period_start"]):  # an undated one given a period: its basis
        for start, end in periods:
            found = paragraph_period_problems("f.yml", figure["figure_id"], start, end, quote=figure["quote"],
                                              paragraph=paragraph(figure))
            span = SPANS.get(figure["figure_id"])
            outside = span is not None and not (span[0] <= int(start[:4]) and int(end[:4]) <= span[1])
            assert bool(found) == outside, (figure["figure_id"], start, end)
            tried += outside
    assert tried >= 100


def test_the_register_refuses_the_2003_arrests_dated_1992():
    real = register()
    moved = dataclasses.replace(real, figures=[
        {**f, "period_start": "1992-01-01", "period_end": "1992-12-31"} if f["figure_id"] == "perpetrators_arrested_2003"
        else f for f in real.figures])
    found = register_problems(moved)  # its paragraph's years, and its id's (register.identity)
    assert {(p.entry, p.field) for p in found} == {("perpetrators_arrested_2003", "period")}
    assert any("its quote states no year and its paragraph" in p.message for p in found)


def test_the_build_refuses_the_2003_arrests_dated_1992(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "figures.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: perpetrators_arrested_2003\n")
    block = text[start:text.index("\n  - id:", start + 5)]
    replace_once(path, block, block.replace('period: "2003-01/2003-12"', 'period: "1992"'))
    err = refused(root, tmp_path / "out", capsys)
    assert ("figures.yml: perpetrators_arrested_2003: period: 1992..1992, but its quote states no year and its "
            "paragraph speaks of 2002..2003 only") in err
