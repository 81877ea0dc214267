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
    entries = yaml_c.safe_load((paths.RAW / "exclusions.yml").read_text(encoding="utf-8"))["exclusions"]
    assert load_exclusions(paths.RAW / "exclusions.yml")[1] == []
    refused_entries = set()
    for i, entry in enumerate(entries):
        for cls in (c for c in EXCLUSION_CLASSES if c != entry["class"]):
            changed = [dict(e) for e in entries]
            changed[i]["class"] = cls
            path = tmp_path / f"exclusions_{i}_{cls}.yml"
            path.write_text(yaml_c.safe_dump({"exclusions": changed}, allow_unicode=True), encoding="utf-8")
            found = [(p.entry, p.field) for p in load_exclusions(path)[1] if p.message.endswith(RULE)]
            named = cls == "excluded" and bool(NAMED.search(entry["reason"]))  # a date: the year rule refuses it
            assert found == ([(f"#{i + 1} {entry['token']}", "class")] if named else []), (entry, cls)
            refused_entries |= {i + 1} if named else set()
    assert 5 in refused_entries and len(refused_entries) >= 10  # the policy's "100%", the plans' "Five", ...


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
