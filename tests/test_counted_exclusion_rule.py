"""A number the report prints before what it counts ('195 participants', 'three components', 'hundreds of children',
'a three-year project') is a figure, never an exclusion (`register.audit.counted_noun`, applied where an exclusion
claims a token). Tried on every token of the report: each read as a count is a figure of the register, and each
figure so read, explained away in exclusions.yml instead, is refused."""
from __future__ import annotations

import functools

import yaml_c

from csecstats.inputs import paths
from csecstats.register import audit
from csecstats.register.tokens import Token
from real_inputs import project_copy, refused


@functools.cache
def _audited():
    return audit.run_audit(), paths.REPORT_FILE.read_text(encoding="utf-8")


def test_every_token_read_as_a_count_is_a_figure_and_no_exclusion_is():
    found, raw = _audited()
    assert found.problems == ()
    counted = [t for t in found.tokens if audit.counted_noun(raw, t)]
    assert {t.cls for t in counted} == {"figure"}
    assert len(counted) >= 40
    assert [t.text for t in found.tokens if t.cls in ("name", "excluded") and audit.counted_noun(raw, t)] == []


def test_every_counted_figure_explained_away_is_refused():
    found, raw = _audited()
    tried = 0
    for t in found.tokens:
        noun = audit.counted_noun(raw, t)
        if noun is None:
            continue
        for cls in ("excluded", "name"):
            entry = {"snippet": raw[t.start:t.end], "token": t.text, "class": cls, "reason": "In passing."}
            loose = Token(t.text, t.start, t.end, t.line, t.region)
            tokens, problems = audit.apply_exclusions([loose], raw, [("#1", entry)], "x.yml")
            assert tokens[0].cls == cls  # the exclusion still claims it, and says why it cannot
            assert [(p.entry, p.field) for p in problems] == [("#1", "token")], (t.text, raw[t.start:t.end + 30])
            assert f"counts {noun} in the report" in problems[0].message
            tried += 1
    assert tried >= 80


def test_what_is_no_count_is_never_read_as_one():
    raw = ("Cambodia is one of the countries. 24 hours Hotline. THE NATIONAL 5-YEAR PLAN. aged between 12-17 years "
           "old. the 8th ASEAN Summit. Page 25. 40 remote villages. a two-week course. Some 300 children. the next five years; "
           "24H per day/7 days per week. the six government's")
    said = {}
    for word, at in (("one", "one of"), ("24", "24 hours"), ("5", "5-YEAR"), ("12-17", "12-17 years"), ("8th", "8th "),
                     ("25", "25."), ("40", "40 remote"), ("two", "two-week"), ("300", "300 children"), ("five", "five years;"),
                     ("7", "7 days"), ("six", "six government")):
        start = raw.index(at)
        said[word] = audit.counted_noun(raw, Token(word, start, start + len(word), 1, "body"))
    assert said == {"one": None, "24": None, "5": None, "12-17": None, "8th": None, "25": None, "40": "villages",
                    "two": "weeks (a duration)", "300": "children", "five": "years (a duration)", "7": None,
                    "six": "governments"}


def test_the_build_refuses_a_workshop_count_dropped_and_explained_away(tmp_path, capsys):
    root = project_copy(tmp_path)
    figures = root / "data" / "raw" / "figures.yml"
    data = yaml_c.safe_load(figures.read_text(encoding="utf-8"))
    data["figures"] = [f for f in data["figures"] if f["id"] != "cosecam_provincial_workshops_participations"]
    figures.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    exclusions = root / "data" / "raw" / "exclusions.yml"
    text = exclusions.read_text(encoding="utf-8")
    exclusions.write_text(text.replace("exclusions:\n", "exclusions:\n  - snippet: \"provinces with 195 participa\"\n"
                                       "    token: \"195\"\n    class: excluded\n    reason: \"In passing.\"\n", 1),
                          encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{exclusions}: #1 195: token: '195' counts participations in the report ('195 participations") in err, err
