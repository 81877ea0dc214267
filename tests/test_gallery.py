"""The chart gallery: built from a charts manifest, escaped, linked to existing files, byte-identical."""
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from csecstats.publish import gallery
from csecstats.inputs import paths
from csecstats.cli import main
from csecstats.inputs.errors import ValidationFailed
from gallery_fixture import CHARTS, make_processed, make_reports, rewrite_manifest


class Page(HTMLParser):
    """Tags and attributes of one page, for assertions."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]


@pytest.fixture
def site(tmp_path):
    reports = make_reports(tmp_path)
    processed = make_processed(tmp_path)
    gallery.run(reports, processed)
    return reports, processed


def test_every_chart_has_image_alt_size_caption_caveats_sources_and_downloads(site):
    reports, _ = site
    text = (reports / "index.html").read_text()
    page = Page(text)
    images = page.all("img")
    assert [i["alt"] for i in images] == [c["alt_text"] for c in CHARTS]
    assert [i["src"] for i in images] == [f"figures/{c['chart_id']}.png" for c in CHARTS]
    assert (images[0]["width"], images[0]["height"]) == ("100", "75")  # 2 x 1.5 inches at 50 dpi
    downloads = [a["href"] for a in page.all("a") if a.get("class") == "download"]
    assert downloads == [f"figures/{c['chart_id']}.{ext}" for c in CHARTS
                         for ext in ("png", "svg", "pdf", "csv", "json")]
    for chart in CHARTS:
        assert f"<p class=\"reading\">{escape(chart['caption'])}</p>" in text
        assert all(f"<li>{escape(c)}</li>" in text for c in chart["caveats"])
        assert escape(chart["sources"][0]["citation"]) in text
    assert "<td>20,000</td>" in text and "<td>257</td>" in text  # the data table alternative
    assert text.count("<details class=\"analysts\"><summary>For analysts") == len(CHARTS)


def test_page_is_accessible_by_structure(site):
    page = Page((site[0] / "index.html").read_text())
    assert page.all("html") == [{"lang": "en"}]
    assert [t for t, _ in page.tags if t == "h1"] == ["h1"]
    assert page.all("a")[0] == {"class": "skip-link", "href": "#main"}
    assert {"id": "main", "tabindex": "-1"} in page.all("main")
    assert not page.all("script")
    css = (site[0] / "gallery.css").read_text()
    assert ":focus" in css and "@media print" in css and "break-inside: avoid" in css


def test_every_link_and_image_points_at_an_existing_file(site):
    reports, _ = site
    for name in ("index.html", "tables.html"):
        page = Page((reports / name).read_text())
        assets = [i["src"] for i in page.all("img")] + [link["href"] for link in page.all("link")]
        assert not [t for t in assets if "://" in t]  # no CDN, no network request
        targets = [a["href"] for a in page.all("a") if "://" not in a["href"]] + assets  # web links: a source's
        local = [t for t in targets if not t.startswith(("#", "data:"))]
        assert local, name
        for target in local:
            file, _, fragment = target.partition("#")
            assert (reports / file).is_file(), f"{name} links to missing {target}"
            assert not fragment or f'id="{fragment}"' in (reports / file).read_text(), f"{name}: no {target}"


def test_tables_page_lists_every_figure_with_its_source(site):
    reports, processed = site
    text = (reports / "tables.html").read_text()
    rows = (processed / "figures.csv").read_text().count("\n") - 1
    assert f"<p>{rows} rows from <code>data/processed/figures.csv</code>" in text
    assert "<td>sex_workers_phnom_penh_1992</td>" in text and "<td>unicef_1995</td>" in text
    assert "id=\"source-unicef_1995\"" in text
    assert "Derived estimates" not in text  # no estimates.csv in this processed folder


def test_tables_page_shows_estimates_and_evidence_grades_when_present(site, tmp_path):
    reports, processed = site
    (processed / "estimates.csv").write_text("estimate_id,value,evidence_grade,source_ids\nx_2003,12.5,C,a b\n")
    text = gallery.tables_html(processed)
    assert "<h2 id=\"estimates\">Derived estimates</h2>" in text
    assert "<th scope=\"col\">evidence_grade</th>" in text and "<td>C</td>" in text


def test_figures_show_their_evidence_grade_and_the_grades_are_explained(site):
    reports, processed = site
    (processed / "grades.csv").write_text("grade,label,definition\nD,derived from qualitative wording,Words.\n")
    text = gallery.tables_html(processed)
    row = next(r for r in text.split("<tr>") if "<td>sex_workers_phnom_penh_1992</td>" in r)
    # figures.csv carries each figure's grade: UNICEF 1995 is a situation report, so C.
    assert "<td>C</td>" in row and "<th scope=\"col\">evidence_grade</th>" in text
    assert "<dt>D: derived from qualitative wording</dt><dd>Words.</dd>" in text


def test_hostile_text_is_escaped(tmp_path):
    hostile = dict(CHARTS[0], title="<script>alert('x')</script>", caption="a & b",
                   caveats=["<img src=x onerror=alert(1)>"], alt_text="\"quoted\" alt")
    reports = make_reports(tmp_path, [hostile])
    gallery.run(reports, make_processed(tmp_path))
    text = (reports / "index.html").read_text()
    assert "<script" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "a &amp; b" in text and 'alt="&quot;quoted&quot; alt"' in text


def test_rebuild_is_byte_identical(site, tmp_path):
    reports, processed = site
    first = {p.name: p.read_bytes() for p in reports.glob("*.*")}
    gallery.run(reports, processed)
    assert {p.name: p.read_bytes() for p in reports.glob("*.*")} == first
    assert set(first) == {"index.html", "tables.html", "gallery.css"}


def test_manifest_listing_a_missing_file_is_refused_and_nothing_is_written(tmp_path):
    reports = make_reports(tmp_path)
    (reports / "figures" / "cases_2003.svg").unlink()
    with pytest.raises(ValidationFailed) as failed:
        gallery.run(reports, make_processed(tmp_path))
    assert [str(p) for p in failed.value.problems] == [
        f"{reports}/figures/manifest.json: cases_2003: files.svg: cases_2003.svg not found in {reports}/figures"]
    assert not (reports / "index.html").exists()


def test_every_problem_is_reported_at_once(tmp_path):
    reports = make_reports(tmp_path)

    def break_it(manifest):
        first, second = manifest["charts"]
        first["files"]["png"] = "../../secret.png"
        del first["files"]["csv"]
        second["alt_text"] = " "
        second["sources"] = [{"source_id": "x"}]

    path = rewrite_manifest(reports, break_it)
    with pytest.raises(ValidationFailed) as failed:
        gallery.load_manifest(path)
    assert sorted((p.entry, p.field) for p in failed.value.problems) == [
        ("cases_2003", "alt_text"), ("cases_2003", "sources"),
        ("sex_workers_phnom_penh", "files.csv"), ("sex_workers_phnom_penh", "files.png")]
    assert "not a plain file name" in str(failed.value)


def test_missing_manifest_says_how_to_make_it(tmp_path):
    with pytest.raises(ValidationFailed, match="manifest not found; run `make charts`"):
        gallery.load_manifest(tmp_path / "manifest.json")


def test_cli_builds_the_gallery_and_exits_2_on_a_bad_manifest(tmp_path, capsys):
    reports = make_reports(tmp_path)
    processed = make_processed(tmp_path)
    assert main(["gallery", "--reports", str(reports), "--processed", str(processed)]) == 0
    assert f"wrote {reports / 'index.html'}" in capsys.readouterr().out
    (reports / "figures" / "cases_2003.png").write_bytes(b"not a png")
    assert main(["gallery", "--reports", str(reports), "--processed", str(processed)]) == 2
    assert "cases_2003: files.png: cases_2003.png is not a PNG image" in capsys.readouterr().err


@pytest.mark.parametrize("text, shown", [("20000.0", "20,000"), ("257.0", "257"), ("1992.0", "1992"),
                                         ("1992", "1992"), ("0.5", "0.5"), ("", ""), ("nan", "nan"),
                                         ("10051.976252882234", "10,052"), ("4666.67", "4667"),
                                         ("0.3333333333", "0.3333"), ("0.95", "0.95"),
                                         ("Phnom Penh", "Phnom Penh")])
def test_numbers_are_shown_as_a_reader_expects(text, shown):
    assert gallery.number(text) == shown


@pytest.mark.skipif(not (paths.FIGURES / "manifest.json").is_file(), reason="no charts exported yet (make build)")
def test_the_real_charts_manifest_builds_a_gallery():
    pages = gallery.pages()
    text = pages["index.html"].decode()
    manifest = gallery.load_manifest()
    assert text.count("<article class=\"chart\"") == len(manifest["charts"])
    assert pages == gallery.pages()


def _main_view(html: str) -> str:
    """The text of <main> a reader sees without opening anything: tags and closed <details> removed."""
    import re
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r"<details.*?</details>", " ", main, flags=re.S)
    main = re.sub(r'<a [^>]*href="[^"]*"', "<a", main)  # link targets are not shown
    return unescape(re.sub(r"<[^>]+>", " ", main))


def test_internal_token_check_finds_ids_hashes_and_paths():
    from gallery_fixture import internal_tokens
    assert internal_tokens("Indicative only; see the triangulation table.") == []
    for text in ("see sex_workers_phnom_penh_1992", "hash " + "ab" * 32, "see data/raw/figures.yml",
                 "open share_trafficked.csv"):
        assert internal_tokens(text), text
    assert internal_tokens("by report", {"report"}) == ["known id: report"]


def test_main_view_of_the_real_gallery_shows_no_internal_id_hash_or_path():
    from gallery_fixture import internal_tokens, manifest_ids
    manifest = gallery.load_manifest()
    text = _main_view(gallery.pages()["index.html"].decode("utf-8"))
    assert internal_tokens(text, manifest_ids(manifest)) == []
    for chart in manifest["charts"]:  # the ids are one click away, under 'For analysts'
        assert chart["title"] in text


def test_each_card_puts_reading_caveats_sources_citation_and_downloads_before_the_analysts_section():
    html = gallery.pages()["index.html"].decode("utf-8")
    for card in html.split("<article")[1:]:
        order = [card.index(mark) for mark in ('class="reading"', "<h3>Read with care</h3>", "<h3>Sources</h3>",
                                               "<h3>How to cite</h3>", "<h3>Download</h3>",
                                               '<details class="analysts">')]
        assert order == sorted(order)
        assert '<ul class="sources">\n<li><a href="' in card


def test_read_with_care_shows_the_five_highest_ranked_then_all_grouped_by_rank_explained_once():
    from csecstats.publish import gallery
    caveats = [f"Caveat {i}." for i in range(8)]
    priorities = ["reading", "reading", "qualifies", "qualifies", "qualifies", "provenance", "provenance", "reading"]
    html = "\n".join(gallery._caveats({"caveats": caveats, "caveat_priorities": priorities, "key": None}))
    shown, rest = html.split("<details", 1)
    assert [f"<li>Caveat {i}.</li>" in shown for i in range(8)] == [True] * 5 + [False] * 3
    assert "Show all 8 caveats" in rest and all(f"<li>Caveat {i}.</li>" in rest for i in range(8))
    assert rest.index("<h4>Changes how to read it</h4>") < rest.index("Caveat 7.") < rest.index("<h4>Qualifies it")
    assert "priority" not in html  # no tag repeated on every line
    short = "\n".join(gallery._caveats({"caveats": caveats[:3], "caveat_priorities": priorities[:3], "key": None}))
    assert "<details" not in short
    intro = "\n".join(gallery._intro("0.1.0"))
    assert intro.count("change how to read") == 1 and "provenance" in intro


def test_how_to_cite_gives_the_version_its_release_date_and_licence_from_citation_cff(tmp_path):
    """CITATION.cff, the package and the CHANGELOG name one version and one release date; the gallery's
    'How to cite' prints them with the licence. A citation of another version adds no date."""
    import yaml
    from csecstats import __version__
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    released = str(citation["date-released"])
    assert str(citation["version"]) == __version__
    assert f"## {__version__} ({released})" in (paths.ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert [a.get("name") for a in citation["references"][0]["authors"]] == ["Kingdom of Cambodia"]
    assert gallery.cited_version(__version__) == f"{__version__}, released {released}"
    other = tmp_path / "CITATION.cff"
    other.write_text("cff-version: 1.2.0\nversion: 9.9.9\ndate-released: 2030-01-01\n", encoding="utf-8")
    assert gallery.cited_version(__version__, other) == __version__
    page = (paths.REPORTS / "index.html").read_text(encoding="utf-8")
    cite = page.split("<h3>How to cite</h3>", 1)[1].split("</p>", 1)[0]
    assert f"csecstats {__version__}, released {released}" in cite and "Licence: " in cite


def test_a_card_names_the_data_labels_an_image_leaves_off_and_no_card_does_otherwise():
    manifest = gallery.load_manifest()
    cards = {c["chart_id"]: card for c, card in zip(manifest["charts"],
                                                     gallery.pages()["index.html"].decode("utf-8").split("<article")[1:])}
    for chart in manifest["charts"]:
        left = {size: texts for size, texts in chart["labels_left_off"].items() if texts}
        card = cards[chart["chart_id"]]
        assert ('class="left-off"' in card) == bool(left)
        for size, texts in left.items():
            said = card[card.index('class="left-off"'):].split("</p>")[0]
            assert ("the slide" if size == "slide" else "the A4 image") in said
            assert all(escape(t) in said for t in texts)
    assert any(any(c["labels_left_off"].values()) for c in manifest["charts"])  # today the TIP slide leaves two off
