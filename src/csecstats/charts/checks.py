"""What a drawn chart is checked against, read back from the figure: every text drawn, overlapping or
clipped text (``collisions``), and the data rectangles' share of the image (``data_share``).

The layout (``charts.page``) fits a page to these; the tests run them on every chart at both sizes.
"""
from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from . import labels


def data_share(fig: Figure, axes: list[Axes] | None = None) -> float:
    """The data rectangles (the Axes themselves, without their labels) as a share of the image."""
    boxes = [ax.get_position() for ax in (axes or fig.axes) if ax.axison]
    return sum(b.width * b.height for b in boxes)


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text the renderer draws: figure and Axes texts, titles, axis and drawn tick labels, legend texts."""
    texts: list[Text] = [t for t in fig.texts]
    for ax in fig.axes:
        texts += list(ax.texts) + [ax.title, ax._left_title, ax._right_title]
        if not ax.axison:  # an empty grid cell: its axis is not drawn
            texts += list(ax.get_legend().get_texts()) if ax.get_legend() is not None else []
            continue
        texts += [ax.xaxis.label, ax.yaxis.label]
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
    return [(t, labels.text_box(t, renderer)) for t in drawn_texts(fig)]


def overlaps(a: Bbox, b: Bbox, tolerance: float = 0.0) -> bool:
    """Whether two boxes share more than ``tolerance`` pixels in both directions."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)


def collisions(fig: Figure) -> list[str]:
    """Every pair of drawn texts that overlap and every text not wholly on the canvas, in words."""
    fig.draw_without_rendering()  # layout only: no pixels are read
    boxes = extents(fig)
    canvas = fig.bbox
    found = [f"off canvas: {t.get_text()[:40]!r}" for t, b in boxes
             if b.x0 < canvas.x0 - 0.5 or b.y0 < canvas.y0 - 0.5 or b.x1 > canvas.x1 + 0.5 or b.y1 > canvas.y1 + 0.5]
    for i, (t, a) in enumerate(boxes):
        for u, b in boxes[i + 1:]:
            if overlaps(a, b):
                found.append(f"overlap: {t.get_text()[:40]!r} and {u.get_text()[:40]!r}")
    return found
