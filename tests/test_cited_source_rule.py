"""A figure rests on the work its quote cites (``register.source_words.cited_source_problems``): a quote printing a
source's citation in the running text has that source, and a figure resting on a work the report cites in no
footnote prints its citation. Tried on every real figure given every source."""
from csecstats.register.source_words import cited_source_problems

from real_inputs import checked_register, project_copy, refused


def _sources():
    return {s["id"]: s for s in checked_register().sources}


def test_every_real_figure_rests_on_the_work_its_quote_cites():
    sources = _sources()
    assert [p for f in checked_register().figures for p in cited_source_problems("figures.yml", f, sources)] == []


def test_every_figure_given_another_source_is_refused_where_its_words_tie_it_to_one():
    sources = _sources()
    footnoted = {sid for sid, s in sources.items() if s.get("footnotes")}
    refused_pairs, accepted = [], []
    for figure in checked_register().figures:
        quote = " ".join(figure["quote"].split()).casefold()
        cites = [sid for sid, s in sources.items() if s["kind"] != "report_itself"
                 and " ".join(s["citation"].split()).casefold() in quote]
        for sid in sources:
            if sid == figure["source_id"] or sid in footnoted:  # a footnoted source: the footnote rule's
                continue
            found = cited_source_problems("figures.yml", {**figure, "source_id": sid}, sources)
            (refused_pairs if found else accepted).append((figure["figure_id"], sid))
            if found:
                assert found[0].entry == figure["figure_id"] and found[0].field == "source"
            # given the report or an unfootnoted work, a figure is refused unless its quote cites that very work
            assert bool(found) == (sid not in cites and (bool(cites) or sources[sid]["kind"] != "report_itself"))
    assert ("sex_workers_phnom_penh_1997", "report_2004") in refused_pairs
    assert ("share_aged_12_17_sex_workers_phnom_penh_1997", "report_2004") in refused_pairs
    assert ("sex_workers_cambodia_2003", "national_assembly_1997") in refused_pairs  # its citation not printed
    assert len(refused_pairs) >= 20


def test_the_build_refuses_the_1997_figure_given_to_the_report(tmp_path, capsys):
    root = project_copy(tmp_path)
    figures = root / "data/raw/figures.yml"
    text = figures.read_text(encoding="utf-8")
    start = text.index("  - id: sex_workers_phnom_penh_1997")
    end = text.index("  - id: share_aged_12_17_sex_workers_phnom_penh_1997")
    entry = text[start:end]
    figures.write_text(text[:start] + entry.replace("source: national_assembly_1997", "source: report_2004")
                       + text[end:], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert ("figures.yml: sex_workers_phnom_penh_1997: source: report_2004, but its quote cites "
            "national_assembly_1997 ('a National Assembly Report')") in err
