"""Hostile input is refused with a clear error, never a quiet wrong answer (corpus: tests/hostile/)."""
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csecstats.inputs import paths
from csecstats.register import load as register
from csecstats.cli import main
from csecstats.inputs.errors import ValidationFailed
from csecstats.source.reader import parse_report_text

HOSTILE = Path(__file__).parent / "hostile"
CASES = yaml.safe_load((HOSTILE / "cases.yml").read_text(encoding="utf-8"))["cases"]
PROJECT = Path(__file__).resolve().parents[1]


def _fields(case):
    return case["field"] if isinstance(case["field"], list) else [case["field"]]


@pytest.fixture
def large_register(tmp_path):
    """A > 1 MB register (too big to commit): many well-formed entries."""
    entry = (HOSTILE / "register_period_reversed.yml").read_text(encoding="utf-8").split("\n", 1)[1]
    path = tmp_path / "register_large.yml"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("figures:\n")
        for i in range(int(1.2e6 // len(entry)) + 1):
            fh.write(entry.replace("id: sex_workers_phnom_penh_1992", f"id: fig_{i:06d}"))
    assert path.stat().st_size > 1_000_000
    return path


def test_corpus_is_large_enough_and_every_file_is_listed():
    listed = {c["file"] for c in CASES}
    on_disk = {p.name for p in HOSTILE.iterdir()} - {"cases.yml", "SHA256SUMS", "register_large.MARKER"}
    assert on_disk == listed - {c["file"] for c in CASES if c.get("generated")}
    assert len(CASES) >= 25
    assert {c["input"] for c in CASES} == {"register", "sources", "vocabulary", "report", "external"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_validate_names_file_entry_and_field(case, capsys, monkeypatch, tmp_path, request):
    monkeypatch.chdir(tmp_path)  # the python-tag case would create hostile_yaml_ran here if it ran
    path = request.getfixturevalue("large_register") if case.get("generated") else HOSTILE / case["file"]
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    for field in _fields(case):
        assert f"{path}: {case['entry']}: {field}: " in out, (field, out)
    assert not (tmp_path / "hostile_yaml_ran").exists()


def test_several_problems_in_one_file_are_all_reported(capsys):
    main(["validate", str(HOSTILE / "register_many_problems.yml")])
    lines = [l for l in capsys.readouterr().out.splitlines() if "register_many_problems.yml:" in l]
    assert len(lines) >= 5


def test_changed_digit_caught_by_the_quote_check_without_the_hash_check():
    changed = parse_report_text((HOSTILE / "report_digit_changed.txt").read_text(encoding="utf-8"))
    vocab, _ = register.load_vocabulary()
    sources, _ = register.load_sources(report=changed)
    _, problems = register.load_register(vocab=vocab, sources=sources, report=changed)
    # Every figure quoting the changed sentence ("... and 428 victims were rescued") is refused.
    assert {p.field for p in problems} == {"quote"}
    assert "victims_rescued_2003" in {p.entry for p in problems}


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    found = {}
    for folder in (root / "data" / "processed", root / "reports" / "figures"):
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file():
                found[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def test_build_refuses_hostile_register_and_leaves_outputs_untouched(tmp_path):
    for part in ("data/raw", "data/external", "data/processed", "reports/figures"):
        if (PROJECT / part).exists():
            shutil.copytree(PROJECT / part, tmp_path / part)
    shutil.copyfile(HOSTILE / "register_many_problems.yml", tmp_path / "data/raw/figures.yml")
    before = _snapshot(tmp_path)
    env = {**os.environ, "CSECSTATS_ROOT": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "csecstats.cli", "build"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "figures.yml: sex_workers_phnom_penh_1992: indicator: " in run.stderr
    assert "nothing was written" in run.stderr
    assert _snapshot(tmp_path) == before and before


def test_python_tag_never_runs_in_a_fresh_process(tmp_path):
    run = subprocess.run([sys.executable, "-m", "csecstats.cli", "validate", str(HOSTILE / "register_python_tag.yml")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert ": (file): (yaml): " in run.stdout and "python/object/apply" in run.stdout
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["figures:", "  - id: x", "    quote: ", "    phrase: '3'", "- ", ": ", "&a", "*a",
                              "!!binary", "!!python/name:os.system", "{", "[", "'", '"', "\t", "---", "...",
                              "    period: 2003/2002", "    footnote: 1e9", "\ufeff", "\x00"]),
             max_size=12).map("\n".join),
))
def test_register_validation_raises_only_validation_failed(tmp_path, text):
    path = tmp_path / "figures.yml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        register.read_all(register=path)
    except ValidationFailed as failed:
        assert failed.problems and all(str(p).startswith(f"{path}: ") or str(paths.RAW) in str(p)
                                       for p in failed.problems)


@functools.lru_cache(maxsize=1)
def _declared_effects():
    from csecstats.analysis.estimates import declared_estimates
    return tuple((e, a) for e in declared_estimates() if e.formula is not None for a in e.assumptions
            if a.effect in ("increases", "decreases"))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.data())
def test_estimates_move_with_their_assumptions_as_declared(data):
    """Each assumption's declared effect (increases/decreases) holds for any two values near its centre."""
    from csecstats.analysis.estimates import central
    est, assumption = data.draw(st.sampled_from(_declared_effects()), label="estimate, assumption")
    centre = assumption.central()
    a, b = sorted(data.draw(st.lists(st.floats(0.5 * centre, 1.5 * centre), min_size=2, max_size=2)))
    low, high = central(est, **{assumption.name: a}), central(est, **{assumption.name: b})
    assert low <= high if assumption.effect == "increases" else low >= high
