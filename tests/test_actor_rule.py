"""A figure's actor is named where the report prints it: declared in vocabulary.yml with the names that name it,
one of them in its quote, paragraph, the paragraph opening its list or its section's headings. Tried on every real
figure moved to every actor whose names its whole section never prints, and through the build."""
from __future__ import annotations


from csecstats.register.actors import actor_problems
from real_inputs import checked_register, project_copy, refused, replace_once


register = checked_register  # the register, read and checked once per test process


def section_words(report, section: str) -> str:
    """Every paragraph and heading of the section and the sections under it, lower-cased: a plain reading."""
    inside = [p.text for p in report.paragraphs if p.section == section or p.section.startswith(section + ".")]
    return " ".join(inside + [h.title for h in report.headings]).lower()


def test_every_real_actor_is_declared_and_named_where_its_figure_is_printed():
    reg = register()
    with_actor = [f for f in reg.figures if f.get("actor")]
    assert len(with_actor) >= 55
    assert {f["actor"] for f in with_actor} <= set(reg.vocabulary.actors)
    assert actor_problems(reg.path, with_actor, reg.vocabulary.actors, reg.report) == []


def test_every_figure_given_an_actor_its_section_never_names_is_refused():
    reg = register()
    actors = reg.vocabulary.actors
    moved = 0
    for f in (f for f in reg.figures if f.get("actor")):
        words = section_words(reg.report, f["section"])
        for other in sorted(actors):
            if any(name.lower() in words for name in actors[other]):
                continue
            moved += 1
            problems = actor_problems(reg.path, [{**f, "actor": other}], actors, reg.report)
            assert [(p.entry, p.field) for p in problems] == [(f["figure_id"], "actor")], (f["figure_id"], other)
    assert moved >= 700


def test_an_undeclared_actor_is_refused():
    reg = register()
    f = next(f for f in reg.figures if f.get("actor"))
    problems = actor_problems(reg.path, [{**f, "actor": "Ministry of Planning"}], reg.vocabulary.actors, reg.report)
    assert [(p.entry, p.field) for p in problems] == [(f["figure_id"], "actor")]
    assert "is not declared under actors" in problems[0].message


def test_the_build_refuses_the_hotline_count_credited_to_cosecam(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml",
                 'section: "II.D.2"\n    actor: "Department of Anti-Human Trafficking and Juvenile Protection"\n'
                 '    caveats:\n      - {priority: qualifies, text: "A subset of the 257 received;',
                 'section: "II.D.2"\n    actor: "COSECAM"\n'
                 '    caveats:\n      - {priority: qualifies, text: "A subset of the 257 received;')
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if ": actor: " in line]
    assert len(lines) == 1 and lines[0].startswith(f"{root / 'data/raw/figures.yml'}: hotline_reports_2003: actor: ")
    assert "'COSECAM' is named by none of its names" in lines[0]
