"""A caveat saying a figure counts children alone ('All the victims rescued were children') stands only where its
quote or paragraph speaks of children; one denying it ('not only children') says nothing of the kind. Tried on
every figure given each of a set of caveats, and through the build."""
from __future__ import annotations

from csecstats.register.caveat_words import figure_caveat_problems, warned_sections
from real_inputs import checked_register, project_copy, refused, replace_once

CAVEATS = {  # caveat -> whether it says the number counts children alone, read by eye
    "All the victims rescued were children.": True,
    "Former child victims only.": True,
    "Only children are counted.": True,
    "Ages are not given; not only children.": False,
    "Children and adults alike.": False,
    "The number of workshops is not given.": False,
}


def test_every_figure_told_it_counts_children_alone():
    reg = checked_register()
    warned = warned_sections(reg.report)
    tried = refused_here = 0
    for figure in reg.figures:
        words = " ".join([figure["quote"], *(p.text for p in reg.report.find_quotes(figure["quote"]))]).lower()
        for text, claims in CAVEATS.items():
            told = {**figure, "caveats": [*figure["caveats"], {"priority": "reading", "text": text}]}
            n = len(told["caveats"])
            found = [p for p in figure_caveat_problems(reg, told, warned)
                     if p.field == f"caveats[{n}].text" and "children alone" in p.message]
            expected = claims and "child" not in words
            assert bool(found) == expected, (figure["figure_id"], text)
            tried += 1
            refused_here += expected
    assert tried >= 400 and refused_here >= 100, (tried, refused_here)


def test_the_build_refuses_the_2003_rescues_said_to_be_all_children(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml", '      - {priority: reading, text: "Ages of victims are not given; not '
                 'only children."}', '      - {priority: reading, text: "All the victims rescued were children."}')
    err = refused(root, tmp_path / "out", capsys)
    assert ("victims_rescued_2003: caveats[2].text: 'All the victims rescued were children.' says it counts children "
            "alone, but neither its quote nor its paragraph speaks of children") in err, err
