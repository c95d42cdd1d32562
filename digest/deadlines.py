"""Deadlines as readers see them: a closing day or a window, and its status on the build date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .models import DeadlineEntry, DeadlineKind


class Status(StrEnum):
    UPCOMING = "未开始"
    OPEN = "进行中"
    CLOSED = "已截止"

    @property
    def css(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    start: dt.date | None  # None for a single closing day
    end: dt.date
    phrase: str | None
    status: Status

    @property
    def month(self) -> str:
        """The month it belongs to in listings: the month it closes."""
        return self.end.strftime("%Y-%m")

    @property
    def sort_key(self) -> tuple:
        return (self.end, self.start or self.end, self.kind.value)


def status_on(today: dt.date, start: dt.date | None, end: dt.date) -> Status:
    if today > end:
        return Status.CLOSED
    if start is not None and today < start:
        return Status.UPCOMING
    return Status.OPEN


def deadline_from(entry: DeadlineEntry, today: dt.date) -> Deadline:
    end = entry.date or entry.end
    return Deadline(kind=entry.kind, start=entry.start, end=end, phrase=entry.phrase,
                    status=status_on(today, entry.start, end))
