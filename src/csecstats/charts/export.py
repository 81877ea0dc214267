"""Write every chart to ``reports/figures``: PNG, SVG, PDF, the data as CSV, a JSON sidecar, a manifest.

Rebuilds are byte-identical: Agg backend, fixed dpi, a fixed SVG hash salt and
no dates or software versions in any file's metadata.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from .. import __version__  # noqa: E402
from ..inputs import paths  # noqa: E402
from ..inputs.files import csv_bytes, replace_folder  # noqa: E402
from ..inputs.freshness import written_by_export  # noqa: E402
from ..tables.built import tables  # noqa: E402
from ..tables.datapackage import LICENSE  # noqa: E402
from .catalogue import CHARTS, Built, build, prepare, source_line  # noqa: E402
from .style import DPI, SLIDE_DPI, house_style  # noqa: E402

METADATA = {
    "svg": {"Date": None, "Creator": None, "Format": None, "Type": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def sidecar(built: Built, csv_sha256: str, slide_left_off: tuple[str, ...] = ()) -> dict:
    """Everything a reader needs to reuse a chart honestly, in the manifest's shape (with the data labels each
    size left off its image for want of a free spot by their point: their rows are in the CSV)."""
    chart, data = built.chart, built.data
    origin = data["origin"] if "origin" in data else None
    ids = lambda kind: [i for i, o in zip(data["figure_id"], origin) if o == kind]  # noqa: E731
    return {
        "chart_id": chart.chart_id, "title": built.title, "subtitle": built.subtitle, "caption": chart.caption,
        "alt_text": built.alt_text, "caveats": built.caveats, "caveat_priorities": built.priorities,
        "key": built.key,
        "sources": [{k: s[k] for k in ("source_id", "citation", "publisher", "date", "url")} for s in built.sources],
        "figure_ids": ids("report"), "estimate_ids": ids("estimate"), "external_ids": ids("external"),
        "chart_rows": list(built.rows),
        "labels_left_off": {"report": list(built.dropped), "slide": list(slide_left_off)},
        "notebook": chart.notebook, "data_sha256": csv_sha256, "package_version": __version__,
        "files": {**{ext: f"{chart.chart_id}.{ext}" for ext in ("png", "svg", "pdf", "csv", "json")},
                  "slide_png": f"{chart.chart_id}.slide.png", "readme": f"{chart.chart_id}.README.txt"},
    }


def to_json(obj: object) -> bytes:
    """Stable JSON bytes in declared key order (the reading order), two-space indent, LF."""
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# zlib's level 3: on these charts both faster to write and smaller than its default 6 (measured over every chart).
PNG_LEVEL = 3


def png(figure: Figure, dpi: float) -> bytes:
    """``figure`` as PNG bytes at ``dpi``: the pixels matplotlib's Agg draws, without an alpha channel when every
    pixel is opaque (a chart's page is white), no text chunks, the dpi recorded.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure drawn under the house style.
    dpi : float
        Pixels per inch.

    Returns
    -------
    bytes
        The PNG file.
    """
    raw = io.BytesIO()
    figure.savefig(raw, format="rgba", dpi=dpi)  # Agg's pixels, as savefig(format="png") would encode them
    width, height = (int(v) for v in figure.get_size_inches() * dpi)  # Agg's canvas: the size in pixels, truncated
    pixels = np.frombuffer(raw.getbuffer(), dtype=np.uint8)
    if pixels.size != width * height * 4:
        raise RuntimeError(f"Agg drew {pixels.size} bytes, not {width} x {height} RGBA pixels")
    image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    if pixels[3::4].min() == 255:
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="png", compress_level=PNG_LEVEL, dpi=(dpi, dpi))
    return out.getvalue()


def slide_png(built: Built) -> bytes:
    """A chart drawn for a 16:9 slide (13.33 x 7.5 in at 150 dpi: 2000 x 1125 pixels) as PNG bytes."""
    with house_style("slide"):
        return png(built.figure, SLIDE_DPI)


def draw_all(chart_ids: list[str] | None = None, t=None) -> dict[tuple[str, str], Built]:
    """Every chart drawn once at each size ('report', 'slide'): what ``render_all`` writes and tests read."""
    t = t if t is not None else tables()
    drawn = {}
    for chart_id in chart_ids or list(CHARTS):
        prepared = prepare(chart_id, t)  # the rows and their words, worked out once for both sizes
        for size in ("report", "slide"):
            drawn[chart_id, size] = build(chart_id, t, size=size, prepared=prepared)
    return drawn


def readme(built: Built, meta: dict) -> bytes:
    """A plain-text companion of the chart's CSV: what it shows, its source, licence and every caveat, ranked.

    The CSV stays machine-readable (no comment lines); this file travels with it so the data is never
    separated from what a reader must know to quote it.
    """
    chart_id = built.chart.chart_id
    lines = [built.title, "=" * len(built.title), "", built.subtitle, "", built.chart.caption, "",
             f"Files: {chart_id}.csv (the rows behind the chart), {chart_id}.png / .svg / .pdf / .slide.png "
             f"(the chart, with its source line), {chart_id}.json (all of this, as data).", "",
             "Sources", "-------", source_line(built.sources)]
    for s in built.sources:
        where = f" <{s['url']}>" if s.get("url") else ""
        lines.append(f"- {s['publisher']}" + (f" ({s['date']})" if s.get("date") else "") + f": {s['citation']}{where}")
    lines += ["", "Licence", "-------", f"{LICENSE['title']} ({LICENSE['name']}), {LICENSE['path']}. Cite the "
              "sources above with the data.", "", "Caveats, most important first", "-" * 28]
    lines += [f"{i}. [{p}] {c}" for i, (c, p) in enumerate(zip(built.caveats, built.priorities), start=1)]
    lines += ([] if not built.key else ["", built.key])
    left_off = [f"{size}: {', '.join(texts)}" for size, texts in meta["labels_left_off"].items() if texts]
    lines += ["", "Data labels left off the image (no free spot by their point; their rows are in the CSV): "
              + "; ".join(left_off)] if left_off else []
    lines += ["", f"Data SHA-256 of {chart_id}.csv: {meta['data_sha256']}", ""]
    return "\n".join(lines).encode("utf-8")


def chart_files(built: Built, slide: bytes, slide_left_off: tuple[str, ...] = ()) -> tuple[dict[str, bytes], dict]:
    """The seven files of one chart (A4 PNG, SVG, PDF, slide PNG, CSV, its README, JSON), in memory, and its sidecar
    (``slide_left_off``: the data labels the slide left off its image)."""
    out: dict[str, bytes] = {f"{built.chart.chart_id}.slide.png": slide}
    with house_style():  # carries the fixed svg.hashsalt: SVG ids stay the same on every rebuild
        out[f"{built.chart.chart_id}.png"] = png(built.figure, DPI)
        for ext in ("svg", "pdf"):
            buffer = io.BytesIO()
            built.figure.savefig(buffer, format=ext, dpi=DPI, metadata=METADATA[ext])
            out[f"{built.chart.chart_id}.{ext}"] = buffer.getvalue()
    csv = csv_bytes(built.data)  # the exact rows behind the chart
    out[f"{built.chart.chart_id}.csv"] = csv
    meta = sidecar(built, hashlib.sha256(csv).hexdigest(), slide_left_off)
    out[f"{built.chart.chart_id}.README.txt"] = readme(built, meta)
    out[f"{built.chart.chart_id}.json"] = to_json(meta)
    return out, meta


def render_all(chart_ids: list[str] | None = None, drawn: dict[tuple[str, str], Built] | None = None,
               *, close: bool = True, workers: int = 1) -> dict[str, bytes]:
    """Every chart file plus ``manifest.json``, in memory (from ``drawn`` where the charts were drawn already).

    Parameters
    ----------
    chart_ids : list of str, optional
        The charts (default: every chart of the catalogue), in the manifest's order.
    drawn : dict, optional
        ``draw_all``'s drawings, used instead of drawing again.
    close : bool, default True
        Close each figure once its files are made.
    workers : int, default 1
        Charts drawn at once, each in a process of its own (``render_one``), when ``drawn`` is not given. Every
        chart is drawn alone, from the same tables, so the files are the same bytes however many draw at once.

    Returns
    -------
    dict of str to bytes
        File name -> bytes, the manifest last.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1099872000")  # the Makefile's value: PDF dates stay fixed
    chart_ids = chart_ids or list(CHARTS)
    if drawn is not None:
        done = [_files_of(drawn[chart_id, "report"], drawn[chart_id, "slide"], close) for chart_id in chart_ids]
    elif workers > 1 and len(chart_ids) > 1:
        # Fresh interpreters ("spawn"), which read the tables themselves: nothing of this process is copied.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=min(workers, len(chart_ids)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            done = list(pool.map(render_one, chart_ids))
    else:
        done = [render_one(chart_id) for chart_id in chart_ids]  # one chart at a time, each closed before the next
    outputs, entries = {}, []
    for files, meta in done:
        outputs.update(files)
        entries.append({k: v for k, v in meta.items() if k not in ("package_version", "external_ids")})
    outputs["manifest.json"] = to_json({"package_version": __version__, "charts": entries})
    return outputs


def render_one(chart_id: str) -> tuple[dict[str, bytes], dict]:
    """One chart drawn at both sizes from this process's tables: its files and its sidecar (``chart_files``).

    Parameters
    ----------
    chart_id : str
        A chart of the catalogue.

    Returns
    -------
    tuple of (dict of str to bytes, dict)
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1099872000")
    here = draw_all([chart_id], tables())
    return _files_of(here[chart_id, "report"], here[chart_id, "slide"], close=True)


def _files_of(built: Built, slide: Built, close: bool) -> tuple[dict[str, bytes], dict]:
    files, meta = chart_files(built, slide_png(slide), slide.dropped)
    if close:
        plt.close(built.figure)
        plt.close(slide.figure)
    return files, meta


def export(folder: Path | None = None, workers: int = 1) -> list[Path]:
    """Write every chart's files and the manifest into ``folder`` (default reports/figures).

    Parameters
    ----------
    folder : Path, optional
        Where (default: the project's ``reports/figures``); the whole set switches at once.
    workers : int, default 1
        Charts drawn at once (``render_all``).

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(folder or paths.FIGURES)  # the whole set switches at once, like data/processed
    owned = written_by_export(folder) if folder.resolve() == paths.FIGURES.resolve() else False
    # a file no export wrote is refused, never deleted
    return replace_folder(render_all(workers=workers), folder, owned=owned)
