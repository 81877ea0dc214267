"""A source's title, year and author are what its citation prints. Tried on every real source with every other
source's title, year and author."""
from __future__ import annotations

import functools
import re

import yaml_c

from csecstats.cli import main
from csecstats.inputs import paths
from csecstats.register.source_words import source_word_problems
from csecstats.source.reader import load_report
from test_footnote_citing_rule import CITING

TITLE_PAGE = load_report(paths.REPORT_FILE).title_page


@functools.lru_cache(maxsize=1)
def _sources() -> tuple[dict, ...]:
    return tuple(yaml_c.safe_load(paths.SOURCES_FILE.read_text(encoding="utf-8"))["sources"])


def sources() -> list[dict]:
    return [dict(s) for s in _sources()]


def cited() -> list[dict]:
    return [s for s in sources() if all(isinstance(s.get(k), str) for k in ("citation", "title", "author"))
            and s["kind"] != "report_itself"]


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", text.casefold()) if len(w) >= 3}


def test_every_real_source_is_what_its_citation_prints():
    assert len(cited()) >= 7
    assert [p for s in sources() for p in source_word_problems("s.yml", s["id"], s, title_page=TITLE_PAGE)] == []


def test_a_source_given_another_title_or_year_its_citation_never_prints_is_refused():
    tried = 0
    for source in cited():
        for other in cited():
            for field in ("title", "year"):
                if other[field] == source[field]:
                    continue
                changed = dict(source, **{field: other[field]})
                found = [p.field for p in source_word_problems("s.yml", source["id"], changed, title_page=TITLE_PAGE)]
                unprinted = (not words(other["title"]) <= words(source["citation"]) if field == "title"
                             else str(other["year"]) not in source["citation"]
                             and bool(re.search(r"(?:19|20)\d\d", source["citation"])))
                assert (field in found) == unprinted, (source["id"], field, other[field])
                tried += unprinted
    assert tried >= 60


def _parties(source: dict) -> list[set[str]]:
    """The words of each party the citation names before its title ('... (IOM)' and 'MOSALVY')."""
    first = sorted(words(source["title"]), key=source["citation"].casefold().find)[0]
    before = source["citation"][:source["citation"].casefold().find(first)]
    return [words(p) for p in re.split(r"\s+and\s+|\s*&\s*", before) if words(p)]


def test_a_source_given_an_author_its_citation_does_not_name_is_refused():
    """Every source whose citation names its author before the title, given every other author that leaves one of
    the parties named there unnamed, or names a party it does not name there, is refused on its author."""
    tried = extra = 0
    for source in cited():
        parties = _parties(source)
        named = set().union(*parties)
        for other in {s["author"] for s in sources() if isinstance(s.get("author"), str)} - {source["author"]}:
            found = [p.field for p in source_word_problems("s.yml", source["id"], dict(source, author=other), title_page=TITLE_PAGE)]
            unnamed = any(not party & words(other) for party in parties)
            added = bool(parties) and any(words(p) and not words(p) & named for p in re.split(r"\s+and\s+|\s*&\s*", other))
            assert ("author" in found) == (unnamed or added), (source["id"], other)
            tried += "author" in found
            extra += added and not unnamed
    assert tried >= 40 and extra >= 1, (tried, extra)  # one real author names two parties


def test_the_build_refuses_the_svay_rieng_assessment_credited_to_iom_and_mosalvy(tmp_path, capsys):
    """Its citation names IOM alone before its title: MOSALVY, the database's other party, is not its author."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/sources.yml", "    author: IOM\n    year: 2004",
                 "    author: International Organization for Migration (IOM) and MOSALVY\n    year: 2004")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/sources.yml'}: iom_2004_svay_rieng: author: 'International Organization for "
            "Migration (IOM) and...', but its citation names 'IOM'") in err, err


def test_a_source_of_two_parties_given_one_of_them_as_its_author_is_refused():
    """The IOM and MOSALVY database credited to IOM alone, or to MOSALVY alone, is refused; each party named
    in any order or words of it (its acronym) is enough."""
    source = next(s for s in cited() if s["id"] == "iom_mosalvy_2003")
    assert len(_parties(source)) == 2

    def refused_author(author: str) -> bool:
        return "author" in [p.field for p in source_word_problems("s.yml", source["id"], dict(source, author=author),
                                                                  title_page=TITLE_PAGE)]
    for author in ("IOM", "MOSALVY", "International Organization for Migration", "Ministry of Social Affairs"):
        assert refused_author(author), author
    for author in ("IOM and MOSALVY", "MOSALVY and IOM", "International Organization for Migration; MOSALVY"):
        assert not refused_author(author), author


def test_validate_refuses_the_project_paper_given_the_report_authors(tmp_path, capsys):
    text = paths.SOURCES_FILE.read_text(encoding="utf-8")
    old = "    author: United Nations Inter-Agency Project on Human Trafficking in the Greater Mekong Sub-region (UNIAP)\n"
    assert text.count(old) == 1
    path = tmp_path / "sources.yml"
    path.write_text(text.replace(old, "    author: Kingdom of Cambodia\n"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"{path}: uniap_2004: author: 'Kingdom of Cambodia', but its citation names " in capsys.readouterr().out


def test_a_source_without_a_title_names_its_author_anywhere_in_its_citation():
    """'IOM 2003' and 'a National Assembly Report': given any other author sharing no word with the citation,
    refused on author; a citation printing no year contradicts no year."""
    untitled = [s for s in sources() if s.get("title") is None and isinstance(s.get("citation"), str)]
    assert {s["id"] for s in untitled} == {"iom_2003", "national_assembly_1997"}
    tried = 0
    for source in untitled:
        assert source_word_problems("s.yml", source["id"], dict(source, year=1990), title_page=TITLE_PAGE) == [] or re.search(
            r"(?:19|20)\d\d", source["citation"])
        for other in {s["author"] for s in sources() if isinstance(s.get("author"), str)} - {source["author"]}:
            found = [p.field for p in source_word_problems("s.yml", source["id"], dict(source, author=other), title_page=TITLE_PAGE)]
            added = any(words(p) and not words(p) & words(source["citation"]) for p in re.split(r"\s+and\s+", other))
            assert ("author" in found) == (not words(other) & words(source["citation"]) or added), (source["id"], other)
            tried += "author" in found
    assert tried >= 10


# Read by eye: the words of each real source's title or citation naming what kind of work it is.
KIND_PRINTED = {"uniap_2004": "paper", "nis_2003": "survey", "iom_mosalvy_2003": "database",
                "iom_2004_svay_rieng": "needs assessment", "unicef_1995": "situation report",
                "steinfatt_2003": "field study", "sedp2_2001_2005": "development plan",
                "national_assembly_1997": "report"}


def test_a_source_given_another_kind_than_its_title_and_citation_print_is_refused():
    """Every source but the report itself, given every other kind: refused on its kind exactly when the new kind's
    words are not printed in its title or citation, or its title names a kind of work ('Survey', 'Database',
    'Field Study'...) other than the new one; 'report' alone names none (a National Assembly report may be a
    government report, 'IOM 2003' a secondary account)."""
    from csecstats.register.source_words import KIND_WORDS, TITLE_KINDS
    kinds = sorted({s["kind"] for s in sources()})
    refused = set()
    for source in (s for s in sources() if s["kind"] != "report_itself"):
        assert KIND_WORDS.get(source["kind"]) == KIND_PRINTED.get(source["id"])
        text = f"{source['title'] or ''} {source['citation']}".casefold()
        for kind in kinds:
            found = [p for p in source_word_problems("s.yml", source["id"], dict(source, kind=kind), title_page=TITLE_PAGE)
                     if p.field == "kind"]
            title_kind = next((k for k in TITLE_KINDS if KIND_WORDS[k] in (source["title"] or source["citation"])
                               .casefold()), None)
            expected = (kind in KIND_WORDS and KIND_WORDS[kind] not in text) or (title_kind not in (None, kind)) or (
                kind == "report_itself" and bool(source["footnotes"]))  # the report cites no footnote of its own
            assert bool(found) == expected, (source["id"], kind)
            if found:
                refused.add((source["id"], kind))
    assert ("unicef_1995", "government_report") in refused and ("nis_2003", "secondary") in refused
    assert ("iom_2003", "government_report") in refused and ("national_assembly_1997", "secondary") not in refused
    assert len(refused) >= 60


def test_a_source_whose_citation_prints_a_title_is_refused_a_null_title():
    """Every source but the report itself, its title set to null: refused on its title exactly when its citation
    prints more than its author, year and kind ('IOM 2003' and 'a National Assembly Report' print no title)."""
    refused = set()
    for source in (s for s in sources() if s["kind"] != "report_itself"):
        found = [p for p in source_word_problems("s.yml", source["id"], dict(source, title=None), title_page=TITLE_PAGE)
                 if p.field == "title"]
        if found:
            assert found[0].message.startswith("null, but its citation prints one: ")
            refused.add(source["id"])
    assert refused == set(KIND_PRINTED) - {"national_assembly_1997"}


def test_the_build_refuses_the_survey_called_a_government_report_and_the_situation_report_untitled(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "sources.yml"
    replace_once(path, "    kind: survey\n", "    kind: government_report\n")
    replace_once(path, '    title: "The Trafficking and Prostitution of Children in Cambodia: A Situation Report"\n',
                 "    title: null\n")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: nis_2003: kind: government_report, but its title 'Survey Report: Child Domestic Workers " in err
    assert f"{path}: unicef_1995: title: null, but its citation prints one: " in err


def test_the_report_itself_has_a_title_and_every_word_of_it_stands_on_its_title_page():
    """The report's entry, given no title or any other source's title, is refused on its title; its own passes."""
    itself, = [s for s in sources() if s["kind"] == "report_itself"]
    assert words(itself["title"]) <= words(TITLE_PAGE)
    assert source_word_problems("s.yml", itself["id"], itself, title_page=TITLE_PAGE) == []
    others = {s["title"] for s in sources() if s.get("title") and s["title"] != itself["title"]}
    assert len(others) >= 7
    for other in [None, *sorted(others)]:
        found = source_word_problems("s.yml", itself["id"], dict(itself, title=other), title_page=TITLE_PAGE)
        assert [p.field for p in found] == ["title"], other


def test_the_build_refuses_the_report_titled_as_another_work(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "sources.yml"
    itself, = [s for s in sources() if s["kind"] == "report_itself"]
    replace_once(path, f'    title: "{itself["title"]}"\n', '    title: "Database Report on Children Trafficked"\n')
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: report_2004: title: " in err and "the report's title page prints no 'database'" in err


SHORT = {"uniap_2004": "UNIAP", "iom_2004_svay_rieng": "IOM", "iom_2003": "IOM"}  # short names, read by eye


def test_every_source_given_another_sources_footnotes_or_year_is_held_to_where_the_report_cites_it():
    """Every source but the report itself given every other source's footnotes: refused on its footnotes exactly
    when a footnote printing its citation, or citing it in short, is left out; given every other source's year: refused on its year when
    its citation prints none and the sentences of the running text citing it print others ('In 1997, a National
    Assembly Report ...' dated 2003), and on its footnotes when the year makes a short footnote cite it ('IOM 2003'
    of the Svay Rieng assessment dated 2003)."""
    from csecstats.register.source_words import source_report_problems
    report = load_report(paths.REPORT_FILE)
    assert [p for s in sources() for p in source_report_problems("s.yml", s["id"], s, report)] == []
    refused_footnotes, refused_years = set(), set()
    for source in (s for s in sources() if s["kind"] != "report_itself"):
        holding = {n for n, body in report.footnotes.items() if source["citation"] in body}
        citing = holding | CITING.get(source["id"], set())  # and the footnotes citing it in short (read by eye)
        for other in sources():
            found = source_report_problems("s.yml", source["id"], dict(source, footnotes=other["footnotes"]), report)
            assert [p.field for p in found] == ([] if citing <= set(other["footnotes"]) else ["footnotes"])
            refused_footnotes |= {(source["id"], tuple(other["footnotes"]))} if found else set()
            found = source_report_problems("s.yml", source["id"], dict(source, year=other["year"]), report)
            in_text = not holding and not re.search(r"\b(19|20)\d\d\b", source["citation"])
            # a year that makes a short footnote cite it ('IOM 2003' of the Svay Rieng assessment dated 2003)
            short = SHORT.get(source["id"])
            cited_short = {n for n, body in report.footnotes.items()
                           if short and body.strip().rstrip(".") in (f"{short} {other['year']}", f"{short}, {other['year']}")}
            assert [p.field for p in found] == (["footnotes"] if cited_short - set(source["footnotes"]) else []) + (
                ["year"] if in_text and other["year"] != 1997 else [])
            refused_years |= {(source["id"], other["year"])} if found else set()
    assert ("iom_mosalvy_2003", ()) in refused_footnotes and len(refused_footnotes) >= 12
    assert refused_years == {("national_assembly_1997", y) for y in (1995, 2001, 2003, 2004)} | {
        ("iom_2004_svay_rieng", 2003)}


def test_the_build_refuses_the_footnoted_database_listed_in_no_footnote_and_the_1997_report_dated_2003(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "sources.yml"
    replace_once(path, "footnotes: [3]   # first half of footnote 3", "footnotes: []")
    replace_once(path, "year: 1997", "year: 2003")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: iom_mosalvy_2003: footnotes: [], but footnote 3 prints its citation 'International "
            "Organization for Migration...'") in err
    assert f"{path}: national_assembly_1997: year: 2003, but the report's sentences citing it print 1997" in err
