"""An exclusion whose reason calls its token a name ('The name of a policy, not a measured share') is of class
name. Tried on every real exclusion given every other class, through ``validate`` and through the build."""
from __future__ import annotations

import yaml_c

from csecstats.cli import main
from csecstats.inputs import paths
from csecstats.register.audit import EXCLUSION_CLASSES, NAMED, load_exclusions
from real_inputs import project_copy, refused, replace_once

RULE = "a name is of class name"


def test_every_real_exclusion_given_another_class_is_refused_where_its_reason_calls_it_a_name(tmp_path):
    """Every real exclusion passes; given each other class, it is refused on its class by this rule exactly when
    its reason says 'name' (not 'naming': 'Ordinal naming a project phase' is excluded in the real file, beside
    'Ordinal naming a plan' of class name, so the words settle no more than a name called a name)."""
    assert load_exclusions(paths.RAW / "exclusions.yml")[1] == []
    refused_entries = set()
    for i, entry, cls, found in each_given_another_class(tmp_path, RULE):
        named = cls == "excluded" and bool(NAMED.search(entry["reason"]))  # a date: the year rule refuses it
        assert found == ([(f"#{i + 1} {entry['token']}", "class")] if named else []), (entry, cls)
        refused_entries |= {i + 1} if named else set()
    assert 5 in refused_entries and len(refused_entries) >= 10  # the policy's "100%", the plans' "Five", ...


def each_given_another_class(tmp_path, rule: str):
    """(index, entry, class, the (entry, field) of each problem ending in ``rule``) for every real exclusion given
    each other class, read from a file of its own."""
    entries = yaml_c.safe_load((paths.RAW / "exclusions.yml").read_text(encoding="utf-8"))["exclusions"]
    for i, entry in enumerate(entries):
        for cls in (c for c in EXCLUSION_CLASSES if c != entry["class"]):
            changed = [dict(e) for e in entries]
            changed[i]["class"] = cls
            path = tmp_path / f"exclusions_{i}_{cls}.yml"
            path.write_text(yaml_c.safe_dump({"exclusions": changed}, allow_unicode=True), encoding="utf-8")
            yield i, entry, cls, [(p.entry, p.field) for p in load_exclusions(path)[1] if p.message.endswith(rule)]


def test_validate_refuses_the_condom_policys_name_called_excluded(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "exclusions.yml"
    replace_once(path, 'token: "100%"\n    class: name\n', 'token: "100%"\n    class: excluded\n')
    assert main(["--root", str(root), "validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert (f"{path}: #5 100%: class: excluded, but its reason calls '100%' a name ('The name of a policy, not a "
            "measured sha...'): a name is of class name") in out
    assert main(["--root", str(root), "audit"]) == 2
    err = refused(root, tmp_path / "out", capsys)  # the build reads the audit too: exit 2, nothing written
    assert f"{path}: #5 100%: class: excluded, but its reason calls '100%' a name" in err


def test_every_real_exclusion_given_another_class_is_refused_where_its_reason_calls_it_an_idiom_or_threshold(tmp_path):
    """The other way: a reason calling its token an idiom, a pronoun, an age band or a threshold ('third parties' is
    an idiom; 'Legal age threshold') says it is of class excluded; every real exclusion given each other class is
    refused by this rule exactly then (a date given such a reason is the year rule's)."""
    from csecstats.register.audit import NOT_COUNTED
    refused_entries = set()
    for i, entry, cls, found in each_given_another_class(tmp_path, "an idiom, a pronoun, an age band or a threshold "
                                                                   "is of class excluded"):
        said = cls == "name" and bool(NOT_COUNTED.search(entry["reason"])) and not NAMED.search(entry["reason"])
        assert found == ([(f"#{i + 1} {entry['token']}", "class")] if said else []), (entry, cls)
        refused_entries |= {i + 1} if said else set()
    assert {28, 29, 30, 34, 35, 36} <= refused_entries, refused_entries


def test_the_build_refuses_a_citations_page_number_called_excluded_and_an_age_threshold_called_a_name(tmp_path,
                                                                                                   capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "exclusions.yml"
    replace_once(path, 'token: "23"\n    class: name\n', 'token: "23"\n    class: excluded\n')
    replace_once(path, 'token: "16"\n    class: excluded\n', 'token: "16"\n    class: name\n')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: #14 23: class: excluded, but its reason calls '23' a page number ('Page number of a citation "
            "(footnote 6).'): a name is of class name") in err
    assert (f"{path}: #30 16: class: name, but its reason calls '16' a threshold (\"Legal age threshold ('under age "
            "16', spl...\"): an idiom, a pronoun, an age band or a threshold is of class excluded") in err
