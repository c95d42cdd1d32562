"""The linked site: the types pages are given, each holding only what its pages may show.

A list page (browse, agency, deadline and home pages, calendars) is given `NoticeSummary` objects:
title, dates, agencies and deadlines, and a `digest` of exactly those. A page that shows a notice's
text (its own page, its week's page, the feeds, the data files) is given `Notice`, which adds the
front matter, the body and its HTML, and is keyed by `full_digest`. A list template that reads a
notice's text finds no such attribute and stops the build naming its template and line, so no page
can show what its key does not cover.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

import msgspec
from markupsafe import Markup

from .citations import Refs
from .deadlines import Deadline
from .errors import ContentError
from .load import NoticeText, WeekRecord
from .markup import shift_headings
from .models import DeadlineKind, FrontMatter, Group, Level, Section, SectionEntry
from .related import KeptLinks


class Agency(msgspec.Struct, frozen=True, array_like=True, gc=False):
    id: str
    name: str
    short: tuple[str, ...]
    aliases: tuple[str, ...]
    level: Level
    region: str | None
    parent_id: str | None
    website: str | None
    digest: str  # of its registry entry

    @property
    def url(self) -> str:
        return f"agencies/{self.id}/"

    @property
    def short_name(self) -> str:
        return self.short[0] if self.short else self.name


class NoticeSummary(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What lists show of a notice (a struct, as are its agencies and deadlines: the store keeps each
    linked week as it is, `link.LinkedWeek`). Like every struct decoded from the store it is frozen
    and holds no mutable value, so it cannot be part of a cycle: `gc=False` keeps the hundreds of
    thousands a build decodes out of the cycle collector's walks."""

    slug: str
    title: str
    date: dt.date
    published: dt.date | None
    section: Section
    group: Group
    order: int
    kind: str
    issuers: tuple[Agency, ...]
    week_date: dt.date
    deadlines: tuple[Deadline, ...]  # with their status on the build date
    refs: Refs  # its number, title, tags and what its body cites (related.py)
    digest: str  # of the fields above
    full_digest: str  # of its file, its name, its week and its agencies: everything its own page shows
    data_digest: str  # the same with its front matter for its file: what the data files show but its body
    aliases: tuple[tuple[str, str, int], ...]  # old file names, each with its file and line (aliases.py)

    @property
    def url(self) -> str:
        return f"notices/{self.slug}/"

    @property
    def week_url(self) -> str:
        return f"weeks/{self.week_date.isoformat()}/"

    @property
    def level(self) -> Level:
        return self.issuers[0].level if self.issuers else Level.NATIONAL  # an article may name no issuer

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.region for a in self.issuers if a.region))


class Notice(NoticeSummary, frozen=True):
    """A notice with its text, for the pages that show it (never kept in the store)."""

    source: FrontMatter
    body: str  # the Markdown as written
    rendered: str  # the body as HTML

    @property
    def body_html(self) -> Markup:
        """For the notice page: body `##` headings under the page's h1."""
        return Markup(self.rendered)

    @property
    def body_html_in_week(self) -> Markup:
        """For the week page: under its section (h2), group (h3) and notice (h4) headings."""
        return shift_headings(self.body_html, 3)


@dataclass(frozen=True)
class WeekGroup:
    group: Group
    notices: tuple[NoticeSummary, ...]


@dataclass(frozen=True)
class WeekSection:
    entry: SectionEntry
    groups: tuple[WeekGroup, ...]

    @property
    def label(self) -> str:
        return self.entry.section.label


@dataclass(frozen=True)
class Week:
    record: WeekRecord = field(repr=False, compare=False)
    date: dt.date
    publisher: str
    note: str | None
    sections: tuple[WeekSection, ...]
    previous: dt.date | None
    next: dt.date | None
    digest: str  # of its week.yaml, what lists show of its notices, and its neighbours
    full_digest: str  # the same with everything of its notices
    data_digest: str  # of what the data files show of its notices but their bodies (their `data_digest`)
    number: int = 1  # 期号: `number` in week.yaml, else its place in the archive from 1

    @property
    def url(self) -> str:
        return f"weeks/{self.date.isoformat()}/"

    @property
    def notices(self) -> tuple[NoticeSummary, ...]:
        return tuple(n for s in self.sections for g in s.groups for n in g.notices)


class Listing(msgspec.Struct, frozen=True, gc=False):
    """A deadline together with the notice that sets it, as deadline pages list them."""

    deadline: Deadline
    notice: NoticeSummary
    position: int  # which of the notice's deadlines this is

    @property
    def digest(self) -> str:  # the notice's digest covers its deadlines: only which of them this is remains
        return f"{self.notice.digest}:{self.position}"

    @property
    def month(self) -> str:
        return self.deadline.month


def listings_of(notice: NoticeSummary) -> tuple[Listing, ...]:
    return tuple(Listing(d, notice, i) for i, d in enumerate(notice.deadlines))


def _in_listing_order(listings: Iterable[Listing]) -> tuple[Listing, ...]:
    """By closing day, then notice and position: one order, whatever the order given."""
    return tuple(sorted(listings, key=lambda item: (item.deadline.sort_key, item.notice.slug, item.position)))


@dataclass(frozen=True)
class Site:
    today: dt.date
    weeks: tuple[Week, ...]  # newest first
    notices: Mapping[str, NoticeSummary]
    newest: tuple[NoticeSummary, ...]  # newest first; same-day notices in bulletin order
    agencies: Mapping[str, Agency]  # in registry order
    notices_by_agency: Mapping[str, tuple[NoticeSummary, ...]]  # newest first
    warnings: tuple[ContentError, ...]  # those no notice records as checked
    read_texts: Callable[[WeekRecord], Mapping[str, NoticeText]] = field(repr=False, compare=False)
    settled: tuple[ContentError, ...] = ()  # those it does, listed by `digest check --all`
    links: KeptLinks = field(default_factory=KeptLinks)  # by slug: citations and related notices (related.py)

    # The deadlines as pages list them, made when a page asks: a build whose list pages are as they
    # were (a body edit) makes only those open now, for the open-now feed.

    @cached_property
    def deadlines(self) -> tuple[Listing, ...]:
        """By closing date."""
        return _in_listing_order(item for notice in self.notices.values() for item in listings_of(notice))

    @cached_property
    def actionable(self) -> tuple[Listing, ...]:
        """Those a reader can still act on, on the build date (statuses.ACTIONABLE), by closing date."""
        return _in_listing_order(Listing(deadline, notice, i) for notice in self.notices.values()
                                 for i, deadline in enumerate(notice.deadlines) if deadline.status.actionable)

    @cached_property
    def deadline_months(self) -> Mapping[str, tuple[Listing, ...]]:
        """'YYYY-MM' in order."""
        months: dict[str, list[Listing]] = defaultdict(list)
        for item in self.deadlines:
            months[item.month].append(item)
        return MappingProxyType({month: tuple(months[month]) for month in sorted(months)})

    @cached_property
    def deadlines_by_kind(self) -> Mapping[DeadlineKind, tuple[Listing, ...]]:
        """The kinds that occur, in label order."""
        kinds: dict[DeadlineKind, list[Listing]] = defaultdict(list)
        for item in self.deadlines:
            kinds[item.deadline.kind].append(item)
        return MappingProxyType({kind: tuple(kinds[kind]) for kind in DeadlineKind if kind in kinds})

    @cached_property
    def deadlines_by_agency(self) -> Mapping[str, tuple[Listing, ...]]:
        """Every agency id, by closing date."""
        of_agency: dict[str, list[Listing]] = defaultdict(list)
        for item in self.deadlines:
            for agency in item.notice.issuers:
                of_agency[agency.id].append(item)
        return MappingProxyType({agency_id: tuple(of_agency.get(agency_id, ())) for agency_id in self.agencies})

    def week_of(self, notice: NoticeSummary) -> Week:
        """The issue the notice appeared in."""
        return self._weeks_by_date[notice.week_date]

    @cached_property
    def _weeks_by_date(self) -> Mapping[dt.date, Week]:
        return {week.date: week for week in self.weeks}

    def closing_within(self, days: int) -> tuple[Listing, ...]:
        """Deadlines still open that close within `days` of the build date."""
        last = self.today + dt.timedelta(days=days)
        return tuple(item for item in self.deadlines if self.today <= item.deadline.end <= last)

    def full(self, notice: NoticeSummary) -> Notice:
        """The notice with its text (read from the store where this build has not read it)."""
        text = self._texts(self.week_of(notice).record)[notice.slug]
        summary = {name: getattr(notice, name) for name in NoticeSummary.__struct_fields__}
        return Notice(**summary, source=text.source, body=text.body, rendered=text.rendered)

    def full_week(self, week: Week) -> Week:
        """The week with its notices' text, for its own page."""
        sections = tuple(WeekSection(s.entry, tuple(WeekGroup(g.group, tuple(map(self.full, g.notices)))
                                                    for g in s.groups)) for s in week.sections)
        return Week(week.record, week.date, week.publisher, week.note, sections, week.previous, week.next,
                    week.digest, week.full_digest, week.data_digest, week.number)

    def _texts(self, record: WeekRecord) -> Mapping[str, NoticeText]:
        cache = self.__dict__.setdefault("_text_cache", {})
        if record.key not in cache:
            cache[record.key] = self.read_texts(record)
        return cache[record.key]
