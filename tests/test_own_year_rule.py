"""A TIP quote that dates its own counts ('investigated 35 cases of suspected trafficking in 2013. Of these, just 18
cases led to convictions, 10 for sex trafficking ...') dates every row of it that is no earlier figure: a period
stating no year there is refused. Years set against another count ('up from 43 in 2015', '(66 in 2019)') date
none. Tried on every real row with every period the table gives."""
from __future__ import annotations

import csv
import io
import re

from csecstats.analysis.tip_periods import RELATIVE, own_years
from csecstats.analysis.tip_rows import rows_problems
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


def raw() -> list[dict]:
    rows = csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8")))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=1)]


def dated_by_words(row: dict) -> bool:
    stated = row["period_covered"]
    return bool(own_years(row["quote"])) and stated not in RELATIVE and not re.search(r"\b(?:19|20)\d\d\b", stated)


def test_the_quotes_own_years_leave_comparisons_out():
    assert own_years("with 36 convicted in 2009 compared to only 11 in 2008").keys() == {2009}
    assert own_years("In 2021, the government prosecuted 109 suspected traffickers").keys() == {2021}
    assert own_years("convicted at least 100 traffickers—up from 43 in 2015 and 29 in 2014.") == {}
    assert own_years("police identified 322 potential victims (66 in 2019) and 95") == {}
    assert own_years("compared to 52 in the same period a year earlier") == {}


def test_every_real_row_given_every_period_is_refused_exactly_where_its_quote_dates_it():
    assert rows_problems("t.csv", raw()) == []
    periods = sorted({r["period_covered"] for r in raw()})
    tried = 0
    for i, row in enumerate(raw()):
        for period in periods:
            changed = raw()
            changed[i]["period_covered"] = period
            # the rule reads each row alone: the changed row is checked by itself (31 times faster)
            found = [p for p in rows_problems("t.csv", [changed[i]]) if "states no year" in p.message]
            assert bool(found) == dated_by_words(changed[i]), (i + 1, period, found)
            assert all(p.field == "period_covered" and p.entry.startswith(f"row {i + 1} ") for p in found)
            tried += bool(found)
    assert tried >= 40


def test_the_build_refuses_10_sex_trafficking_convictions_of_2013_undated(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    line = next(l for l in path.read_text(encoding="utf-8").splitlines() if ",sex trafficking only,10," in l)
    replace_once(path, line, line.replace("2014,2013,", "2014,not stated (reporting period),", 1))
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: row 10 (convictions 2014 'not stated (reporting period)'): period_covered: 'not stated "
            "(reporting period)' states no year, but its quote dates its counts in 2013 ('investigated 35 cases of "
            "suspected trafficking in 2013'), setting no earlier figure against them") in err, err
