"""Arithmetic formulas of the estimate declarations, compiled without eval. Stage 8.

A formula may use only + - * /, parentheses, numbers and declared names; it is checked
against a whitelist of syntax-tree nodes and compiled into nested closures over numpy
arrays. Nothing is executed.
"""
from __future__ import annotations

import ast
import operator
from typing import Any, Callable

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def compile_formula(text: str, names: set[str]) -> Callable[[dict], Any]:
    """Arithmetic on declared names and numbers only; anything else raises ``ValueError``."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"cannot read formula {text!r}: {exc.msg}") from None
    return _node(tree, names, text)


def _node(node: ast.AST, names: set[str], text: str) -> Callable[[dict], Any]:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op, left, right = _BINARY[type(node.op)], _node(node.left, names, text), _node(node.right, names, text)
        return lambda env: op(left(env), right(env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _node(node.operand, names, text)
        return lambda env: -inner(env)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        number = float(node.value)
        return lambda env: number
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise ValueError(f"formula {text!r} uses {node.id!r}, which is neither an input nor an assumption")
        key = node.id
        return lambda env: env[key]
    raise ValueError(f"formula {text!r} may use only + - * /, parentheses, numbers and declared names")
