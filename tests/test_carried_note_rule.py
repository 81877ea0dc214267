"""What a TIP quote prints with a row's number of the law it is counted under ('53 individuals under its
anti-trafficking law'), of what it includes ('at least 100 traffickers—including some whose trials began in the
previous reporting period') or of a potential count ('322 potential victims'), the row's note says. Tried on every
real row with every other note the table gives, and with none."""
from __future__ import annotations

import csv
import io
import re

from csecstats.analysis.tip_rows import CARRIED, after_number, rows_problems
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once


def raw() -> list[dict]:
    rows = csv.DictReader(io.StringIO(paths.TIP_FILE.read_text(encoding="utf-8")))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=1)]


def left_out(row: dict) -> bool:
    return any(re.search(pattern, after) and word not in row["indicator_note"].lower()
               for after, _ in after_number(row["quote"], int(row["value"])) for word, pattern in CARRIED.items())


def test_every_real_row_given_every_note_is_refused_exactly_where_it_leaves_out_what_its_quote_prints():
    assert rows_problems("t.csv", raw()) == []
    notes = sorted({r["indicator_note"] for r in raw()} | {""})
    tried = 0
    for i in range(len(raw())):
        for note in notes:
            changed = raw()
            changed[i]["indicator_note"] = note
            # the rule reads each row alone: the changed row is checked by itself (31 times faster)
            found = [p for p in rows_problems("t.csv", [changed[i]])
                     if "leaves out what its quote prints" in p.message]
            assert bool(found) == left_out(changed[i]), (i + 1, note, found)
            assert all(p.field == "indicator_note" and p.entry.startswith(f"row {i + 1} ") for p in found)
            tried += bool(found)
    assert tried >= 100


def test_a_part_printed_as_a_number_is_no_inclusion_the_note_carries():
    quote = "95 potential victims of sex trafficking, including 26 children (76 victims in 2019)."
    assert [a for a, _ in after_number(quote, 95) if re.search(CARRIED["includ"], a)] == []


def test_the_build_refuses_the_ncct_s_100_convictions_without_their_note(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/external/tip-report-cambodia-enforcement.csv"
    old = ",reported by NCCT; includes some trials begun in previous reporting period,"
    replace_once(path, old, ",,")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: row 18 (convictions 2017 'not stated (reporting period)'): indicator_note: '' leaves out what "
            "its quote prints with 100 ('including some whose trials began in the previous ...'): its note says so "
            "('includ...')") in err, err
