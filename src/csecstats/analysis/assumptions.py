"""Assumptions: a distribution, its parameters, its draws and a reason that cannot go stale. Stage 8.

An assumption of ``data/raw/estimates.yml`` once its parameters are resolved to numbers
(``analysis.declarations`` resolves them): its ends, its central point, its draws, its
identity (what makes two declarations one quantity, drawn once: common random numbers),
and its reason with the numbers filled from the parameters (``render_reason``).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import numpy as np

DISTRIBUTIONS = {"fixed": ("value",), "uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                 "rounded": ("value", "step")}


# A number in an assumption's reason is either a placeholder filled from its parameters ("{low:,.0f}"), a
# quotation ('over 14, 000', "66%") or a year: nothing typed there can go stale when a parameter changes.
_QUOTED = re.compile(r"(?<![A-Za-z])'.*?'(?![A-Za-z])|\".*?\"")
_YEAR = re.compile(r"(?<![\d,.])(19|20)\d\d(?![\d,.]\d)")


@dataclass
class Assumption:
    """One declared assumption: a distribution with resolved numeric parameters.

    Parameters
    ----------
    name : str
        The assumption's name in its estimate's formula.
    distribution : str
        One of ``DISTRIBUTIONS``: ``fixed``, ``uniform``, ``triangular`` or ``rounded``.
    parameters : dict of str to float
        The distribution's parameters resolved to numbers.
    written : dict
        The parameters as ``estimates.yml`` writes them: numbers, references or summed lists.
    reason : str
        Why the assumption holds, its placeholders already filled.
    effect : str, optional
        ``increases`` or ``decreases``: how raising it moves the estimate.
    judgement : str, optional
        What a researcher decides here (not read from any printed number).
    """

    name: str
    distribution: str
    parameters: dict[str, float]
    written: dict[str, Any]
    reason: str
    effect: str | None = None
    judgement: str | None = None  # what a researcher decides here (not read from any printed number)

    @property
    def typed(self) -> list[str]:
        """Parameters written as numbers rather than read from a figure or external row."""
        return [k for k, v in self.written.items()
                if any(isinstance(t, (int, float)) for t in (v if isinstance(v, list) else [v]))]

    @property
    def identity(self) -> str:
        """What the assumption is: name, distribution and parameters as written. Assumptions declared alike
        in several estimates or scenarios are one quantity and share their draws (common random numbers)."""
        written = ", ".join(f"{k}={self.written[k]!r}" for k in sorted(self.written))
        return f"assumption:{self.name}~{self.distribution}({written})"

    def parameters_text(self) -> str:
        """The parameters as written ('low=a + b, high=c'): references by name, a summed list joined by '+'."""
        show = lambda v: " + ".join(map(str, v)) if isinstance(v, list) else str(v)  # noqa: E731
        return ", ".join(f"{k}={show(v)}" for k, v in self.written.items())

    def ends(self) -> tuple[float, float]:
        """Lowest and highest value the assumption can take."""
        p = self.parameters
        if self.distribution == "rounded":
            return p["value"] - p["step"] / 2, p["value"] + p["step"] / 2
        if self.distribution == "fixed":
            return p["value"], p["value"]
        return p["low"], p["high"]

    def central(self) -> float:
        """The point used for the central value: midpoint, mode, or the stated value."""
        p = self.parameters
        if self.distribution in ("fixed", "rounded"):
            return p["value"]
        return p["mode"] if self.distribution == "triangular" else (p["low"] + p["high"]) / 2

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray | float:
        """``n`` draws (a scalar for a fixed assumption)."""
        lo, hi = self.ends()
        if self.distribution == "fixed":
            return lo
        if self.distribution == "triangular":
            return _triangular(rng, lo, self.parameters["mode"], hi, n)
        return rng.uniform(lo, hi, n)


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float, n: int) -> np.ndarray:
    """Triangular draws; with the mode at an end, by the inverse CDF (twice as fast as rng.triangular)."""
    if mode not in (low, high):
        return rng.triangular(low, mode, high, n)
    u = rng.random(n)
    np.sqrt(u, out=u)  # sqrt of a uniform has density 2x: the triangle rising to one end
    u *= high - low
    if mode == low:
        return np.subtract(high, u, out=u)
    return np.add(low, u, out=u)


def render_reason(template: str, params: dict[str, float]) -> tuple[str, str | None]:
    """An assumption's reason with its numbers filled from the parameters, or why it is refused.

    (reason, problem or None): the reason with its placeholders ("{high:,.0f}", "{low:.1%}") filled from the
    resolved parameters. A number typed outside a placeholder, a quotation or a year would go stale when a
    parameter changes, so it is refused.

    Parameters
    ----------
    template : str
        The reason as written, with placeholders such as ``{low:,.0f}``.
    params : dict of str to float
        The resolved parameters the placeholders name.

    Returns
    -------
    tuple of (str, str or None)
        The filled reason and None; or the template unchanged and why it was refused.
    """
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        unknown = sorted({f for f in fields if f not in params})
        if unknown:
            return template, f"unknown placeholder(s) {', '.join(unknown)}; parameters: {', '.join(params)}"
        typed = _YEAR.sub("", _QUOTED.sub("", re.sub(r"\{[^{}]*\}", "", template)))
        if re.search(r"\d", typed):
            return template, ("a number typed in the reason goes stale when a parameter changes: write it as a "
                              "placeholder of the parameters (e.g. {low:,.0f}) or quote the words it comes from")
        return template.format(**params), None
    except (ValueError, IndexError, KeyError) as exc:
        return template, f"cannot fill the placeholders: {exc}"


def _order_problems(dist: str, p: dict[str, float]) -> list[str]:
    if dist == "uniform" and not p["low"] < p["high"]:
        return [f"uniform needs low < high, found {p['low']} and {p['high']}"]
    if dist == "triangular" and not (p["low"] <= p["mode"] <= p["high"] and p["low"] < p["high"]):
        return [f"triangular needs low <= mode <= high and low < high, found {p['low']}, {p['mode']}, {p['high']}"]
    if dist == "rounded" and not p["step"] > 0:
        return [f"rounded needs a positive step, found {p['step']}"]
    return []


def mode_problem(written, mode: float, resolve) -> str | None:
    """A triangular's mode read from one row is the number the row prints (its ``.low`` or ``.high`` only where
    that is the printed number, as for 'over 14, 000'): the most likely value is the published one, never a bound
    of its rounding moved there.

    Parameters
    ----------
    written : object
        The mode as declared: a reference ('figure_id', 'figure_id.high', 'external:ID'), or anything else (a
        typed number, a sum), which this leaves alone.
    mode : float
        The mode, resolved.
    resolve : callable
        ``Context.resolve``: a reference to (number, grade, id); ``KeyError`` if unknown.

    Returns
    -------
    str or None
    """
    if not isinstance(written, str) or "." not in written.removeprefix("external:"):
        return None
    base = written.rpartition(".")[0]
    try:
        printed = resolve(base)[0]
    except KeyError:
        return None
    if mode == printed:
        return None
    return (f"{written} is {mode:g}, but the most likely value read from {base.removeprefix('external:')} is the "
            f"number it prints, {printed:g}: name '{base}'")
