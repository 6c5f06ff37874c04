"""Diagnostics: every problem found is a `path:line: [code] message`, for people and (as JSON) for machines."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: [{self.code}] {prefix}{self.message}"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class Report:
    """Diagnostics collected across stages; a stage appends, the CLI decides the exit status."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, path: Path | str, line: int, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.diagnostics.append(Diagnostic(str(path), max(int(line), 1), code, message, severity))

    def warn(self, path: Path | str, line: int, code: str, message: str) -> None:
        self.add(path, line, code, message, Severity.WARNING)

    def extend(self, other: Report) -> None:
        self.diagnostics.extend(other.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=lambda d: (d.path, d.line, d.code, d.message))
