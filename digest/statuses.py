"""What a date means to a reader on a given day, by kind: a 申报 deadline closes, a comment period is
open for views, a 公示 runs its course, a rule takes effect, an event week starts and ends.

The same rules run in the reader's browser (static/status.js, whose `WORDS` the tests compare with
`WORDS` here), so a page built days ago still shows the status of the day it is read.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import msgspec

from .models import DeadlineKind


class Phase(StrEnum):
    UPCOMING = "upcoming"  # its window has not begun (or a rule is not yet in force)
    OPEN = "open"  # a reader can still act on it (or an event is under way)
    SOON = "soon"  # open, and closing within the build's soon_days
    CLOSED = "closed"  # over (or a rule is in force)


# The words readers see, by kind and phase; a kind without a word for SOON is never shown as closing soon.
_DEADLINE = {Phase.UPCOMING: "未开始", Phase.OPEN: "进行中", Phase.SOON: "即将截止", Phase.CLOSED: "已截止"}
WORDS: dict[DeadlineKind, dict[Phase, str]] = {
    DeadlineKind.APPLY: _DEADLINE,
    DeadlineKind.SUBMIT: _DEADLINE,
    DeadlineKind.COMMENT: {Phase.UPCOMING: "未开始", Phase.OPEN: "意见征集中", Phase.CLOSED: "已截止"},
    DeadlineKind.PUBLICITY: {Phase.UPCOMING: "未开始", Phase.OPEN: "公示中", Phase.CLOSED: "公示期满"},
    DeadlineKind.EFFECTIVE: {Phase.UPCOMING: "未施行", Phase.CLOSED: "已施行"},
    DeadlineKind.EVENT: {Phase.UPCOMING: "未开始", Phase.OPEN: "进行中", Phase.CLOSED: "已结束"},
    DeadlineKind.OTHER: _DEADLINE,
}

# Kinds a reader acts on before their end: what /deadlines/open/ lists while they are open.
ACTIONABLE = (DeadlineKind.APPLY, DeadlineKind.SUBMIT, DeadlineKind.COMMENT, DeadlineKind.PUBLICITY)


class Status(msgspec.Struct, frozen=True, array_like=True, gc=False):
    kind: DeadlineKind
    phase: Phase

    @property
    def value(self) -> str:
        """The word shown: 进行中, 意见征集中, 公示期满, 已施行…"""
        return WORDS[self.kind][self.phase]

    @property
    def css(self) -> str:
        return "in-force" if self.kind is DeadlineKind.EFFECTIVE and self.phase is Phase.CLOSED else self.phase.value

    @property
    def actionable(self) -> bool:
        """Open now for a reader to apply, submit, comment or object."""
        return self.kind in ACTIONABLE and self.phase in (Phase.OPEN, Phase.SOON)

    def __str__(self) -> str:
        return self.value


def phase_on(today: dt.date, kind: DeadlineKind, start: dt.date | None, end: dt.date, soon_days: int) -> Phase:
    """`end` is the last day (of a window, or the single day); for 施行 the day the rule takes effect."""
    if kind is DeadlineKind.EFFECTIVE:
        return Phase.CLOSED if today >= end else Phase.UPCOMING
    if today > end:
        return Phase.CLOSED
    if (start is not None and today < start) or (kind is DeadlineKind.EVENT and start is None and today < end):
        return Phase.UPCOMING
    if Phase.SOON in WORDS[kind] and (end - today).days <= soon_days:
        return Phase.SOON
    return Phase.OPEN


def status_on(today: dt.date, kind: DeadlineKind, start: dt.date | None, end: dt.date, soon_days: int) -> Status:
    return Status(kind, phase_on(today, kind, start, end, soon_days))


def days_left(today: dt.date, end: dt.date) -> int:
    """Days from `today` to the last day: 0 on the last day itself."""
    return (end - today).days


# What follows a single day: "2021 年 5 月 14 日 截止", "2021 年 4 月 13 日 起施行", an event's day alone.
_SINGLE_DAY = {DeadlineKind.EFFECTIVE: "起施行", DeadlineKind.EVENT: ""}


def single_day_word(kind: DeadlineKind) -> str:
    return _SINGLE_DAY.get(kind, "截止")
