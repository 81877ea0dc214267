"""The page around a chart: title, subtitle, plot region, footer; fitted so no text collides or leaves the canvas.

A page is laid out the way Our World in Data's grapher lays out a chart: a title that
says what is shown, a subtitle with unit, place, period and definitions, the plot, and
a short footer: the source line, at most ``MAX_CAVEATS`` caveats (the highest ranked),
a key where the marks need one, and a pointer to where every caveat is. Text is wrapped
by its rendered width, the Axes are fitted to the region left between header and footer
after their tick labels, axis labels and legends are measured, and point notes are
moved until none overlaps another text.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from .style import NOTE_GID, SIZES

MAX_CAVEATS = 3
# Inches and points per size: margins, title and footer type, A4 plot height when a chart declares none.
PAGE = {
    "report": {"margin": 0.12, "title": 11.0, "subtitle": 7.5, "footer": 6.5, "gap": 0.14, "plot": 2.9},
    "slide": {"margin": 0.3, "title": 20.0, "subtitle": 12.0, "footer": 9.5, "gap": 0.2, "plot": None},
}
INK, MUTED = "#1a1a1a", "#444444"


@dataclass
class Page:
    """A drawn page: the figure, its Axes, and the region (figure fraction) the Axes must fit in."""

    figure: Figure
    axes: list[Axes]
    region: Bbox
    size: str


def _width_px(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    probe = fig.text(0, 0, text, fontsize=size, weight=weight)
    width = probe.get_window_extent(fig.canvas.get_renderer()).width
    probe.remove()
    return width


def wrap(fig: Figure, text: str, width_px: float, size: float, *, weight: str = "normal",
         indent: str = "", first: str = "") -> list[str]:
    """``text`` broken into lines whose rendered width fits ``width_px`` (no break at hyphens: '40-60%')."""
    chars = max(20, int(width_px / (size * 0.55 * fig.dpi / 72)))
    while True:
        lines = textwrap.wrap(text, chars, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False)
        if chars <= 12 or all(_width_px(fig, line, size, weight) <= width_px for line in lines):
            return lines
        chars -= 3


def footer_parts(source: str, caveats: list[str], *, key: str | None, more: str | None) -> list[tuple[str, str]]:
    """(kind, text) of the footer: source, the first ``MAX_CAVEATS`` caveats as given (ranked), key, pointer."""
    parts = [("source", source)] + [("caveat", c) for c in caveats[:MAX_CAVEATS]]
    if key:
        parts.append(("key", key))
    if more and len(caveats) > MAX_CAVEATS:
        parts.append(("more", f"{len(caveats) - MAX_CAVEATS} more caveat(s): {more}"))
    return parts


def _block(fig: Figure, lines: list[str], style: dict) -> tuple[Text, float]:
    """One block of lines drawn (placed later) and its measured height in inches."""
    text = fig.text(0, 0, "\n".join(lines), ha="left", va="top", linespacing=1.3, **style)
    return text, text.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi


def _place(fig: Figure, blocks: list[tuple[Text, float]], top: float, left: float, gap: float) -> None:
    """Set measured blocks one under another from ``top`` (inches from the bottom of the final figure)."""
    for text, h in blocks:
        text.set_position((left / fig.get_figwidth(), top / fig.get_figheight()))
        top -= h + gap


def page(size: str, *, title: str, subtitle: str, source: str, caveats: list[str], key: str | None = None,
         more: str | None = None, nrows: int = 1, plot_height: float | None = None) -> Page:
    """A figure with header and footer drawn and ``nrows`` Axes placed in the region between them."""
    spec = PAGE[size]
    width, slide_height = SIZES[size]
    fig = plt.figure(figsize=(width, slide_height))
    usable = (width - 2 * spec["margin"]) * fig.dpi
    header = [_block(fig, wrap(fig, title, usable, spec["title"], weight="bold"),
                     {"fontsize": spec["title"], "weight": "bold", "color": INK}),
              _block(fig, wrap(fig, subtitle, usable, spec["subtitle"]), {"fontsize": spec["subtitle"], "color": MUTED})]
    footer = []
    for kind, text in footer_parts(source, caveats, key=key, more=more):
        lines = wrap(fig, text, usable, spec["footer"], first="• " if kind == "caveat" else "",
                     indent="  " if kind == "caveat" else "")
        footer.append(_block(fig, lines, {"fontsize": spec["footer"], "color": INK if kind == "caveat" else MUTED}))
    line_gap = spec["footer"] * 0.35 / 72
    header_h = sum(h for _, h in header) + line_gap * 2
    footer_h = sum(h for _, h in footer) + line_gap * len(footer)
    plot_h = None if size == "slide" else plot_height or spec["plot"]  # a slide is always 16:9
    height = slide_height if plot_h is None else spec["margin"] * 2 + header_h + footer_h + 2 * spec["gap"] + plot_h
    fig.set_figheight(height)
    _place(fig, header, height - spec["margin"], spec["margin"], line_gap * 2)
    _place(fig, footer, spec["margin"] + footer_h, spec["margin"], line_gap)
    bottom = spec["margin"] + footer_h + spec["gap"]
    top = height - spec["margin"] - header_h - spec["gap"]
    region = Bbox.from_extents(spec["margin"] / width, bottom / height, 1 - spec["margin"] / width, top / height)
    axes = [fig.add_axes(rows) for rows in _rows(region, nrows)]
    return Page(fig, axes, region, size)


def _rows(region: Bbox, nrows: int, between: float = 0.04) -> list[tuple[float, float, float, float]]:
    """``nrows`` equal slices of the region, top first, separated by ``between`` (figure fraction)."""
    h = (region.height - between * (nrows - 1)) / nrows
    return [(region.x0, region.y1 - (i + 1) * h - i * between, region.width, h) for i in range(nrows)]


def fit(pg: Page, passes: int = 3) -> None:
    """Move each Axes so that it, with its tick labels, axis labels, title, legend and notes, fills its slice."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    region = pg.region
    for legend in fig.legends:  # a figure legend stands right of every panel, top aligned, as tall as they are
        legend.set_bbox_to_anchor((region.x1, region.y1), transform=fig.transFigure)
        box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        while box.height > region.height and legend.get_texts()[0].get_fontsize() > 6:
            for text in legend.get_texts():
                text.set_fontsize(text.get_fontsize() * 0.9)
            box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        width = box.width
        region = Bbox.from_extents(region.x0, region.y0, region.x1 - width - 0.02, region.y1)
    slices = [Bbox.from_bounds(*r) for r in _rows(region, len(pg.axes))]
    for _ in range(passes):
        margins = []
        for ax in pg.axes:
            outer = ax.get_tightbbox(renderer).transformed(fig.transFigure.inverted())
            inner = ax.get_position()
            margins.append((inner.x0 - outer.x0, outer.x1 - inner.x1, inner.y0 - outer.y0, outer.y1 - inner.y1))
        # Stacked panels share their left and right edges, so their x axes line up.
        left, right = max(m[0] for m in margins), max(m[1] for m in margins)
        for ax, target, (_, _, below, above) in zip(pg.axes, slices, margins):
            w = max(target.width - left - right, 0.05)
            h = max(target.height - below - above, 0.05)
            ax.set_position((target.x0 + left, target.y0 + below, w, h))


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text the renderer draws: figure and Axes texts, titles, axis and drawn tick labels, legend texts."""
    texts: list[Text] = [t for t in fig.texts]
    for ax in fig.axes:
        texts += list(ax.texts) + [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():  # the ticks drawn in the current view
                texts += [tick.label1, tick.label2]
            texts += [axis.offsetText]
        legend = ax.get_legend()
        if legend is not None:
            texts += list(legend.get_texts()) + ([legend.get_title()] if legend.get_title().get_text() else [])
    for legend in fig.legends:
        texts += list(legend.get_texts())
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def extents(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Each drawn text with its window extent (pixels) after layout."""
    renderer = fig.canvas.get_renderer()
    return [(t, t.get_window_extent(renderer)) for t in drawn_texts(fig)]


def overlaps(a: Bbox, b: Bbox, tolerance: float = 0.0) -> bool:
    """Whether two boxes share more than ``tolerance`` pixels in both directions."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)


def collisions(fig: Figure) -> list[str]:
    """Every pair of drawn texts that overlap and every text not wholly on the canvas, in words."""
    fig.canvas.draw()
    boxes = extents(fig)
    canvas = fig.bbox
    found = [f"off canvas: {t.get_text()[:40]!r}" for t, b in boxes
             if b.x0 < canvas.x0 - 0.5 or b.y0 < canvas.y0 - 0.5 or b.x1 > canvas.x1 + 0.5 or b.y1 > canvas.y1 + 0.5]
    for i, (t, a) in enumerate(boxes):
        for u, b in boxes[i + 1:]:
            if overlaps(a, b):
                found.append(f"overlap: {t.get_text()[:40]!r} and {u.get_text()[:40]!r}")
    return found


# Where a note may go relative to its point, in points: right-below first, then around it, then further out.
CANDIDATES = [(dx, dy, "left" if dx > 0 else "right", "top" if dy < 0 else "bottom")
              for step in (2, 8, 14, 20, 26, 34) for dx in (5, -5, 14, -14) for dy in (-step, step)]


def _cost(box: Bbox, area: Bbox, fixed: list[Bbox]) -> float:
    """Pixels of overlap with placed text, plus a large penalty for leaving the Axes (a little slack right)."""
    outside = box.x0 < area.x0 or box.x1 > area.x1 + 40 or box.y0 < area.y0 or box.y1 > area.y1 + 2 * box.height
    shared = sum(max(0.0, min(box.x1, o.x1) - max(box.x0, o.x0)) * max(0.0, min(box.y1, o.y1) - max(box.y0, o.y0))
                 for o in fixed)
    return shared + (1e9 if outside else 0.0)


def place_notes(pg: Page) -> None:
    """Move each point note to the first candidate spot where it overlaps no text placed before it
    (failing that, to the spot of least overlap inside its Axes)."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    notes = [t for ax in pg.axes for t in ax.texts if isinstance(t, Annotation) and t.get_gid() == NOTE_GID]
    fixed = [b for t, b in extents(fig) if t not in notes]
    for note in sorted(notes, key=lambda n: -n.get_window_extent(renderer).y1):
        area = note.axes.get_window_extent(renderer)
        best = None
        for spot in CANDIDATES:
            note.set_position(spot[:2])
            note.set_ha(spot[2])
            note.set_va(spot[3])
            cost = _cost(note.get_window_extent(renderer), area, fixed)
            if best is None or cost < best[0]:
                best = (cost, spot)
            if cost == 0:
                break
        note.set_position(best[1][:2])
        note.set_ha(best[1][2])
        note.set_va(best[1][3])
        fixed.append(note.get_window_extent(renderer))


def relieve_ticks(pg: Page, smallest: float = 0.7) -> None:
    """Shrink an axis's tick labels (down to ``smallest`` of their size) while any two of them overlap."""
    renderer = pg.figure.canvas.get_renderer()
    for ax in pg.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t.label1 for t in axis._update_ticks() if t.label1.get_visible() and t.label1.get_text()]
            if not labels:
                continue
            start = labels[0].get_fontsize()
            while labels[0].get_fontsize() > start * smallest:
                boxes = [t.get_window_extent(renderer) for t in labels]
                if not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
                    break
                axis.set_tick_params(labelsize=labels[0].get_fontsize() * 0.92)
                labels = [t.label1 for t in axis._update_ticks() if t.label1.get_visible() and t.label1.get_text()]


def wrap_axis_labels(pg: Page) -> None:
    """An x-axis label wider than its Axes is broken into lines as wide as the Axes."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    for ax in pg.axes:
        label = ax.xaxis.label
        text = " ".join(label.get_text().split())
        width = ax.get_window_extent(renderer).width
        if text and label.get_window_extent(renderer).width > width:
            label.set_text("\n".join(wrap(fig, text, width, label.get_fontsize())))


def settle(pg: Page) -> None:
    """Fit the Axes, make crowded tick labels smaller, wrap wide axis labels, move the notes, fit again.

    Each step can change what the next one measures, so the sequence runs to a fixed number of rounds;
    ``collisions`` is the check (the tests run it on every chart at both sizes).
    """
    for _ in range(2):
        fit(pg)
        relieve_ticks(pg)
        wrap_axis_labels(pg)
    for _ in range(2):
        fit(pg)
        place_notes(pg)
    for _ in range(6):  # a crowded panel: notes that still touch other text get smaller, then are placed again
        crowded = _crowded_notes(pg)
        if not crowded:
            break
        for note in crowded:
            note.set_fontsize(max(note.get_fontsize() * 0.85, 4.0))
        place_notes(pg)
    fit(pg, passes=4)
    relieve_ticks(pg, smallest=0.6)


def _crowded_notes(pg: Page) -> list[Annotation]:
    """Point notes that overlap another drawn text."""
    boxes = extents(pg.figure)
    return [t for t, a in boxes if isinstance(t, Annotation) and t.get_gid() == NOTE_GID
            and any(u is not t and overlaps(a, b) for u, b in boxes)]
