"""A problem in the knowledge files, said with its file, entry and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge files."""

    file: str
    entry: Optional[str]
    field: Optional[str]
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.entry is not None:
            where += f", entry '{self.entry}'"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge files are invalid; ``problems`` says where and why."""

    def __init__(self, problems: List[Problem]) -> None:
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge files:\n{listing}")
