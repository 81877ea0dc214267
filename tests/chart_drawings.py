"""Every chart drawn once per test process, at both sizes, and shared by the tests that read the drawings."""
import functools

import matplotlib as mpl

from csecstats.charts import export

SIZES = ("report", "slide")


@functools.cache
def _drawing() -> tuple[dict, dict, dict]:
    """The drawings, and matplotlib's rc settings just before and just after drawing them."""
    before = dict(mpl.rcParams)
    drawings = export.draw_all()
    return drawings, before, dict(mpl.rcParams)


def drawn() -> dict:
    """(chart_id, size) -> Built, figures kept open for the tests to measure."""
    return _drawing()[0]


def rc_changed_by_drawing() -> dict:
    """Each rc setting drawing every chart changed: name -> (before, after)."""
    _, before, after = _drawing()
    return {name: (before.get(name), after.get(name)) for name in before.keys() | after.keys()
            if before.get(name) != after.get(name)}


@functools.cache
def rendered() -> dict[str, bytes]:
    """Every exported file, from the same drawings."""
    return export.render_all(drawn=drawn(), close=False)
