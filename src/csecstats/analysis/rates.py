"""Rates per population: every count beside the people it was counted among. Stage 11.

``numerators()`` picks, from the built tables, the counts a rate is declared for
(``MEASURES``); ``rates()`` is pure: numerators and denominators (``analysis.population``)
in, one rate per numerator out. A rate's interval combines the numerator's interval and
the denominator's by Monte Carlo with the build's named seed and common random numbers:
one uniform draw per year, shared by every rate whose denominator is that year's
(and by the total and the female population of the year), so two rates of one year move
together exactly as their common denominator does. Each numerator has its own stream,
seeded by its id, so adding a numerator changes no other rate.

Both intervals are spreads of accounts or of published bounds, not probabilities, so a
quantity is drawn half the time uniformly below its central value and half the time
above (``split_uniform``): the central value is the median of the draws. A derived
estimate's 95% interval is drawn the same way, as bounds (a narrower spread than the tails
of its own draws). A count printed without an interval is drawn at its value. The rate's
central value is numerator / denominator x per at the central values. A lower bound stays
a lower bound: its rate has no upper end.

A numerator is rated against the population of its own geography in the calendar year
holding the middle of its period. Bad input is a ``Problem`` naming the table, the
numerator and the field: a rate across geographies, a numerator that is not a count of
the rate's unit, a year (or place) without a denominator.
"""
from __future__ import annotations

import functools
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.errors import Problem, raise_if_any
from .estimates import DRAWS, LEVEL, SEED
from .order_statistics import selected
from .population import GEOGRAPHIES, denominators
from ..inputs import frames

BASE_ALL_WOMEN = ("base: all women of every age; the accounts give no count of women aged 15-49, so this is not a "
                  "rate among women of working age")


@dataclass(frozen=True)
class Measure:
    """What a rate is: its count, the population it is divided by, and per how many."""

    label: str
    population: str
    per: int
    units: tuple[str, ...]
    note: str | None = None


MEASURES: dict[str, Measure] = {
    "enforcement_per_million": Measure("enforcement counts per million population", "total", 1_000_000,
                                       ("persons", "cases", "reports", "not stated", "noun_unstated")),
    "sex_workers_per_1000_women": Measure("sex workers per 1,000 women", "female", 1_000, ("persons",), BASE_ALL_WOMEN),
    "trafficked_per_100000_women": Measure("sex workers judged trafficked per 100,000 women", "female", 100_000,
                                           ("persons",), BASE_ALL_WOMEN),
}
NATIONAL_SEX_WORKER_INDICATORS = ("sex_workers", "direct_sex_workers", "indirect_sex_workers")
# the published readings of the 2003 study's trafficked sex workers, each a rate of its own
TRAFFICKED_READINGS = ("trafficked_sex_workers_cambodia_2003_report", "trafficked_sex_workers_cambodia_2003_as_printed")
NUMERATOR_COLUMNS = ["numerator_table", "numerator_id", "rate_of", "indicator", "numerator", "numerator_low",
                     "numerator_high", "qualifier", "numerator_unit", "period_start", "period_end", "geography",
                     "segment", "definition", "measures", "origin_id"]


# ---------------------------------------------------------------- numerators

def _frame(table: str, rate_of: str, rows: pd.DataFrame, *, numerator_id: str = "id",
           origin_id: str = "origin_id", segment: str | None = None) -> pd.DataFrame:
    """Rows of a built table in the numerators' columns; a table without low and high (the police and
    NCCT releases, all single counts) gives its value as both ends; one without geography (the TIP
    reports, which speak of the country) is Cambodia."""
    return pd.DataFrame({
        "numerator_table": table, "numerator_id": rows[numerator_id], "rate_of": rate_of,
        "indicator": rows["indicator"], "numerator": rows["value"],
        "numerator_low": rows["low"] if "low" in rows else rows["value"],
        "numerator_high": rows["high"] if "high" in rows else rows["value"],
        "qualifier": rows["qualifier"], "numerator_unit": rows["unit"], "period_start": rows["period_start"],
        "period_end": rows["period_end"], "geography": rows["geography"] if "geography" in rows else "Cambodia",
        "segment": rows[segment] if segment else None, "definition": rows["definition"],
        "measures": rows["measures"], "origin_id": rows[origin_id]}, index=rows.index)[NUMERATOR_COLUMNS]


def enforcement_numerators(built: Mapping[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """The report's 2003 police counts, every TIP row (each in its segment) and the police and NCCT releases."""
    figures = built["figures"]
    police = figures[(figures["measures"] == "detection") & figures["period_start"].notna()
                     & figures["unit"].isin(MEASURES["enforcement_per_million"].units)]
    tip = built["tip_enforcement"]
    return [_frame("figures", "enforcement_per_million", police, numerator_id="figure_id"),
            _frame("tip_enforcement", "enforcement_per_million", tip[tip["period_start"].notna()],
                   numerator_id="tip_id", segment="segment"),
            _frame("external_enforcement", "enforcement_per_million", built["external_enforcement"],
                   numerator_id="external_id")]


def prevalence_numerators(built: Mapping[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """National sex-worker estimates (2003, 2008, the ministry's counts) and the 2003 trafficked readings."""
    figures, external = built["figures"], built["external_estimates"]
    national = external["geography"] == "Cambodia"
    sex_workers = [figures[(figures["indicator"] == "sex_workers") & (figures["geography"] == "Cambodia")],
                   external[national & external["indicator"].isin(NATIONAL_SEX_WORKER_INDICATORS)]]
    estimates = built["estimates"]
    readings = estimates[estimates["estimate_id"].isin(TRAFFICKED_READINGS)].copy()
    readings["id"] = readings["estimate_id"] + np.where(readings["scenario"].notna(), "/" + readings["scenario"].fillna(""), "")
    readings["qualifier"] = np.where(readings["value"].notna(), "estimate", "range")
    readings["indicator"] = "trafficked_sex_workers"
    trafficked = external[national & (external["indicator"] == "trafficked_sex_workers") & (external["year"] == 2003)]
    return [_frame("figures", "sex_workers_per_1000_women", sex_workers[0], numerator_id="figure_id"),
            _frame("external_estimates", "sex_workers_per_1000_women", sex_workers[1], numerator_id="external_id"),
            _frame("estimates", "trafficked_per_100000_women", readings, origin_id="origin_ids"),
            _frame("external_estimates", "trafficked_per_100000_women", trafficked, numerator_id="external_id")]


def numerators(built: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every count a rate is declared for, in the numerators' columns."""
    parts = enforcement_numerators(built) + prevalence_numerators(built)
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    for column in ("numerator", "numerator_low", "numerator_high"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


@functools.lru_cache(maxsize=4096)  # each numerator's period is read three times (rateable, problems, draws)
def period_year(start: str, end: str) -> int | None:
    """The calendar year holding the middle of a period (April 2008-March 2009 -> 2008)."""
    if pd.isna(start):
        return None
    a, b = pd.Timestamp(start), pd.Timestamp(end if pd.notna(end) else start)
    return (a + (b - a) / 2).year


def rateable(numerators: pd.DataFrame, denominators: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(numerators whose year the denominators cover, the others with the reason they are left out)."""
    covered = set(denominators["year"])
    years = [period_year(s, e) for s, e in zip(numerators["period_start"], numerators["period_end"])]
    inside = pd.Series([y in covered for y in years], index=numerators.index)
    left = numerators[~inside].assign(reason=[f"its period's middle falls in {y}, outside the denominators' years "
                                              f"{min(covered)}-{max(covered)}" for y in np.array(years)[~inside.to_numpy()]])
    return numerators[inside], left


# ---------------------------------------------------------------- problems

def denominator_lookup(denominators: pd.DataFrame) -> dict[tuple[str, str, int], dict]:
    """The first denominators row of each (geography, population group, year) that has a population."""
    found: dict[tuple[str, str, int], dict] = {}
    for record in frames.records(denominators[denominators["kind"] != "none"]):
        found.setdefault((record["geography"], record["population"], int(record["year"])), record)
    return found


def _key(row) -> tuple[str, str, int | None]:
    """The denominator a numerator is rated against: its geography, its measure's population, its year."""
    return row.geography, MEASURES[row.rate_of].population, period_year(row.period_start, row.period_end)


def rate_problems(numerators: pd.DataFrame, denominators: pd.DataFrame) -> list[Problem]:
    """Every numerator that cannot be rated, each named by its table, id and field."""
    return _problems(frames.rows(numerators, index=True), denominator_lookup(denominators))


def _problems(rows: list, lookup: dict) -> list[Problem]:
    problems = []
    for row in rows:
        where, entry = f"data/processed/{row.numerator_table}.csv", str(row.numerator_id)
        measure = MEASURES.get(row.rate_of)
        if measure is None:
            problems.append(Problem(where, entry, "rate_of", f"unknown rate {row.rate_of!r}; expected one of "
                                                             f"{', '.join(MEASURES)}"))
            continue
        if row.numerator_unit not in measure.units:
            problems.append(Problem(where, entry, "unit", f"{row.numerator_unit!r} is not a count {measure.label} can "
                                    f"divide (a rate across units); expected {', '.join(measure.units)}"))
        over = getattr(row, "denominator_geography", None)
        if isinstance(over, str) and over != row.geography:
            problems.append(Problem(where, entry, "geography", f"a {row.geography} count over the population of "
                                    f"{over} (a rate across geographies); a count is divided by its own place's people"))
            continue
        year = period_year(row.period_start, row.period_end)
        if year is None:
            problems.append(Problem(where, entry, "period_start", "no period, so no year to take a population from"))
        elif _key(row) not in lookup:
            problems.append(Problem(where, entry, "period_start", f"no {measure.population} population of "
                                    f"{row.geography} for {year}: no rate, and no other year's or place's is borrowed"))
    return problems


# ---------------------------------------------------------------- draws

def split_uniform(u: np.ndarray, low: float, central: float, high: float) -> np.ndarray:
    """Half the draws uniform between low and the central value, half between it and high (its median)."""
    below = u / 0.5  # in place, in the order of low + (central - low) * (u / 0.5): the same bits, fewer arrays
    below *= central - low
    below += low
    above = u - 0.5
    above /= 0.5
    above *= high - central
    above += central
    np.copyto(above, below, where=u < 0.5)
    return above


def year_draws(year: int, draws: int, seed: int) -> np.ndarray:
    """The one uniform draw per Monte Carlo run of a year, shared by every rate over that year's population."""
    return np.random.default_rng([seed, 0, year]).random(draws)


def numerator_draws(row, draws: int, seed: int) -> np.ndarray:
    """A numerator's draws from its own stream: its bound for a one-sided figure, uniform over a range with no
    central value, split around the central value otherwise, the value itself when no interval is printed
    (or when its interval is the value alone, where every draw of the split would be the value)."""
    drawn = _numerator(row, draws, seed)
    return drawn if isinstance(drawn, np.ndarray) else np.full(draws, drawn, dtype=float)


def _numerator(row, draws: int, seed: int) -> float | np.ndarray:
    """``numerator_draws``, or the one value every draw would be (a bound, a count without an interval)."""
    value, low, high = row.numerator, row.numerator_low, row.numerator_high
    if row.qualifier == "lower_bound":
        return float(low if pd.notna(low) else value)
    if row.qualifier == "upper_bound":
        return float(high if pd.notna(high) else value)
    if pd.notna(value) and (pd.isna(low) or pd.isna(high) or low == value == high):
        return float(value)
    u = np.random.default_rng([seed, 1, zlib.crc32(str(row.numerator_id).encode())]).random(draws)
    if pd.isna(value):
        return low + (high - low) * u
    return split_uniform(u, low, value, high)


def _drawn(numerators: pd.DataFrame, denominators: pd.DataFrame, draws: int,
           seed: int) -> Iterator[tuple[tuple, dict, float | np.ndarray, np.ndarray]]:
    """(numerator row, its denominators row, the numerator's draws or its one value (``_numerator``), the
    uniform draw of its denominator's year), one numerator at a time; each year's uniform draw is made once,
    however many rates share it (the denominator's draws from it: ``_population``)."""
    rows, lookup = frames.rows(numerators, index=True), denominator_lookup(denominators)
    raise_if_any(_problems(rows, lookup))
    shared: dict[int, np.ndarray] = {}
    for row in rows:
        key = _key(row)
        if key[2] not in shared:
            shared[key[2]] = year_draws(key[2], draws, seed)
        yield row, lookup[key], _numerator(row, draws, seed), shared[key[2]]


def _population(populations: dict[str, np.ndarray], den: Mapping, u: np.ndarray) -> np.ndarray:
    """A denominator's draws from its year's uniform draw ``u``, made once (kept in ``populations``)."""
    if den["denominator_id"] not in populations:
        populations[den["denominator_id"]] = split_uniform(u, den["low"], den["value"], den["high"])
    return populations[den["denominator_id"]]


def rate_draws(numerators: pd.DataFrame, denominators: pd.DataFrame, *, draws: int = DRAWS,
               seed: int = SEED) -> dict[str, dict[str, np.ndarray]]:
    """Each numerator's draws, its denominator's (from the year's shared draw) and the rate's, by numerator id."""
    out, populations = {}, {}
    for row, den, n, u in _drawn(numerators, denominators, draws, seed):
        n = n if isinstance(n, np.ndarray) else np.full(draws, n, dtype=float)
        d = _population(populations, den, u)
        out[str(row.numerator_id)] = {"numerator": n, "denominator": d, "rate": n / d * MEASURES[row.rate_of].per}
    return out


def population_at(den: Mapping, u: np.ndarray, positions: np.ndarray) -> np.ndarray | None:
    """A positive population's draws at ``positions`` of their ascending order, from the year's uniform draw
    ``u`` holding at those positions the values sorting would put there (``uniform_at``), or None where the
    shortcut may not hold (then draw the population: ``_population``).

    ``split_uniform`` never lowers a draw within either half when low <= value <= high, so a draw's rank is its
    uniform draw's, but where rounding at the seam could put a draw of the lower half above one of the upper:
    a draw of the lower half at most the central value, and one of the upper at least the largest the lower
    half can give (low + (value - low), rounded as drawn), keeps its rank. Positive: low above 0."""
    low, central, high = den["low"], den["value"], den["high"]
    if not 0 < low <= central <= high < np.inf:
        return None
    at = u[positions]
    drawn, lower = split_uniform(at, low, central, high), at < 0.5
    if (drawn[lower] <= central).all() and (drawn[~lower] >= low + (central - low)).all():
        return drawn
    return None


def _quantiles(at, count: int, level: float) -> np.ndarray:
    """``np.quantile`` (its default, linear method) at (1 - level) / 2 and (1 + level) / 2 of ``count`` values,
    where ``at(positions)`` gives the values that would stand at those positions in ascending order: numpy's
    own arithmetic on the four order statistics it interpolates between (``ends``), so the same bits without
    ordering the rest."""
    virtual = (count - 1) * np.array([(1 - level) / 2, (1 + level) / 2])
    below = np.floor(virtual)
    gamma = virtual - below
    below = below.astype(np.intp)
    a, b = at(below), at(np.minimum(below + 1, count - 1))
    step = b - a  # numpy's _lerp: from below while gamma < 0.5, from above after
    found = a + step * gamma
    np.subtract(b, step * (1 - gamma), out=found, where=gamma >= 0.5)
    return found


def ends(count: int, level: float) -> np.ndarray:
    """The positions in ascending order of the order statistics ``_quantiles`` reads (``level``'s two ends)."""
    below = np.floor((count - 1) * np.array([(1 - level) / 2, (1 + level) / 2])).astype(np.intp)
    return np.unique(np.concatenate([below, np.minimum(below + 1, count - 1)]))


def _interval(values: np.ndarray, qualifier: str, level: float) -> tuple[float, float]:
    """The draws' central ``level`` interval (``np.quantile``'s); a lower bound keeps no upper end, an upper
    bound no lower end. Quantiles depend only on the values, not their order: one selection of the four order
    statistics they interpolate between (``ends``) gives them without sorting. Draws all of one value have that
    value as every quantile; draws with a NaN have NaN ends."""
    if values[0] == values[-1] and (values == values[0]).all():
        low = high = values[0]
    elif np.isnan(values).any():
        low = high = float("nan")
    else:
        low, high = _quantiles(selected(values, ends(values.size, level)).__getitem__, values.size, level)
    return _bounded(low, high, qualifier)


def _bounded(low: float, high: float, qualifier: str) -> tuple[float, float]:
    """An interval's ends, but a lower bound keeps no upper end and an upper bound no lower end."""
    return (float("nan") if qualifier == "upper_bound" else float(low),
            float("nan") if qualifier == "lower_bound" else float(high))


def uniform_at(u: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The values sorting would put at ``positions`` (ascending, all in one half or the other) of uniform draws
    on [0, 1): those of the lower half from the draws below a bound a little above the highest such position's
    share, those of the upper half likewise from the top. Every draw left out lies beyond every draw kept, so the
    ranks are the same; were too few kept (a bound too tight), every draw is selected from (``selected``)."""
    n, found = u.size, np.empty(len(positions))
    lower = positions < n / 2
    for part, bound in ((lower, (positions[lower].max(initial=-1) + 1) / n + 0.005),
                        (~lower, (positions[~lower].min(initial=n) / n) - 0.005)):
        if not part.any():
            continue
        kept = np.sort(u[u < bound] if part is lower else u[u >= bound])
        offset = 0 if part is lower else n - kept.size
        if (positions[part] - offset).min() < 0 or (positions[part] - offset).max() >= kept.size:
            return selected(u, positions)[positions]
        found[part] = kept[positions[part] - offset]
    return found


def _one_value_interval(n: float, den: Mapping, u: np.ndarray, chosen: dict[int, np.ndarray],
                        populations: dict[str, np.ndarray], per: int, qualifier: str, level: float) -> tuple[float, float]:
    """The interval of n / d x per over a population's draws d, for a count drawn at one value n: the rates in
    ascending order are n over the population's draws in descending order, so the order statistics
    ``_quantiles`` reads are n over the population's opposite ones (``population_at``, from the year's uniform
    draw ``u`` with its values at those positions found once per year by ``uniform_at``, kept in ``chosen``). A negative
    count, or a population the shortcut does not hold for, is rated draw by draw (``_interval``)."""
    count = u.size
    positions = ends(count, level)
    positions = np.unique(np.concatenate([positions, count - 1 - positions]))
    if int(den["year"]) not in chosen:
        chosen[int(den["year"])] = np.empty(count)  # only the positions read are filled
        chosen[int(den["year"])][positions] = uniform_at(u, positions)
    opposite = population_at(den, chosen[int(den["year"])], count - 1 - positions) if n >= 0 else None
    if opposite is None:
        return _interval(np.float64(n) / _population(populations, den, u) * per, qualifier, level)
    found = dict(zip(positions.tolist(), np.float64(n) / opposite * per))
    return _bounded(*_quantiles(lambda at: np.array([found[p] for p in at.tolist()]), count, level), qualifier)


def rates(numerators: pd.DataFrame, denominators: pd.DataFrame, *, draws: int = DRAWS, seed: int = SEED,
          level: float = LEVEL) -> pd.DataFrame:
    """One rate per numerator: numerator / denominator x per at the central values, with the interval of
    both uncertainties and the interval with the denominator held at its central value.

    The rate's draws are n / d x per, draw by draw (``rate_draws``). A count drawn at one value (no interval
    of its own) takes its interval from the few order statistics of its population's draws that the
    quantiles read (``_one_value_interval``), without drawing the population."""
    records, chosen, populations = [], {}, {}
    for row, den, n, u in _drawn(numerators, denominators, draws, seed):
        measure = MEASURES[row.rate_of]
        if isinstance(n, np.ndarray):
            low, high = _interval(n / _population(populations, den, u) * measure.per, row.qualifier, level)
            fixed_low, fixed_high = _interval(n / den["value"] * measure.per, row.qualifier, level)
        else:
            low, high = _one_value_interval(n, den, u, chosen, populations, measure.per, row.qualifier, level)
            fixed_low, fixed_high = _bounded(*[np.float64(n) / den["value"] * measure.per] * 2, row.qualifier)
        records.append({
            **{c: getattr(row, c) for c in NUMERATOR_COLUMNS[:9]},
            "denominator_id": den["denominator_id"], "denominator": den["value"], "denominator_low": den["low"],
            "denominator_high": den["high"], "population": measure.population, "denominator_kind": den["kind"],
            "denominator_method": den["method"], "per": measure.per,
            "rate": row.numerator / den["value"] * measure.per, "rate_low": low, "rate_high": high,
            "rate_low_fixed_denominator": fixed_low, "rate_high_fixed_denominator": fixed_high,
            "year": int(den["year"]), **{c: getattr(row, c) for c in NUMERATOR_COLUMNS[9:]},
            "base": measure.note})
    return pd.DataFrame(records, columns=RATE_COLUMNS)


RATE_COLUMNS = NUMERATOR_COLUMNS[:9] + [
    "denominator_id", "denominator", "denominator_low", "denominator_high", "population", "denominator_kind",
    "denominator_method", "per", "rate", "rate_low", "rate_high", "rate_low_fixed_denominator",
    "rate_high_fixed_denominator", "year"] + NUMERATOR_COLUMNS[9:] + ["base"]


# ---------------------------------------------------------------- the tables

def places_counted(built: Mapping[str, pd.DataFrame]) -> set[tuple[str, int]]:
    """(place, year) of every figure or external estimate counted in a place the population accounts name
    other than Cambodia: each gets a denominators row, ``none`` where no account gives its population."""
    found = set()
    for name in ("figures", "external_estimates"):
        rows = built[name]
        rows = rows[rows["geography"].isin(GEOGRAPHIES) & (rows["geography"] != "Cambodia")]
        found |= {(g, y) for g, s, e in zip(rows["geography"], rows["period_start"], rows["period_end"])
                  if (y := period_year(s, e)) is not None}
    return found


def rate_tables(built: Mapping[str, pd.DataFrame], population: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The ``denominators`` and ``rates`` tables from the built tables and the population accounts
    (``population.population_accounts``, read once by the build); numerators outside the denominators' years are left out (``rateable``)."""
    table = denominators(population, also=places_counted(built))
    counts, _ = rateable(numerators(built), table)
    return {"denominators": table, "rates": rates(counts, table)}

