"""The page around a chart: title, subtitle, plot region, footer; fitted so no text collides or leaves the canvas.

A page is laid out the way Our World in Data's grapher lays out a chart: a title that
says what is shown, a subtitle with unit, place, period and definitions, the plot, and
a short footer: the source line, at most ``MAX_CAVEATS`` caveats (the highest ranked),
a key where the marks need one, and a pointer to where every caveat is. A slide has its
own layout: the title across the top, the plot left, the rest in a column on the right.
Text is wrapped by its rendered width and legends stand below the plot; ``charts.settle`` then
fits the Axes to the region left after their tick labels and axis labels are measured and
grows an A4 page until the data rectangles reach ``DATA_SHARE`` of it, and data labels are
placed last (``charts.labels``).
"""
from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.cbook import is_math_text
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text, _get_text_metrics_with_cache
from matplotlib.transforms import Bbox

from .style import MIN_TEXT, SIZES

MAX_CAVEATS = 3
WIDTHS: dict[tuple, float] = {}  # a one-line text's width in pixels by (text, font, dpi, hinting)
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


SIZES_MEASURED: dict[tuple, tuple[float, float, float]] = {}  # a text's (width, height, descent) in pixels


class MeasuringRenderer(RendererAgg):
    """The Agg renderer a page is laid out with (``one_renderer_per_dpi``): it measures a text once per process.

    matplotlib keeps text sizes per renderer, so each new figure measured again the words every chart shares
    (tick values, source lines, legend entries) at the same font and dpi. A plain text's size depends only on
    its letters, its font, the dpi and the hinting and kerning settings, which ``SIZES_MEASURED`` is keyed by;
    mathtext is measured as before."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        rc = mpl.rcParams
        key = (s, tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
               prop.get_stretch(), prop.get_size_in_points(), prop.get_file(), self.dpi, rc["text.hinting"],
               rc["text.hinting_factor"], rc["text.kerning_factor"],
               *(tuple(rc[f"font.{f}"]) for f in ("sans-serif", "serif", "monospace", "cursive", "fantasy")))
        if key not in SIZES_MEASURED:
            if len(SIZES_MEASURED) >= 20_000:
                SIZES_MEASURED.clear()
            SIZES_MEASURED[key] = super().get_text_width_height_descent(s, prop, ismath)
        return SIZES_MEASURED[key]


@contextlib.contextmanager
def one_renderer_per_dpi() -> Iterator[None]:
    """While pages are laid out, each figure is measured with one Agg renderer per dpi, whatever its size.

    Agg's canvas makes a new renderer whenever its figure's size changes (an A4 page grows as it is laid out),
    and matplotlib keeps the sizes of texts per renderer: each new one measured every text again. A text's size
    in pixels depends on its font and the dpi only, not on the canvas, so one renderer measures it alike at any
    height (tests lay pages that grow out both ways and compare). After the block each figure is drawn, saved
    or shown with a renderer of its own size again: at its own dpi a ``MeasuringRenderer`` of its final size
    (``measured_at_its_size``), so a notebook showing it reads the sizes its layout measured.

    Yields
    ------
    None
    """
    original, canvases = FigureCanvasAgg.get_renderer, []

    def get_renderer(canvas: FigureCanvasAgg) -> RendererAgg:
        fig, held = canvas.figure, canvas.__dict__.get("_measuring")
        if held is None or held.dpi != fig.dpi:
            held = canvas._measuring = MeasuringRenderer(*fig.bbox.size, fig.dpi)
            canvases.append(canvas)
        return held

    FigureCanvasAgg.get_renderer = get_renderer
    try:
        yield
    finally:
        FigureCanvasAgg.get_renderer = original
        for canvas in canvases:
            canvas.__dict__.pop("_measuring", None)
            measured_at_its_size(canvas)


def measured_at_its_size(canvas: FigureCanvasAgg) -> None:
    """The renderer Agg's canvas makes for its figure's size and dpi, set up front as a ``MeasuringRenderer``.

    The canvas keeps a renderer while its figure's size and dpi stay as they were (``FigureCanvasAgg.get_renderer``):
    the first drawing at the figure's own dpi (a notebook's inline PNG) then measures its texts with the sizes the
    layout measured, where a new renderer measured every one again (about a tenth of a second a chart). Pixels
    are the same: the renderer is cleared before a drawing, and a size read from ``SIZES_MEASURED`` is the size
    Agg measures. Saving at another dpi makes a renderer of that dpi, as before.

    Parameters
    ----------
    canvas : FigureCanvasAgg
        A laid-out figure's canvas.

    Returns
    -------
    None
    """
    fig = canvas.figure
    width, height = fig.bbox.size
    canvas.renderer, canvas._lastKey = MeasuringRenderer(width, height, fig.dpi), (width, height, fig.dpi)


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
    legend_widths: dict = field(default_factory=dict)  # (labels, columns, dpi, width) -> a legend's width, as a fraction
    legend_columns: dict = field(default_factory=dict)  # each legend set below the plot -> the columns it was given


def _width_px(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    """A one-line text's rendered width in pixels, measured as ``Text`` measures it.

    Kept by font, dpi and hinting (``WIDTHS``): matplotlib keeps its measurements per renderer, and a page that
    grows gets a new renderer, so the same words were measured again at every height a page tried."""
    font = FontProperties(size=size, weight=weight)
    key = (text, font, fig.dpi, mpl.rcParams["text.hinting"], mpl.rcParams["text.hinting_factor"])
    if key not in WIDTHS:
        if len(WIDTHS) >= 20_000:
            WIDTHS.clear()
        WIDTHS[key] = _get_text_metrics_with_cache(fig.canvas.get_renderer(), text, font, is_math_text(text),
                                                   fig.dpi)[0]
    return WIDTHS[key]


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


def _columns(widths: dict, names: list[str], fig: Figure, region: Bbox) -> int | None:
    """The columns a legend of ``names`` takes below ``region``, as ``_legends_below`` chooses them (the most
    whose width fits), from the widths measured before; None when a width it needs was never measured."""
    for ncols in range(len(names), 0, -1):
        width = widths.get((tuple(names), ncols, fig.dpi, fig.get_figwidth()))
        if width is None:
            return None
        if width <= region.width or ncols == 1:
            return ncols
    return None


def _legends_below(pg: Page, region: Bbox) -> Bbox:
    """Every figure legend set under a slide's text column where it fits, else below the plot region in as
    many columns as fit its width; the region left above."""
    fig = pg.figure
    renderer = fig.canvas.get_renderer()
    widths = pg.legend_widths  # a legend's width depends on its entries, not on where the region is
    for legend in list(fig.legends):
        handles, names = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
        columns = _columns(widths, names, fig, region) if pg.side is None else None
        if columns is not None and pg.legend_columns.get(legend) == columns:  # set here before, as wide: moved
            legend.set_bbox_to_anchor((region.x0, region.y0), fig.transFigure)
            box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
            region = Bbox.from_extents(region.x0, box.y1 + 0.02, region.x1, region.y1)
            continue
        legend.remove()
        if pg.side is not None and _in_column(pg, handles, names):  # a slide: in the column, under its text
            region = Bbox.from_extents(region.x0, region.y0, pg.region.x1, min(region.y1, pg.region.y1))
            continue
        for ncols in range(len(handles), 0, -1):
            key = (tuple(names), ncols, fig.dpi, fig.get_figwidth())
            if ncols > 1 and key in widths and widths[key] > region.width:
                continue  # measured before: too wide for this region
            new = fig.legend(handles=handles, labels=names, loc="lower left", ncols=ncols, borderaxespad=0,
                             bbox_to_anchor=(region.x0, region.y0), bbox_transform=fig.transFigure,
                             columnspacing=1.2, handletextpad=0.5)
            box = new.get_window_extent(renderer).transformed(fig.transFigure.inverted())
            widths[key] = box.width
            if box.width <= region.width or ncols == 1:
                pg.legend_columns[new] = ncols
                break
            new.remove()
        region = Bbox.from_extents(region.x0, box.y1 + 0.02, region.x1, region.y1)
    return region
