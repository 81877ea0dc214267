"""Well-formed inputs that lie by leaving something out, drawn at random: one item of one list of one YAML input
dropped (a caveat, a footnote a source lists, a pair kept apart, a break, a compiled origin ...), or one row of a
declared source's data, re-fingerprinted as a careful liar would. With ``--explained``, a report figure is dropped and
its number explained away in ``exclusions.yml`` (class excluded or name, a reason in passing), so the audit's
accounting of every number still balances.

Each draw copies ``data/raw`` and ``data/external`` into a scratch project, leaves one thing out and runs
``csecstats --root SCRATCH build``. A build that exits 0 published the omission; each one is printed, then the count
refused and published. Many omissions are undetectable by design (a curated caveat dropped, a whole row and its quote
gone, when nothing else the project reads refers to it); read the list, not only the count.

    python scripts/lie_drops.py --seed 3 --draws 60
    python scripts/lie_drops.py --explained --seed 3 --draws 30

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

YAMLS = ["figures.yml", "estimates.yml", "origins.yml", "sources.yml", "checks.yml", "triangulation.yml",
         "exclusions.yml", "breaks.yml", "external_rows.yml", "definitions.yml", "vocabulary.yml"]
ROW_SHARE = 0.3  # of the draws, a data row dropped; the others, a YAML list item


def lists(node, path=()):
    """Every non-empty list in a YAML document, with where it stands (keys and indexes)."""
    if isinstance(node, list):
        if node:
            yield path, node
        for i, item in enumerate(node):
            yield from lists(item, (*path, i))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from lists(value, (*path, key))


def _yaml_drop(folder: Path, rng: random.Random) -> str | None:
    name = rng.choice(YAMLS)
    path = folder / "data" / "raw" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [(where, items) for where, items in lists(data) if where and where[0] != "shared"]  # anchors' copies
    if not found:
        return None
    where, items = rng.choice(found)
    i = rng.randrange(len(items))
    gone = items.pop(i)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    label = gone.get("id", gone.get("name", gone.get("text", ""))) if isinstance(gone, dict) else gone
    return f"{name}: {'.'.join(map(str, where))}[{i}] dropped ({str(label)[:60]!r})"


def _row_drop(folder: Path, rng: random.Random) -> str | None:
    path = rng.choice(sorted((folder / "data" / "external").glob("*.csv")))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, i = list(rows[0]), rng.randrange(len(rows))
    gone = rows.pop(i)
    write_table(path, header, rows)
    return f"{path.name}: row {i + 1} dropped ({', '.join(str(v) for v in list(gone.values())[:4])[:70]})"


def _explained(folder: Path, rng: random.Random) -> str:
    path = folder / "data" / "raw" / "figures.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    figure = data["figures"].pop(rng.randrange(len(data["figures"])))
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    phrase, quote = figure["phrase"], " ".join(figure["quote"].split())
    token = re.search(r"\d[\d,.]*\d|\d|[A-Za-z]+", phrase).group(0)
    at = quote.find(phrase)
    snippet = quote[max(0, at - 15):at + len(phrase) + 10] if at >= 0 else phrase
    cls = rng.choice(["excluded", "name"])
    entry = yaml.safe_dump([{"snippet": snippet, "token": token, "class": cls, "reason": "Mentioned in passing."}],
                           allow_unicode=True, width=10**6, sort_keys=False)
    exclusions = folder / "data" / "raw" / "exclusions.yml"
    text = exclusions.read_text(encoding="utf-8")
    exclusions.write_text(text.replace("exclusions:\n", "exclusions:\n" + "".join(
        "  " + line for line in entry.splitlines(keepends=True)), 1), encoding="utf-8")
    return f"figure {figure['id']} dropped, {token!r} excluded as {cls} ({snippet!r})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--explained", action="store_true", help="a figure dropped and its number excluded instead")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def change(folder: Path) -> str:
        if args.explained:
            return _explained(folder, rng)
        while True:
            done = (_row_drop if rng.random() < ROW_SHARE else _yaml_drop)(folder, rng)
            if done:
                return done
    published = run_draws(args.draws, change)
    print(f"{args.draws - published} refused, {published} published (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
