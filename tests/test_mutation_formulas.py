"""The formula compiler's rules, each at its edge: what it computes, what it refuses and the words it uses.

Written against the mutants `make mutation` found alive: every limit is tested on both sides,
every operator by its value, every refusal by its message.
"""
import numpy as np
import pytest

from csecstats.analysis.formulas import MAX_FORMULA_CHARS, MAX_FORMULA_NODES, MAX_LITERAL, compile_formula
from csecstats.analysis import formulas

ENV = {"a": np.array([6.0, -2.0]), "b": np.array([3.0, 4.0])}


@pytest.mark.parametrize("text, expected", [
    ("a + b", [9.0, 2.0]),
    ("a - b", [3.0, -6.0]),
    ("a * b", [18.0, -8.0]),
    ("a / b", [2.0, -0.5]),
    ("-a", [-6.0, 2.0]),
    ("-(a - b) * 2", [-6.0, 12.0]),
    ("(a + 1.5) / 0.5", [15.0, -1.0]),
    ("a - b - 1", [2.0, -7.0]),   # left-associative: (a - b) - 1
    ("a / b / 2", [1.0, -0.25]),
    ("7", [7.0, 7.0]),
])
def test_each_operator_computes_its_arithmetic(text, expected):
    result = np.broadcast_to(compile_formula(text, {"a", "b"})(ENV), (2,))
    np.testing.assert_array_equal(result, expected)


def test_a_number_alone_is_float64():
    value = compile_formula("3", set())({})
    assert type(value) is np.float64 and value == 3.0


def test_division_by_zero_gives_inf_not_an_exception():
    with np.errstate(divide="ignore"):
        result = compile_formula("a / 0", {"a"})({"a": np.array([1.0, -1.0])})
    np.testing.assert_array_equal(result, [np.inf, -np.inf])


def test_names_are_read_from_the_environment_when_run():
    formula = compile_formula("a * 2", {"a"})
    np.testing.assert_array_equal(formula({"a": np.array([1.0])}), [2.0])
    np.testing.assert_array_equal(formula({"a": np.array([5.0])}), [10.0])


def test_length_limit_is_inclusive():
    at_limit = "x" * MAX_FORMULA_CHARS   # one declared name, as long as a formula may be
    assert compile_formula(at_limit, {at_limit})({at_limit: 2.0}) == 2.0
    with pytest.raises(ValueError) as refused:
        compile_formula(at_limit + "y", {at_limit + "y"})
    assert str(refused.value) == f"formula is {MAX_FORMULA_CHARS + 1} characters long; the limit is {MAX_FORMULA_CHARS}"


def test_node_limit_is_inclusive():
    # k ones added: k Constant, k-1 BinOp, k-1 Add = 3k-2 nodes; a name is two nodes (Name, Load)
    hundred = " + ".join(["1"] * 34)
    assert MAX_FORMULA_NODES == 100
    assert compile_formula(hundred, set())({}) == 34.0
    with pytest.raises(ValueError) as refused:
        compile_formula("a + " + " + ".join(["1"] * 33), {"a"})
    assert str(refused.value) == "formula has 101 terms and operators; the limit is 100"
    with pytest.raises(ValueError, match="^formula has 103 terms and operators"):
        compile_formula(hundred + " + 1", set())


def test_unreadable_formula_named_with_the_parser_message():
    with pytest.raises(ValueError) as refused:
        compile_formula("a +", {"a"})
    assert str(refused.value) == "cannot read formula 'a +': invalid syntax"


def test_unreadable_formula_without_a_parser_message_names_the_error():
    with pytest.raises(ValueError) as refused:
        compile_formula("a\x00", {"a"})
    assert str(refused.value).startswith("cannot read formula 'a\\x00': ")
    assert not str(refused.value).endswith(": None")


def test_literal_limit_is_inclusive():
    assert compile_formula(repr(MAX_LITERAL), set())({}) == MAX_LITERAL
    assert compile_formula(str(int(MAX_LITERAL)), set())({}) == MAX_LITERAL
    with pytest.raises(ValueError) as refused:
        compile_formula(str(int(MAX_LITERAL) + 1), set())
    assert str(refused.value) == (f"formula '{int(MAX_LITERAL) + 1}' uses the number {int(MAX_LITERAL) + 1}; "
                                  f"numbers must be finite and at most {MAX_LITERAL:g}")


def test_negative_literals_have_the_same_limit():
    assert compile_formula(f"-{int(MAX_LITERAL)}", set())({}) == -MAX_LITERAL
    with pytest.raises(ValueError, match="numbers must be finite"):
        compile_formula(f"-{int(MAX_LITERAL) * 2}", set())


def test_infinite_literal_refused():
    with pytest.raises(ValueError) as refused:
        compile_formula("1e999", set())
    assert str(refused.value) == "formula '1e999' uses the number inf; numbers must be finite and at most 1e+15"


@pytest.mark.parametrize("text", ["True", "'a'", "1j", "None", "+a", "a ** 2", "a // b", "a % b", "a @ b",
                                  "f(a)", "a.b", "a[0]", "a < b", "not a", "(a, b)"])
def test_anything_outside_the_whitelist_refused_with_the_whitelist(text):
    with pytest.raises(ValueError) as refused:
        compile_formula(text, {"a", "b"})
    assert str(refused.value) == (f"formula {text!r} may use only + - * /, parentheses, numbers and declared names")


def test_an_undeclared_name_is_named():
    with pytest.raises(ValueError) as refused:
        compile_formula("a * c", {"a", "b"})
    assert str(refused.value) == "formula 'a * c' uses 'c', which is neither an input nor an assumption"


@pytest.mark.parametrize("text", ["a + c", "c + a", "-c", "a * (b / c)", "(c - a) * b", "-(c * 2)"])
def test_a_refused_part_anywhere_in_the_tree_is_named_with_the_whole_formula(text):
    with pytest.raises(ValueError) as refused:
        compile_formula(text, {"a", "b"})
    assert str(refused.value) == f"formula {text!r} uses 'c', which is neither an input nor an assumption"


@pytest.mark.parametrize("text", ["a ** 2 + b", "b + a ** 2", "-(a ** 2)", "-a % 2"])
def test_a_part_outside_the_whitelist_anywhere_is_named_with_the_whole_formula(text):
    with pytest.raises(ValueError) as refused:
        compile_formula(text, {"a", "b"})
    assert str(refused.value) == f"formula {text!r} may use only + - * /, parentheses, numbers and declared names"


# ---------------------------------------------------------------- the unit algebra's messages and edges

def test_a_negated_name_is_held_to_the_unit_its_place_needs():
    """`-x` and `x` expect the same unit of x: a persons figure where a share is needed is named either way."""
    plain = formulas.unit_expectations("total * share", {"total": "persons", "share": "persons"}, "persons")
    negated = formulas.unit_expectations("total * -share", {"total": "persons", "share": "persons"}, "persons")
    assert [name for name, _ in negated] == [name for name, _ in plain] == ["share"]
    assert negated[0][1] == ("the formula 'total * -share' needs a share or ratio for share to give persons, "
                             "but share is in persons")


def test_the_dimension_said_in_words():
    """Powers of nouns in words: a share or ratio, a product of nouns, a noun per another, 1 per a noun."""
    assert formulas._said(()) == "a share or ratio"
    assert formulas._said((("cases", -1), ("persons", 2))) == "persons x persons per cases"
    assert formulas._said((("persons", -1),)) == "1 per persons"
    assert formulas.unit_expectations("a * b", {"a": "persons", "b": "persons"}, "share") == [
        ("a", "the formula 'a * b' needs 1 per persons for a to give share, but a is in persons")]
    assert formulas.unit_expectations("a * b / c", {"a": "persons", "b": "persons", "c": "cases"}, "share") == [
        ("a", "the formula 'a * b / c' needs cases per persons for a to give share, but a is in persons")]
    assert formulas.unit_expectations("a / b", {"a": "persons", "b": "persons"}, "persons") == [
        (None, "the formula 'a / b' gives a share or ratio, not persons")]


def test_a_reference_with_a_field_or_an_external_prefix_reads_its_rows_unit():
    units = {"sex_workers_2003": "persons", "ext_row": "cases"}
    assert formulas._ref_unit("sex_workers_2003.low", units) == "persons"
    assert formulas._ref_unit("external:ext_row.high", units) == "cases"
    assert formulas._ref_unit("external:ext_row", units) == "cases"
    assert formulas._ref_unit("a.b.c", {"a.b": "shares"}) == "shares"  # only the last dot splits off a field
    assert formulas._ref_unit(12000, units) is None


def _range_spec(low: str, high: str) -> dict:
    return {"unit": "persons", "method": "range", "low": low, "high": high,
            "assumptions": [{"name": "total", "parameters": {"low": "sex_workers_2003"}},
                            {"name": "share", "parameters": {"low": "sex_workers_2003"}}]}


def test_a_range_checks_its_low_and_its_high_formula_each_under_its_own_field():
    units = {"sex_workers_2003": "persons"}
    low_bad = formulas.estimate_unit_problems("e.yml", [("k", _range_spec("total / share", "total"))], units)
    assert [(p.entry, p.field) for p in low_bad] == [("k", "low")], low_bad
    high_bad = formulas.estimate_unit_problems("e.yml", [("k", _range_spec("total", "total / share"))], units)
    assert [(p.entry, p.field) for p in high_bad] == [("k", "high")], high_bad


def test_every_formula_of_an_estimate_is_checked_after_one_that_is_not_text():
    units = {"sex_workers_2003": "persons"}
    spec = {**_range_spec("total", "total / share"), "low": 5}
    found = formulas.estimate_unit_problems("e.yml", [("k", spec)], units)
    assert [(p.entry, p.field) for p in found] == [("k", "high")], found


def test_a_figure_as_published_in_another_unit_says_which():
    spec = {"unit": "share", "method": "as_published", "inputs": {"n": "sex_workers_2003"}}
    found = formulas.estimate_unit_problems("e.yml", [("k", spec)], {"sex_workers_2003": "persons"})
    assert [(p.path, p.entry, p.field, p.message) for p in found] == [
        ("e.yml", "k", "unit", "its input is in persons, not share")]
