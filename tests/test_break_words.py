"""A comparability break's dates are the ones its words print ('2008 law' starts in 2008), its changes speak of its
label, and its source names the report its label credits it to. Tried on every real break with every other break's
bounds, changes and sources."""
from __future__ import annotations

import dataclasses

import yaml_c

from csecstats.inputs import paths
from csecstats.register.breaks import check_break


def breaks() -> list[dict]:
    return yaml_c.safe_load((paths.RAW / "breaks.yml").read_text(encoding="utf-8"))["breaks"]


def test_every_real_break_prints_its_years():
    assert all(check_break("b.yml", b["id"], b)[1] == [] for b in breaks())


def test_a_break_given_another_breaks_bound_its_words_never_print_is_refused():
    tried = 0
    for entry in breaks():
        words = f"{entry['label']} {entry['changes']}"
        for other in breaks():
            for field in ("from", "to"):
                value = other[field]
                if other["scope"] != entry["scope"] or entry["scope"] == "counting" or value in (None, entry[field]):
                    continue
                changed = dict(entry, **{field: value})
                if field == "from" and entry["to"] is not None and str(value) > str(entry["to"]):
                    continue  # a break ending before it starts is refused for that
                found = check_break("b.yml", entry["id"], changed)[1]
                year = str(value)[:4]
                assert any(p.field == field and "neither its label nor its changes print" in p.message
                           for p in found) == (year not in words), (entry["id"], field, value)
                tried += year not in words
    assert tried >= 8


def test_a_break_given_another_breaks_changes_saying_nothing_of_its_label_is_refused():
    import re
    tried = 0
    for entry in breaks():
        label = [w for w in re.findall(r"[^\W\d_]+", entry["label"].casefold()) if len(w) >= 3
                 and w not in ("report", "all", "the", "and", "not", "for", "other", "included")]
        assert label, entry["id"]
        for other in breaks():
            if other["changes"] == entry["changes"]:
                continue
            found = check_break("b.yml", entry["id"], dict(entry, changes=other["changes"]))[1]
            said = any(re.search(rf"(?<!\w){w[:6]}", other["changes"].casefold()) for w in label)
            assert any(p.field == "changes" for p in found) == (not said), (entry["id"], other["id"])
            tried += not said
            if (entry["id"], other["id"]) in (("provisions_2017", "all_provinces_2020"),  # 'provisions', 'provinces'
                                              ("all_provinces_2020", "provisions_2017"),
                                              ("other_crimes_2020", "provisions_2017")):  # 'included', 'include'
                assert not said
    assert tried >= 38


def test_a_break_whose_source_names_another_report_than_its_quotes_is_refused():
    """Every break whose quote stands in the TIP table, given every other break's source naming TIP report years,
    is refused on its source exactly when none of those reports holds its quote."""
    import csv
    import io
    import re

    from csecstats.analysis.tip import breaks_problems
    from csecstats.register.breaks import read_breaks
    declared, readings = read_breaks()[:2]
    raw = list(csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8"))))
    assert breaks_problems(paths.RAW / "breaks.yml", "t.csv", raw, declared, readings) == []
    tried = 0
    for b in (b for b in declared if b.quote):
        holding = {int(r["report_year"]) for r in raw if any(b.quote in r[c] for c in ("quote", "indicator_note",
                                                                                        "caveat"))}
        for other in declared:
            named = {int(y) for y in re.findall(r"(?:19|20)\d\d", other.source)
                     if re.search(rf"{y}(?: and (?:19|20)\d\d)? TIP reports?|and {y} TIP reports", other.source)}
            if other.source == b.source or not named:
                continue
            moved = [dataclasses.replace(x, source=other.source) if x.id == b.id else x for x in declared]
            found = [p for p in breaks_problems(paths.RAW / "breaks.yml", "t.csv", raw, moved, readings)
                     if p.entry == b.id and p.field == "source"]
            assert bool(found) == (not named & holding), (b.id, other.id)
            tried += not named & holding
    assert tried >= 8


def test_a_break_given_another_breaks_source_naming_no_report_its_label_credits_is_refused():
    """Every break, given every other break's source: refused on its source, with the year its label credits,
    exactly when its label names a report ('2015 report: ...') that source names no TIP report of (the quoteless
    2015 break, which the quote rule cannot hold, among them)."""
    import re

    from csecstats.inputs.errors import brief
    tried = set()
    for entry in breaks():
        credited = re.findall(r"((?:19|20)\d\d) report\b", entry["label"])
        for other in breaks():
            if other["source"] == entry["source"]:
                continue
            found = [p for p in check_break("b.yml", entry["id"], dict(entry, source=other["source"]))[1]
                     if p.field == "source"]
            named = set(re.findall(r"(?:19|20)\d\d(?= TIP report)", other["source"]))
            named |= {a for a, _ in re.findall(r"((?:19|20)\d\d) and ((?:19|20)\d\d) TIP reports", other["source"])}
            missing = [y for y in credited if y not in named]
            assert [p.message for p in found] == [f"{brief(other['source'], 50)} names no {y} TIP report, the report "
                                                  f"its label {entry['label']!r} credits it to" for y in missing], (
                entry["id"], other["id"])
            if missing:
                tried.add((entry["id"], other["source"]))
    assert {i for i, _ in tried} == {"various_sources_2015", "provisions_2017", "no_database_2022"}
    assert len([s for i, s in tried if i == "various_sources_2015"]) == 5


def test_the_build_refuses_the_2015_break_credited_to_the_2017_report(tmp_path, capsys):
    """The 2015 report's break (no quote) given the 2017 break's source: exit 2, named on its source, nothing
    written."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "breaks.yml"
    replace_once(path, "source: \"data/external source notes (2015 TIP report); the 2017 report's '29 in 2014' "
                       "agrees with coverage of the 2015 report\"", 'source: "2017 TIP report (Cambodia page)"')
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: various_sources_2015: source: '2017 TIP report (Cambodia page)' names no 2015 TIP report, "
            "the report its label '2015 report: various sources' credits it to") in err


def test_a_report_break_given_another_end_holding_rows_of_a_report_its_label_does_not_credit_is_refused():
    """Every report-scoped break given every other end (null, the open end, among them): refused on its `to`
    exactly when the report years it then spans hold TIP rows of a report its label does not credit ('2017
    report: ...' open to the 2021 and 2022 reports); '2020 on' credits no report and stays open, and the 2022
    report's open end holds no later row."""
    import csv
    import io
    import re

    from csecstats.analysis.tip import breaks_problems
    from csecstats.register.breaks import read_breaks
    declared, readings = read_breaks()[:2]
    raw = list(csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8"))))
    years = {int(r["report_year"]) for r in raw}
    refused_ends = set()
    for b in (b for b in declared if b.scope == "report"):
        credited = {int(y) for y in re.findall(r"((?:19|20)\d\d) report\b", b.label)}
        for end in [None, *range(b.start, 2023)]:
            moved = [dataclasses.replace(x, end=end) if x.id == b.id else x for x in declared]
            found = [p for p in breaks_problems(paths.RAW / "breaks.yml", "t.csv", raw, moved, readings)
                     if p.entry == b.id and p.field == "to"]
            spanned = {y for y in years if b.start <= y <= (end or 9999)}
            assert bool(found) == bool(credited and spanned - credited), (b.id, end)
            if found:
                refused_ends.add((b.id, end))
    assert refused_ends == {("provisions_2017", None), ("provisions_2017", 2021), ("provisions_2017", 2022)}


def test_the_build_refuses_the_2017_reports_break_left_open(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    replace_once(root / "data" / "raw" / "breaks.yml", "    from: 2017\n    to: 2017\n", "    from: 2017\n    to: null\n")
    err = refused(root, tmp_path / "out", capsys)
    assert ("breaks.yml: provisions_2017: to: null (open), so the rows of the 2021 report stand inside it, but its "
            "label '2017 report: comparable provisions' credits it to the 2017 report") in err


def test_the_build_refuses_the_2020_break_given_the_2017_reports_changes(tmp_path, capsys):
    """'2020 on: other crimes included' given the 2017 break's changes ('Prosecutions include comparable penal-code
    provisions...'): 'included' names nothing a break changes, and the changes say nothing of crimes."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "breaks.yml"
    other = next(b for b in breaks() if b["id"] == "other_crimes_2020")["changes"]
    mine = next(b for b in breaks() if b["id"] == "provisions_2017")["changes"]
    replace_once(path, f'    changes: "{other}"\n', f'    changes: "{mine}"\n')
    err = refused(root, tmp_path / "out", capsys)
    assert "breaks.yml: other_crimes_2020: changes: 'Prosecutions include comparable penal-code" in err
    assert "says nothing of its label '2020 on: other crimes included'" in err


def test_every_break_given_another_breaks_changes_or_reason_is_refused_on_that_field(tmp_path):
    """Each break in turn given each other break's ``changes``, then ``reason``, in a copy of ``breaks.yml``: refused
    on that break and field, and on nothing else; the real file passes."""
    from csecstats.inputs.errors import ValidationFailed
    from csecstats.register.breaks import read_breaks
    real = yaml_c.safe_load((paths.RAW / "breaks.yml").read_text(encoding="utf-8"))
    read_breaks(paths.RAW / "breaks.yml")
    path, tried = tmp_path / "breaks.yml", 0
    for i, entry in enumerate(real["breaks"]):
        for other in real["breaks"]:
            for field in ("changes", "reason"):
                if other is entry or other[field] == entry[field]:
                    continue
                doc = {**real, "breaks": [dict(b, **{field: other[field]}) if j == i else b
                                          for j, b in enumerate(real["breaks"])]}
                path.write_text(yaml_c.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
                try:
                    read_breaks(path)
                    found = []
                except ValidationFailed as failed:
                    found = failed.problems
                copied = [p for p in found if "is word for word" in p.message]
                if len(copied) < len(found):  # another rule refused the changed break first (it is left unread)
                    assert copied == [] and all(p.entry == entry["id"] for p in found), (entry["id"], found)
                    continue
                later = max(real["breaks"].index(other), i)  # refused on whichever of the two comes later
                assert [(p.entry, p.field) for p in copied] == [(real["breaks"][later]["id"], field)], (
                    entry["id"], other["id"], field)
                tried += 1
    assert tried >= 20  # copies no other rule refuses


def test_the_build_refuses_the_2008_law_given_the_2017_reports_changes(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    breaks = {b["id"]: b for b in yaml_c.safe_load((root / "data/raw/breaks.yml").read_text(encoding="utf-8"))["breaks"]}
    replace_once(root / "data/raw/breaks.yml", f'changes: "{breaks["law_2008"]["changes"]}"',
                 f'changes: "{breaks["provisions_2017"]["changes"]}"')
    err = refused(root, tmp_path / "out", capsys)
    assert "breaks.yml: provisions_2017: changes:" in err and "is word for word law_2008's changes" in err
