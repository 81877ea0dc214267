"""Well-formed inputs that lie by saying something twice, drawn at random: one row of a declared source's data
repeated (as it stands, or credited to another row's source, reporter or account, as a second account would be),
or one entry of a YAML input repeated under a new id, re-fingerprinted as a careful liar would. With ``--apart``, a
pair of rows the triangulation table shows disagreeing is declared apart instead (``not_comparable``, with a reason
of one of three kinds: another definition, place or moment): a disagreement declared away.

Each draw copies ``data/raw`` and ``data/external`` into a scratch project, repeats one thing and runs
``csecstats --root SCRATCH build``. A build that exits 0 published the repeat; each one is printed, then the count
refused and published. A repeat counts one account twice: as two rows of one value, or as a second, independent
account agreeing with the first (corroboration by copying). Read the list, not only the count.

    python scripts/lie_copies.py --seed 3 --draws 60
    python scripts/lie_copies.py --apart --seed 3 --draws 40

Not part of `make test` (each draw is one build, about a second).
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path

import yaml

from lie_swaps import ROOT, run_draws, write_table  # the scratch projects and a careful liar's fingerprints

YAMLS = ["figures.yml", "estimates.yml", "origins.yml", "sources.yml", "checks.yml", "triangulation.yml",
         "exclusions.yml", "breaks.yml", "external_rows.yml", "definitions.yml"]
ROW_SHARE = 0.5  # of the draws, a data row repeated; the others, a YAML entry
# The columns that say whose account a row is: a repeated row credited to another row's values of these.
WHOSE = ("source", "reporter", "account", "study", "status", "url", "cable", "published", "report_year")


def _yaml_copy(folder: Path, rng: random.Random) -> str | None:
    name = rng.choice(YAMLS)
    path = folder / "data" / "raw" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [(key, items) for key, items in data.items()
             if isinstance(items, list) and items and all(isinstance(i, dict) and "id" in i for i in items)]
    if not found:
        return None
    key, items = rng.choice(found)
    i = rng.randrange(len(items))
    copy = dict(items[i])
    copy["id"] = f"{copy['id']}_b"
    items.insert(i + 1, copy)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    return f"{name}: {key} entry {items[i]['id']!r} repeated as {copy['id']!r}"


def _row_copy(folder: Path, rng: random.Random) -> str | None:
    path = rng.choice(sorted((folder / "data" / "external").glob("*.csv")))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, i = list(rows[0]), rng.randrange(len(rows))
    copy = dict(rows[i])
    whose = [c for c in WHOSE if c in header]
    if whose and rng.random() < 0.7:  # a second account: another row's source, reporter ... for the same value
        other = rng.choice([r for r in rows if any(r[c] != copy[c] for c in whose)] or [None])
        if other is None:
            return None
        for c in whose:
            copy[c] = other[c]
        said = f"credited to {', '.join(str(other[c])[:30] for c in whose[:2])}"
    else:
        said = "as it stands"
    rows.insert(i + 1, copy)
    write_table(path, header, rows)
    return f"{path.name}: row {i + 1} repeated {said} ({', '.join(str(v) for v in list(copy.values())[:4])[:70]})"


REASONS = ["two definitions: one counts residents, the other everyone present on census night",
           "another place: the capital against the whole country",
           "different moments: the start of the year against its end"]


def disagreeing_pairs() -> list[tuple[str, str]]:
    """Every pair of rows the committed triangulation table shows disagreeing within one comparison."""
    rows = list(csv.DictReader(io.StringIO((ROOT / "data" / "processed" / "triangulation.csv").read_text(encoding="utf-8"))))
    groups: dict[str, list[str]] = {}
    for row in rows:
        if row["disagrees"] == "True" and row["record_id"] not in groups.setdefault(row["compare_key"], []):
            groups[row["compare_key"]].append(row["record_id"])
    return [(a, b) for ids in groups.values() for i, a in enumerate(ids) for b in ids[i + 1:]]


def _apart(folder: Path, rng: random.Random, pairs: list[tuple[str, str]]) -> str:
    a, b = rng.choice(pairs)
    path = folder / "data" / "raw" / "triangulation.yml"
    reason = rng.choice(REASONS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("not_comparable:\n", f'not_comparable:\n  - records: [{a}, {b}]\n    reason: "{reason}"\n',
                                 1), encoding="utf-8")
    return f"triangulation.yml: not_comparable + [{a}, {b}] ({reason[:30]!r})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--apart", action="store_true", help="declare disagreeing rows not comparable instead")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pairs = disagreeing_pairs() if args.apart else []

    def change(folder: Path) -> str:
        if args.apart:
            return _apart(folder, rng, pairs)
        while True:
            done = (_row_copy if rng.random() < ROW_SHARE else _yaml_copy)(folder, rng)
            if done:
                return done
    published = run_draws(args.draws, change)
    print(f"{args.draws - published} refused, {published} published (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
