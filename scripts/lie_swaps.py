"""Well-formed inputs that lie, drawn at random: one field of one entry given the value another entry has.

Each draw copies ``data/raw`` and ``data/external`` into a scratch project, gives one field of one entry (a
figure, an estimate, an external row's cell or annotation) the value the same field has in another entry of the
same file (so every value is well formed and in the vocabulary), re-fingerprints a changed data file as a careful
liar would, and runs ``csecstats --root SCRATCH build``. A build that exits 0 published the lie; each one is
printed, then the count refused and published. Many draws change nothing a reader would call false (two caveats
that read alike, a plain count called exact or approximate); read the list, not only the count.

    python scripts/lie_swaps.py                # 40 draws, seed 7
    python scripts/lie_swaps.py --seed 11 --draws 100
    python scripts/lie_swaps.py --declarations    # origins, sources, checks, triangulation, exclusions, breaks

Not part of `make test` (each draw is one build, about a second). With ``LIE_UNPINNED=1`` (all four scripts) the
published sources' pinned editions are lifted, so that a changed copy of a published table meets the content rules
alone, as a source added later, with no pin, would.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("csecstats")
# LIE_UNPINNED=1: the published sources' pinned editions lifted (``inputs.fingerprint.EDITIONS``), so that the content
# rules alone answer, as they must for a source added later, which has no pin; by default a changed copy of a
# published table is refused by its pin whatever else it says.
BUILD = ([sys.executable, "-c", "from csecstats.inputs import fingerprint; fingerprint.EDITIONS.clear(); "
          "from csecstats.cli import entry; entry()"] if os.environ.get("LIE_UNPINNED") == "1" else [str(CLI)])
FIGURE_FIELDS = ["indicator", "unit", "geography", "period", "period_basis", "source", "footnote", "section",
                 "phrase", "caveats"]
ESTIMATE_FIELDS = ["geography", "period", "definition", "measures", "unit", "quantity", "method"]
ANNOTATION_FIELDS = ["origin", "qualifier", "method", "definition", "measures", "account"]
# --declarations: the YAML declarations too (file, list key, fields)
DECLARATIONS = [("origins.yml", "origins", ["producer", "year", "method", "methods", "counted", "held", "compiles",
                                            "sources", "figures"]),
                ("sources.yml", "sources", ["author", "year", "title", "kind", "footnotes"]),
                ("checks.yml", "checks", ["part", "whole", "rule"]),
                ("triangulation.yml", "quantities", ["geography", "external_indicators", "report_indicators"]),
                ("exclusions.yml", "exclusions", ["class", "token", "snippet"]),
                ("breaks.yml", "breaks", ["from", "to", "scope", "source", "changes"])]


def _yaml_swap(folder: Path, rng: random.Random, name: str, key: str, fields: list[str]) -> str | None:
    path = folder / "data" / "raw" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data[key]
    a, b = rng.sample(range(len(entries)), 2)
    field = rng.choice(fields)
    if field not in entries[a] or field not in entries[b] or entries[a][field] == entries[b][field]:
        return None
    entries[a][field] = entries[b][field]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    return f"{name}: {entries[a].get('id', a + 1)}.{field} := {str(entries[b][field])[:60]!r}"


def _annotation_swap(folder: Path, rng: random.Random) -> str | None:
    path = folder / "data" / "raw" / "external_rows.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    table = rng.choice(sorted(data["tables"]))
    a, b = rng.sample(sorted(data["tables"][table]), 2)
    field = rng.choice(ANNOTATION_FIELDS)
    rows = data["tables"][table]
    if rows[a][field] == rows[b][field]:
        return None
    rows[a][field] = rows[b][field]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    return f"external_rows.yml: {a}.{field} := {rows[b][field]!r}"


def _csv_swap(folder: Path, rng: random.Random, name: str) -> str | None:
    path = folder / "data" / "external" / name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    a, b = rng.sample(range(len(rows)), 2)
    field = rng.choice([c for c in header if c not in ("url", "quote", "caveat", "note")])
    if rows[a][field] == rows[b][field]:
        return None
    rows[a][field] = rows[b][field]
    write_table(path, header, rows)
    return f"{name}: row {a + 1}.{field} := {rows[b][field][:60]!r}"


def write_table(path: Path, header: list[str], rows: list[dict]) -> None:
    """A data table written back and fingerprinted again (SHA256SUMS), as a careful liar would."""
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    sums = path.parent / "SHA256SUMS"
    kept = [line for line in sums.read_text(encoding="utf-8").splitlines() if not line.endswith(f"  {path.name}")]
    sums.write_text("\n".join([*kept, f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"]) + "\n",
                    encoding="utf-8")


def draw(folder: Path, rng: random.Random, declarations: bool = False) -> str:
    """Change one field of one entry in the scratch project; what was changed."""
    tables = sorted(p.name for p in (ROOT / "data" / "external").glob("*.csv"))
    if declarations:
        kinds = [lambda name=name, key=key, fields=fields: _yaml_swap(folder, rng, name, key, fields)
                 for name, key, fields in DECLARATIONS]
    else:
        kinds = [lambda: _yaml_swap(folder, rng, "figures.yml", "figures", FIGURE_FIELDS),
                 lambda: _yaml_swap(folder, rng, "estimates.yml", "estimates", ESTIMATE_FIELDS),
                 lambda: _annotation_swap(folder, rng),
                 *(lambda name=name: _csv_swap(folder, rng, name) for name in tables)]
    while True:
        changed = rng.choice(kinds)()
        if changed:
            return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--declarations", action="store_true",
                        help="swap fields of the YAML declarations (origins, sources, checks, triangulation, "
                             "exclusions, breaks) instead of the figures, estimates and external rows")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    published = run_draws(args.draws, lambda folder: draw(folder, rng, args.declarations))
    print(f"{args.draws - published} refused, {published} published (seed {args.seed})")
    return 0


def run_draws(draws: int, change) -> int:
    """``draws`` times: a scratch project (data/raw, data/external, pyproject.toml), ``change(folder)`` applied (it
    returns what it changed), ``csecstats --root`` build; each build that exits 0 printed; how many did."""
    published = 0
    for _ in range(draws):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for part in ("raw", "external"):
                shutil.copytree(ROOT / "data" / part, folder / "data" / part)
            shutil.copy(ROOT / "pyproject.toml", folder)
            changed = change(folder)
            command = [*BUILD, "--root", str(folder), "build", "--out", str(folder / "out")]
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode == 0:
                published += 1
                print(f"published: {changed}")
    return published


if __name__ == "__main__":
    sys.exit(main())
