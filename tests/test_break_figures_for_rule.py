"""A period break whose words say which years its figures are of ('its figures for 2014 were gathered from various
sources') ends with the last of them (``register.breaks._figures_for_problems``, in ``check_break``). Every real
break given every other break's end, or none, and through the build."""
from __future__ import annotations

import re

import yaml

from csecstats.inputs import paths
from csecstats.register.breaks import check_break
from real_inputs import project_copy, refused, replace_once


def _breaks() -> list[dict]:
    return yaml.safe_load((paths.RAW / "breaks.yml").read_text(encoding="utf-8"))["breaks"]


def test_every_real_break_holds():
    assert [p for b in _breaks() for p in check_break("breaks.yml", b["id"], b)[1]] == []


def test_every_break_given_every_other_end_is_refused_exactly_where_its_words_date_its_figures():
    breaks, tried, refused_here = _breaks(), 0, []
    ends = [None, *(f"{year}-12-31" for year in range(2005, 2025))]  # open, or the end of any year of the TIP table
    for entry in (b for b in breaks if b["scope"] == "period"):
        dated = re.findall(r"\b(?:figures|counts|data) for (\d{4})\b", f"{entry['changes']} {entry['reason']}", re.I)
        for end in ends:
            if end == entry["to"]:
                continue
            found = [p for p in check_break("breaks.yml", entry["id"], {**entry, "to": end})[1]
                     if "but its words say its figures are of" in p.message]
            end_year = (end or "")[:4]
            expected = bool(dated) and end_year != max(dated)
            assert bool(found) == expected, (entry["id"], end, found)
            tried += 1
            if found:
                refused_here.append((entry["id"], end))
                assert found[0].field == "to" and found[0].entry == entry["id"]
    assert tried >= 60
    assert ("various_sources_2015", None) in refused_here and len(refused_here) == 20  # all but 2014's end


def test_the_build_refuses_the_2014_compilation_left_open(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/breaks.yml", '    from: "2014-01-01"\n    to: "2014-12-31"\n',
                 '    from: "2014-01-01"\n    to: null\n')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/breaks.yml'}: various_sources_2015: to: open, but its words say its figures are of "
            "2014: it ends in 2014") in err
