"""Input problems, reported all at once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one entry of one input file."""

    path: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        """``PATH: ENTRY: FIELD: message`` on one line (line breaks inside any part are shown escaped)."""
        line = f"{self.path}: {self.entry}: {self.field}: {self.message}"
        return line.replace("\r", "\\r").replace("\n", "\\n")


class ValidationFailed(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise ``ValidationFailed`` when the list is not empty."""
    problems = list(problems)
    if problems:
        raise ValidationFailed(problems)


def brief(value: object, limit: int = 60) -> str:
    """A short printable form of any value, for messages: never builds the repr of a huge value."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "..."
        return repr(text)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 64 else f"a {value.bit_length()}-bit whole number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple, dict, set)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    return f"a {type(value).__name__}"
