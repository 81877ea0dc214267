"""What a processed table's declaration holds: its columns, each typed and described, its key and rules.

A ``Table`` is ``data/processed/<name>.csv``; a ``Column`` has a Frictionless type
(``TYPES``: string, number, integer, boolean, date written YYYY-MM-DD), a description,
whether it may be empty, and the closed vocabulary (``isin``) or lowest value (``ge``) it
keeps. The declarations themselves are ``tables.declared.TABLES``.
"""
from __future__ import annotations

from dataclasses import dataclass

TYPES = ("string", "number", "integer", "boolean", "date")


@dataclass(frozen=True)
class Column:
    """One column: name, Frictionless type, description; empty cells allowed only when ``nullable``.

    Parameters
    ----------
    name, type, description : str
    nullable : bool, default False
    isin : str, optional
    ge : float, optional
    """

    name: str
    type: str
    description: str
    nullable: bool = False
    isin: str | None = None  # name of a closed vocabulary
    ge: float | None = None  # lowest allowed value


@dataclass(frozen=True)
class Table:
    """One processed table, ``data/processed/<name>.csv``.

    Parameters
    ----------
    name, title, description : str
    columns : tuple of Column
    key : str, optional
    rules : tuple of str, default ()
    foreign_keys : tuple of (str, str, str), default ()
    """

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: str | None = None  # a column whose values are unique
    rules: tuple[str, ...] = ()  # row-wise rules of tables.schema
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table it refers to, that table's key column)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
