"""Data labels: one placer for every chart, and the check that each label belongs to its mark.

A data label is an ``Annotation`` with gid ``LABEL_GID`` whose ``xy`` is the point it names.
``place`` runs after the page is laid out (positions are in display space): each label goes
to the first spot around its point where it covers no mark (marker, error bar, line, band,
bar, arrow), comes no nearer another text along its line than ``TEXT_GAP``, stays inside its
Axes, and is nearer its own point than any other marker. Failing that, the first free spot
further out, joined to its point by a thin leader line that crosses no other leader line, no
other text and no other marker (nor does a label placed later cover a leader line). Failing that
too, the label is left off the image (the chart's CSV keeps it; the chart's JSON and README name it).
``problems`` is the same geometry read back: the layout tests run it on every chart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

LABEL_GID = "note"  # the gid of a data label (an Annotation naming the point at its xy)
SHADE_GID = "shade"  # a shaded period behind the data: not a mark a label must avoid
REFERENCE_GID = "reference"  # a reference line (zero): not a mark either
TITLE_GID = "panel title"  # a panel's title set inside the panel (a slide's): it must cover no mark
ROW_GID = "row"  # a row's label, set in the plot above its row (charts.plots.row_labels)
TAG_GID = "break tag"  # the numbers of declared breaks, pinned to a panel's top by their lines (periods.mark_breaks)
TEXT_GAP = 3.0  # points kept between a data label and any other text on its line: two that touch read as one
NEAR = 6.0  # points between a label and its point without a leader line
# Directions tried around a point, in order: right, left, above, below, then the diagonals.
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
RADII = (2.0, 6.0, 12.0, 20.0, 30.0, 42.0)  # points from the edge of the marker


@dataclass
class Marks:
    """What a label must not cover in one Axes, in display pixels."""

    points: list[tuple[float, float, float]]  # x, y, radius
    paths: list[tuple[Path, float, bool, Bbox]]  # path, half line width, filled, extent
    boxes: list[Bbox]


def is_label(text: Text) -> bool:
    return isinstance(text, Annotation) and text.get_gid() == LABEL_GID and bool(text.get_text())


def labels_of(ax: Axes) -> list[Annotation]:
    return [t for t in ax.texts if is_label(t) and t.get_visible()]


def _px(fig: Figure, points: float) -> float:
    return points * fig.dpi / 72


def marks(ax: Axes, *, references: bool = False) -> Marks:
    """Every mark drawn in ``ax``: markers as points, lines, error bars and bands as paths, bars and arrows as
    boxes; with ``references``, reference lines (zero) too."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    out = Marks([], [], [])
    for line in ax.get_lines():
        if not line.get_visible() or line.get_gid() == SHADE_GID or (line.get_gid() == REFERENCE_GID
                                                                     and not references):
            continue
        xy = line.get_transform().transform(line.get_xydata())
        if line.get_marker() not in (None, "None", "", " ", "none"):
            r = _px(fig, line.get_markersize() / 2 + line.get_markeredgewidth() / 2)
            out.points += [(float(x), float(y), r) for x, y in xy if math.isfinite(x) and math.isfinite(y)]
        if line.get_linestyle() not in ("None", "none", "", " ") and len(xy) >= 2:
            path = Path(xy)
            out.paths.append((path, _px(fig, line.get_linewidth() / 2), False, path.get_extents()))
    for coll in ax.collections:
        if not coll.get_visible() or coll.get_gid() == SHADE_GID or not isinstance(coll, Collection) or (
                coll.get_gid() == REFERENCE_GID and not references):
            continue
        filled = len(coll.get_facecolor()) > 0 and coll.get_facecolor()[0][3] > 0
        widths = coll.get_linewidth()
        half = _px(fig, float(max(widths)) / 2) if len(widths) else 0.0
        transform = coll.get_transform()
        for path in coll.get_paths():
            shown = transform.transform_path(path)
            out.paths.append((shown, half, filled, shown.get_extents()))
    for patch in ax.patches:
        if patch.get_visible() and patch.get_gid() != SHADE_GID:
            out.boxes.append(patch.get_window_extent(renderer))
    for text in ax.texts:  # arrows drawn without text (a bound's caret); a label's own leader line is not a mark
        if isinstance(text, Annotation) and not is_label(text) and text.arrow_patch is not None:
            out.boxes.append(text.arrow_patch.get_window_extent(renderer))
    return out


def text_box(text: Text, renderer) -> Bbox:
    """The extent of a text's letters alone (an annotation's leader line or arrow left out)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)
        if not text.get_visible() or not text.get_text():
            return Bbox.null()
    return Text.get_window_extent(text, renderer)


def _distance(box: Bbox, x: float, y: float) -> float:
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return math.hypot(dx, dy)


def covers(box: Bbox, found: Marks, pad: float = 0.5) -> bool:
    """Whether a text box covers any mark."""
    if any(_distance(box, x, y) < r + pad for x, y, r in found.points):
        return True
    for path, half, filled, extent in found.paths:
        grown = box.expanded(1, 1).padded(half + pad)
        if extent.overlaps(grown) and path.intersects_bbox(grown, filled=filled):
            return True
    return any(overlap(box, b) for b in found.boxes)


def overlap(a: Bbox, b: Bbox, tolerance: float = 0.0) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance) and (min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)


def nearest_is_own(box: Bbox, anchor: tuple[float, float], found: Marks, slack: float = 0.5) -> bool:
    """Whether no marker (other than one at the label's own point) is nearer the label than its own point."""
    own = _distance(box, *anchor)
    return all(_distance(box, x, y) + slack >= own for x, y, _ in found.points
               if math.hypot(x - anchor[0], y - anchor[1]) > 1.0)


def leader_path(box: Bbox, anchor: tuple[float, float], radius_px: float) -> Path:
    """The line a leader draws, in display pixels: from the middle of its label's letters to 2 pixels short of the
    edge of its point's marker (two leaders meeting at one point do not cross)."""
    x0, y0 = box.x0 + box.width / 2, box.y0 + box.height / 2
    x1, y1 = anchor
    length = math.hypot(x1 - x0, y1 - y0)
    keep = max(length - radius_px - 2.0, 0.0) / length if length else 0.0
    return Path([(x0, y0), (x0 + (x1 - x0) * keep, y0 + (y1 - y0) * keep)])


def _own_radius(anchor: tuple[float, float], found: Marks) -> float:
    """The radius of the marker at a label's own point (0 where none is drawn there)."""
    return max((r for x, y, r in found.points if math.hypot(x - anchor[0], y - anchor[1]) <= 1.0), default=0.0)


def _spots(fig: Figure, radius_px: float):
    """(dx, dy, ha, va, leader) candidate offsets in points, nearest first; far spots need a leader line."""
    base = radius_px * 72 / fig.dpi
    for r in RADII:
        for ux, uy in DIRECTIONS:
            ha = "left" if ux > 0 else "right" if ux < 0 else "center"
            va = "bottom" if uy > 0 else "top" if uy < 0 else "center"
            yield (ux * (base + r), uy * (base + r), ha, va, r > NEAR)


def arrows_drawn(ax: Axes, renderer) -> None:
    """Lay out (without rasterising) the arrows of ``ax``'s annotations that are not data labels: an arrow's
    extent (a mark, ``marks``) is in pixels only once drawn at the figure's dpi. The one part of a figure that
    placing labels needs drawn; the figure's other artists are read where they stand."""
    with renderer._draw_disabled():
        for text in ax.texts:
            if isinstance(text, Annotation) and not is_label(text) and text.arrow_patch is not None:
                text.draw(renderer)


def place(fig: Figure, axes: list[Axes] | None = None) -> list[str]:
    """Place every data label of ``axes`` (default all); returns the texts of labels left off.

    In each Axes the labels are placed in their own order; where that leaves any off, in the reverse order too,
    and the order leaving fewer off is kept (the first where both leave as many)."""
    renderer = fig.canvas.get_renderer()
    dropped = []
    for ax in axes or fig.axes:
        labels = labels_of(ax)
        if not labels:
            continue
        arrows_drawn(ax, renderer)
        found = marks(ax)
        frame = ax.get_window_extent(renderer)
        taken = [text_box(t, renderer) for t in fig.texts] + [
            text_box(t, renderer) for t in ax.texts if not is_label(t) and t.get_text() and t.get_visible()]
        left = _placed_in_order(labels, ax, found, frame, taken, renderer)
        if left and len(reverse := _placed_in_order(labels[::-1], ax, found, frame, taken, renderer)) >= len(left):
            left = _placed_in_order(labels, ax, found, frame, taken, renderer)  # the first order again
        elif left:
            left = reverse
        for label in left:
            label.remove()
            dropped.append(label.get_text())
    return dropped


def _placed_in_order(order: list[Annotation], ax: Axes, found: Marks, frame: Bbox, taken: list[Bbox],
                     renderer) -> list[Annotation]:
    """Place ``order``'s labels one after another (each from scratch, no leader line); the labels left without a
    free spot."""
    taken, leaders, left = list(taken), [], []
    for label in order:
        label.arrowprops, label.arrow_patch = None, None
        anchor = tuple(ax.transData.transform(label.xy))
        radius = _own_radius(anchor, found)
        if _first_free(label, anchor, radius, found, frame, taken, renderer, leaders) is None:
            left.append(label)
            continue
        taken.append(text_box(label, renderer))
        if has_leader(label):
            leaders.append(leader_path(taken[-1], anchor, radius))
    return left


def _first_free(label: Annotation, anchor, radius: float, found: Marks, frame: Bbox, taken: list[Bbox], renderer,
                leaders: list[Path]):
    """Move ``label`` to the first free spot (no leader line where one serves); None when there is none. The spot
    covers none of the ``leaders`` placed before it, and a leader line of its own crosses none of them and no text
    ``taken``."""
    fig = label.figure
    label.set_annotation_clip(False)
    for needs_leader in (False, True):
        for dx, dy, ha, va, leader in _spots(fig, radius):
            if leader != needs_leader:
                continue
            label.set_position((dx, dy))
            label.set_ha(ha)
            label.set_va(va)
            box = text_box(label, renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if not inside or covers(box, found) or any(overlap(box, b) for b in spaced(taken, fig, TEXT_GAP)):
                continue
            if not leader and not nearest_is_own(box, anchor, found):
                continue
            if any(line.intersects_bbox(box) for line in leaders):
                continue
            if leader and _crosses(leader_path(box, anchor, radius), leaders, taken, found):
                continue
            if leader:
                label.arrowprops = {"arrowstyle": "-", "color": label.get_color(), "lw": 0.6,
                                    "shrinkA": 1, "shrinkB": radius * 72 / fig.dpi + 1}
                label._arrow_relpos = (0.5, 0.5)
                label.arrow_patch = FancyArrowPatch((0, 0), (1, 1), **label.arrowprops)
                label.arrow_patch.set_figure(fig)
            return dx, dy
    return None


def _crosses(line: Path, leaders: list[Path], boxes: list[Bbox], found: Marks) -> bool:
    """Whether a leader line crosses another leader line, runs through a text's box or passes over a marker other
    than its own point's."""
    return (any(line.intersects_path(other) for other in leaders) or any(line.intersects_bbox(b) for b in boxes)
            or bool(markers_passed(line, found)))


def markers_passed(line: Path, found: Marks, pad: float = 1.0) -> list[tuple[float, float, float]]:
    """The markers a leader line passes over (within ``pad`` pixels), its own point's aside (``leader_path`` stops
    short of it)."""
    (x0, y0), (x1, y1) = line.vertices[0], line.vertices[-1]
    dx, dy = x1 - x0, y1 - y0
    span = dx * dx + dy * dy
    passed = []
    for x, y, r in found.points:
        t = min(max(((x - x0) * dx + (y - y0) * dy) / span, 0.0), 1.0) if span else 0.0
        if math.hypot(x0 + t * dx - x, y0 + t * dy - y) < r + pad and math.hypot(x - x1, y - y1) > r + 2.0:
            passed.append((x, y, r))
    return passed


def spaced(boxes: list[Bbox], fig: Figure, gap: float) -> list[Bbox]:
    """Each box grown by ``gap`` points left and right: a text overlapping one comes nearer than ``gap`` along
    its line (words running on read as one: 'over 4001, 2'; lines stacked close still read as lines)."""
    pad = _px(fig, gap)
    return [Bbox.from_extents(b.x0 - pad, b.y0, b.x1 + pad, b.y1) for b in boxes]


def has_leader(label: Annotation) -> bool:
    return label.arrow_patch is not None and label.arrow_patch.get_visible()


def crossed(fig: Figure) -> list[str]:
    """Every row label (set in the plot above its row) and tick label that a mark or a reference line (zero)
    crosses, in words."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    found_all = []
    for ax in fig.axes:
        if not ax.axison:
            continue
        texts = [t for t in ax.texts if t.get_gid() == ROW_GID and t.get_visible() and t.get_text()]
        texts += [t.label1 for axis in (ax.xaxis, ax.yaxis) for t in axis._update_ticks()
                  if t.label1.get_visible() and t.label1.get_text()]
        if not texts:
            continue
        found = marks(ax, references=True)
        found_all += [f"crossed by a mark: {t.get_text()[:40]!r}" for t in texts
                      if covers(text_box(t, renderer), found, pad=0.0)]
    return found_all


def problems(fig: Figure) -> list[str]:
    """Every data label that covers a mark or another text, leaves its Axes, or sits nearer another marker
    than its own point without a leader line, every leader line that crosses another, runs through a text or
    passes over another marker, and every panel title set inside its panel that covers a mark, in words."""
    fig.draw_without_rendering()  # layout only: no pixels are read
    renderer = fig.canvas.get_renderer()
    found_all = []
    # every text shown, with its box, measured once: nothing moves while the figure is read
    shown = [(t, text_box(t, renderer)) for t in [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]
             if t.get_visible() and t.get_text()]
    box_of = {id(t): box for t, box in shown}
    for ax in fig.axes:
        for title in [t for t in ax.texts if t.get_gid() == TITLE_GID and t.get_visible() and t.get_text()]:
            if covers(text_box(title, renderer), marks(ax), pad=1.0):  # a panel title set inside its panel
                found_all.append(f"panel title covers a mark: {title.get_text()[:30]!r}")
        labels = labels_of(ax)
        if not labels:
            continue
        found = marks(ax)
        frame = ax.get_window_extent(renderer)
        led = [(label, leader_path(box_of[id(label)], anchor, _own_radius(anchor, found)))
               for label in labels if has_leader(label) for anchor in [tuple(ax.transData.transform(label.xy))]]
        for i, (label, line) in enumerate(led):
            name = repr(label.get_text()[:30])
            found_all += [f"leader lines cross: {name} and {other.get_text()[:30]!r}"
                          for other, second in led[i + 1:] if line.intersects_path(second)]
            found_all += [f"leader line crosses text: {name} through {other.get_text()[:30]!r}"
                          for other, near in shown if other is not label and line.intersects_bbox(near)]
            found_all += [f"leader line passes over another marker: {name}"] if markers_passed(line, found) else []
        for label in labels:
            box = box_of[id(label)]
            name = repr(label.get_text()[:30])
            anchor = tuple(ax.transData.transform(label.xy))
            if covers(box, found):
                found_all.append(f"covers a mark: {name}")
            if not (frame.x0 - 0.5 <= box.x0 and box.x1 <= frame.x1 + 0.5 and frame.y0 - 0.5 <= box.y0
                    and box.y1 <= frame.y1 + 0.5):
                found_all.append(f"outside its panel: {name}")
            if not has_leader(label) and not nearest_is_own(box, anchor, found):
                found_all.append(f"nearer another mark than its own: {name}")
            for other, near in shown:
                if other is label:
                    continue
                if overlap(box, near, 0.5):
                    found_all.append(f"covers text: {name} and {other.get_text()[:30]!r}")
                elif overlap(box, *spaced([near], fig, TEXT_GAP - 0.5), 0.5):  # half a point short of the gap
                    found_all.append(f"touches text: {name} and {other.get_text()[:30]!r}")
    return found_all
