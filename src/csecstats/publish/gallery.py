"""The chart gallery for policy staff: ``reports/index.html`` and ``reports/tables.html``.

Reads ``reports/figures/manifest.json`` (written by the charts export) and the
processed tables, and writes static HTML + one CSS file: no JavaScript, no
network request, so the pages work opened from disk or served by any web server.
Everything taken from data is HTML-escaped; the output is byte-identical on
rebuild (no timestamps, manifest order, rows in file order).
"""
from __future__ import annotations

import csv
import io
import json
import struct
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..inputs import paths
from ..inputs.files import write_atomically
from ..inputs.errors import Problem, raise_if_any
from ..inputs.reading import read_text
from ..tables.built import read_table
from ..tables.datapackage import LICENSE
from ..inputs.freshness import warn_if_stale

# The formats a reader can download, in the order the links appear; json is the chart's metadata.
DOWNLOADS = (("png", "PNG image"), ("slide_png", "PNG for a 16:9 slide"), ("svg", "SVG (editable vector)"),
             ("pdf", "PDF"), ("csv", "CSV data"), ("readme", "About the data: source, licence, caveats (text)"),
             ("json", "JSON metadata"))
REQUIRED_FILES = ("png", "svg", "pdf", "csv")
REQUIRED_TEXT = ("chart_id", "title", "caption", "alt_text")
# A chart's data table is shown in full up to this many rows; the CSV download has all of them.
MAX_TABLE_ROWS = 200
FIGURE_COLUMNS = ("figure_id", "indicator", "value", "low", "high", "unit", "period_start", "period_end",
                  "geography", "qualifier", "evidence_grade", "source_id", "caveat")
ESTIMATE_COLUMNS = ("estimate_id", "quantity", "value", "low", "high", "level", "unit", "period_start",
                    "period_end", "geography", "method", "inputs", "evidence_grade", "caveat")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _display(path: Path) -> str:
    """A path as it should appear in a message: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except (ValueError, TypeError):  # outside the project, or no project (an installed wheel)
        return str(path)


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk; None when the bytes are not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _file_problems(where: str, entry: str, files: object, folder: Path) -> list[Problem]:
    """Every download must be a plain file name that exists in the figures folder."""
    if not isinstance(files, dict):
        return [Problem(where, entry, "files", "expected an object of format -> file name")]
    problems = [Problem(where, entry, f"files.{fmt}", "missing; every chart needs PNG, SVG, PDF and CSV")
                for fmt in REQUIRED_FILES if fmt not in files]
    for fmt, name in sorted(files.items()):
        if not isinstance(name, str) or not name or Path(name).name != name or name.startswith("."):
            problems.append(Problem(where, entry, f"files.{fmt}",
                                    f"{name!r} is not a plain file name inside {_display(folder)}"))
        elif not (folder / name).is_file():
            problems.append(Problem(where, entry, f"files.{fmt}", f"{name} not found in {_display(folder)}"))
        elif fmt in ("png", "slide_png") and png_size((folder / name).read_bytes()[:24]) is None:
            problems.append(Problem(where, entry, f"files.{fmt}", f"{name} is not a PNG image"))
    return problems


def chart_problems(where: str, index: int, chart: object, folder: Path) -> list[Problem]:
    """A chart entry needs non-empty text fields, lists of caveats and sources, and existing files."""
    if not isinstance(chart, dict):
        return [Problem(where, f"charts[{index}]", "-", "expected an object")]
    entry = str(chart.get("chart_id") or f"charts[{index}]")
    problems = [Problem(where, entry, key, "missing or empty text")
                for key in REQUIRED_TEXT if not isinstance(chart.get(key), str) or not chart[key].strip()]
    if not isinstance(chart.get("caveats"), list) or not all(isinstance(c, str) for c in chart["caveats"]):
        problems.append(Problem(where, entry, "caveats", "expected a list of sentences (may be empty)"))
    sources = chart.get("sources")
    if not isinstance(sources, list) or not all(
            isinstance(s, dict) and s.get("source_id") and s.get("citation") for s in sources):
        problems.append(Problem(where, entry, "sources", "expected a list of {source_id, citation}"))
    return problems + _file_problems(where, entry, chart.get("files"), folder)


def load_manifest(path: Path | None = None) -> dict:
    """The charts manifest, refused (``ValidationFailed``, every problem) if any entry or file is wrong."""
    path = Path(path or paths.FIGURES / "manifest.json")
    where = _display(path)
    if not path.is_file():
        raise_if_any([Problem(where, "-", "-", "manifest not found; run `make charts` (or `make build`) first")])
    text, problems = read_text(path)  # bounded, like every input
    raise_if_any(problems)
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise_if_any([Problem(where, "-", "-", f"not valid JSON: {error}")])
    charts = manifest.get("charts") if isinstance(manifest, dict) else None
    if not isinstance(charts, list) or not charts:
        raise_if_any([Problem(where, "-", "charts", "expected a non-empty list of charts")])
    problems = [p for i, chart in enumerate(charts) for p in chart_problems(where, i, chart, path.parent)]
    ids = [c.get("chart_id") for c in charts if isinstance(c, dict)]
    problems += [Problem(where, str(i), "chart_id", "appears more than once")
                 for i in sorted({i for i in ids if ids.count(i) > 1}, key=str)]
    raise_if_any(problems)
    return manifest


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a chart's CSV file, strings exactly as written."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return (rows[0], rows[1:]) if rows else ([], [])


def built_table(processed: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a built table, read through the one loader, strings exactly as written."""
    frame = read_table(name, processed, as_written=True)
    return list(frame.columns), frame.to_numpy().tolist()


def number(text: str) -> str:
    """A CSV number shown to a reader: whole numbers without ".0", thousands separated from 10,000 up,
    long fractions rounded (1,000 and up to whole numbers, below to 4 significant digits).

    Years (below 10,000) keep their digits; other text is shown as written; the CSV keeps full precision.
    """
    try:
        value = float(text)
    except ValueError:
        return text
    if text.endswith(".0") or (abs(value) >= 1000 and "." in text and "e" not in text.lower()):
        whole = round(value)
        return f"{whole:,}" if abs(whole) >= 10_000 else str(whole)
    if "." in text and len(text.split(".")[1]) > 4:
        return f"{value:.4g}"
    return text


def html_table(header: list[str], rows: list[list[str]], caption: str) -> list[str]:
    """An accessible table: a caption, column headers with scope, every cell escaped."""
    out = ["<div class=\"table-wrap\"><table>", f"<caption>{escape(caption)}</caption>", "<thead><tr>"]
    out += [f"<th scope=\"col\">{escape(name)}</th>" for name in header]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{escape(number(cell))}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table></div>")
    return out


def _head(title: str) -> list[str]:
    # The empty data: icon stops browsers requesting /favicon.ico (a 404 and a console error).
    return ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            f"<title>{escape(title)}</title>", "<link rel=\"icon\" href=\"data:,\">",
            "<link rel=\"stylesheet\" href=\"gallery.css\">", "</head>", "<body>",
            "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>"]


def _nav(current: str) -> list[str]:
    links = [("index.html", "Charts"), ("tables.html", "Figures and estimates tables")]
    current_attr = ' aria-current="page"'
    items = "".join(f"<li><a href=\"{href}\"{current_attr if href == current else ''}>{label}</a></li>"
                    for href, label in links)
    return [f"<nav aria-label=\"Pages\"><ul class=\"pages\">{items}</ul></nav>"]


def _intro(version: str) -> list[str]:
    return ["<header>", "<h1>Cambodia CSEC statistics: chart gallery</h1>",
            f"<p class=\"lead\">Charts from Cambodia's 2004 country progress report to the Post-Yokohama "
            f"Mid-Term Review (csecstats {escape(version)}). The report says its background data are "
            f"<strong>indicative only</strong>: so is every chart here. Quote a chart with its caveats "
            f"and sources.</p>",
            "<p class=\"ranks\">Each chart's caveats are ranked: first those that <strong>change how to read "
            "the number</strong>, then those that <strong>qualify it</strong>, then <strong>provenance</strong> "
            "details. A card shows the first five; \u201cShow all\u201d lists every one under its rank.</p>",
            "</header>"]


def _href(name: str) -> str:
    """A relative link to a file of the figures folder, URL-quoted then HTML-escaped."""
    return escape(f"figures/{quote(name)}")


PRIORITY_WORDS = {"reading": "Changes how to read it", "qualifies": "Qualifies it", "provenance": "Provenance"}


def chart_card(chart: dict, folder: Path, version: str = "") -> list[str]:
    """One chart as a reader meets it: title, one-sentence reading, image, caveats in rank order, sources
    as links with publisher and date, how to cite, downloads; ids, hashes and files under 'For analysts'."""
    cid, files = escape(chart["chart_id"]), chart["files"]
    width, height = png_size((folder / files["png"]).read_bytes()[:24])
    out = [f"<article class=\"chart\" id=\"chart-{cid}\" aria-labelledby=\"title-{cid}\">",
           f"<h2 id=\"title-{cid}\">{escape(chart['title'])}</h2>",
           f"<p class=\"reading\">{escape(chart['caption'])}</p>",
           f"<figure><img src=\"{_href(files['png'])}\" alt=\"{escape(chart['alt_text'])}\" "
           f"width=\"{width}\" height=\"{height}\">"]
    if chart.get("subtitle"):
        out.append(f"<figcaption>{escape(chart['subtitle'])}</figcaption>")
    out += ["</figure>"] + _left_off(chart) + _caveats(chart) + _sources(chart) + _how_to_cite(chart, version) + _downloads(chart)
    return out + _for_analysts(chart, folder) + ["</article>"]


def _left_off(chart: dict) -> list[str]:
    """The data labels an image leaves off for want of room by their points, by image (the manifest's
    ``labels_left_off``): a reader of the picture alone would not know those points' values."""
    left = [(size, texts) for size, texts in (chart.get("labels_left_off") or {}).items() if texts]
    if not left:
        return []
    said = "; ".join(f"{'the slide' if size == 'slide' else 'the A4 image'} leaves off {', '.join(texts)}"
                     for size, texts in left)
    return [f"<p class=\"left-off\">Labels without room by their points: {escape(said)} (every value is in the "
            "CSV under Download).</p>"]


SHOWN_CAVEATS = 5  # a card lists the highest-ranked caveats; the rest open under "Show all"


def _caveats(chart: dict) -> list[str]:
    """The five highest-ranked caveats, then every caveat grouped by rank under 'Show all N' (the ranks are
    explained once, in the page's introduction)."""
    caveats = chart["caveats"] or ["No chart-specific caveat; the report's data are indicative only."]
    priorities = chart.get("caveat_priorities") or [None] * len(caveats)
    out = ["<h3>Read with care</h3>", "<ol class=\"caveats\">"]
    out += [f"<li>{escape(c)}</li>" for c in caveats[:SHOWN_CAVEATS]] + ["</ol>"]
    if len(caveats) > SHOWN_CAVEATS:
        out += [f"<details class=\"all-caveats\"><summary>Show all {len(caveats)} caveats</summary>"]
        for priority, words in list(PRIORITY_WORDS.items()) + [(None, "Other")]:
            group = [c for c, p in zip(caveats, priorities) if p == priority or (priority is None and
                                                                                 p not in PRIORITY_WORDS)]
            if group:
                out += [f"<h4>{escape(words)}</h4>", "<ol class=\"caveats\">"]
                out += [f"<li>{escape(c)}</li>" for c in group] + ["</ol>"]
        out += ["</details>"]
    key = [f"<p class=\"key\">{escape(chart['key'])}</p>"] if chart.get("key") else []
    return out + key


def _sources(chart: dict) -> list[str]:
    """Each source as a link (its web address, or its entry on the tables page) with publisher and date."""
    items = []
    for s in chart["sources"]:
        publisher = s.get("publisher") or s["citation"]
        href = s.get("url") or f"tables.html#source-{quote(s['source_id'])}"
        date = f" ({escape(str(s['date']))})" if s.get("date") else ""
        # A publication's title follows its publisher in its name ('Phnom Penh Post: Sex Trade ...').
        title = s["source_id"].split(": ", 1)[-1] if s.get("url") and ": " in s["source_id"] else s["citation"]
        items.append(f"<li><a href=\"{escape(href)}\">{escape(publisher)}</a>{date}: <cite>{escape(title)}</cite></li>")
    return ["<h3>Sources</h3>", "<ul class=\"sources\">"] + items + ["</ul>"]


def _how_to_cite(chart: dict, version: str) -> list[str]:
    report = next((x for x in chart["sources"] if x["source_id"] == "report_2004"), {})
    author = f"{report.get('publisher', 'Kingdom of Cambodia')} ({report.get('date', '2004')})"
    text = (f"\u201c{chart['title']}\u201d. Chart from csecstats {version}, built from {author}, "
            f"Country Progress Report to the Post-Yokohama Mid-Term Review, and the sources above. "
            f"Licence: {LICENSE['title']} ({LICENSE['name']}).")
    return ["<h3>How to cite</h3>", f"<p class=\"cite\">{escape(text)}</p>"]


def _for_analysts(chart: dict, folder: Path) -> list[str]:
    """Identifiers, notebook, file names, the data hash and the data table: collapsed, one click away."""
    facts = [("Chart id", chart["chart_id"]), ("Figures", " ".join(chart.get("figure_ids") or [])),
             ("Estimates", " ".join(chart.get("estimate_ids") or [])),
             ("Sources", " ".join(s["source_id"] for s in chart["sources"])),
             ("Notebook", chart.get("notebook") or ""), ("Files", " ".join(chart["files"].values())),
             ("Data SHA-256", chart.get("data_sha256") or "")]
    rows = [f"<dt>{name}</dt><dd><code>{escape(str(value))}</code></dd>" for name, value in facts if value]
    return (["<details class=\"analysts\"><summary>For analysts: identifiers, files and the data table</summary>",
             "<dl class=\"provenance\">"] + rows + ["</dl>"] + _data_table(chart, folder) + ["</details>"])


def _data_table(chart: dict, folder: Path) -> list[str]:
    header, rows = read_csv(folder / chart["files"]["csv"])
    shown = rows[:MAX_TABLE_ROWS]
    note = "" if len(shown) == len(rows) else f" (first {len(shown)} of {len(rows)} rows; the CSV has all)"
    caption = f"Data behind the chart: {chart['title']}{note}"
    return html_table(header, shown, caption)


def _downloads(chart: dict) -> list[str]:
    title, files = escape(chart["title"]), chart["files"]
    links = [f"<li><a class=\"download\" href=\"{_href(files[fmt])}\" download>"
             f"{label}<span class=\"visually-hidden\"> of {title}</span></a></li>"
             for fmt, label in DOWNLOADS if fmt in files]
    return ["<h3>Download</h3>", "<ul class=\"downloads\">"] + links + ["</ul>"]


def cited_version(version: str, citation: Path | None = None) -> str:
    """The version as the gallery cites it: with its release date when the project's ``CITATION.cff``
    describes that version (``0.1.0, released 2026-12-06``), else as given (an unreleased build)."""
    from ..inputs.reading import load_yaml
    path = citation or paths.ROOT / "CITATION.cff"
    data, unreadable = load_yaml(path) if path.is_file() else (None, True)
    if unreadable or not isinstance(data, dict) or str(data.get("version")) != version:
        return version
    return f"{version}, released {data['date-released']}" if data.get("date-released") else version


def index_html(manifest: dict, folder: Path) -> str:
    """The gallery page: a contents list, then one card per chart in manifest order."""
    charts = manifest["charts"]
    version = cited_version(str(manifest.get("package_version", "")))
    out = _head("Chart gallery: Cambodia CSEC statistics") + _nav("index.html") + _intro(version)
    out += ["<nav aria-label=\"Charts\" class=\"contents\"><h2>Charts</h2><ol>"]
    out += [f"<li><a href=\"#chart-{escape(c['chart_id'])}\">{escape(c['title'])}</a></li>" for c in charts]
    out += ["</ol></nav>", "<main id=\"main\" tabindex=\"-1\">"]
    for chart in charts:
        out += chart_card(chart, folder, version)
    return "\n".join(out + ["</main>", "</body>", "</html>", ""])


def _columns(header: list[str], rows: list[list[str]], wanted: tuple[str, ...]) -> tuple[list[str], list[list[str]]]:
    """Keep the wanted columns that exist, in the wanted order; all columns if fewer than two match."""
    keep = [header.index(c) for c in wanted if c in header]
    if len(keep) < 2:
        keep = list(range(len(header)))
    return [header[i] for i in keep], [[row[i] if i < len(row) else "" for i in keep] for row in rows]


def _source_list(processed: Path) -> list[str]:
    if not (processed / "sources.csv").is_file():
        return []
    header, rows = built_table(processed, "sources")
    sid, cite = header.index("source_id"), header.index("citation")
    items = [f"<li id=\"source-{escape(r[sid])}\"><code>{escape(r[sid])}</code>: {escape(r[cite])}</li>"
             for r in rows]
    return ["<section aria-labelledby=\"sources\"><h2 id=\"sources\">Sources</h2><ul class=\"sources\">"] + items + [
        "</ul></section>"]


def _grade_legend(processed: Path) -> list[str]:
    if not (processed / "grades.csv").is_file():
        return []
    header, rows = built_table(processed, "grades")
    grade, label, definition = (header.index(c) for c in ("grade", "label", "definition"))
    items = [f"<dt>{escape(r[grade])}: {escape(r[label])}</dt><dd>{escape(r[definition])}</dd>" for r in rows]
    return ["<section aria-labelledby=\"grades\"><h2 id=\"grades\">Evidence grades</h2><dl class=\"grades\">"
            ] + items + ["</dl></section>"]


def tables_html(processed: Path, version: str = "") -> str:
    """The tables page: every figure and (if built) estimate, with sources and evidence grades."""
    out = _head("Figures and estimates: Cambodia CSEC statistics") + _nav("tables.html") + _intro(version)
    out.append("<main id=\"main\" tabindex=\"-1\">")
    for name, wanted, label in (("figures", FIGURE_COLUMNS, "Figures read from the report"),
                                ("estimates", ESTIMATE_COLUMNS, "Derived estimates")):
        if not (processed / f"{name}.csv").is_file():
            continue
        header, rows = _columns(*built_table(processed, name), wanted)
        out += [f"<section aria-labelledby=\"{name}\"><h2 id=\"{name}\">{label}</h2>",
                f"<p>{len(rows)} rows from <code>data/processed/{name}.csv</code>; source ids are listed "
                f"under <a href=\"#sources\">Sources</a>. Download the full table from the project.</p>"]
        out += html_table(header, rows, f"{label} ({name}.csv)") + ["</section>"]
    out += _grade_legend(processed) + _source_list(processed)
    return "\n".join(out + ["</main>", "</body>", "</html>", ""])


# The one stylesheet: readable type, visible focus, print without navigation or page-split cards.
STYLESHEET = """\
:root { --ink: #1a1a1a; --muted: #555; --line: #ccc; --accent: #0b4f8a; --focus: #ffbf47; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 3rem; color: var(--ink); background: #fff;
       font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
a { color: var(--accent); }
a:focus, summary:focus, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px;
                                           background: #fff3d6; }
.skip-link { position: absolute; left: -999rem; top: 0; padding: .5rem 1rem; background: #fff; }
.skip-link:focus { left: 1rem; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                   white-space: nowrap; }
ul.pages { display: flex; gap: 1.5rem; list-style: none; padding: 0; margin: 1rem 0; }
a[aria-current="page"] { font-weight: bold; text-decoration: none; color: var(--ink); }
.lead { font-size: 1.1rem; }
.contents ol { columns: 2; }
article.chart { border-top: 2px solid var(--ink); margin-top: 2.5rem; padding-top: .5rem; }
figure { margin: 1rem 0; }
img { max-width: 100%; height: auto; display: block; border: 1px solid var(--line); }
figcaption { margin-top: .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.caveats li { margin-bottom: .25rem; }
.id, .provenance { color: var(--muted); font-size: .9rem; }
.reading { font-size: 1.05rem; }
.ranks { font-size: .95rem; }
.key, figcaption { color: var(--muted); }
details.analysts { margin: 1rem 0; border-top: 1px solid var(--line); padding-top: .5rem; }
.provenance dt { font-weight: bold; float: left; clear: left; margin-right: .5rem; }
.provenance dd { margin: 0; overflow-wrap: anywhere; }
ul.downloads { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; list-style: none; padding: 0; }
details.data, details.analysts { margin: 1rem 0; }
summary { cursor: pointer; font-weight: bold; }
.table-wrap { overflow-x: auto; }
/* Wide tables scroll sideways instead of squeezing long text into a narrow column. */
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; width: max-content; }
td { max-width: 30rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
@media print {
  nav, .skip-link, ul.downloads, article.chart h3:has(+ ul.downloads) { display: none; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  article.chart { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  details.data, details.analysts { display: none; }
}
"""


def stylesheet() -> str:
    """The one stylesheet, as text."""
    return STYLESHEET


def pages(reports: Path | None = None, processed: Path | None = None) -> dict[str, bytes]:
    """Every gallery file as bytes, computed in memory (nothing written if the manifest is refused)."""
    reports, processed = Path(reports or paths.REPORTS), Path(processed or paths.PROCESSED)
    manifest = load_manifest(reports / "figures" / "manifest.json")
    version = str(manifest.get("package_version", ""))
    return {"index.html": index_html(manifest, reports / "figures").encode("utf-8"),
            "tables.html": tables_html(processed, cited_version(version)).encode("utf-8"),
            "gallery.css": stylesheet().encode("utf-8")}


def run(reports: Path | None = None, processed: Path | None = None) -> list[Path]:
    """Write the gallery into ``reports/``; raise ``ValidationFailed`` (writing nothing) on a bad manifest."""
    reports = Path(reports or paths.REPORTS)
    if processed is None:
        warn_if_stale()  # the project's tables, built from inputs that changed since: say so, with the fix
    return write_atomically(pages(reports, processed), reports)
