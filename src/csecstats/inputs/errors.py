"""Input problems, reported all at once."""
from __future__ import annotations

import warnings
from dataclasses import astuple, dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one entry of one input file.

    Parameters
    ----------
    path : str
        The input file.
    entry : str
        The entry's id, or ``(file)`` for the file as a whole.
    field : str
        The field, or a name in brackets for what is not a field.
    message : str
        What is wrong and what was expected.
    """

    path: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        """``PATH: ENTRY: FIELD: message`` on one line (line breaks inside any part are shown escaped)."""
        line = f"{self.path}: {self.entry}: {self.field}: {self.message}"
        return line.replace("\r", "\\r").replace("\n", "\\n")


class ValidationFailed(Exception):
    """Raised with every problem found, never just the first.

    Parameters
    ----------
    problems : iterable of Problem
        Every problem found.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        """Pickled as its problems (work done beside the build sends it back so, ``inputs.beside``)."""
        return type(self), (self.problems,)


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise ``ValidationFailed`` when the list is not empty.

    Parameters
    ----------
    problems : iterable of Problem
        The problems found.

    Returns
    -------
    None

    Raises
    ------
    ValidationFailed
        Listing them all, when there is at least one.
    """
    problems = list(problems)
    if problems:
        raise ValidationFailed(problems)


class InputWarning(UserWarning):
    """Something in an input a reader should look at, never refused (the exit code is unchanged).

    Printed by the command on stderr as ``PATH: ENTRY: FIELD: warning: message``, once each. Every warning of an
    input is one of these (a modelling judgement, ``analysis.estimates.JudgementWarning``, is one kind).

    Parameters
    ----------
    path, entry, field, message : str
        As a ``Problem``'s.
    """

    def __init__(self, path: object, entry: str, field: str, message: str):
        self.problem = Problem(str(path), entry, field, message)
        super().__init__(str(self))

    def __str__(self) -> str:
        p = self.problem
        return str(Problem(p.path, p.entry, p.field, f"warning: {p.message}"))


def warn_all(found: Iterable[Problem], category: type[InputWarning] = InputWarning) -> None:
    """Issue each finding as a warning of ``category`` (the command prints them; nothing is refused).

    Parameters
    ----------
    found : iterable of Problem
        The findings.
    category : type, default InputWarning
        The warning class each is issued as.

    Returns
    -------
    None
    """
    for problem in found:
        warnings.warn(category(*astuple(problem)), stacklevel=2)


def brief(value: object, limit: int = 60) -> str:
    """A short printable form of any value, for messages: never builds the repr of a huge value.

    Parameters
    ----------
    value : object
        Any value.
    limit : int, default 60
        At most this many characters of a text are shown.

    Returns
    -------
    str
    """
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


EXIT_CANNOT_WRITE = 73  # sysexits EX_CANTCREAT: an output cannot be written (read-only folder, full disk)


class CannotWrite(OSError):
    """An output could not be written (a read-only folder, a full disk): not a bug and not bad input.

    The command prints one line, ``cannot write PATH: reason``, and exits ``EXIT_CANNOT_WRITE``; nothing is left
    half-written.

    Parameters
    ----------
    path : str or Path
        The output that could not be written.
    reason : str
        Why (the operating system's words).
    """

    def __init__(self, path: object, reason: str):
        self.path, self.reason = str(path), " ".join(str(reason).split())
        super().__init__(f"cannot write {self.path}: {self.reason}")

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"
