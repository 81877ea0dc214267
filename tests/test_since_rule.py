"""A count its quote keeps 'since' a year ('Since 1998, approximately 3,000 Cambodian workers have been sent')
runs to when its document was published. Tried on every real figure's period cut short, and through the build."""
from __future__ import annotations

import re

from csecstats.register.rules import period_problems
from real_inputs import checked_register, project_copy, refused, replace_once


register = checked_register  # the register, read and checked once per test process


def cut(f: dict, year: int) -> list[str]:
    published = next(s for s in register().sources if s["id"] == f["source_id"])["year"]
    return [p.message for p in period_problems("f.yml", f["figure_id"], f["period_start"], f"{year}-12-31",
                                               quote=f["quote"], published=published)
            if "counts since" in p.message]


def test_every_figure_cut_short_is_refused_where_its_quote_counts_since_a_year():
    tried = 0
    for f in register().figures:
        if not f["period_start"] or not f["period_end"]:
            continue
        since = bool(re.search(r"\b[Ss]ince (?:19|20)\d\d\b", f["quote"]))
        assert cut(f, int(f["period_end"][:4])) == []
        for year in range(int(f["period_start"][:4]), int(f["period_end"][:4])):
            assert bool(cut(f, year)) == since, (f["figure_id"], year)
            tried += since
    assert tried == 6  # 1998..2003 for the workers sent abroad since 1998


def test_the_build_refuses_the_workers_sent_abroad_cut_to_2003(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml", 'period: "1998-01/2004-10"', 'period: "1998-01/2003-10"')
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    # the caveat saying how the end was read ('... before 29 October 2004') refuses it too (test_inferred_years_rule)
    assert lines == [f"{root / 'data/raw/figures.yml'}: migrant_workers_sent_abroad_since_1998: period: ends "
                     "2003-10-31, but its quote counts since 1998 up to when source report_2004 was published (2004)",
                     f"{root / 'data/raw/figures.yml'}: migrant_workers_sent_abroad_since_1998: period: "
                     "1998-01-01..2003-10-31, but the caveat saying how it was inferred ('Cumulative since 1998; the "
                     "end of the period is ta...') prints 1998, 2004, not 2003"]
