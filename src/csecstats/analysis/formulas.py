"""Arithmetic formulas of the estimate declarations, compiled without eval.

A formula may use only + - * /, parentheses, numbers and declared names; it is checked
against a whitelist of syntax-tree nodes and compiled into nested closures over numpy
arrays. Nothing is executed.
"""
from __future__ import annotations

import ast
import math
from collections.abc import Iterable, Mapping
from typing import Any, Callable

import numpy as np

from ..inputs.errors import Problem, brief

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}


MAX_FORMULA_CHARS = 400   # the longest declared formula is ~50 characters


MAX_FORMULA_NODES = 100


MAX_LITERAL = 1e15        # no count in the report comes near; larger is a typo or an attack


def compile_formula(text: str, names: set[str]) -> Callable[[dict], Any]:
    """Arithmetic on declared names and numbers only; anything else raises ``ValueError``.

    The formula is short (``MAX_FORMULA_CHARS``, ``MAX_FORMULA_NODES``), its numbers finite and at most
    ``MAX_LITERAL``; it runs on float64 with numpy, so a division by zero gives inf, never an exception,
    and ``result_problems`` refuses the non-finite result.

    Parameters
    ----------
    text : str
        The formula as declared.
    names : set of str
        The names it may use.

    Returns
    -------
    callable
        Takes the names' values (a dict) and returns the result.

    Raises
    ------
    ValueError
        When the formula is not such arithmetic, or too long.
    """
    if len(text) > MAX_FORMULA_CHARS:
        raise ValueError(f"formula is {len(text)} characters long; the limit is {MAX_FORMULA_CHARS}")
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise ValueError(f"cannot read formula {brief(text)}: {getattr(exc, 'msg', type(exc).__name__)}") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_FORMULA_NODES:
        raise ValueError(f"formula has {count} terms and operators; the limit is {MAX_FORMULA_NODES}")
    return _node(tree, names, text)


def _node(node: ast.AST, names: set[str], text: str) -> Callable[[dict], Any]:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op, left, right = _BINARY[type(node.op)], _node(node.left, names, text), _node(node.right, names, text)
        return lambda env: op(left(env), right(env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _node(node.operand, names, text)
        return lambda env: np.negative(inner(env))
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if not (math.isfinite(node.value) and abs(node.value) <= MAX_LITERAL):
            raise ValueError(f"formula {brief(text)} uses the number {brief(node.value)}; numbers must be "
                             f"finite and at most {MAX_LITERAL:g}")
        number = np.float64(node.value)
        return lambda env: number
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise ValueError(f"formula {brief(text)} uses {brief(node.id)}, which is neither an input nor an assumption")
        key = node.id
        return lambda env: env[key]
    raise ValueError(f"formula {brief(text)} may use only + - * /, parentheses, numbers and declared names")


# ---------------------------------------------------------------- units

FRACTIONS = ("share", "ratio")  # units without a noun: a fraction of a whole, a number after over before
Dimension = tuple  # sorted (noun, power) pairs: persons -> (("persons", 1),); a share or ratio -> ()


def dimension(unit: str) -> Dimension:
    """A declared unit as powers of nouns: a count is its noun, a share or ratio has none.

    Parameters
    ----------
    unit : str
        A unit of the vocabulary.

    Returns
    -------
    tuple of (str, int)
    """
    return () if unit in FRACTIONS else ((unit, 1),)


def _combine(a: Dimension, b: Dimension, sign: int) -> Dimension:
    powers = dict(a)
    for noun, power in b:
        powers[noun] = powers.get(noun, 0) + sign * power
    return tuple(sorted((n, p) for n, p in powers.items() if p))


def _said(d: Dimension) -> str:
    if not d:
        return "a share or ratio"
    top = [n for n, p in d for _ in range(p) if p > 0]
    bottom = [n for n, p in d for _ in range(-p) if p < 0]
    return " x ".join(top or ["1"]) + "".join(f" per {n}" for n in bottom)


def formula_dimension(node: ast.AST, dims: dict[str, Dimension | None]) -> Dimension | None:
    """The dimension (powers of nouns) a formula computes.

    The powers of nouns a formula computes from its names' (None where a name's unit is unknown, or where a
    sum adds two different units): products add powers, quotients subtract them, a number has none.

    Parameters
    ----------
    node : ast.AST
        The parsed formula (or a part of it).
    dims : dict of str to tuple or None
        Each name's dimension (None: unknown).

    Returns
    -------
    tuple of (str, int) or None
    """
    if isinstance(node, ast.Constant):
        return ()
    if isinstance(node, ast.Name):
        return dims.get(node.id)
    if isinstance(node, ast.UnaryOp):
        return formula_dimension(node.operand, dims)
    if not isinstance(node, ast.BinOp):
        return None
    left, right = formula_dimension(node.left, dims), formula_dimension(node.right, dims)
    if left is None or right is None:
        return None
    if isinstance(node.op, (ast.Add, ast.Sub)):
        return left if left == right else None
    return _combine(left, right, 1 if isinstance(node.op, ast.Mult) else -1)


def gives(result: Dimension, target: str) -> bool:
    """Whether a result is in the declared unit.

    A count in its noun, a share in no noun (a count over a count of the same noun), a ratio in none or one noun
    per another (victims per case).

    Parameters
    ----------
    result : tuple of (str, int)
        A formula's dimension.
    target : str
        The declared unit.

    Returns
    -------
    bool
    """
    if target == "ratio":
        return sum(p for _, p in result) == 0 and all(abs(p) == 1 for _, p in result)
    return result == dimension(target)


def unit_expectations(text: str, units: dict[str, str | None], target: str) -> list[tuple[str | None, str]]:
    """Where a formula cannot give its declared unit from its names' units, and why.

    Where a formula cannot give the declared unit ``target`` from its names' units: (the name whose unit is
    not what the formula expects there, or None when the formula itself is at fault, and why). A product
    giving a count needs that count times a fraction; a quotient giving a share needs counts of one noun;
    a sum needs one unit on both sides. Names of unknown unit (a typed number) take what they are given.

    Parameters
    ----------
    text : str
        The formula.
    units : dict of str to str or None
        Each name's unit (None: unknown).
    target : str
        The estimate's declared unit.

    Returns
    -------
    list of (str or None, str)
    """
    tree = ast.parse(text, mode="eval").body
    dims = {name: (None if unit is None else dimension(unit)) for name, unit in units.items()}
    result = formula_dimension(tree, dims)
    if result is not None and gives(result, target):
        return []
    if result is not None and _simple(result):  # the formula computes one thing, and not what is declared
        return [(None, f"the formula {brief(text)} gives {_said(result)}, not {target}")]
    found: list[tuple[str | None, str]] = []
    want = dimension(target) if result is None or target != "ratio" else ()
    _expect(tree, want, dims, text, target, found)
    if not found and (result is not None or all(dims.get(n.id) is not None for n in ast.walk(tree)
                                                 if isinstance(n, ast.Name))):
        said = "adds different units" if result is None else f"gives {_said(result)}"
        found.append((None, f"the formula {brief(text)} {said}, not {target}"))
    return found


def _simple(d: Dimension) -> bool:
    return d == () or (len(d) == 1 and d[0][1] == 1)


def _expect(node: ast.AST, want: Dimension, dims: dict, text: str, target: str, found: list) -> None:
    """Append to ``found`` each name that keeps ``node`` from giving ``want``; for a product or quotient, the
    side whose unit would then be a plain count or fraction is held and the other is expected to fit."""
    if isinstance(node, ast.Name):
        have = dims.get(node.id)
        if have is not None and have != want:
            found.append((node.id, f"the formula {brief(text)} needs {_said(want)} for {node.id} to give "
                                   f"{target}, but {node.id} is in {_said(have)}"))
        return
    if isinstance(node, ast.UnaryOp):
        return _expect(node.operand, want, dims, text, target, found)
    if not isinstance(node, ast.BinOp) or formula_dimension(node, dims) == want:
        return
    if isinstance(node.op, (ast.Add, ast.Sub)):
        _expect(node.left, want, dims, text, target, found)
        _expect(node.right, want, dims, text, target, found)
        return
    left, right = formula_dimension(node.left, dims), formula_dimension(node.right, dims)
    sign = 1 if isinstance(node.op, ast.Mult) else -1
    # what the right side must be with the left held, and the left with the right held
    for_right = None if left is None else _combine(want, left, -1) if sign == 1 else _combine(left, want, -1)
    for_left = None if right is None else _combine(want, right, -sign)
    if for_right is not None and (_simple(for_right) or for_left is None):
        _expect(node.right, for_right, dims, text, target, found)
    elif for_left is not None:
        _expect(node.left, for_left, dims, text, target, found)


def _ref_unit(ref: Any, units: Mapping[str, str]) -> str | None:
    """The unit of a reference to a figure or external row (``figure_id``, ``figure_id.low``, ``external:ID``)."""
    if not isinstance(ref, str):
        return None
    ref = ref.removeprefix("external:")
    return units.get(ref) or units.get(ref.rsplit(".", 1)[0])


def estimate_unit_problems(where: str, specs: Iterable[tuple[str, dict]], units: Mapping[str, str]) -> list[Problem]:
    """Each estimate (each scenario as resolved) computes its declared unit: an assumption reads figures of one
    unit, and that unit is what its formula expects of it (``unit_expectations``: a share times a count of
    persons is persons); an input likewise; the formula's result, a Poisson count over its base (a ratio),
    a Wilson interval (a share) and a figure as published are in the estimate's declared ``unit``. ``units``:
    each figure's and external row's unit, by id.

    Parameters
    ----------
    where : str
    specs : iterable of (str, dict)
    units : mapping of str to str

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    for key, spec in specs:
        target = spec.get("unit")
        if not isinstance(target, str):
            continue
        names: dict[str, str | None] = {}
        fields: dict[str, str] = {}
        for name, ref in (spec.get("inputs") or {}).items():
            names[name], fields[name] = _ref_unit(ref, units), f"inputs.{name}"
        for i, a in enumerate(spec.get("assumptions") or [], start=1):
            if not isinstance(a, dict) or not isinstance(a.get("name"), str):
                continue
            refs = [r for v in (a.get("parameters") or {}).values() for r in (v if isinstance(v, list) else [v])]
            read = sorted({u for r in refs if (u := _ref_unit(r, units))})
            if len(read) > 1:
                problems.append(Problem(where, key, f"assumptions[{i}].parameters",
                                        f"reads figures in {' and '.join(read)}: one assumption is one quantity "
                                        "in one unit"))
            names[a["name"]] = read[0] if len(read) == 1 else None
            fields[a["name"]] = f"assumptions[{i}].parameters"
        method = spec.get("method")
        formulas = {"formula": spec.get("formula")} if method in ("monte_carlo", "deterministic") else (
            {"low": spec.get("low"), "high": spec.get("high")} if method == "range" else {})
        for field, text in formulas.items():
            if not isinstance(text, str):
                continue
            try:
                found = unit_expectations(text, names, target)
            except (SyntaxError, ValueError, RecursionError):
                continue  # the compiler names an unreadable formula
            problems += [Problem(where, key, fields.get(name, "unit") if name else
                                 ("unit" if field == "formula" else field), message) for name, message in found]
        if method == "poisson_exact" and target not in FRACTIONS:
            problems.append(Problem(where, key, "unit", f"a count over its base (a Poisson rate) is a ratio, not "
                                                        f"{target}"))
        if method == "wilson" and target != "share":
            problems.append(Problem(where, key, "unit", f"a Wilson interval gives a share, not {target}"))
        if method == "as_published":
            read = {u for u in names.values() if u}
            if read and read != {target}:
                problems.append(Problem(where, key, "unit", f"its input is in {', '.join(sorted(read))}, not "
                                                            f"{target}"))
    return problems


STRUCTURAL = (0, 1)  # the numbers a formula may print: none and the whole ('0 * total', '1 - share')


def bare_number_problems(where: str, specs: Iterable[tuple[str, dict]]) -> list[Problem]:
    """A formula prints no number but 0 and 1 (``STRUCTURAL``): any other number an estimate rests on ('* 2', a
    share typed as '0.2') is an input read from a figure or an assumption declared with its reason, never a factor
    typed into the arithmetic.

    Parameters
    ----------
    where : str
        The estimates file, named in each problem.
    specs : iterable of (str, dict)
        Each estimate (each scenario as resolved) by its label.

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    for key, spec in specs:
        for field in ("formula", "low", "high"):
            text = spec.get(field)
            try:
                tree = ast.parse(text, mode="eval") if isinstance(text, str) else None
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue  # the compiler names an unreadable formula
            typed = sorted({n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                            and type(n.value) in (int, float) and n.value not in STRUCTURAL} if tree else set())
            if typed:
                problems.append(Problem(where, key, field, f"{brief(text, 60)} prints the number {typed[0]:g}: a "
                                        "number an estimate rests on is an input or an assumption with its reason"))
    return problems
