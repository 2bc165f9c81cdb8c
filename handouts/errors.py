"""The one family of errors the core raises; the CLI turns each into a message and exit 2."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class HandoutsError(Exception):
    """Base class: any problem the user can fix by changing their input."""

    exit_code = 2

    def lines(self) -> list[str]:
        """The message as lines for the terminal."""
        return [str(self)]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a content file, with where it is."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(HandoutsError):
    """Raised when content files fail to parse or validate; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """Each problem, then their count and where: '3 problems in handouts.toml.'"""
        n, files = len(self.problems), sorted({p.path for p in self.problems})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        return [str(p) for p in self.problems] + ([f"{n} problems in {where}."] if n > 1 else [])


class SelectionError(HandoutsError):
    """Raised when the chosen routine, stretches or filters do not match the library."""


class LayoutError(HandoutsError):
    """Raised when content cannot be laid out as asked (too long for one page, missing glyphs)."""


class OptionError(HandoutsError):
    """Raised when an option or setting is outside its choices (page size, weeks, date, language)."""


class InputFileError(HandoutsError):
    """Raised when a file named on the command line is missing, unreadable or malformed."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


def need_folder(path: Path, advice: str) -> None:
    """Raise InputFileError when `path` exists but is not a folder: "<path>: is a file;
    <advice>" (or "is not a folder" for a device or a pipe). Nothing when it is a folder
    or is not there yet."""
    if path.exists() and not path.is_dir():
        kind = "a file" if path.is_file() else "not a folder"
        raise InputFileError(path, f"is {kind}; {advice}")


class InputErrors(HandoutsError):
    """Raised when an input file has several problems that each stop it: one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        return list(self.problems)
