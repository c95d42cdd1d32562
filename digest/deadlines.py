"""Deadlines as readers see them: a closing day or a window, how it was reached, and its status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from .models import DeadlineEntry, DeadlineKind, FrontMatter
from .periods import Computed, compute_end, parse_period


class Status(StrEnum):
    UPCOMING = "未开始"
    OPEN = "进行中"
    SOON = "即将截止"
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
    status: Status | None  # on the build date; None until the site is linked (loading knows no date)
    rule: str | None = None  # the period as written, e.g. '1 个月'
    explanation: str | None = None  # how a computed date was reached
    verified: bool = True  # False where the holiday schedule of a year was not known

    @property
    def month(self) -> str:
        """The month it belongs to in listings: the month it closes."""
        return self.end.isoformat()[:7]

    @property
    def sort_key(self) -> tuple:
        return (self.end, self.start or self.end, self.kind.value)


@dataclass(frozen=True)
class Resolved:
    deadline: Deadline
    claim: Computed | None  # set when a stated end contradicts the rule written beside it


def status_on(today: dt.date, start: dt.date | None, end: dt.date, soon_days: int) -> Status:
    if today > end:
        return Status.CLOSED
    if start is not None and today < start:
        return Status.UPCOMING
    if (end - today).days <= soon_days:
        return Status.SOON
    return Status.OPEN


def publication_date(front: FrontMatter) -> dt.date:
    """The day 自发布之日起 counts from: the 发布日期 when given, else the 成文日期."""
    return front.published or front.date


def resolve(entry: DeadlineEntry, front: FrontMatter) -> Resolved:
    """The deadline an entry states or implies, without a status (see `on_day`)."""
    stated_end = entry.date or entry.end
    computed = claim = None
    if entry.within is not None:
        base = entry.start or entry.base or publication_date(front)
        label = " 发布之日" if entry.start is None and entry.base is None else ""
        computed = compute_end(base, parse_period(entry.within), label)
        if stated_end is not None and stated_end != computed.end:
            claim = computed
    end = stated_end or computed.end
    deadline = Deadline(
        kind=entry.kind, start=entry.start, end=end, phrase=entry.phrase,
        status=None,
        rule=entry.within,
        explanation=computed.explanation if computed and not claim else None,
        verified=computed.verified if computed else True,
    )
    return Resolved(deadline, claim)


def on_day(deadline: Deadline, today: dt.date, soon_days: int) -> Deadline:
    """The deadline with its status on `today`."""
    return replace(deadline, status=status_on(today, deadline.start, deadline.end, soon_days))
