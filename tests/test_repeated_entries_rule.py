"""No declaration says one thing twice under two ids (`register.documents.repeated_entries_problems`), and no quote of
a declared source is credited to two pages (`analysis.row_pages.passage_problems`): each is one account counted
twice. Tried on a copy of every entry of every YAML input and of every quoted row of every declared source."""
from __future__ import annotations

import copy

import yaml_c

from csecstats.analysis.row_pages import QUOTED_WORDS, passage_problems
from csecstats.inputs import paths
from csecstats.register import documents
from csecstats.register.documents import SAME_WHEN, repeated_entries_problems, repeated_in
from real_inputs import addressed_sources, project_copy, raw_rows, refused, replace_once

FILES = [paths.REGISTER_FILE, paths.SOURCES_FILE, *documents.yaml_inputs()]


def _lists(data: dict) -> list[tuple[str, list]]:
    return [(key, items) for key, items in data.items() if isinstance(items, list) and items
            and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items)]


def test_the_real_declarations_say_nothing_twice():
    assert repeated_entries_problems(FILES) == []


def test_every_entry_repeated_under_a_new_id_is_refused_on_the_copy():
    tried, entries = 0, 0
    for path in FILES:
        data = yaml_c.safe_load(path.read_text(encoding="utf-8"))
        entries += sum(len(items) for _, items in _lists(data))
        for key, items in _lists(data):
            for i in range(len(items)):
                changed = copy.deepcopy(data)
                repeat = {**changed[key][i], "id": f"{items[i]['id']}_again"}
                changed[key].insert(i + 1, repeat)
                found = repeated_in(path.name, changed)
                assert [(p.entry, p.field) for p in found] == [(repeat["id"], "id")], (path.name, key, i)
                assert f"says again what {items[i]['id']} says" in found[0].message
                tried += 1
    assert tried == entries > 130  # every figure, source, origin, estimate, check, break and quantity


def test_a_repeat_in_other_words_is_still_one_and_a_new_fact_is_not():
    data = yaml_c.safe_load(paths.BREAKS_FILE.read_text(encoding="utf-8"))
    first = data["breaks"][0]
    assert set(SAME_WHEN["breaks"]) <= set(first)
    reworded = {**first, "id": "reworded", "label": "another label", "reason": "other words", "quote": first["quote"]}
    moved = {**first, "id": "moved", "to": "9999"}
    data["breaks"] += [reworded, moved]
    found = repeated_entries_problems_of(data)
    assert [p.entry for p in found] == ["reworded"]


def repeated_entries_problems_of(data: dict, name: str = "breaks.yml"):
    return repeated_in(name, data)


def test_an_id_given_twice_is_left_to_the_identity_rule():
    data = yaml_c.safe_load(paths.CHECKS_FILE.read_text(encoding="utf-8"))
    data["checks"].append(copy.deepcopy(data["checks"][0]))
    assert repeated_entries_problems_of(data, "checks.yml") == []


def test_every_quoted_row_copied_to_another_page_is_refused_on_the_copy():
    tried = 0
    for source in addressed_sources():
        rows = raw_rows(source)
        address = source.spec["addresses"][0]
        assert passage_problems("d.csv", rows, source.spec["addresses"], lambda r: f"row {r['_row']}") == []
        for i, row in enumerate(rows):
            other = next((r for r in rows if r[address] != row[address]), None)
            if other is None or len(row["quote"].split()) < QUOTED_WORDS:
                continue
            copied = {**row, address: other[address], "_row": len(rows) + 1}
            found = passage_problems("d.csv", [*rows[:i + 1], copied, *rows[i + 1:]], source.spec["addresses"],
                                     lambda r: f"row {r['_row']}")
            mine = [p for p in found if p.field == address]
            assert [(p.entry, p.field) for p in mine] == [(f"row {len(rows) + 1}", address)], (source.name, i)
            first = next(r for r in rows if r["quote"] == row["quote"])  # rows of one quote from one page: the first
            assert f"but row {first['_row']} quotes the same words" in mine[0].message
            tried += 1
    assert tried > 80


def test_the_build_refuses_a_census_row_credited_to_a_second_account(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "cambodia-population.csv"
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines(keepends=True) if ln.startswith("2019-03-03,Cambodia,aged 15-59"))
    other = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "cambodiaeconomy.site" in ln)
    url = next(cell for cell in other.split(",") if cell.startswith("cambodiaeconomy.site"))
    own = next(cell for cell in line.split(",") if cell.startswith("english.cambodiadaily.com"))
    copy_line = line.replace("Cambodia Daily", "Cambodia Economy (blog account of the final census report)").replace(own, url)
    replace_once(path, line, line + copy_line)
    err = refused(root, tmp_path / "out", capsys)
    assert "(aged 15-59 2019-03-03 Cambodia): url: 'cambodiaeconomy.site" in err, err
    assert "quotes the same words" in err and "one account's words, one page" in err, err


def test_the_build_refuses_an_estimate_declared_twice(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "estimates.yml"
    data = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    i, first = next((i, e) for i, e in enumerate(data["estimates"]) if e["id"] == "forced_or_tricked_sex_workers")
    data["estimates"].insert(i + 1, {**first, "id": f"{first['id']}_again"})
    path.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: {first['id']}_again: id: says again what {first['id']} says" in err, err
