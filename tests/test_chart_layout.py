"""Chart layout: every chart at A4 and slide size has no overlapping or clipped text, a short footer
(source line, at most three caveats, highest ranked first), and a plot that is the point of the image."""
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pytest
from matplotlib.transforms import Bbox

from csecstats.charts import catalogue, page
from csecstats.register.caveats import rank_of

SIZES = ("report", "slide")


@dataclass(frozen=True)
class Drawn:
    """What the tests read from one drawn chart, taken before its figure is closed."""
    built: catalogue.Built
    drawn: int  # texts the collision check sees
    collisions: list[str]
    texts: list[str]  # the figure's own texts (title, subtitle, footer), in order
    share: float  # of the canvas taken by the plot
    inches: tuple[float, float]


def draw(chart_id: str, size: str) -> Drawn:
    b = catalogue.build(chart_id, size=size)
    fig = b.figure
    try:
        return Drawn(b, len(page.drawn_texts(fig)), page.collisions(fig), [t.get_text() for t in fig.texts],
                     plot_share(fig), tuple(fig.get_size_inches()))
    finally:
        plt.close(fig)


@pytest.fixture(scope="module")
def built():
    return {(c, s): draw(c, s) for c in catalogue.CHARTS for s in SIZES}


@pytest.fixture(autouse=True)
def _close_figures():  # every figure a test opens is closed after it
    yield
    plt.close("all")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chart_id", list(catalogue.CHARTS))
def test_no_text_overlaps_another_or_leaves_the_canvas(built, chart_id, size):
    d = built[chart_id, size]
    assert d.drawn > 10  # titles, footer, ticks, labels: the check sees them
    assert d.collisions == []


def _footer(d: Drawn):
    texts = d.texts
    return [t for t in texts if t.startswith("Source: ")], [t for t in texts if t.startswith("• ")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chart_id", list(catalogue.CHARTS))
def test_footer_has_the_source_line_and_at_most_three_caveats_the_highest_ranked(built, chart_id, size):
    d = built[chart_id, size]
    b = d.built
    sources, bullets = _footer(d)
    assert len(sources) == 1 and " ".join(sources[0].split()) == catalogue.source_line(b.sources)
    assert len(bullets) <= page.MAX_CAVEATS and len(bullets) == min(len(b.caveats), page.MAX_CAVEATS)
    shown = [" ".join(t.removeprefix("• ").split()) for t in bullets]
    assert shown == b.caveats[:len(shown)]
    ranks = [rank_of(p) for p in b.priorities]
    assert ranks == sorted(ranks) and len(ranks) == len(b.caveats)
    if len(b.caveats) > page.MAX_CAVEATS:
        assert any(f"{len(b.caveats) - page.MAX_CAVEATS} more caveat(s)" in t for t in d.texts)


@pytest.mark.parametrize("chart_id", list(catalogue.CHARTS))
def test_a4_and_slide_show_the_same_caveats(built, chart_id):
    assert _footer(built[chart_id, "report"])[1] != [] or not built[chart_id, "report"].built.caveats
    a4 = [" ".join(t.split()) for t in _footer(built[chart_id, "report"])[1]]
    slide = [" ".join(t.split()) for t in _footer(built[chart_id, "slide"])[1]]
    assert a4 == slide


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chart_id", list(catalogue.CHARTS))
def test_title_and_subtitle_lead_the_image(built, chart_id, size):
    b = built[chart_id, size].built
    texts = [" ".join(t.split()) for t in built[chart_id, size].texts]
    assert texts[0] == b.title and texts[1] == b.subtitle and b.subtitle
    assert "{" not in b.title + b.subtitle


def plot_share(fig) -> float:
    """The share of the canvas taken by the plot: the Axes with their tick labels, axis labels and legends."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes] + [lg.get_window_extent(renderer) for lg in fig.legends]
    region = Bbox.intersection(Bbox.union(boxes), fig.bbox)
    return region.width * region.height / (fig.bbox.width * fig.bbox.height)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chart_id", list(catalogue.CHARTS))
def test_the_plot_is_at_least_half_of_the_image(built, chart_id, size):
    assert built[chart_id, size].share >= 0.5


def test_slide_is_16_by_9_and_a4_is_a4_text_width(built):
    for (chart_id, size), d in built.items():
        w, h = d.inches
        assert (w, h) == pytest.approx((40 / 3, 7.5)) if size == "slide" else w == pytest.approx(6.3), chart_id


def test_collision_check_finds_overlap_and_clipping():
    fig = plt.figure(figsize=(4, 3))
    fig.text(0.1, 0.5, "one text")
    fig.text(0.12, 0.5, "another text")
    fig.text(0.95, 0.1, "runs off the canvas")
    found = page.collisions(fig)
    assert any(f.startswith("overlap: 'one text'") for f in found)
    assert any(f.startswith("off canvas: 'runs off") for f in found)


def test_notes_are_moved_off_each_other():
    fig = plt.figure(figsize=(4, 3))
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    for _ in range(3):
        ax.annotate("same place", (5, 5), xytext=(5, -2), textcoords="offset points", va="top", gid="note")
    pg = page.Page(fig, [ax], Bbox.from_extents(0.1, 0.1, 0.9, 0.9), "report")
    page.place_notes(pg)
    assert page.collisions(fig) == []


def test_footer_parts_cap_the_caveats_and_point_to_the_rest():
    parts = page.footer_parts("Source: x.", [f"c{i}" for i in range(5)], key="Key.", more="see the gallery")
    assert [k for k, _ in parts] == ["source", "caveat", "caveat", "caveat", "key", "more"]
    assert parts[-1][1] == "2 more caveat(s): see the gallery"
