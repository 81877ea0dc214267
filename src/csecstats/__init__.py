"""csecstats: traceable, caveated figures from Cambodia's 2004 country progress report against CSEC."""
__version__ = "0.1.0"

from .tables import load_figures, load_sources  # noqa: E402

__all__ = ["__version__", "load_figures", "load_sources"]
