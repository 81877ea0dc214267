"""Every chart drawn once per test process, at both sizes, and shared by the tests that read the drawings."""
import functools

from csecstats.charts import export

SIZES = ("report", "slide")


@functools.cache
def drawn() -> dict:
    """(chart_id, size) -> Built, figures kept open for the tests to measure."""
    return export.draw_all()


@functools.cache
def rendered() -> dict[str, bytes]:
    """Every exported file, from the same drawings."""
    return export.render_all(drawn=drawn(), close=False)
