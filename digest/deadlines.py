"""Deadlines as readers see them: a closing day or a window, how it was reached, and its status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from .models import DeadlineEntry, DeadlineKind, FrontMatter
from .periods import Computed, compute_end, parse_period
from .statuses import Status, single_day_word, status_on


class Deadline(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A deadline of the linked site (a struct: the store keeps linked weeks as they are)."""

    kind: DeadlineKind
    start: dt.date | None  # None for a single closing day
    end: dt.date
    phrase: str | None
    # on the build date; None until the site is linked (loading knows no date). What lists show of a
    # notice is digested without it: a status follows from the dates and the build date, and pages
    # that show one are keyed by that date (`as_of`), so lists that show none are kept when one changes
    status: Status | None
    rule: str | None = None  # the period as written, e.g. '1 个月'
    explanation: str | None = None  # how a computed date was reached
    verified: bool = True  # False where the holiday schedule of a year was not known

    @property
    def month(self) -> str:
        """The month it belongs to in listings: the month it closes."""
        return self.end.isoformat()[:7]

    @property
    def end_word(self) -> str:
        """What follows its day when it is a single day: 截止, 起施行, or nothing for an event."""
        return single_day_word(self.kind)

    @property
    def sort_key(self) -> tuple:
        return (self.end, self.start or self.end, self.kind.value)


class DeadlineRecord(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A deadline as loaded: without status, as loading knows no build date (`on_day`); what the
    store keeps of it."""

    kind: DeadlineKind
    start: dt.date | None  # None for a single closing day
    end: dt.date
    phrase: str | None
    rule: str | None
    explanation: str | None
    verified: bool


@dataclass(frozen=True)
class Resolved:
    deadline: Deadline
    claim: Computed | None  # set when a stated end contradicts the rule written beside it


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


def on_day(deadline: DeadlineRecord, today: dt.date, soon_days: int) -> Deadline:
    """The deadline with its status on `today`."""
    d = deadline
    return Deadline(d.kind, d.start, d.end, d.phrase, status_on(today, d.kind, d.start, d.end, soon_days), d.rule,
                    d.explanation, d.verified)
