"""Arithmetic formulas of the estimate declarations, compiled without eval.

A formula may use only + - * /, parentheses, numbers and declared names; it is checked
against a whitelist of syntax-tree nodes and compiled into nested closures over numpy
arrays. Nothing is executed.
"""
from __future__ import annotations

import ast
import math
from typing import Any, Callable

import numpy as np

from ..inputs.errors import brief

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}


MAX_FORMULA_CHARS = 400   # the longest declared formula is ~50 characters


MAX_FORMULA_NODES = 100


MAX_LITERAL = 1e15        # no count in the report comes near; larger is a typo or an attack


def compile_formula(text: str, names: set[str]) -> Callable[[dict], Any]:
    """Arithmetic on declared names and numbers only; anything else raises ``ValueError``.

    The formula is short (``MAX_FORMULA_CHARS``, ``MAX_FORMULA_NODES``), its numbers finite and at most
    ``MAX_LITERAL``; it runs on float64 with numpy, so a division by zero gives inf, never an exception,
    and ``result_problems`` refuses the non-finite result."""
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
