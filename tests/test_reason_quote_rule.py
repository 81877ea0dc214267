"""An assumption's reason quotes what its parameters read: a quotation printing a number is a read row's phrase or
prints its value, low or high; a reason calling its bounds a rounding interval reads the .low and .high of one row.
Tried on every assumption given every phrase of the register as its quotation, and every high of another
assumption, and through the build."""
from __future__ import annotations

import re

import yaml_c

from csecstats.analysis.assumptions import reason_row_problems
from csecstats.inputs import paths
from csecstats.register.rules import quote_numbers
from real_inputs import checked_register, context, project_copy, refused, replace_once


def _assumptions() -> list[dict]:
    """Every assumption of estimates.yml once (its shared ones are YAML anchors)."""
    data = yaml_c.safe_load(paths.ESTIMATES_FILE.read_text(encoding="utf-8"))
    found = {}
    for est in data["estimates"]:
        for a in [*(est.get("assumptions") or []), *(a for s in est.get("scenarios") or [] for a in s.get("assumptions") or [])]:
            found.setdefault((a["name"], a["reason"]), a)
    return list(found.values())


def _rows(written: dict) -> list[dict]:
    ctx = context()
    bases = {t.rpartition(".")[0] if "." in t.removeprefix("external:") else t
             for v in written.values() for t in (v if isinstance(v, list) else [v]) if isinstance(t, str)}
    return [r for r in map(ctx.row, bases) if r]


def test_every_assumption_quoting_every_phrase_of_the_register():
    ctx = context()
    assumptions = _assumptions()
    assert len(assumptions) >= 10
    for a in assumptions:
        assert reason_row_problems(a["reason"], a["parameters"], ctx.row, set()) == [], a["name"]
    phrases = sorted({f["phrase"] for f in checked_register().figures if re.search(r"\d", f["phrase"] or "")})
    tried = refused_here = 0
    for a in assumptions:
        rows = _rows(a["parameters"])
        if not rows:
            continue
        for phrase in phrases:
            reason = f"'{phrase}' is read plainly."
            found = [m for f, m in reason_row_problems(reason, a["parameters"], ctx.row, set()) if f == "reason"]
            numbers = {float(n) for n in quote_numbers(phrase)}
            expected = not any(str(r.get("phrase") or "\0").lower() in phrase.lower() or numbers & {
                float(r[k]) for k in ("value", "low", "high") if isinstance(r.get(k), float) and r[k] == r[k]}
                for r in rows)
            assert bool(found) == expected, (a["name"], phrase)
            tried += 1
            refused_here += expected
    assert tried >= 300 and refused_here >= 250, (tried, refused_here)


def test_a_rounding_interval_read_from_two_rows_or_a_value_is_refused():
    ctx = context()
    rounded = [a for a in _assumptions() if re.search(r"rounding (interval|bounds)|as rounded", a["reason"])]
    highs = sorted({a["parameters"]["high"] for a in _assumptions() if isinstance(a["parameters"].get("high"), str)})
    assert len(rounded) >= 5
    tried = 0
    for a in rounded:
        for high in highs:
            written = {**a["parameters"], "high": high}
            found = [f for f, _ in reason_row_problems(a["reason"], written, ctx.row, set()) if f == "parameters"]
            low = a["parameters"]["low"]
            expected = not (high.endswith(".high") and high[:-5] == low[:-4])
            assert bool(found) == expected, (a["name"], high)
            tried += expected
    assert tried >= 20, tried


def test_the_build_refuses_the_khmer_share_reasoned_from_the_vietnamese_33_percent(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/estimates.yml", "    reason: \"'66%' is printed to a whole percent",
                 "    reason: \"'33%' is printed to a whole percent")
    err = refused(root, tmp_path / "out", capsys)
    assert "assumptions.share_khmer.reason: quotes '33%', which is no phrase or number of a row its parameters read" \
        in err, err
