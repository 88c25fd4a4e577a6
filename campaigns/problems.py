"""What is wrong with a campaign definition, located by field path and, where known, line."""

from __future__ import annotations

import msgspec


class Problem(msgspec.Struct, frozen=True):
    """One error or warning about one field of a definition."""

    path: str
    message: str
    line: int | None = None

    def describe(self, source: str | None = None) -> str:
        """`file, line 42, use_cases[3].steps[2].stage: message`."""
        where = [part for part in (source, self.line and f"line {self.line}") if part]
        field = self.path or "(top level)"
        return ", ".join([*where, f"{field}: {self.message}"])


class DefinitionError(ValueError):
    """A definition that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(problem.describe(source) for problem in problems))
