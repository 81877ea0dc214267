"""What a number counts is what its words speak of: a figure or row moved onto another indicator of the same unit,
whose words its quote and paragraph do not print, is refused, naming file, entry and field `indicator`."""
from __future__ import annotations

import functools
import re

import pytest
import yaml_c
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import declared_sources, read_source
from csecstats.inputs import paths
from csecstats.register.figures import read_all
from csecstats.register.lineage import load_lineage
from csecstats.register import subjects
from csecstats.register.subjects import LINKING, indicator_problem
from csecstats.validate import validate_paths


@functools.lru_cache(maxsize=1)
def register():
    return read_all()


def words_of(indicator: str, spec: dict) -> list[str]:
    """Every word the indicator could be named by: its declared phrases' words, or its name's words, each by its
    first letters as the rule reads them (``subjects.PREFIX``: 'participation' names 'participants')."""
    if spec.get("named_by"):
        return [w.casefold() for phrase in spec["named_by"] for w in phrase.split()]
    return [w[:subjects.PREFIX].casefold() for w in indicator.split("_") if w not in LINKING]


@functools.lru_cache(maxsize=1)
def unnamed_moves() -> list[tuple[str, str]]:
    """(figure id, another indicator of its unit) where the figure's quote and paragraph print none of the other
    indicator's words, even inside another word: such a move can only be a mislabelling."""
    reg = register()
    moves = []
    for f in reg.figures:
        text = (f["quote"] + " " + " ".join(p.text for p in reg.report.find_quotes(f["quote"]))).casefold()
        moves += [(f["figure_id"], other) for other, spec in reg.vocabulary.indicators.items()
                  if other != f["indicator"] and spec["unit"] == f["unit"]
                  and not any(w in text for w in words_of(other, spec))]
    return moves


def test_every_real_figure_and_row_is_what_its_words_speak_of():
    assert [p for p in validate_paths([paths.REGISTER_FILE, *sorted(paths.EXTERNAL.glob("*.csv"))])
            if p.field == "indicator"] == []
    assert len(unnamed_moves()) > 200


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_figure_moved_onto_an_indicator_its_words_never_print_is_refused(tmp_path, data):
    figure_id, other = data.draw(st.sampled_from(unnamed_moves()), label="move")
    entries = yaml_c.safe_load(paths.REGISTER_FILE.read_text(encoding="utf-8"))["figures"]
    for entry in entries:
        if entry["id"] == figure_id:
            entry["indicator"] = other
    path = tmp_path / "figures.yml"
    path.write_text(yaml_c.safe_dump({"figures": entries}, sort_keys=False, allow_unicode=True, width=10**6),
                    encoding="utf-8")
    found = [(p.entry, p.field) for p in validate_paths([path]) if p.field == "indicator"]
    assert found == [(figure_id, "indicator")]


def test_untac_staff_counted_as_sex_workers_is_refused():
    reg = register()
    f = next(f for f in reg.figures if f["figure_id"] == "untac_staff_cambodia_1992_1993")
    text = f["quote"] + " " + " ".join(p.text for p in reg.report.find_quotes(f["quote"]))
    assert "sex industry" in text  # 'sex' is there; 'workers' is not
    assert indicator_problem("sex_workers", text) == "'sex_workers' is not what its words speak of (no 'workers')"
    assert indicator_problem("untac_staff", text) is None


def test_the_embassys_trafficking_victims_moved_to_sex_workers_are_refused(tmp_path):
    lineage, _ = load_lineage()
    embassy = next(s for s in declared_sources(paths.EXTERNAL, None)[0].declared if s.name == "embassy_tip_submissions")
    places = {"Cambodia": (), "Phnom Penh": ("capital",)}
    text = embassy.data.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if ",trafficked_sex_workers,sex-trafficking victims,2000," in line)
    moved = tmp_path / embassy.data.name
    moved.write_text(text.replace(row, row.replace(",trafficked_sex_workers,", ",sex_workers,")), encoding="utf-8")
    _, problems = read_source(embassy, places, lineage, data=moved, verify_fingerprint=False)
    assert [(p.entry, p.field) for p in problems] == [("row 10 (09PHNOMPENH114 sex_workers 2003)", "indicator")]


@pytest.mark.parametrize("indicator, words, named_by, refused", [
    ("sex_workers", "over 14, 000 sex workers in Phnom Penh", None, False),
    ("sex_workers", "the numbers seem to have rapidly climbed", None, True),
    ("sex_workers", "1,500 prostitutes working in Phnom Penh", ["prostitut", "sex work"], False),
    ("people_sensitised", "8 sessions to aware 596 people", ["people aware"], False),
    ("people_sensitised", "596 people attended", ["people aware"], True),
    ("share_khmer", "66% Khmer", None, False),  # 'share' names how, not what
    ("victims_rescued", "244 victims", None, True),  # 'rescued' is not printed: declare named_by
])
def test_indicator_problem(indicator, words, named_by, refused):
    assert (indicator_problem(indicator, words, named_by) is not None) is refused


def test_a_declaration_naming_an_indicator_by_no_phrase_is_refused(tmp_path):
    declaration = paths.EXTERNAL / "us-embassy-tip-submissions.source.yml"
    spec = yaml_c.safe_load(declaration.read_text(encoding="utf-8"))
    spec["indicators"]["values"]["sex_workers"]["named_by"] = []
    for name in (spec["data"], "SHA256SUMS"):
        (tmp_path / name).write_bytes((paths.EXTERNAL / name).read_bytes())
    path = tmp_path / declaration.name
    path.write_text(yaml_c.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert [(p.entry, p.field) for p in validate_paths([path])] == [("indicators.values.sex_workers", "named_by")]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.text(alphabet="ab_ 1é-.²xA", max_size=14), word=st.text(alphabet="ab_ 1é-.²x", max_size=3))
def test_a_word_is_read_from_the_start_of_a_word_as_the_pattern_reads_it(text, word):
    assert subjects._starts_a_word(text, word) == bool(re.search(rf"(?<!\w){re.escape(word)}", text))


def _declared_rows() -> list[tuple[str, dict, dict]]:
    """(source name, its named_by per indicator, row) for every row of every source declaring indicators."""
    import csv
    found = []
    for source in declared_sources(paths.EXTERNAL, None)[0].declared:
        indicators = source.spec.get("indicators") or {}
        if "reading" in source.spec or not indicators:
            continue
        named_by = {name: spec.get("named_by") for name, spec in indicators["values"].items()}
        column, value = indicators["column"], source.spec.get("bounds", {}).get("value", "value")
        found += [(source.name, named_by, {"indicator": r[column], "quote": r["quote"], "value": float(r[value])})
                  for r in csv.DictReader(source.data.open(encoding="utf-8"))]
    return found


def test_a_row_moved_onto_another_indicator_than_the_words_after_its_number_name_is_refused():
    """Every row of every declared source given every other indicator of its table, exhaustively: refused when the
    words right after its number ('18,256 sex workers (all') name another indicator and nothing up to the next
    number names the one it is given; each refusal names an indicator those words do name. The embassy's 18,256 sex
    workers moved to trafficking victims, and 81 percent 'were Cambodian' moved to the Vietnamese share, are
    refused; a share printed before no words naming anything ('80.4 percent of the') is left to the other rules."""
    from csecstats.register.nouns import NAMING_WORDS, named_after_problem
    rows = _declared_rows()
    assert len(rows) >= 40 and all(named_after_problem(r["indicator"], r["quote"], r["value"], nb) is None
                                   for _, nb, r in rows)
    refused_moves = set()
    for name, named_by, row in rows:
        for other in (k for k in named_by if k != row["indicator"]):
            found = named_after_problem(other, row["quote"], row["value"], named_by)
            if found:
                named = found.rsplit(": ", 1)[1].split(", not ")[0]
                shown = " ".join(re.sub(r"[()]", " ", found.split(" as '", 1)[1]).split()[:NAMING_WORDS])
                assert named != other and indicator_problem(named, shown, named_by[named]) is None, found
                refused_moves.add((name, row["quote"][:30], row["indicator"], other))
    assert len(refused_moves) >= 100
    embassy = "embassy_tip_submissions"
    assert any(n == embassy and i == "sex_workers" and o == "trafficked_sex_workers" for n, _, i, o in refused_moves)
    assert any(n == embassy and i == "share_cambodian" and o == "share_vietnamese" for n, _, i, o in refused_moves)


def test_the_build_refuses_the_embassys_sex_workers_moved_to_trafficking_victims(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    path = root / "data" / "external" / "us-embassy-tip-submissions.csv"
    replace_once(path, "Steinfatt 2003,sex_workers,sex workers (all venues),18256",
                 "Steinfatt 2003,trafficked_sex_workers,sex workers (all venues),18256")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: row 7 (09PHNOMPENH114 trafficked_sex_workers 2003): indicator: trafficked_sex_workers, but its "
            "quote prints 18256 as 'sex workers (all venues) in cambodia, of...': sex_workers, not "
            "trafficked_sex_workers") in err
