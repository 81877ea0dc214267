"""House style: a colour-blind-safe palette, one font, sizes for an A4 report and a 16:9 slide."""
from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import matplotlib as mpl
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

# Okabe & Ito (2008), "Color Universal Design": distinguishable under every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple",
                                  "sky_blue", "black", "yellow")]
GREY = "#777777"
# Evidence grades A (best) to D (weakest): dark to light, distinguishable without colour by the letter drawn beside.
GRADE_COLOURS = {"A": OKABE_ITO["blue"], "B": OKABE_ITO["bluish_green"], "C": OKABE_ITO["orange"],
                 "D": OKABE_ITO["reddish_purple"]}
UNTAC_SHADE = "#DDDDDD"

# Inches. A4 text block is about 16 cm wide; a 16:9 slide is 13.33 x 7.5 in.
SIZES = {"report": (6.3, 3.9), "slide": (40 / 3, 7.5)}
FONT_SIZES = {"report": 8.0, "slide": 14.0}
DPI = 200
SLIDE_DPI = 150  # a slide PNG is 2000 x 1125 pixels
# The smallest text either size may print, in points: 7 pt in print; 22 pixels (em height) on a slide.
MIN_TEXT = {"report": 7.0, "slide": 22 * 72 / SLIDE_DPI}


def smallest() -> float:
    """The smallest text size of the current style (7 pt on A4, 11 pt on a slide): rows of labels in the plot."""
    base = mpl.rcParams["font.size"]
    return next((math.ceil(MIN_TEXT[k] * 2) / 2 for k, v in FONT_SIZES.items() if v == base), base * 0.875)


def small() -> float:
    """The size of data labels, notes and in-plot text under the current style: 7 pt on A4, 12.25 pt on a slide."""
    return mpl.rcParams["font.size"] * 0.875


def rc(size: str = "report") -> dict:
    """Matplotlib settings of the house style for ``size`` ('report' or 'slide')."""
    base = FONT_SIZES[size]
    return {
        "font.family": "DejaVu Sans",
        "font.size": base,
        "axes.titlesize": base + 1 if size == "report" else 13.0,
        "axes.titlepad": 6.0 if size == "report" else 4.0,
        "axes.labelsize": base if size == "report" else 12.0,
        "xtick.labelsize": base - 1 if size == "report" else 11.5,
        "ytick.labelsize": base - 1 if size == "report" else 11.5,
        "legend.fontsize": base - 1 if size == "report" else 11.5,  # a slide's legend at its small text size
        "legend.frameon": False,
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#E5E5E5",
        "grid.linewidth": 0.6,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "svg.hashsalt": "csecstats",
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "path.simplify": False,
    }


@contextlib.contextmanager
def house_style(size: str = "report") -> Iterator[None]:
    """Draw inside this context to get the house style without touching global settings."""
    with mpl.rc_context(rc(size)):
        yield


LOG_SUBS = ((1.0, 2.0, 5.0), (1.0, 3.0), (1.0,))  # ticks per power of ten, most to fewest


def thin_log_ticks(axis) -> bool:
    """The next sparser log tick pattern that still shows four ticks (plain numbers); False when none is left."""
    low, high = sorted(axis.get_view_interval())
    before = axis.get_major_locator()
    current = getattr(before, "_subs", None)
    subs = list(LOG_SUBS)
    start = next((i + 1 for i, s in enumerate(subs) if current is not None and tuple(current) == s), 0)
    for pattern in subs[start:]:
        axis.set_major_locator(LogLocator(base=10, subs=pattern))
        if sum(low - 1e-9 <= v <= high + 1e-9 for v in axis.get_majorticklocs()) >= 4:
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
            axis.set_minor_formatter(NullFormatter())
            return True
    axis.set_major_locator(before)  # never fewer than four ticks
    return False

