"""Input problems, reported all at once. Stage 0."""
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
        return f"{self.path}: {self.entry}: {self.field}: {self.message}"


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
