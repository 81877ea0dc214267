"""One page, one kind of account: every row of every declared source read from an address (its declaration's
``addresses``) given every other kind of account is refused exactly when another row is read from its page; and
through the build, a Phnom Penh Post story's NCCT count called the NCCT's own text."""
from __future__ import annotations

import functools

from csecstats.analysis.external import read_source
from csecstats.analysis.row_lineage import account_page_problems
from csecstats.register.lineage import ACCOUNTS
from real_inputs import addressed_sources, project, project_copy, raw_rows, refused, replace_once


@functools.lru_cache(maxsize=1)
def read() -> list[tuple[object, list[dict], list[dict], list[str]]]:
    """(source, raw rows, each row's lineage, each row's id) for every source read from addresses."""
    lineage, places, _ = project()
    found = []
    for source in addressed_sources():
        if source.spec.get("reading"):  # the TIP reports' pages: read by analysis.tip, one account a report
            continue
        frame, problems = read_source(source, places, lineage)
        assert problems == []
        raws = raw_rows(source)
        assert len(raws) == len(frame)
        found.append((source, raws, frame[["account"]].to_dict("records"), list(frame[source.id_column])))
    return found


def test_every_row_given_every_other_account_is_refused_when_its_page_has_another_row():
    assert len(read()) >= 3
    tried = refused_here = 0
    for source, raws, notes, ids in read():
        assert account_page_problems(source, raws, notes, ids) == []
        address = source.spec["addresses"][0]
        for i, raw in enumerate(raws):
            alone = sum(r[address].strip() == raw[address].strip() for r in raws) == 1
            for account in ACCOUNTS:
                if account == notes[i]["account"]:
                    continue
                moved = [*notes[:i], {"account": account}, *notes[i + 1:]]
                found = account_page_problems(source, raws, moved, ids)
                assert bool(found) == (not alone), (source.spec["data"], ids[i], account)
                assert all(p.field in ("account", source.spec["lineage"].get("account", {}).get("column", "account"))
                           for p in found if "annotations" in source.spec["lineage"])
                tried += 1
                refused_here += bool(found)
    assert tried >= 80 and refused_here >= 60, (tried, refused_here)


def test_the_build_refuses_the_ncct_count_of_a_press_story_called_its_own_text(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/external_rows.yml",
                 '    enf_victims_rescued_cambodia_2016_2:\n      origin: "ncct_compilation"\n      qualifier: "exact"\n'
                 '      method: "administrative_count"\n      definition: "victims_rescued"\n      measures: "detection"\n'
                 '      account: "press"',
                 '    enf_victims_rescued_cambodia_2016_2:\n      origin: "ncct_compilation"\n      qualifier: "exact"\n'
                 '      method: "administrative_count"\n      definition: "victims_rescued"\n      measures: "detection"\n'
                 '      account: "official"')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/external_rows.yml'}: external-enforcement.csv: enf_victims_rescued_cambodia_2016_2: "
            "account: 'official', but enf_cases_cambodia_2016_2 read from the same page is 'press': one page, one kind "
            "of account") in err
