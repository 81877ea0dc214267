"""Numbers that lie, drawn at random: one number of one entry changed, the rest left well formed.

Each draw copies ``data/raw`` and ``data/external`` into a scratch project, changes one number, re-fingerprints a
changed data file as a careful liar would, and runs ``csecstats --root SCRATCH build``. A build that exits 0
published the lie; each one is printed, then the count refused and published. Two kinds:

- ``--kind cells`` (default): a number of an external row (value, low, high, a year or date) multiplied or divided
  by ten, halved or moved by one (a year by one year), its quote kept;
- ``--kind consistent``: the liar changes the words too: an external row's value and the same number in its quote,
  or a report figure's period moved by a year.

A row whose quote no other text here holds can be changed with its quote and stay consistent with everything the
project can read: such draws are published by design (read the list, not only the count).

    python scripts/lie_numbers.py --seed 3 --draws 40
    python scripts/lie_numbers.py --kind consistent --seed 3

Not part of `make test` (each draw is one build, about a second).
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from pathlib import Path

import yaml

from lie_swaps import run_draws, write_table  # the scratch projects and a careful liar's fingerprints
NUMBERS = {"value", "low", "high", "year", "reference_date", "period_start", "period_end", "report_year", "written",
           "published"}
PRINTED = r"(?<![\d,.]){}(?![\d,])"  # a number as it stands in a quote, not part of a longer one


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return list(rows[0]), rows


def _moved(text: str, rng: random.Random) -> str | None:
    """A year or date moved by a year, or a number x10, /10, halved or plus one; None when nothing changes."""
    date = re.fullmatch(r"((?:19|20)\d\d)(-\d\d(?:-\d\d)?)?", text)
    if date:
        return f"{int(date.group(1)) + rng.choice([-1, 1])}{date.group(2) or ''}"
    try:
        x = float(text)
    except ValueError:
        return None
    y = rng.choice([x * 10, x / 10, x / 2, x + 1])
    return None if y == x else (str(int(y)) if y.is_integer() and "." not in text else f"{y:g}")


def _cell(folder: Path, rng: random.Random) -> str | None:
    path = rng.choice(sorted((folder / "data" / "external").glob("*.csv")))
    header, rows = _rows(path)
    a = rng.randrange(len(rows))
    fields = [c for c in header if c in NUMBERS and rows[a][c].strip()]
    new = _moved(rows[a][field], rng) if fields and (field := rng.choice(fields)) else None
    if new is None:
        return None
    old, rows[a][field] = rows[a][field], new
    write_table(path, header, rows)
    return f"{path.name}: row {a + 1}.{field} {old!r} -> {new!r}"


def _value_and_quote(folder: Path, rng: random.Random) -> str | None:
    path = rng.choice(sorted((folder / "data" / "external").glob("*.csv")))
    header, rows = _rows(path)
    a = rng.randrange(len(rows))
    try:
        x = float(rows[a].get("value", ""))
    except ValueError:
        return None
    if x <= 1:
        return None
    y = x + rng.choice([1000, -1000, 500]) if x >= 1000 else x + rng.choice([1, 2, 5])
    for printed in dict.fromkeys([f"{int(x):,}", str(int(x))] if x.is_integer() else [f"{x:g}"]):
        pattern = PRINTED.format(re.escape(printed))
        if re.search(pattern, rows[a]["quote"]):
            rows[a]["quote"] = re.sub(pattern, f"{int(y):,}" if "," in printed else f"{y:g}", rows[a]["quote"], count=1)
            rows[a]["value"] = str(int(y)) if y.is_integer() and "." not in rows[a]["value"] else f"{y:g}"
            write_table(path, header, rows)
            return f"{path.name}: row {a + 1} value and quote {x:g} -> {y:g}"
    return None


def _figure_period(folder: Path, rng: random.Random) -> str | None:
    path = folder / "data" / "raw" / "figures.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = rng.choice(data["figures"])
    period = entry.get("period")
    if not period or not re.search(r"\d{4}", str(period)):
        return None
    which = rng.choice([0, -1])  # the first year it prints or the last
    years = list(re.finditer(r"\d{4}", str(period)))
    at = years[which]
    new = f"{str(period)[:at.start()]}{int(at.group()) + rng.choice([-1, 1])}{str(period)[at.end():]}"
    entry["period"] = new
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    return f"figures.yml: {entry['id']}.period {period!r} -> {new!r}"


def draw(folder: Path, rng: random.Random, kind: str) -> str:
    """Change one number in the scratch project; what was changed."""
    kinds = [_cell] if kind == "cells" else [_value_and_quote, _figure_period]
    while True:
        changed = rng.choice(kinds)(folder, rng)
        if changed:
            return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--kind", choices=["cells", "consistent"], default="cells")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    published = run_draws(args.draws, lambda folder: draw(folder, rng, args.kind))
    print(f"{args.draws - published} refused, {published} published (seed {args.seed}, {args.kind})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
