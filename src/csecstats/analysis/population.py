"""Population denominators for Cambodia, 1990-2022, with the spread of the accounts as their uncertainty. Stage 8.

The accounts are read like any declared source (``analysis.external``: the data file
``data/external/cambodia-population.csv`` with its declaration beside it, fingerprint
checked); ``population_accounts()`` takes the sources marked ``denominators: true`` as read
and checks each value against its own quote and each census status against its date;
``denominators()`` is pure: accounts in, one row per geography, population group and year out.

The rules, each declared in the ``method`` of the row it makes:

* **census years** (1998, 2008, 2019): every account of the census is kept. The central
  value is the final result; where the final is printed rounded, the exact count of the
  same census it rounds (13,388,910 inside 13.4 million's 13.35-13.45 million). The
  interval is the central value plus or minus the largest departure of any account of
  the census from it, printed rounding included: no account says on which side the truth lies.
* **between censuses**: log-linear interpolation (constant growth), of the central value
  and of each end of the interval.
* **outside the census span**: the accounts quote no annual growth rate, so the rate is
  the one the adjacent censuses imply (1998-2008 before 1998, 2008-2019 after 2019); the
  interval is carried with the lowest and highest inter-censal rate any pair of accounts
  allows, so it widens with every year from the nearest census.
* **women**: counted by sex only in 2008 and 2019. Other years are the total times the
  female share of the nearest census giving one (interpolated between them), the share's
  interval the range of shares the accounts print. A census year's female interval is at
  least as wide, relatively, as the total's.
* **Phnom Penh**: only 2019. Any other year asked for gets a row of kind ``none`` saying so:
  no other year's or boundary's population is ever borrowed.

Accounts that are not a census (the 2004 survey, the UNIAP fact sheet) are never an anchor;
each is listed beside the year it speaks to, with where it falls against the interval.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from ..inputs import frames, paths
from ..inputs import patterns
from ..inputs.errors import Problem, raise_if_any
from .population_words import (INTEGER_RE, MILLIONS_RE, NON_CENSUS, STATUS_RE, final_problems,  # noqa: F401
                               group_problems, one_status_problems, parts_problems, qualifier_problems,
                               day_problems, stage_words_problems, status_of as _status)

GEOGRAPHIES = ("Cambodia", "Phnom Penh")
KINDS = ("census", "interpolated", "extrapolated", "none")
# status text -> (kind, stage): "census 2008 final results" -> census, final
def declared_accounts(frame: pd.DataFrame, where: str, sums: dict | None = None,
                      declaration: str | None = None) -> pd.DataFrame:
    """The population table as the declared-source reader gives it (``group``, ``source``), in the columns
    ``denominators`` reads (the publisher as ``account``, not the lineage's official/press), its ids kept; each
    value checked against its own quote, each status read, and each account's parts against its total but where its
    declaration reviews the sum as printed (``sums``; ``ValidationFailed``, every problem at once)."""
    rows = frame.drop(columns=["low", "high", "account"]).rename(columns={"group": "population", "source": "account"})
    records = [{**row, "value": int(row["value"]), "entry": row["population_id"]} for row in frames.records(rows)]
    problems = status_problems(where, records) + quote_problems(where, records)  # quote_problems reads the rounding
    raise_if_any(problems + group_problems(where, records) + final_problems(where, records)
                 + qualifier_problems(where, records) + one_status_problems(where, records)
                 + stage_words_problems(where, records) + day_problems(where, records)
                 + parts_problems(where, records, sums or {}, declaration or where))
    return accounts(pd.DataFrame(records).drop(columns="entry"))


def population_accounts(sources) -> pd.DataFrame:
    """The accounts of every declared source (``analysis.external.Sources``, read) marked ``denominators: true``, each value checked against its quote."""
    marked = [s for s in sources.declared if s.spec.get("denominators")]
    if not marked:
        raise_if_any([Problem(str(paths.EXTERNAL), "(sources)", "denominators",
                              "no declared source is marked denominators: true; rates need population accounts")])
    return pd.concat([declared_accounts(sources.frames[s.name], str(s.data), s.spec.get("sums") or {}, str(s.path))
                      for s in marked], ignore_index=True)


def status_problems(where: str, rows: list[dict]) -> list[Problem]:
    """A status that is neither a census (``census YYYY [stage results]``) nor a known other account, or a
    census or survey whose year is not the year of the account's reference date."""
    problems = []
    for row in rows:
        kind, census_year, _ = _status(row["status"])
        year = int(str(row["reference_date"])[:4])
        if kind is None:
            problems.append(Problem(where, row["entry"], "status", f"unknown status {row['status']!r}; expected "
                                    f"'census YYYY [preliminary|provisional|final results]' or one of "
                                    f"{', '.join(NON_CENSUS)}"))
        elif census_year is not None and census_year != year:
            problems.append(Problem(where, row["entry"], "status", f"a census of {census_year} given for {year}"))
        elif census_year is None and any(int(y) != year for y in patterns.findall(r"\b(?:19|20)\d\d\b", row["status"])):
            problems.append(Problem(where, row["entry"], "status", f"{row['status']!r} given for {year}"))
    return problems


def _population_id(cells: dict, year: int, kind: str, stage: str | None) -> str:
    words = [cells["geography"], cells["population"], str(year), kind] + ([stage] if stage else [])
    return "_".join(patterns.sub(r"[^a-z0-9]+", "_", w.lower()).strip("_") for w in words)


def printed_readings(quote: str) -> list[tuple[int, int]]:
    """Every population a quote prints, as (value, half its printed rounding).

    "12,824,000" is 12,824,000; "13.4 million" (or "11.4" beside a later "million") is
    13,400,000 printed to a tenth of a million, so half of 100,000 either side."""
    readings = [(int(t.replace(",", "")), 0) for t in INTEGER_RE.findall(quote)]
    if "million" in quote:
        for whole, decimals in MILLIONS_RE.findall(quote):
            step = 10 ** (6 - len(decimals))
            readings.append((int(whole) * 1_000_000 + int(decimals) * step, step // 2))
    return readings


def rounding(value: int, qualifier: str, quote: str) -> int:
    """Half the printed rounding of an account: none for an exact count; for an approximate one, half
    the step it is printed to (13.4 million: 50,000), else half its last non-zero place (12,824,000: 500)."""
    if qualifier == "exact":
        return 0
    steps = [half for printed, half in printed_readings(quote) if printed == value and half]
    if steps:
        return steps[0]
    place = 1
    while value % (place * 10) == 0:
        place *= 10
    return place // 2


def quote_problems(where: str, rows: list[dict]) -> list[Problem]:
    """An account whose value is not printed in its quote, or printed rounded but called exact."""
    problems = []
    for row in rows:
        printed = dict(printed_readings(row["quote"]))
        if row["value"] not in printed:
            shown = ", ".join(f"{v:,}" for v in printed) or "no population"
            problems.append(Problem(where, row["entry"], "value", f"{row['value']:,} contradicts its quote, which "
                                                                  f"prints {shown}"))
        elif printed[row["value"]] and row["qualifier"] == "exact":
            problems.append(Problem(where, row["entry"], "qualifier", "the quote prints the value rounded; "
                                                                      "expected approximate"))
        row["half"] = rounding(row["value"], row["qualifier"], row["quote"]) if row["value"] in printed else 0
        row["low"], row["high"] = row["value"] - row["half"], row["value"] + row["half"]
    return problems


def accounts(rows: pd.DataFrame) -> pd.DataFrame:
    """The accounts with what ``denominators`` reads from the CSV's columns added where missing: year,
    kind, census year and stage (from status), id, and printed rounding (half, low, high)."""
    rows = rows.copy()
    if "year" not in rows:
        rows["year"] = rows["reference_date"].astype(str).str[:4].astype(int)
    if "kind" not in rows:
        status = [_status(text) for text in rows["status"]]
        rows["kind"] = [k for k, _, _ in status]
        rows["census_year"] = [y for _, y, _ in status]
        rows["stage"] = [s or "" for _, _, s in status]
    if "population_id" not in rows:
        rows["population_id"] = [_population_id(r, y, k, s or None) for r, y, k, s in
                                 zip(frames.records(rows), rows["year"], rows["kind"], rows["stage"])]
    if "half" not in rows:
        rows["value"] = rows["value"].astype(int)
        rows["half"] = [rounding(v, q, t) for v, q, t in zip(rows["value"], rows["qualifier"], rows["quote"])]
        rows["low"], rows["high"] = rows["value"] - rows["half"], rows["value"] + rows["half"]
    return rows


# ---------------------------------------------------------------- census points

def census_point(accounts: list[dict]) -> dict:
    """One census's population from all its accounts (rows as records, in the CSV's order): the final result
    (or the exact count the rounded final agrees with) as central value, plus or minus the largest departure of
    any account, rounding included."""
    central = next((r for r in accounts if r["stage"] == "final"), accounts[0])
    if central["half"]:
        central = next((r for r in accounts if r["half"] == 0 and central["low"] <= r["value"] <= central["high"]),
                       central)
    value = float(central["value"])
    spread = float(max(value - min(r["low"] for r in accounts), max(r["high"] for r in accounts) - value))
    told = "; ".join(f"{r['account']} ({r['stage'] or 'census'}): {r['value']:,}"
                     + (f" (+/- {r['half']:,} printed rounding)" if r["half"] else "") for r in accounts)
    return {"value": value, "low": value - spread, "high": value + spread, "ids": [r["population_id"] for r in accounts],
            "central_id": central["population_id"], "accounts": told}


def census_points(rows: pd.DataFrame, geography: str, population: str) -> dict[int, dict]:
    """Every census year of a geography and population group, with its point."""
    found = rows[(rows["kind"] == "census") & (rows["geography"] == geography) & (rows["population"] == population)]
    years: dict[int, list[dict]] = {}
    for record in frames.records(found):
        years.setdefault(int(record["year"]), []).append(record)
    return {year: census_point(years[year]) for year in sorted(years)}


def growth(a: dict, b: dict, years: int) -> tuple[float, float, float]:
    """(central, lowest, highest) annual log growth rate between two census points the accounts allow."""
    central = math.log(b["value"] / a["value"]) / years
    return central, math.log(b["low"] / a["high"]) / years, math.log(b["high"] / a["low"]) / years


# ---------------------------------------------------------------- totals

def _interpolated(year: int, a: int, b: int, points: dict) -> dict:
    """Log-linear between two census points, centre and each end."""
    t = (year - a) / (b - a)
    at = {k: math.exp((1 - t) * math.log(points[a][k]) + t * math.log(points[b][k])) for k in ("value", "low", "high")}
    rate = growth(points[a], points[b], b - a)[0]
    method = (f"log-linear interpolation between the {a} and {b} censuses (growth {rate:.2%} a year); the interval "
              f"interpolated likewise from theirs")
    return {**at, "kind": "interpolated", "method": method, "growth_rate": rate,
            "years_from_census": min(year - a, b - year), "ids": points[a]["ids"] + points[b]["ids"]}


def _extrapolated(year: int, points: dict) -> dict:
    """From the nearest census at the rate its neighbour implies; the interval at the extreme rates any accounts allow."""
    years = sorted(points)
    spans = [(x, y, growth(points[x], points[y], y - x)) for x, y in zip(years, years[1:])]
    lowest, highest = min(s[2][1] for s in spans), max(s[2][2] for s in spans)
    anchor, (x, y, (rate, _, _)) = (years[0], spans[0]) if year < years[0] else (years[-1], spans[-1])
    d = year - anchor
    point = points[anchor]
    slow, fast = (lowest, highest) if d > 0 else (highest, lowest)
    method = (f"extrapolated {abs(d)} year(s) from the {anchor} census at {rate:.2%} a year, the rate the {x} and "
              f"{y} censuses imply (the accounts quote no growth rate); the interval carried at {lowest:.2%}-"
              f"{highest:.2%} a year, the range of inter-censal rates any pair of accounts allows, so it widens "
              f"with distance from the census")
    return {"value": point["value"] * math.exp(rate * d), "low": point["low"] * math.exp(slow * d),
            "high": point["high"] * math.exp(fast * d), "kind": "extrapolated", "method": method,
            "growth_rate": rate, "years_from_census": abs(d), "ids": point["ids"] + points[x if d < 0 else y]["ids"]}


def total_row(year: int, points: dict) -> dict:
    """The total population of a year: census, interpolated or extrapolated."""
    if year in points:
        point = points[year]
        method = (f"census {year}: central value {point['value']:,.0f} ({point['central_id']}); interval plus or "
                  f"minus the largest departure of any account of the census, printed rounding included")
        return {**point, "kind": "census", "method": method, "growth_rate": None, "years_from_census": 0}
    years = sorted(points)
    before = [y for y in years if y < year]
    after = [y for y in years if y > year]
    if before and after:
        return _interpolated(year, before[-1], after[0], points)
    return _extrapolated(year, points)


# ---------------------------------------------------------------- women

def female_shares(rows: pd.DataFrame) -> dict[str, float]:
    """The female share of every account printing both a female and a total count, by the total's id."""
    cambodia = rows[rows["geography"] == "Cambodia"]
    keyed = cambodia.set_index(["account", "year", "stage", "population"])["value"]
    shares = {}
    for r in frames.rows(cambodia[cambodia["population"] == "total"], index=True):
        female = keyed.get((r.account, r.year, r.stage, "female"))
        if female is not None:
            shares[r.population_id] = float(female) / r.value
    return shares


def female_row(year: int, total: dict, points: dict[int, dict], totals: dict[int, dict],
               shares: dict[str, float]) -> dict:
    """Women in a year: a census's count by sex where there is one (``points``, the census points of women),
    else the total times the female share (``shares``, as ``female_shares`` gives them)."""
    if year in points:
        point = points[year]
        relative = max((point["high"] - point["value"]) / point["value"],
                       (totals[year]["high"] - totals[year]["value"]) / totals[year]["value"])
        method = (f"census {year}: women as counted ({point['central_id']}); interval plus or minus the largest "
                  f"departure of any account, at least the total's relative spread ({relative:.2%})")
        return {**point, "low": point["value"] * (1 - relative), "high": point["value"] * (1 + relative),
                "kind": "census", "method": method, "growth_rate": None, "years_from_census": 0}
    at = {y: points[y]["value"] / totals[y]["value"] for y in points}
    years = sorted(at)
    before, after = [y for y in years if y < year], [y for y in years if y > year]
    if before and after:
        a, b = before[-1], after[0]
        share = at[a] + (at[b] - at[a]) * (year - a) / (b - a)
        how, kind = f"interpolated between the {a} and {b} censuses' ({at[a]:.2%}, {at[b]:.2%})", "interpolated"
    else:
        nearest = before[-1] if before else after[0]
        share, kind = at[nearest], "extrapolated"
        how = f"the {nearest} census's ({share:.2%}), the nearest census counting women"
    low, high = min(shares.values()), max(shares.values())
    method = (f"the total ({total['kind']}) times the female share, {how}; the share's interval {low:.2%}-{high:.2%}, "
              f"the range the accounts print")
    return {"value": total["value"] * share, "low": total["low"] * low, "high": total["high"] * high,
            "kind": kind, "method": method, "growth_rate": total["growth_rate"],
            "years_from_census": min(abs(year - y) for y in years),
            "ids": total["ids"] + [i for y in years for i in points[y]["ids"]] + sorted(shares)}


# ---------------------------------------------------------------- the table

def other_accounts(rows: pd.DataFrame) -> dict[tuple[str, str, int], list]:
    """The accounts that are not a census, by (geography, population group, year), in the CSV's order."""
    found: dict[tuple[str, str, int], list] = {}
    for r in frames.rows(rows[rows["kind"] != "census"], index=True):
        found.setdefault((r.geography, r.population, r.year), []).append(r)
    return found


def _other_accounts(found: list, low: float, high: float) -> str:
    """The accounts of a year that are not a census, each against the interval."""
    said = []
    for r in found:
        where = "above" if r.low > high else "below" if r.high < low else "inside"
        said.append(f"{r.account}: {r.value:,} ({r.kind}, not a census; {where} this interval; not used). {r.caveat}")
    return " | ".join(said)


def _record(geography: str, population: str, year: int, made: dict, others: dict) -> dict:
    slug = patterns.sub(r"[^a-z0-9]+", "_", geography.lower())
    low, high = made.get("low"), made.get("high")
    return {"denominator_id": f"{slug}_{population}_{year}", "year": year, "geography": geography,
            "population": population, "value": made.get("value"), "low": low, "high": high, "kind": made["kind"],
            "method": made["method"], "growth_rate": made.get("growth_rate"),
            "years_from_census": made.get("years_from_census"),
            "population_ids": " ".join(dict.fromkeys(made.get("ids", []))) or None,
            "accounts": made.get("accounts") if made["kind"] == "census" else None,
            "other_accounts": (_other_accounts(others.get((geography, population, year), []), low, high) or None)
            if low is not None else None}


def _none(geography: str, year: int, known: Iterable[int]) -> dict:
    given = ", ".join(str(y) for y in sorted(known)) or "no year"
    return {"kind": "none", "method": f"no denominator: the accounts give {geography}'s population for {given} only, "
                                      f"and no other year's or boundary's population is borrowed"}


def denominators(population_rows: pd.DataFrame, years: Iterable[int] = range(1990, 2023), *,
                 also: Iterable[tuple[str, int]] = ()) -> pd.DataFrame:
    """Cambodia's total and female population for every year, and each other (geography, year) asked
    for in ``also``: its census where there is one, else a row of kind ``none`` saying there is none.

    ``population_rows`` needs only the CSV's columns (any loader's); what is read from them is added.
    Each census point, the female shares and the other accounts are worked out once, not once per year."""
    rows = accounts(population_rows)
    points = {(g, p): census_points(rows, g, p) for g, p in
              [("Cambodia", "total"), ("Cambodia", "female")] + [(g, "total") for g in GEOGRAPHIES if g != "Cambodia"]}
    totals, shares, others = points["Cambodia", "total"], female_shares(rows), other_accounts(rows)
    records = []
    for year in years:
        total = total_row(year, totals)
        women = female_row(year, total, points["Cambodia", "female"], totals, shares)
        records += [_record("Cambodia", "total", year, total, others), _record("Cambodia", "female", year, women, others)]
    covered = set(years)
    extra = {(g, y) for g, y in also if not (g == "Cambodia" and y in covered)}
    extra |= {(g, y) for g in GEOGRAPHIES if g != "Cambodia" for y in points[g, "total"]}
    for geography, year in sorted(extra):
        known = points.get((geography, "total")) or census_points(rows, geography, "total")
        made = total_row(year, known) if year in known else _none(geography, year, known)
        records.append(_record(geography, "total", year, made, others))
    frame = pd.DataFrame(records)
    frame["years_from_census"] = frame["years_from_census"].astype("Int64")
    return frame
