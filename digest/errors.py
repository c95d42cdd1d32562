"""Content errors: every problem an editor must fix, located by file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in the content. Errors stop the build; warnings are the editor's review list."""

    path: str
    line: int
    field: str
    message: str
    warning: bool = False
    code: str = ""  # a warning's stable code, by which a notice records it was checked (see settle.py)
    settled: str = ""  # for a warning the notice records as checked: the editor's reason

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        severity = ""
        if self.warning:
            code = f" {self.code}" if self.code else ""
            severity = f" [已核对{code}：{self.settled}]" if self.settled else f" [警告{code}]"
        return f"{where}:{severity}{field} {self.message}"


class ContentErrors(Exception):
    """Raised once per run with every error found, so editors fix them in one pass."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def warnings_to_json(warnings: tuple[ContentError, ...]) -> list[list]:
    return [[w.path, w.line, w.field, w.message, w.warning, w.code, w.settled] for w in warnings]


def warnings_from_json(rows: list[list]) -> tuple[ContentError, ...]:
    return tuple(ContentError(*row) for row in rows)


def display_path(path: Path, root: Path) -> str:
    """The path as an editor sees it in the repository: relative to the content folder's parent."""
    # string prefix, not Path.relative_to: this runs for every file of the archive
    text, base = path.as_posix(), root.parent.as_posix()
    if base == ".":
        return text
    prefix = base if base.endswith("/") else base + "/"
    return text[len(prefix):] if text.startswith(prefix) else text


class BuildError(Exception):
    """A problem outside the content that stops the build (a missing tool, say); its message says what to do."""
