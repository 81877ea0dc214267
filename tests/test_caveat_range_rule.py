"""A range a figure's caveat prints ('the age band is 12-17', '21-28 May 2004'; spans of years aside) is one its
quote or paragraph prints (``register.caveat_words``). Every real caveat's range with an end moved, another
figure's range given to each figure, and through the build."""
from __future__ import annotations

import copy
import re

from csecstats.register.caveat_words import RANGE, figure_caveat_problems, warned_sections
from real_inputs import checked_register, project_copy, refused, replace_once


def problems(figure: dict) -> list[str]:
    register = checked_register()
    return [p.message for p in figure_caveat_problems(register, figure, warned_sections(register.report))
            if "prints the range" in p.message]


def test_every_range_a_real_caveat_prints_is_its_figures():
    assert [problems(f) for f in checked_register().figures if problems(f)] == []


def test_every_range_with_an_end_moved_is_refused():
    tried = 0
    for figure in checked_register().figures:
        for i, caveat in enumerate(figure["caveats"]):
            for match in RANGE.finditer(caveat["text"]):
                a, b = match.groups()
                if len(a) == len(b) == 4:
                    continue
                for moved in (f"{a}-{int(b) + 1}", f"{int(a) + 1}-{b}", f"{a}-{int(b) - 2}"):
                    changed = copy.deepcopy(figure)
                    changed["caveats"][i]["text"] = caveat["text"][:match.start()] + moved + caveat["text"][match.end():]
                    assert problems(changed) == [f"prints the range {moved}, which neither its quote nor its "
                                                 "paragraph prints"], (figure["figure_id"], moved)
                    tried += 1
    assert tried == 3 * 3


def test_every_figure_given_a_band_of_another_is_refused_where_its_words_do_not_print_it():
    tried = refused_here = 0
    for figure in checked_register().figures:
        changed = copy.deepcopy(figure)
        changed["caveats"].append({"priority": "reading", "text": "The age band is 12-17."})
        found = problems(changed)
        paragraph = " ".join([figure["quote"], *(p.text for p in checked_register().report.find_quotes(figure["quote"]))])
        assert bool(found) == (not re.search(r"12\s*-\s*17", paragraph)), figure["figure_id"]
        tried += 1
        refused_here += bool(found)
    assert refused_here >= tried - 5


def test_the_build_refuses_the_under_age_share_given_another_band(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml", "the age band is 12-17 (under 18), not the under-16 threshold",
                 "the age band is 12-15 (under 16), matching the under-16 threshold")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/figures.yml'}: share_aged_12_17_sex_workers_phnom_penh_1997: caveats[2].text: prints "
            "the range 12-15, which neither its quote nor its paragraph prints") in err


# --------------------------------------------------------------- a standard caveat's priority

def test_every_standard_caveat_given_every_other_priority_is_refused():
    from csecstats.register.caveat_words import standard_priority
    from csecstats.register.caveats import PRIORITIES
    register, tried = checked_register(), 0
    for figure in register.figures:
        for i, caveat in enumerate(figure["caveats"]):
            kind = standard_priority(caveat["text"])
            for priority in PRIORITIES:
                changed = copy.deepcopy(figure)
                changed["caveats"][i]["priority"] = priority
                found = [p for p in figure_caveat_problems(register, changed, warned_sections(register.report))
                         if p.field == f"caveats[{i + 1}].priority"]
                assert bool(found) == (kind is not None and priority != kind), (figure["figure_id"], i, priority)
                tried += bool(found)
    assert tried >= 2 * (2 + 2 + 32 + 12), tried  # two other priorities for each bound, magnitude, undated, warning


def test_the_build_refuses_a_lower_bound_filed_as_provenance(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml", "      - {priority: reading, text: \"A lower bound ('over').\"}",
                 "      - {priority: provenance, text: \"A lower bound ('over').\"}")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/figures.yml'}: sex_workers_phnom_penh_1997: caveats[2].priority: provenance, but "
            "\"A lower bound ('over').\" is a reading caveat") in err
