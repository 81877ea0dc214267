"""One publisher, one site: a row credited to a publisher that publishes elsewhere (a blog's 90,000 credited to the
Cambodia Daily), or to another publisher than its site's, is refused. Tried on every row of every declaring source
with every other publisher of its table."""
from __future__ import annotations

import csv
import io

from csecstats.analysis.row_pages import site, site_problems
from real_inputs import project


def declaring() -> list:
    return [s for s in project()[2].declared if s.spec.get("sites")]


def raws(source) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))))
    return [{**r, "_row": n} for n, r in enumerate(rows, start=1)]


def test_every_real_source_keeps_one_publisher_to_one_site():
    assert {s.data.name for s in declaring()} == {"external-estimates.csv", "external-enforcement.csv",
                                                   "cambodia-population.csv"}
    assert all(site_problems(s, "x.csv", raws(s)) == [] for s in declaring())
    assert site("www.phnompenhpost.com/national/x") == site("phnompenhpost.com/y") == "phnompenhpost.com"


def test_a_row_credited_to_another_publisher_is_refused_unless_both_share_its_site():
    tried = 0
    for source in declaring():
        column = source.spec["sites"][0]
        rows = raws(source)
        cells = sorted({r[column] for r in rows})
        for i, row in enumerate(rows):
            for cell in cells:
                publisher = cell.partition(": ")[0]
                if publisher == row[column].partition(": ")[0]:
                    continue
                others = [r for j, r in enumerate(rows) if j != i]
                sites = {r[column].partition(": ")[0]: site(r["url"]) for r in others}
                publishers = {site(r["url"]): r[column].partition(": ")[0] for r in others}
                here = site(row["url"])
                expected = sites.get(publisher, here) != here or publishers.get(here, publisher) != publisher
                changed = [dict(r) for r in rows]
                changed[i][column] = cell
                found = site_problems(source, "x.csv", changed)
                assert bool(found) == expected, (source.data.name, i, cell)
                assert all(p.field == column for p in found)
                tried += expected
    assert tried >= 100
