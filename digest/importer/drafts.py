"""Drafts: what the importer found, before it becomes files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import Group, Section
from ..recognise import line_date as _line_date
from .patterns import _CONTACT_LINE_RE, _LABEL_LINE_RE, _OPEN_LINE_MIN_CHARS, _TERMINALS


@dataclass
class _Line:
    no: int
    text: str


@dataclass
class _Signature:
    by: str
    date: dt.date


@dataclass
class _SectionDraft:
    section: Section
    line: int
    start: dt.date | None
    end: dt.date | None
    signature: _Signature | None = None


@dataclass
class _WeekDraft:
    publisher: str
    date: dt.date
    sections: list[_SectionDraft]


@dataclass
class _NoticeDraft:
    section: Section
    group: Group
    order: int
    line: int  # of the title
    title: str = ""
    url: str | None = None
    lines: list[_Line] = field(default_factory=list)  # everything after the title line, to the next title
    slug: str = ""
    doc_number: str | None = None
    addressees: str | None = None
    issuers: list[str] = field(default_factory=list)
    date: dt.date | None = None
    published: dt.date | None = None
    kind: str = "其他"
    deadlines: list[dict] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    note: str | None = None
    body: str = ""
    aliases: list[str] = field(default_factory=list)  # names an earlier import of the week gave it
    review: list[str] = field(default_factory=list)  # the places of it the importer was unsure of


@dataclass
class _Block:
    """A paragraph, heading, list item or table of the body, with the source line of each part."""

    kind: str  # text | list | h2 | h3 | table
    text: str
    lines: list[tuple[int, int]]  # (offset in text, source line)
    heading: str = ""  # the heading the block sits under
    rows: list[list[str]] = field(default_factory=list)  # for tables
    level_shift: int = 0  # headings of an appendix sit one level lower

    def line_at(self, offset: int) -> int:
        line = self.lines[0][1]
        for start, number in self.lines:
            if start <= offset:
                line = number
        return line

    @property
    def open(self) -> bool:
        """A paragraph cut off mid-sentence, as page breaks leave them."""
        return (self.kind in ("text", "list") and len(self.text) >= _OPEN_LINE_MIN_CHARS
                and self.text[-1] not in _TERMINALS and not _LABEL_LINE_RE.match(self.text)
                and not _CONTACT_LINE_RE.match(self.text))


def _first_date(lines: list[_Line]) -> dt.date | None:
    return next((d for line in lines for d in [_line_date(line.text)] if d), None)
