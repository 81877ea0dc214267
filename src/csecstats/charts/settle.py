"""Settling a page: the passes that fit its Axes to what their text needs, run until nothing moves.

``page`` lays out the house page (title, subtitle, plot region, footer); this module measures
what the drawing put there and adjusts it: the Axes fitted to the region left after their tick
and axis labels (``fit``), crowded ticks relieved and too few filled in, wide axis labels
wrapped, rows of labels lifted clear of their marks, inset panel titles given headroom, open
ends marked where a band runs past a log axis, and an A4 page grown until its data rectangles
reach ``page.DATA_SHARE``. ``settle`` runs the passes in order until a round changes nothing.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from matplotlib.axes import Axes
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FixedLocator, LogLocator, MaxNLocator
from matplotlib.transforms import Bbox, ScaledTranslation, blended_transform_factory

from . import labels
from .checks import data_share, overlaps
from .page import (DATA_SHARE, INSET_PAD, MAX_HEIGHT, OPEN_END_GID, SETTLED, Page, _legends_below, _rows, arrange,
                   wrap)
from .style import DPI as EXPORT_DPI, MIN_TEXT, thin_log_ticks


@contextlib.contextmanager
def ticks_once(axes: list[Axes]) -> Iterator[None]:
    """While the figure is only measured, each axis works out its ticks once.

    Measuring an Axes asks its axes for their ticks again and again (for the axis, for its label's place, for
    each spine, for a title's place), and each time matplotlib locates, formats and positions every tick anew.
    Nothing moves or restyles between those reads, so the first answer holds; after the block, ticks are
    worked out afresh again."""
    held = []
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            # Instance attributes over the methods: the ticks, and their labels' boxes, worked out once.
            axis._update_ticks = _first_answer(axis._update_ticks)
            axis._get_ticklabel_bboxes = _first_answer(axis._get_ticklabel_bboxes)
            held.append(axis)
    try:
        yield
    finally:
        for axis in held:
            del axis._update_ticks, axis._get_ticklabel_bboxes


def _first_answer(work):
    """``work`` done once, at the first call; every later call (with the same arguments) gives that answer."""
    answers = {}

    def held(*args):
        key = tuple(map(id, args))
        if key not in answers:
            answers[key] = (args, work(*args))  # the arguments kept alive: their ids stay theirs
        return answers[key][1]
    return held


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
        with ticks_once(pg.axes):
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
            if labels.text_box(tag, renderer).x0 < box.x1 + 3 * labels.TEXT_GAP * fig.dpi / 72:  # apart, or under
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
