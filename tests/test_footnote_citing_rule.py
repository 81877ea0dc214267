"""Every footnote of the report citing a source is among that source's `footnotes` (sources.yml): one printing its
citation, one citing it in short by its author, or his short name, and its year ('UNIAP, 2004', 'IOM 2003'), and
an 'Ibid.' right after one citing it. Tried on every real source with each of its footnotes left out, against the
footnotes read by eye."""
from __future__ import annotations

import yaml_c

from csecstats.inputs import paths
from csecstats.register.source_words import citing_footnotes, short_names, source_report_problems
from csecstats.source.reader import load_report
from real_inputs import project_copy, refused

REPORT = load_report(paths.REPORT_FILE)
# Read by eye: the footnotes citing each source, by its citation, its author and year, or 'Ibid.' after one.
CITING = {"uniap_2004": {1, 8, 9, 11, 12, 13, 14}, "nis_2003": {2}, "iom_mosalvy_2003": {3},
          "iom_2004_svay_rieng": {3}, "unicef_1995": {4}, "steinfatt_2003": {5}, "sedp2_2001_2005": {6},
          "iom_2003": {15}}


def sources() -> list[dict]:
    return yaml_c.safe_load(paths.SOURCES_FILE.read_text(encoding="utf-8"))["sources"]


def test_short_names_give_each_body_its_bracketed_name_and_keep_two_parties_two():
    assert short_names("United Nations Inter-Agency Project on Human Trafficking (UNIAP)") == {
        "united nations inter-agency project on human trafficking (uniap)", "uniap"}
    assert short_names("International Organization for Migration (IOM) and MOSALVY") == {
        "international organization for migration (iom) and mosalvy", "iom and mosalvy"}
    assert short_names("IOM") == {"iom"}


def test_every_real_source_lists_exactly_the_footnotes_citing_it():
    for s in sources():
        assert set(s.get("footnotes") or []) == CITING.get(s["id"], set()), s["id"]
        assert source_report_problems("s.yml", s["id"], s, REPORT) == []
    # the short citations and the Ibid. are read, not only the full citations
    uniap = next(s for s in sources() if s["id"] == "uniap_2004")
    assert citing_footnotes(uniap, REPORT) == [8, 9, 11, 12, 13, 14]
    assert REPORT.footnotes[9].strip() == "Ibid." and REPORT.footnotes[15].strip() == "IOM 2003"


def test_every_source_with_one_of_its_footnotes_left_out_is_refused():
    tried = 0
    for s in sources():
        for n in s.get("footnotes") or []:
            left = {**s, "footnotes": [f for f in s["footnotes"] if f != n]}
            found = source_report_problems("s.yml", s["id"], left, REPORT)
            assert [(p.entry, p.field) for p in found] == [(s["id"], "footnotes")], (s["id"], n)
            tried += 1
    assert tried == sum(len(v) for v in CITING.values())


def test_the_build_refuses_the_ibid_after_uniaps_footnote_left_out(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("footnotes: [1, 8, 9, 11, 12, 13, 14]") == 1
    path.write_text(text.replace("footnotes: [1, 8, 9, 11, 12, 13, 14]", "footnotes: [1, 8, 11, 12, 13, 14]"),
                    encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: uniap_2004: footnotes: [1, 8, 11, 12, 13, 14], but footnote 9 cites it ('Ibid.': its author and "
            "year, or 'Ibid.' after a footnote citing it)") in err, err


def test_every_source_left_out_leaves_exactly_its_short_footnotes_unclaimed():
    """Each real source dropped from sources.yml: the footnotes citing a document in short ('UNIAP, 2004', 'IOM
    2003', and the 'Ibid.' after one) that only it listed are refused; its full citations, and the explanatory
    footnotes (7, 10), are not."""
    from csecstats.register.source_words import claimed_footnote_problems
    short = {8, 9, 11, 12, 13, 14, 15}  # read by eye: 'UNIAP, 2004' x5, 'Ibid.' after one, 'IOM 2003'
    everyone = {}
    for s in sources():
        for n in s.get("footnotes") or []:
            everyone.setdefault(n, []).append(s["id"])
    citations = {s["id"]: s.get("citation") for s in sources()}
    assert claimed_footnote_problems("s.yml", everyone, citations, REPORT) == []
    for s in sources():
        claimed = {n: [i for i in ids if i != s["id"]] for n, ids in everyone.items()}
        found = claimed_footnote_problems("s.yml", claimed, citations, REPORT)
        alone = {n for n in s.get("footnotes") or [] if everyone[n] == [s["id"]]}
        assert sorted(p.entry for p in found) == sorted(f"footnote {n}" for n in alone & short), s["id"]


def test_the_build_refuses_the_source_of_footnote_15_left_out(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "sources.yml"
    data = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    data["sources"] = [s for s in data["sources"] if s["id"] != "iom_2003"]
    path.write_text(yaml_c.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: footnote 15: (file): 'IOM 2003' cites a document, but no source lists the footnote" in err, err
