"""A tiny charts export (manifest + real PNG/SVG/PDF/CSV/JSON made with matplotlib) for gallery tests."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from csecstats.inputs import paths  # noqa: E402

CHARTS = [
    {"chart_id": "sex_workers_phnom_penh", "title": "Sex workers in Phnom Penh, 1992",
     "caption": "One researchers' estimate, cited second-hand.",
     "alt_text": "A single bar at 20,000 sex workers in Phnom Penh in 1992.",
     "caveats": ["The report calls its background data indicative only."],
     "sources": [{"source_id": "unicef_1995", "citation": "UNICEF (1995), cited in the 2004 report."}],
     "figure_ids": ["sex_workers_phnom_penh_1992"], "estimate_ids": [],
     "rows": [("1992", "20000.0")]},
    {"chart_id": "cases_2003", "title": "Trafficking cases, 2003 <suspected & confirmed>",
     "caption": "Confirmed cases are a part of suspected cases.",
     "alt_text": "Two bars: 257 suspected and 227 confirmed cases in 2003.",
     "caveats": ["Counts of cases, not of victims.", "Indicative only."],
     "sources": [{"source_id": "report_2004", "citation": "Kingdom of Cambodia (2004)."}],
     "figure_ids": ["suspected_cases_2003", "confirmed_cases_2003"], "estimate_ids": [],
     "rows": [("suspected", "257.0"), ("confirmed", "227.0")]},
]


def _export(chart: dict, folder: Path) -> dict:
    """Write one chart's five files and return its manifest entry."""
    cid = chart["chart_id"]
    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
    ax.bar([r[0] for r in chart["rows"]], [float(r[1]) for r in chart["rows"]])
    for ext in ("png", "svg", "pdf"):
        fig.savefig(folder / f"{cid}.{ext}", metadata={"Date": None} if ext == "pdf" else None)
    plt.close(fig)
    (folder / f"{cid}.csv").write_text("label,value\n" + "".join(f"{a},{b}\n" for a, b in chart["rows"]))
    entry = {k: v for k, v in chart.items() if k != "rows"}
    entry.update(notebook="notebooks/02_sex_worker_estimates.ipynb", data_sha256="0" * 64,
                 files={ext: f"{cid}.{ext}" for ext in ("png", "svg", "pdf", "csv", "json")})
    (folder / f"{cid}.json").write_text(json.dumps(entry, indent=1))
    return entry


def make_reports(root: Path, charts: list[dict] | None = None) -> Path:
    """A reports/ folder with figures/ and its manifest under ``root``; returns the reports folder."""
    figures = root / "reports" / "figures"
    figures.mkdir(parents=True)
    entries = [_export(c, figures) for c in (charts or CHARTS)]
    manifest = {"package_version": "0.1.0", "charts": entries}
    (figures / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return root / "reports"


def make_processed(root: Path) -> Path:
    """A processed folder holding a copy of the real figures.csv and sources.csv."""
    folder = root / "processed"
    folder.mkdir()
    for name in ("figures.csv", "sources.csv"):
        shutil.copyfile(paths.PROCESSED / name, folder / name)
    return folder


def rewrite_manifest(reports: Path, change) -> Path:
    """Apply ``change(manifest)`` to the fixture manifest and save it."""
    path = reports / "figures" / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest, indent=1))
    return path


INTERNAL = (
    (r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", "identifier"),          # snake_case ids: figure, estimate, source, chart
    (r"\b[0-9a-f]{64}\b", "SHA-256 hash"),
    (r"[\w./-]*\.(?:csv|json|png|svg|pdf|ipynb|txt|yml|yaml|py|html)\b", "file name"),
    (r"\b(?:data|reports|notebooks|src|tests)/[\w./-]*", "path"),
)


def internal_tokens(text: str, known_ids: set[str] = frozenset()) -> list[str]:
    """Every internal id, hash or file path in a text a reader sees ('kind: token')."""
    import re
    found = [f"{kind}: {m.group(0)}" for pattern, kind in INTERNAL for m in re.finditer(pattern, text)]
    words = set(re.findall(r"[\w.-]+", text))
    return found + [f"known id: {i}" for i in sorted(known_ids & words)]


def manifest_ids(manifest: dict) -> set[str]:
    """Every id and file name a manifest names (chart, figure, estimate and source ids, files)."""
    ids = set()
    for chart in manifest["charts"]:
        ids |= {chart["chart_id"], *chart.get("figure_ids", []), *chart.get("estimate_ids", [])}
        ids |= {s["source_id"] for s in chart["sources"]} | set(chart["files"].values())
    return ids
