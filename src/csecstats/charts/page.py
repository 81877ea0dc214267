"""The page around a chart: title, subtitle, plot region, footer; fitted so no text collides or leaves the canvas.

A page is laid out the way Our World in Data's grapher lays out a chart: a title that
says what is shown, a subtitle with unit, place, period and definitions, the plot, and
a short footer: the source line, at most ``MAX_CAVEATS`` caveats (the highest ranked),
a key where the marks need one, and a pointer to where every caveat is. A slide has its
own layout: the title across the top, the plot left, the rest in a column on the right.
Text is wrapped by its rendered width, legends stand below the plot, the Axes are fitted
to the region left after their tick labels and axis labels are measured, an A4 page grows
until the data rectangles reach ``DATA_SHARE`` of it, and data labels are placed last
(``charts.labels``).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.cbook import is_math_text
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation, Text, _get_text_metrics_with_cache
from matplotlib.ticker import FixedLocator, LogLocator, MaxNLocator
from matplotlib.transforms import Bbox, ScaledTranslation, blended_transform_factory

from . import labels
from .checks import data_share, overlaps
from .style import DPI as EXPORT_DPI, MIN_TEXT, SIZES, thin_log_ticks

MAX_CAVEATS = 3
SLIDE_CAVEATS = 2  # a slide's column shows the first two; the pointer says where the rest are
# Inches and points per size: margins, title and footer type, A4 plot height when a chart declares none.
# A slide has a layout of its own: the title across the top, the plot left, and the subtitle, source line
# and caveats in a column on the right (``column``, inches, widened until they fit).
PAGE = {
    "report": {"margin": 0.12, "title": 11.0, "subtitle": 7.5, "footer": 7.0, "gap": 0.14, "plot": 2.9},
    "slide": {"margin": 0.2, "title": 18.0, "subtitle": 11.0, "footer": MIN_TEXT["slide"], "gap": 0.15, "plot": None,
              "column": 3.7},
}
# The data rectangles' share of the image each layout is fitted to reach (a single panel, several panels).
DATA_SHARE = {1: 0.45, "panels": 0.40}
WIDEST = 0.36  # of a slide's width: the most its text column may take
MAX_HEIGHT = 10.5  # inches: an A4 chart never grows past the page's text block
INK, MUTED = "#1a1a1a", "#444444"
OPEN_END_GID = "open end"  # the caret where a band running to zero meets a log axis's edge
INSET_PAD = 2.0  # points between a panel's inset title and its panel's top-left corner
SETTLED = 0.5  # pixels at the export's dpi: a layout whose Axes move less than this has settled


@dataclass
class Page:
    """A drawn page: the figure, its Axes, and the region (figure fraction) the Axes must fit in."""

    figure: Figure
    axes: list[Axes]
    region: Bbox
    size: str
    header: list = field(default_factory=list)  # (Text, height in inches), top first
    footer: list = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # data labels left off the image (no free spot by their point)
    ncols: int = 1  # panels side by side
    side: Bbox | None = None  # a slide's free space under its text column (figure fraction): legends go there
    text: dict = field(default_factory=dict)  # a slide's title, subtitle and footer parts, to lay out again
    reserve: float = 0.0  # inches a slide's column keeps free under its text (for a legend)
    placed: tuple = ()  # (page region and size the legends were set for, the region left above them)


def _width_px(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    """A one-line text's rendered width in pixels, measured as ``Text`` measures it (matplotlib caches the metrics)."""
    font = FontProperties(size=size, weight=weight)
    return _get_text_metrics_with_cache(fig.canvas.get_renderer(), text, font, is_math_text(text), fig.dpi)[0]


def wrap(fig: Figure, text: str, width_px: float, size: float, *, weight: str = "normal",
         indent: str = "", first: str = "") -> list[str]:
    """``text`` broken into lines whose rendered width fits ``width_px`` (no break at hyphens: '40-60%')."""
    chars = max(20, int(width_px / (size * 0.55 * fig.dpi / 72)))
    while True:
        lines = textwrap.wrap(text, chars, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False)
        if chars <= 12 or all(_width_px(fig, line, size, weight) <= width_px for line in lines):
            return lines
        chars -= 3


def footer_parts(source: str, caveats: list[str], *, key: str | None, more: str | None,
                 most: int = MAX_CAVEATS) -> list[tuple[str, str]]:
    """(kind, text) of the footer: source, the first ``most`` caveats as given (ranked), key, pointer."""
    parts = [("source", source)] + [("caveat", c) for c in caveats[:most]]
    if key:
        parts.append(("key", key))
    if more and len(caveats) > most:
        parts.append(("more", f"{len(caveats) - most} more caveat(s): {more}"))
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


def _blocks(fig: Figure, spec: dict, width_in: float, *, subtitle: str, parts: list[tuple[str, str]],
            title: str | None = None) -> tuple[list, list]:
    """The header (title, subtitle) and footer blocks wrapped to ``width_in`` inches."""
    usable = width_in * fig.dpi
    header = []
    if title is not None:
        header.append(_block(fig, wrap(fig, title, usable, spec["title"], weight="bold"),
                             {"fontsize": spec["title"], "weight": "bold", "color": INK}))
    header.append(_block(fig, wrap(fig, subtitle, usable, spec["subtitle"]),
                         {"fontsize": spec["subtitle"], "color": MUTED}))
    footer = []
    for kind, text in parts:
        lines = wrap(fig, text, usable, spec["footer"], first="• " if kind == "caveat" else "",
                     indent="  " if kind == "caveat" else "")
        footer.append(_block(fig, lines, {"fontsize": spec["footer"], "color": INK if kind == "caveat" else MUTED}))
    return header, footer


def page(size: str, *, title: str, subtitle: str, source: str, caveats: list[str], key: str | None = None,
         more: str | None = None, nrows: int = 1, ncols: int = 1, plot_height: float | None = None) -> Page:
    """A figure with header and footer drawn and ``nrows`` Axes placed in the region between them."""
    spec = PAGE[size]
    width, slide_height = SIZES[size]
    fig = plt.figure(figsize=(width, slide_height))
    parts = footer_parts(source, caveats, key=key, more=more, most=SLIDE_CAVEATS if size == "slide" else MAX_CAVEATS)
    if size == "slide":
        return _slide(fig, spec, title=title, subtitle=subtitle, parts=parts, nrows=nrows, ncols=ncols)
    header, footer = _blocks(fig, spec, width - 2 * spec["margin"], subtitle=subtitle, parts=parts, title=title)
    pg = Page(fig, [], Bbox.unit(), size, header, footer, ncols=ncols)
    arrange(pg, plot_height or spec["plot"])
    pg.axes = [fig.add_axes(rows) for rows in _rows(pg.region, nrows, ncols=ncols)]
    return pg


def arrange(pg: Page, plot_h: float) -> None:
    """An A4 page's height set from its plot region's (inches), header above and footer below it."""
    fig, spec = pg.figure, PAGE[pg.size]
    line_gap = spec["footer"] * 0.35 / 72
    header_h = sum(h for _, h in pg.header) + line_gap * 2
    footer_h = sum(h for _, h in pg.footer) + line_gap * len(pg.footer)
    height = spec["margin"] * 2 + header_h + footer_h + 2 * spec["gap"] + plot_h
    width = fig.get_figwidth()
    fig.set_figheight(height)
    _place(fig, pg.header, height - spec["margin"], spec["margin"], line_gap * 2)
    _place(fig, pg.footer, spec["margin"] + footer_h, spec["margin"], line_gap)
    bottom = spec["margin"] + footer_h + spec["gap"]
    top = height - spec["margin"] - header_h - spec["gap"]
    pg.region = Bbox.from_extents(spec["margin"] / width, bottom / height, 1 - spec["margin"] / width, top / height)


def _slide(fig: Figure, spec: dict, *, title: str, subtitle: str, parts: list, nrows: int, ncols: int,
           reserve: float = 0.0, least: float = 0.0, pg: Page | None = None) -> Page:
    """The slide's own layout: title on top; plot left; subtitle, source line and caveats in a right column
    as narrow as lets them fit under the title (``least`` inches at the least), with ``reserve`` inches left
    under them. When they cannot fit
    in ``WIDEST`` of the width, the subtitle moves under the title, across the slide, and the column holds
    the rest. Given ``pg``, its texts are laid out again (its Axes kept)."""
    if pg is not None:
        for text, _ in pg.header + pg.footer:
            text.remove()
    width, height = fig.get_figwidth(), fig.get_figheight()
    m, gap = spec["margin"], spec["gap"]
    line_gap = spec["footer"] * 0.35 / 72
    # The title shrinks, to 16 pt at the least, while that keeps it on one line.
    size = next((s for s in (spec["title"], 17.0, 16.0)
                 if len(wrap(fig, title, (width - 2 * m) * fig.dpi, s, weight="bold")) == 1), spec["title"])
    title_block = _block(fig, wrap(fig, title, (width - 2 * m) * fig.dpi, size, weight="bold"),
                         {"fontsize": size, "weight": "bold", "color": INK})
    for across in (False, True):
        top = height - m - title_block[1] - gap
        header = []
        if across:  # the subtitle across the slide, under the title
            header = [_block(fig, wrap(fig, subtitle, (width - 2 * m) * fig.dpi, spec["subtitle"]),
                             {"fontsize": spec["subtitle"], "color": MUTED})]
            top -= header[0][1] + line_gap * 2
        column = max(spec["column"], least)
        while True:
            inner, footer = _blocks(fig, spec, column, subtitle=subtitle, parts=parts)
            if across:
                inner[0][0].remove()
                inner = []
            needed = sum(h for _, h in inner + footer) + line_gap * len(footer) + gap + reserve
            if needed <= top - m or column >= width * WIDEST:
                break
            for text, _ in inner + footer:
                text.remove()
            column += 0.1
        if needed <= top - m or across:
            break
        for text, _ in inner + footer:
            text.remove()
    left = width - m - column
    _place(fig, [title_block], height - m, m, 0)
    _place(fig, header, height - m - title_block[1] - gap, m, 0)
    _place(fig, inner, top, left, line_gap * 2)
    footer_top = top - (inner[0][1] + gap if inner else 0)
    _place(fig, footer, footer_top, left, line_gap)
    region = Bbox.from_extents(m / width, m / height, (left - gap) / width, top / height)
    used = footer_top - sum(h + line_gap for _, h in footer) - gap / 2
    side = Bbox.from_extents(left / width, m / height, 1 - m / width, max(used, m) / height)
    if pg is not None:
        pg.region, pg.header, pg.footer, pg.side, pg.reserve = region, [title_block] + header + inner, footer, side, reserve
        return pg
    pg = Page(fig, [], region, "slide", [title_block] + header + inner, footer, ncols=ncols, side=side,
              text={"title": title, "subtitle": subtitle, "parts": parts})
    pg.axes = [fig.add_axes(rows) for rows in _rows(region, nrows, ncols=ncols)]
    return pg


def _rows(region: Bbox, nrows: int, between: float = 0.025, ncols: int = 1) -> list[tuple[float, float, float, float]]:
    """``nrows`` panels as equal cells of the region in ``ncols`` columns, row by row from the top,
    separated by ``between`` (figure fraction)."""
    rows = -(-nrows // ncols)
    h = (region.height - between * (rows - 1)) / rows
    w = (region.width - between * (ncols - 1)) / ncols
    return [(region.x0 + (i % ncols) * (w + between), region.y1 - (i // ncols + 1) * h - (i // ncols) * between, w, h)
            for i in range(nrows)]


def _in_column(pg: Page, handles: list, names: list[str]) -> bool:
    """A slide's legend set closely under its text column; once, the column is laid out again to keep room
    for it when it does not fit. False (nothing drawn) when it still does not."""
    fig = pg.figure
    for attempt in range(2):
        legend = fig.legend(handles=handles, labels=names, loc="upper left", borderaxespad=0, handletextpad=0.5,
                            bbox_to_anchor=(pg.side.x0, pg.side.y1), bbox_transform=fig.transFigure,
                            fontsize=MIN_TEXT["slide"], labelspacing=0.25, handlelength=1.2)
        box = legend.get_window_extent(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted())
        if box.y0 >= pg.side.y0 and box.x1 <= pg.side.x1:
            return True
        legend.remove()
        if attempt or pg.reserve:
            return False
        _slide(fig, PAGE["slide"], **pg.text, nrows=len(pg.axes), ncols=pg.ncols, pg=pg,
               reserve=box.height * fig.get_figheight() + PAGE["slide"]["gap"] / 2,
               least=box.width * fig.get_figwidth() + PAGE["slide"]["gap"] / 2)
    return False


def _legends_below(pg: Page, region: Bbox) -> Bbox:
    """Every figure legend set under a slide's text column where it fits, else below the plot region in as
    many columns as fit its width; the region left above."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    for legend in list(fig.legends):
        handles, names = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
        legend.remove()
        if pg.side is not None and _in_column(pg, handles, names):  # a slide: in the column, under its text
            region = Bbox.from_extents(region.x0, region.y0, pg.region.x1, min(region.y1, pg.region.y1))
            continue
        for ncols in range(len(handles), 0, -1):
            new = fig.legend(handles=handles, labels=names, loc="lower left", ncols=ncols, borderaxespad=0,
                             bbox_to_anchor=(region.x0, region.y0), bbox_transform=fig.transFigure,
                             columnspacing=1.2, handletextpad=0.5)
            box = new.get_window_extent(renderer).transformed(fig.transFigure.inverted())
            if box.width <= region.width or ncols == 1:
                break
            new.remove()
        region = Bbox.from_extents(region.x0, box.y1 + 0.02, region.x1, region.y1)
    return region


def fit(pg: Page, passes: int = 6) -> None:
    """Move each Axes so that it, with its tick labels, axis labels and title, fills its slice of the region
    left above the legends; repeated (each move changes what the tick labels measure) until no Axes moves
    by ``SETTLED`` pixels or more, at most ``passes`` times."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    key = (tuple(pg.region.bounds), tuple(fig.get_size_inches()))
    if not pg.placed or pg.placed[0] != key:  # the legends are set once for each page region
        region = _legends_below(pg, pg.region)
        pg.placed = ((tuple(pg.region.bounds), tuple(fig.get_size_inches())), region)
    region = pg.placed[1]
    between = 0.015 if pg.size == "slide" else 0.025  # a slide's panels closer: its height is scarcer
    slices = [Bbox.from_bounds(*r) for r in _rows(region, len(pg.axes), between, ncols=pg.ncols)]
    # Half a pixel at the export's dpi, as a figure fraction across and up.
    tol = (SETTLED / EXPORT_DPI / fig.get_figwidth(), SETTLED / EXPORT_DPI / fig.get_figheight())
    to_figure = fig.transFigure.inverted()
    for _ in range(passes):
        margins = []
        for ax in pg.axes:
            if not ax.axison:  # an empty grid cell (holding a legend) takes its cell as it is
                margins.append((0.0, 0.0, 0.0, 0.0))
                continue
            # One measurement per Axes: matplotlib's layout-only box counts a panel title one pixel wide (a
            # title may run past its Axes' right edge and sets no horizontal margin) and its full height.
            box = ax.get_tightbbox(renderer, for_layout_only=True).transformed(to_figure)
            inner = ax.get_position()
            margins.append((inner.x0 - box.x0, box.x1 - inner.x1, inner.y0 - box.y0, box.y1 - inner.y1))
        # Stacked panels share their left and right edges, so their x axes line up.
        left, right = max(m[0] for m in margins), max(m[1] for m in margins)
        moved = False
        for ax, target, (_, _, below, above) in zip(pg.axes, slices, margins):
            if not ax.axison:
                new = target.bounds
            else:
                new = (target.x0 + left, target.y0 + below, max(target.width - left - right, 0.05),
                       max(target.height - below - above, 0.05))
            old = ax.get_position().bounds
            if any(abs(a - b) >= tol[i % 2] for i, (a, b) in enumerate(zip(new, old))):
                moved = True
                ax.set_position(new)
        if not moved:
            return


def grow(pg: Page) -> None:
    """Make an A4 page taller, plot region only, until its data rectangles reach ``DATA_SHARE``."""
    fig = pg.figure
    target = DATA_SHARE[1 if len(pg.axes) == 1 else "panels"] + 0.02
    for _ in range(4):
        share = data_share(fig, pg.axes)
        if share >= target:
            return
        w, h = fig.get_figwidth(), fig.get_figheight()
        axes_w = sum(ax.get_position().width for ax in pg.axes[:pg.ncols] if ax.axison) * w
        if axes_w <= target * w:  # labels beside the plot leave it too narrow: height cannot help
            return
        extra = (target * w * h - share * w * h) / (axes_w - target * w)
        if h + extra > MAX_HEIGHT:
            extra = MAX_HEIGHT - h
        if extra <= 0.01:
            return
        arrange(pg, pg.region.height * h + extra)
        fit(pg)


def relieve_ticks(pg: Page) -> bool:
    """Shrink an axis's tick labels, never below the size's smallest text, while any two of them overlap;
    a numeric axis still crowded then gets fewer ticks (never fewer than four). True when anything changed."""
    renderer = pg.figure.canvas.get_renderer()
    smallest = MIN_TEXT[pg.size]
    changed = False
    for ax in pg.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for _ in range(12):
                labels = [t.label1 for t in axis._update_ticks() if t.label1.get_visible() and t.label1.get_text()]
                boxes = [t.get_window_extent(renderer) for t in labels]
                if not labels or not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
                    break
                if labels[0].get_fontsize() * 0.92 >= smallest:
                    axis.set_tick_params(labelsize=labels[0].get_fontsize() * 0.92)
                elif axis.get_scale() == "log":  # thinned along the log scale, never by evenly spaced values
                    if not thin_log_ticks(axis):
                        break
                elif not isinstance(axis.get_major_locator(), FixedLocator) and len(labels) > 4:
                    before = axis.get_major_locator()
                    axis.set_major_locator(MaxNLocator(nbins=len(labels) - 2, steps=[1, 2, 2.5, 4, 5, 10]))
                    low, high = sorted(axis.get_view_interval())
                    if sum(low - 1e-9 <= v <= high + 1e-9 for v in axis.get_majorticklocs()) < 4:
                        axis.set_major_locator(before)  # never fewer than four ticks
                        break
                else:
                    break
                changed = True
    return changed


def enough_ticks(pg: Page, least: int = 4) -> None:
    """Every numeric axis shows at least ``least`` ticks: a log axis gains 2 and 5 between its powers of ten."""
    for ax in pg.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_locator(), FixedLocator):
                continue
            low, high = sorted(axis.get_view_interval())
            shown = [v for v in axis.get_majorticklocs() if low - 1e-9 <= v <= high + 1e-9]
            if axis.get_scale() == "log":
                if len(shown) < least:
                    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            else:  # the fewest bins that show ``least`` ticks inside the view (crowded axes were thinned before)
                for nbins in range(least - 1, 13):
                    axis.set_major_locator(MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 4, 5, 10]))
                    if sum(low - 1e-9 <= v <= high + 1e-9 for v in axis.get_majorticklocs()) >= least:
                        break


def wrap_axis_labels(pg: Page) -> bool:
    """An x-axis label or panel title wider than its Axes is broken into lines as wide as the Axes.
    True when any label changed."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    changed = False
    for ax in pg.axes:
        width = ax.get_window_extent(renderer).width
        for label in (ax.xaxis.label, ax._left_title):
            text = " ".join(label.get_text().split())
            if text and label.get_window_extent(renderer).width > width:
                wrapped = "\n".join(wrap(fig, text, width, label.get_fontsize()))
                changed |= wrapped != label.get_text()
                label.set_text(wrapped)
    return changed


def _row_marks(found: labels.Marks, pitch: float) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y0, y1) in pixels of each mark no taller than a row (a line across rows is no row's mark)."""
    out = [(x - r, x + r, y - r, y + r) for x, y, r in found.points]
    out += [(e.x0 - h, e.x1 + h, e.y0 - h, e.y1 + h) for _, h, _, e in found.paths if e.height < pitch * 0.9]
    return out + [(b.x0, b.x1, b.y0, b.y1) for b in found.boxes if b.height < pitch * 0.9]


def _lift_rows(ax: Axes, rows: list[Text], renderer) -> float:
    """Set each row label just clear of the marks of its row that stand under its letters; the pixels the
    tightest row lacks (its label reaching the marks of the row above), 0 when every label is clear."""
    fig = ax.figure
    ys = sorted(ax.transData.transform((0, t.get_position()[1]))[1] for t in rows)
    pitch = min((b - a for a, b in zip(ys, ys[1:])), default=ax.get_window_extent(renderer).height)
    found = _row_marks(labels.marks(ax, references=True), pitch)
    short = 0.0
    for text in rows:
        text.set_transform(blended_transform_factory(ax.transAxes, ax.transData))
        box = labels.text_box(text, renderer)  # at its row
        y = ax.transData.transform((0, text.get_position()[1]))[1]
        beside = [m for m in found if m[0] < box.x1 and m[1] > box.x0]
        mine = [m[3] - y for m in beside if abs((m[2] + m[3]) / 2 - y) < pitch / 2]
        lift = max(mine + [0.0]) + 1.5 * fig.dpi / 72
        text.set_transform(text.get_transform() + ScaledTranslation(0, lift / fig.dpi, fig.dpi_scale_trans))
        top = y + lift + box.height
        above = [m[2] for m in beside if pitch / 2 <= (m[2] + m[3]) / 2 - y < pitch * 1.5]
        if above:
            short = max(short, top + 1.0 - min(above))
        short = max(short, top - ax.get_window_extent(renderer).y1)
    return short


def rows_fit(pg: Page) -> None:
    """Row labels set in the plot (``plots.row_labels``) wrapped to their Axes' width and lifted clear of
    their row's marks; an A4 page then grows until no label reaches the marks of the row above."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    for _ in range(6):
        need = 0.0
        for ax in pg.axes:
            rows = [t for t in ax.texts if t.get_gid() == labels.ROW_GID]
            if not rows:
                continue
            width = ax.get_window_extent(renderer).width * 0.99
            for text in rows:
                flat = " ".join(text.get_text().split())
                text.set_text("\n".join(wrap(fig, flat, width, text.get_fontsize(), weight=text.get_fontweight())))
            short = _lift_rows(ax, rows, renderer)
            need = max(need, short * len(rows) / fig.dpi)
        if need <= 0.005 or pg.size != "report" or fig.get_figheight() >= MAX_HEIGHT - 0.01:
            return
        h = fig.get_figheight()
        arrange(pg, pg.region.height * h + min(need * 1.1 + 0.02, MAX_HEIGHT - h))
        fit(pg)


def open_ends(pg: Page) -> None:
    """A band that runs to zero on a log axis (zero lies infinitely far left) ends at the axis edge with a
    caret pointing on: it is not cut there, it goes on to zero."""
    for ax in pg.axes:
        if not ax.axison or ax.get_xscale() != "log":
            continue
        edge = blended_transform_factory(ax.transAxes, ax.transData)
        for coll in list(ax.collections):
            if coll.get_gid() in (labels.SHADE_GID, labels.REFERENCE_GID, OPEN_END_GID):
                continue
            for path in coll.get_paths():
                xs, ys = path.vertices[:, 0], path.vertices[:, 1]
                if len(xs) and xs.min() <= 0 < xs.max():
                    colour = coll.get_facecolor()[0][:3] if len(coll.get_facecolor()) else "black"
                    ax.plot([0], [(ys.min() + ys.max()) / 2], marker="<", ms=6, color=colour, ls="none",
                            transform=edge, clip_on=False, zorder=4, gid=OPEN_END_GID)


def inset_titles(pg: Page) -> None:
    """A slide's panel titles set inside their panels, top left on a white box, where they cost no height
    (``clear_titles`` later keeps them off the marks)."""
    for ax in pg.axes:
        title = ax._left_title
        if not ax.axison or not title.get_text().strip():
            continue
        ax.annotate(title.get_text(), (0, 1), xycoords="axes fraction", xytext=(2 * INSET_PAD, -INSET_PAD),
                    textcoords="offset points", ha="left", va="top", fontsize=title.get_fontsize(),
                    color=title.get_color(), gid=labels.TITLE_GID, zorder=5, annotation_clip=False,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        title.set_text("")


def _pinned(ax: Axes) -> list[Annotation]:
    """Texts pinned to a panel's top (a break's number tag) other than its title."""
    return [t for t in ax.texts if isinstance(t, Annotation) and t.get_gid() != labels.TITLE_GID
            and not labels.is_label(t) and t.xycoords == ("data", "axes fraction")]


def clear_titles(pg: Page) -> bool:
    """Break tags that would stand behind a panel's inset title move under it, and the value axis gains
    headroom until neither covers a mark. True when any axis limit changed."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    changed = False
    for ax in pg.axes:
        titles = [t for t in ax.texts if t.get_gid() == labels.TITLE_GID]
        if not titles:
            continue
        box = labels.text_box(titles[0], renderer)
        below = -INSET_PAD - box.height * 72 / fig.dpi - INSET_PAD
        for tag in _pinned(ax):
            tag.xyann = (tag.xyann[0], -INSET_PAD)
            if labels.text_box(tag, renderer).x0 < box.x1 + 6:
                tag.xyann = (tag.xyann[0], below)
        before = ax.get_ylim()
        headroom(ax, titles + _pinned(ax))
        changed |= ax.get_ylim() != before
    return changed


def headroom(ax: Axes, texts: list[Text], rounds: int = 12) -> None:
    """Raise the top of ``ax``'s value axis, step by step, until none of ``texts`` (pinned to the panel's
    top) covers a mark."""
    renderer = ax.figure.canvas.get_renderer()
    for _ in range(rounds):
        found = labels.marks(ax)
        boxes = [labels.text_box(t, renderer) for t in texts]
        if not any(labels.covers(b, found, pad=2.0) for b in boxes):
            return
        step = max(b.y1 for b in boxes) - min(b.y0 for b in boxes)
        scale = ax.yaxis.get_transform()
        low, high = scale.transform(ax.get_ylim())
        high = high + (high - low) * (step + 4) / ax.get_window_extent(renderer).height / 2
        ax.set_ylim(ax.get_ylim()[0], scale.inverted().transform(high))


def share_x(pg: Page) -> None:
    """Stacked panels on one time axis show its year labels once, under the lowest panel of each column:
    the labels above would repeat them and take the height the data need."""
    for ax, below in zip(pg.axes, pg.axes[pg.ncols:]):
        if (ax.axison and below.axison and not ax.get_xlabel() and ax.get_xscale() == below.get_xscale()
                and tuple(ax.get_xlim()) == tuple(below.get_xlim())):
            ax.tick_params(axis="x", labelbottom=False)


def settle(pg: Page) -> None:
    """Fit the Axes, relieve crowded ticks, wrap wide axis labels, grow an A4 page until the data dominate,
    then place every data label (``charts.labels.place``); labels with no free spot by their point are
    recorded in ``pg.dropped``.

    Each step can change what the next one measures, so the sequence runs to a fixed number of rounds
    (a round that changes nothing ends it);
    ``collisions`` and ``labels.problems`` are the checks (the tests run them on every chart at both sizes).
    """
    share_x(pg)
    open_ends(pg)
    if pg.size == "slide":
        inset_titles(pg)
    enough_ticks(pg)
    for _ in range(2):
        fit(pg)
        if not (relieve_ticks(pg) | wrap_axis_labels(pg)):  # nothing changed the fit measured
            break
    rows_fit(pg)
    if pg.size == "report":
        grow(pg)
    enough_ticks(pg)
    fit(pg)
    if clear_titles(pg):  # headroom moved the value axis: its ticks and margins measured again
        enough_ticks(pg)
        fit(pg)
        clear_titles(pg)
    enough_ticks(pg)
    relieve_ticks(pg)
    rows_fit(pg)  # the rows' pitch in pixels changed as the page grew: lifted clear again
    pg.dropped = labels.place(pg.figure, pg.axes)
