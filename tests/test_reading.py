"""Reading inputs: the one YAML loader, bounded reads, whole-number phrases, CSV cell rules."""
import os
import re
from pathlib import Path

import pytest

from csecstats.inputs.cells import count_cell, decimal_cell, text_problem, vocabulary_problem, year_cell
from csecstats.inputs import reading
from csecstats.inputs.reading import load_yaml, parse_yaml, read_bytes
from csecstats.register.figures import marker_inside_number, phrase_in_quote

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "csecstats"
P = Path("x.yml")


@pytest.mark.parametrize("text, expected", [
    ("a: [1, -2, 0.5, 1e3, true, false, null, ~, '014', \"yes\", text]\nb:\n",
     {"a": [1, -2, 0.5, 1000.0, True, False, None, None, "014", "yes", "text"], "b": None}),
    ("x: &x {a: 1, b: 2}\ny:\n  <<: *x\n  b: 3\n", {"x": {"a": 1, "b": 2}, "y": {"a": 1, "b": 3}}),
])
def test_documented_types_load(text, expected):
    assert parse_yaml(text, P) == (expected, [])


@pytest.mark.parametrize("text, says", [
    ("a: 1\na: 2\n", "duplicate key 'a'"),
    ("a:\n  - {b: 1, b: 2}\n", "duplicate key 'b'"),
    ("a: 014\n", "YAML 1.1"), ("a: 0o14\n", "YAML 1.2"), ("a: 1.\n", "YAML 1."), ("a: 0x1F\n", "YAML 1.1"), ("a: 1:30\n", "YAML 1.1"),
    ("a: yes\n", "YAML 1.1"), ("a: Off\n", "YAML 1.1"), ("a: True\n", "YAML 1.1"), ("a: NULL\n", "YAML 1.1"),
    ("a: 2003-02-30\n", "YAML 1.1"), ("a: 2003-01-01\n", "YAML 1.1"), ("a: .inf\n", "YAML 1.1"),
    ("a: 1_000\n", "YAML 1.1"), ("a: +5\n", "YAML 1.1"), ("a: =\n", "YAML 1.1"),
    ("a: 1234567890123456\n", "too long to be exact"), ("a: 1.0e999\n", "too large"),
    ("a: !!python/object/apply:os.system ['true']\n", "is not allowed"), ("a: !!binary aGk=\n", "is not allowed"),
    ("a: !!set {x}\n", "is not allowed"), ("a: !!timestamp 2003-01-01\n", "is not allowed"),
    ("a: !!int 0x10\n", "is not a whole number"), ("? [1]\n: 2\n", "a mapping key must be text"),
    ("x: &x [1]\ny:\n  <<: *x\n", "'<<' takes one alias of a mapping"),
    ("x: &x {a: 1}\ny:\n  <<: [*x]\n", "'<<' takes one alias of a mapping"),
    ("a: &a [*a]\n", "recursive alias"),
    ("a: " + "[" * 40 + "]" * 40 + "\n", "nesting deeper than"),
    ("a: [" + "1, " * 200_001 + "1]\n", "more than 200000 values"),
])
def test_yaml_surprises_refused(text, says):
    data, problems = parse_yaml(text, P)
    assert data is None and len(problems) == 1 and (problems[0].entry, problems[0].field) == ("(file)", "(yaml)")
    assert says in problems[0].message, problems[0].message


def test_alias_bomb_refused_from_the_events_before_any_object_is_built():
    text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"l{i}: &l{i} [{', '.join(['*l' + str(i - 1)] * 9)}]\n" for i in range(1, 10))
    data, problems = parse_yaml(text, P)
    assert data is None and "aliases expand to more than" in problems[0].message


SURPRISES = [text for text, _ in test_yaml_surprises_refused.pytestmark[0].args[1]]


def _by_the_loader(text):
    """The document as the loader's own constructors build it from the composed nodes."""
    loader = reading._Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@pytest.mark.parametrize("path", sorted({*ROOT.glob("data/raw/*.yml"), *ROOT.glob("data/external/*.yml")}),
                         ids=lambda p: p.name)
def test_every_input_is_read_in_one_pass_as_the_loader_builds_it(path):
    text = path.read_text(encoding="utf-8")
    built = reading._built(text)
    assert built is not reading._UNUSUAL  # a well-formed input never needs the second, composing pass
    assert repr(built) == repr(_by_the_loader(text))  # the same values, of the same types, in the same order


@pytest.mark.parametrize("text", SURPRISES + ["a: &x 1\nb: &x 2\n", "--- 1\n--- 2\n", "a: *x\n", "&k <<: {b: 1}\n",
                                             "a: !!map [1]\n", "x: &a {p: 1}\ny:\n  <<: *a\n  <<: *a\n"])
def test_the_one_pass_leaves_every_refusal_to_the_full_reading(text):
    assert reading._built(text) is reading._UNUSUAL


@pytest.mark.parametrize("text", ["x: &a {p: 1, q: [2, {r: 3}]}\ny:\n  <<: *a\n  q: 4\nz: *a\n", "<<: {a: 1}\nb: 2\n",
                                  "'<<': 1\n1: a\n2: [~, null, '', true, -0, 0.5e-3]\n", "- &s text\n- *s\n", "", "---\n"])
def test_merges_aliases_and_every_plain_type_read_in_one_pass_as_the_loader_builds_them(text):
    built = reading._built(text)
    assert built is not reading._UNUSUAL and repr(built) == repr(_by_the_loader(text))


def test_every_yaml_input_goes_through_the_one_loader():
    """No module but inputs.reading (and inputs.yaml_events, the pass over its loader's events) parses YAML;
    every reader of a YAML input calls read_yaml/load_yaml."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.relative_to(SRC).as_posix() not in ("inputs/reading.py", "inputs/yaml_events.py"):
            assert not re.search(r"\byaml\.", text) and "import yaml" not in text, path


def test_folder_fifo_and_oversized_files_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    assert "FIFO" in read_bytes(fifo)[1][0].message  # would block forever if opened for a plain read
    assert "is a folder" in read_bytes(tmp_path)[1][0].message
    big = tmp_path / "big.yml"
    big.write_bytes(b"a" * 101)
    assert "the limit is 100 bytes" in read_bytes(big, limit=100)[1][0].message
    assert "file not found" in load_yaml(tmp_path / "missing.yml")[1][0].message


@pytest.mark.parametrize("phrase, quote, inside", [
    ("200", "1,200 villagers were trained", False),
    ("1,200", "1,200 villagers were trained", True),
    ("000", "over 14, 000 sex workers", False),
    ("14", "over 14, 000 sex workers", False),
    ("over 14, 000", "over 14, 000 sex workers", True),
    ("20", "the 20th meeting", False),
    ("257", "received 257, of which 177", True),
    ("17", "257, of which 177 were", False),
    ("5", "1.5 million", False),
    ("13", "13 workshops in 13 provinces", True),
])
def test_phrase_matches_whole_numbers_of_its_quote(phrase, quote, inside):
    assert phrase_in_quote(phrase, quote) is inside


@pytest.mark.parametrize("text, split", [("1²00", True), ("20,⁴000", True), ("1*200", True), ("2^{3}00", True),
                                        ("20,000⁴.", False), ("rescued¹² 227", False), ("N^o 40", False)])
def test_marker_inside_a_number_is_not_verbatim(text, split):
    assert marker_inside_number(text) is split


@pytest.mark.parametrize("cell, ok", [("1500", True), ("0", True), ("１５００", False), ("١٥٠٠", False),
                                      ("1_500", False), ("1.5e3", False), ("-0", False), ("+5", False),
                                      ("015", False), ("1500.0", False), (" 1500", False), ("1" * 16, False)])
def test_counts_are_plain_ascii_whole_numbers(cell, ok):
    value, message = count_cell(cell)
    assert (message is None) is ok and (value == int(cell) if ok else value is None)


def test_decimals_years_text_and_vocabulary_cells():
    assert decimal_cell("0.25") == (0.25, None) and decimal_cell("٠.٢")[0] is None
    assert year_cell("2999")[1] and year_cell("1066")[1] and year_cell("2003") == (2003, None)
    assert text_problem("=HYPERLINK(\"x\")") and text_problem("@SUM(A1)") and text_problem("+cmd")
    assert text_problem("-2.5") is None and text_problem("plain - text") is None
    assert "U+202E" in text_problem("abc\u202edef") and "U+0007" in text_problem("bell\x07")
    assert "no-break space" in vocabulary_problem("Phnom\u00a0Penh", {"Phnom Penh"}, "geography")
    assert vocabulary_problem("Phnom Penh", {"Phnom Penh"}, "geography") is None


def test_free_text_refuses_exactly_the_invisible_categories_in_any_text():
    # every code point, alone and inside a printable text with a line break: refused exactly when it is a
    # control (but the line break), a format character or a line or paragraph separator. Each of the ~2,000 to be
    # refused is tried alone and in a text; the ~1.1 million others in runs of 500 consecutive code points, alone
    # and in a text (one refused character anywhere in a run refuses it), not 2.2 million calls one by one.
    import unicodedata
    from csecstats.inputs.cells import free_text_problem
    refused, accepted = [], []
    for c in map(chr, range(0x110000)):
        category = unicodedata.category(c)
        invisible = (category == "Cc" and c != "\n") or category in ("Cf", "Zl", "Zp")
        (refused if invisible else accepted).append(c)
    assert "\x07" in refused and "\u202e" in refused and "a" in accepted and "\n" in accepted
    wrong = [(hex(ord(c)), text) for c in refused for text in (c, f"a line\nthen {c} and more")
             if free_text_problem(text) is None]
    runs = ["".join(accepted[i:i + 500]) for i in range(0, len(accepted), 500)]
    wrong += [(hex(ord(run[0])), text[:40]) for run in runs for text in (run, f"a line\nthen {run} and more")
              if free_text_problem(text) is not None]
    assert wrong == []
    assert "U+00AD" in free_text_problem("soft\u00adhyphen\nnext line")
    assert free_text_problem("no-break\u00a0space\nand a line") is None  # a space, visible as one
