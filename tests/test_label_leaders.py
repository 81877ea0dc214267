"""Leader lines: a data label joined to its point by a leader line crosses no other leader line, runs through no
other text and passes over no other marker; the check reads each of these back, and the placer meets it on
clusters of points it was never shown (hypothesis), leaving off what has no such spot."""
from __future__ import annotations

import matplotlib.pyplot as plt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csecstats.charts import labels
from test_chart_layout import _axes  # a 4 x 3 in figure, one Axes spanning 0-10 both ways


def _led(ax, text, xy, xytext):
    return ax.annotate(text, xy, xytext=xytext, textcoords="data", ha="center", va="center", gid=labels.LABEL_GID,
                       arrowprops={"arrowstyle": "-"})


def test_the_check_finds_leader_lines_crossing_each_other():
    fig, ax = _axes()
    ax.plot([2, 8], [2, 2], marker="o", ls="none")
    _led(ax, "A", (2, 2), (8, 8))
    _led(ax, "B", (8, 2), (2, 8))
    assert "leader lines cross: 'A' and 'B'" in labels.problems(fig)
    plt.close(fig)


def test_the_check_finds_a_leader_line_through_a_text_and_over_another_marker():
    fig, ax = _axes()
    ax.plot([1, 5], [1, 5], marker="o", ls="none")
    ax.text(5, 8, "a note", ha="center", va="center")
    _led(ax, "far", (1, 1), (9, 9))  # from (9, 9) to (1, 1): over the marker at (5, 5)
    _led(ax, "up", (5, 5), (5, 9.5))  # from (5, 9.5) down to (5, 5): through 'a note'
    found = labels.problems(fig)
    assert "leader line passes over another marker: 'far'" in found
    assert "leader line crosses text: 'up' through 'a note'" in found
    plt.close(fig)


CLUSTER = st.lists(st.tuples(st.floats(4.0, 6.0), st.floats(4.0, 6.0), st.integers(1, 14)), min_size=3, max_size=6)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points=CLUSTER)
def test_the_placer_leaves_no_label_breaking_a_rule_on_any_cluster(points):
    fig, ax = _axes()
    ax.plot([x for x, _, _ in points], [y for _, y, _ in points], marker="o", ls="none")
    for i, (x, y, width) in enumerate(points):
        ax.annotate(f"{i}:" + "w" * width, (x, y), xytext=(0, 0), textcoords="offset points", gid=labels.LABEL_GID)
    dropped = labels.place(fig)
    try:
        assert labels.problems(fig) == []
        assert len(labels.labels_of(ax)) + len(dropped) == len(points)
    finally:
        plt.close(fig)
