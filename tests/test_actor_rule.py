"""A figure's actor is named where the report prints it: declared in vocabulary.yml with the names that name it,
one of them in its quote, paragraph, the paragraph opening its list or its section's headings. Tried on every real
figure moved to every actor whose names its whole section never prints, and through the build."""
from __future__ import annotations


from csecstats.register.actors import actor_context, actor_problems, names_as_actor, names_in
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


# Read by eye: figures whose paragraph names an actor only as a partner of whoever did it.
PARTNERS = {("mot_child_sex_tourism_pamphlets_produced", "UNIAP"),  # 'MoT with support of UNIAP ... produced'
            ("mowa_information_campaign_duration", "IOM")}  # 'MoWA commenced a ... project in cooperation with IOM'


def test_an_actor_named_only_as_a_partner_of_whoever_did_it_is_refused():
    reg = register()
    actors = reg.vocabulary.actors
    by_id = {f["figure_id"]: f for f in reg.figures}
    for figure_id, actor in PARTNERS:
        found = actor_problems(reg.path, [{**by_id[figure_id], "actor": actor}], actors, reg.report)
        assert [(p.field, "only as a partner" in p.message) for p in found] == [("actor", True)], (figure_id, actor)
    # every figure given every actor: a partner message only where its names stand in its words only as partners
    partnered = 0
    for f in (f for f in reg.figures if f.get("actor")):
        words = f"{f['quote']} {actor_context(reg.report, f['quote'], f['section'])}"
        for other, names in actors.items():
            found = actor_problems(reg.path, [{**f, "actor": other}], actors, reg.report)
            partner = [p for p in found if "only as a partner" in p.message]
            assert bool(partner) == (names_in(names, words) and not names_as_actor(names, words)), (f["figure_id"], other)
            partnered += bool(partner)
    assert partnered >= 10, partnered  # 14 (figure, actor) pairs today


def test_names_in_a_partner_phrase_are_not_the_actor():
    assert not names_as_actor(["UNIAP"], "MoT with support of UNIAP and British Embassy in Phnom Penh and in "
                                         "cooperation with WV-C produced 13,000 pamphlets")
    assert names_as_actor(["MoT"], "MoT with support of UNIAP and British Embassy produced 13,000 pamphlets")
    assert names_as_actor(["ILO/IPEC"], "In cooperation with MoSVY and CNCC Sub-Committee on Child Labour, ILO/IPEC "
                                        "has piloted a project")
    assert not names_as_actor(["MoSVY"], "In cooperation with MoSVY and CNCC Sub-Committee on Child Labour, ILO/IPEC "
                                         "has piloted a project")
    assert names_as_actor(["UNIAP"], "UNIAP, in cooperation with IOM, produced a map. It was supported by IOM.")


def test_the_build_refuses_the_pamphlets_credited_to_the_agency_that_supported_them(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: mot_child_sex_tourism_pamphlets_produced\n")
    old = '    actor: "Ministry of Tourism (MoT) with WV-C"\n'
    at = text.index(old, start)
    path.write_text(text[:at] + '    actor: "UNIAP"\n' + text[at + len(old):], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: mot_child_sex_tourism_pamphlets_produced: actor: 'UNIAP' is named in its quote, paragraph and "
            "section only as a partner of whoever did it") in err, err
