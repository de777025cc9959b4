"""What a GTFS import reports when a feed is refused."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedProblem:
    """One reason a feed was refused; `line` counts the header as line 1."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = self.file or "-"
        if self.line is not None:
            place += f":{self.line}"
        if self.field:
            place += f" {self.field}"
        return f"{place}: {self.message}"


class FeedInvalidError(Exception):
    """The feed has problems; nothing of it was imported."""

    def __init__(self, problems: list[FeedProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the GTFS feed")
        self.problems = problems
