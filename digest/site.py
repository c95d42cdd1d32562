"""The linked site: notices with their agencies resolved, issues in order, and the indexes pages read.

Everything here is derived from the loaded content and read-only; templates see only these types.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping

from markupsafe import Markup

from .checks import body_warnings, claim_warning, date_warnings, unverified_warning
from .deadlines import Deadline, resolve
from .deferred import Deferred
from .errors import BuildError, ContentError, ContentErrors
from .keys import text_digest
from .load import Content, Loaded, LoadedWeek, WeekMemo
from .markup import render_body, shift_headings
from .models import AgencyEntry, DeadlineKind, FrontMatter, Group, Level, Section, SectionEntry


@dataclass(frozen=True)
class Agency:
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


@dataclass(frozen=True)
class NoticeText:
    """What only a notice's own page, its week's page and the feeds and data files show."""

    source: FrontMatter
    body: str  # the Markdown as written
    rendered: str  # the body as HTML, shared with the build cache (a Markup copy of each would double it)


class TextNotShown(BuildError):
    """A page that shows no notice's text read one: its key would miss the change (see `Notice`)."""


_text_hidden = False  # while a page that lists notices is made: see `text_hidden`


@contextmanager
def text_hidden() -> Iterator[None]:
    """Around the making of a page keyed by what lists show of its notices (their `digest`): reading
    a notice's text there raises TextNotShown instead of making a page that later edits leave stale."""
    global _text_hidden
    was, _text_hidden = _text_hidden, True
    try:
        yield
    finally:
        _text_hidden = was


@dataclass(frozen=True)
class Notice:
    """A notice as pages show it. Lists, feeds' and calendars' stamps use only its fields, and are
    keyed by `digest`; its text (front matter, body and HTML) is shown by its own page, its week's
    page, the feeds and the data files, keyed by `full_digest`. So an edit of a body alone makes
    none of the lists again."""

    slug: str
    # what lists show and are ordered by, from the front matter
    title: str
    date: dt.date
    published: dt.date | None
    section: Section
    group: Group
    order: int
    issuers: tuple[Agency, ...]
    week_date: dt.date
    deadlines: tuple[Deadline, ...]
    digest: str  # of the fields above
    full_digest: str  # of its file and name, its week and its agencies: everything a page can show of it
    text: Deferred[NoticeText] = field(compare=False, repr=False)  # read from the build cache when first shown

    @property
    def source(self) -> FrontMatter:
        return self._text().source

    @property
    def body(self) -> str:
        return self._text().body

    @property
    def rendered(self) -> str:
        return self._text().rendered

    def _text(self) -> NoticeText:
        if _text_hidden:
            raise TextNotShown(f"列出通知的页面读取了通知“{self.title}”的正文或元数据：列表页只能显示标题、日期、"
                               f"发文机关和截止日期（正文只在通知页、周报页、订阅源和数据文件中显示）")
        return self.text.value

    @property
    def url(self) -> str:
        return f"notices/{self.slug}/"

    @property
    def body_html(self) -> Markup:
        """For the notice page: body `##` headings under the page's h1."""
        return Markup(self.rendered)

    @property
    def body_html_in_week(self) -> Markup:
        """For the week page: under its section (h2), group (h3) and notice (h4) headings."""
        return shift_headings(self.body_html, 3)

    @property
    def week_url(self) -> str:
        return f"weeks/{self.week_date.isoformat()}/"

    @property
    def level(self) -> Level:
        return self.issuers[0].level

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.region for a in self.issuers if a.region))


@dataclass(frozen=True)
class WeekGroup:
    group: Group
    notices: tuple[Notice, ...]


@dataclass(frozen=True)
class WeekSection:
    entry: SectionEntry
    groups: tuple[WeekGroup, ...]

    @property
    def label(self) -> str:
        return self.entry.section.label


@dataclass(frozen=True)
class Week:
    folder: Path  # where its files are
    date: dt.date
    publisher: str
    note: str | None
    sections: tuple[WeekSection, ...]
    previous: dt.date | None
    next: dt.date | None
    digest: str  # of its week.yaml, what lists show of its notices, and its neighbours
    full_digest: str  # the same with everything of its notices

    @property
    def url(self) -> str:
        return f"weeks/{self.date.isoformat()}/"

    @property
    def notices(self) -> tuple[Notice, ...]:
        return notices_in(self.sections)


def notices_in(sections: tuple[WeekSection, ...]) -> tuple[Notice, ...]:
    """A week's notices in bulletin order."""
    return tuple(n for s in sections for g in s.groups for n in g.notices)


@dataclass(frozen=True)
class Listing:
    """A deadline together with the notice that sets it, as deadline pages list them."""

    deadline: Deadline
    notice: Notice
    position: int  # which of the notice's deadlines this is
    # the notice's digest covers its deadlines: only which of them this is remains. Made once: each
    # listing is keyed for up to six pages and calendars.
    digest: str = field(init=False, repr=False, compare=False)
    order: tuple = field(init=False, repr=False, compare=False)  # by closing date, then notice
    month: str = field(init=False, repr=False, compare=False)  # see Deadline.month

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", f"{self.notice.digest}:{self.position}")
        object.__setattr__(self, "order", (self.deadline.sort_key, self.notice.slug))
        object.__setattr__(self, "month", self.deadline.month)


def listings_of(notice: Notice) -> tuple[Listing, ...]:
    return tuple(Listing(d, notice, i) for i, d in enumerate(notice.deadlines))


@dataclass(frozen=True)
class Site:
    today: dt.date
    weeks: tuple[Week, ...]  # newest first
    notices: Mapping[str, Notice]
    newest: tuple[Notice, ...]  # newest first; same-day notices in bulletin order
    agencies: Mapping[str, Agency]  # in registry order
    notices_by_agency: Mapping[str, tuple[Notice, ...]]  # newest first
    deadlines: tuple[Listing, ...]  # by closing date
    deadline_months: Mapping[str, tuple[Listing, ...]]  # 'YYYY-MM' in order
    deadlines_by_kind: Mapping[DeadlineKind, tuple[Listing, ...]]  # kinds that occur, in label order
    deadlines_by_agency: Mapping[str, tuple[Listing, ...]]  # every agency id, by closing date
    warnings: tuple[ContentError, ...]

    def week_of(self, notice: Notice) -> Week:
        """The issue the notice appeared in."""
        return self._weeks_by_date[notice.week_date]

    @cached_property
    def _weeks_by_date(self) -> Mapping[dt.date, Week]:
        return {week.date: week for week in self.weeks}

    def closing_within(self, days: int) -> tuple[Listing, ...]:
        """Deadlines still open that close within `days` of the build date."""
        last = self.today + dt.timedelta(days=days)
        return tuple(item for item in self.deadlines if self.today <= item.deadline.end <= last)



@dataclass(frozen=True)
class _LinkedWeek:
    sections: tuple[WeekSection, ...]
    listings: tuple[Listing, ...]  # of every deadline its notices set: made once, kept with the week
    errors: tuple[ContentError, ...]
    warnings: tuple[ContentError, ...]


def link(content: Content, today: dt.date, soon_days: int = 7,
         render: Callable[[str], str] = render_body, linked: WeekMemo | None = None) -> Site:
    """Resolve references across files and build the indexes; raises ContentErrors with every error found.
    `render` turns a body into its HTML (a cache can stand in for markup.render_body); `linked` holds
    weeks linked by earlier builds, reused while the loaded week is the very object they were linked
    from (see load.WeekMemo) and the agencies, build date and file names taken elsewhere are as then."""
    errors: list[ContentError] = list(content.errors)
    warnings: list[ContentError] = []
    agencies = link_agencies(content.agencies, errors)
    of_agencies = agencies_digest(agencies)
    weeks_data = sorted(content.weeks, key=lambda w: w.week.model.date)
    taken = taken_file_names(w.files for w in weeks_data)
    all_notices: dict[str, Notice] = {}
    week_sections, week_listings = [], []
    for loaded_week in weeks_data:
        week = link_week(loaded_week, agencies, of_agencies, today, soon_days, render, taken, linked)
        errors.extend(week.errors)
        warnings.extend(week.warnings)
        week_sections.append(week.sections)
        week_listings.append(week.listings)
        all_notices.update((n.slug, n) for n in notices_in(week.sections))
    if linked is not None:
        linked.keep_only({w.folder for w in weeks_data})
    if errors:
        raise ContentErrors(errors + warnings)  # warnings too, so one run lists everything to review

    dates = [w.week.model.date for w in weeks_data]
    weeks = [make_week(lw, sections, dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None)
             for i, (lw, sections) in enumerate(zip(weeks_data, week_sections))]
    section_rank, group_rank = {s: i for i, s in enumerate(Section)}, {g: i for i, g in enumerate(Group)}
    in_bulletin_order = sorted(all_notices.values(), key=lambda n: (
        n.week_date, section_rank[n.section], group_rank[n.group], n.order))
    # newest first; notices of the same day keep the order the bulletin printed them in
    newest_first = sorted(in_bulletin_order, key=lambda n: (n.date, n.week_date), reverse=True)
    by_agency: dict[str, list[Notice]] = defaultdict(list)
    for notice in newest_first:
        for agency in notice.issuers:
            by_agency[agency.id].append(notice)
    listings = sorted(chain.from_iterable(week_listings), key=attrgetter("order"))
    months: dict[str, list[Listing]] = defaultdict(list)
    kinds: dict[DeadlineKind, list[Listing]] = defaultdict(list)
    agency_listings: dict[str, list[Listing]] = defaultdict(list)
    for item in listings:
        months[item.month].append(item)
        kinds[item.deadline.kind].append(item)
        for agency in item.notice.issuers:
            agency_listings[agency.id].append(item)
    return Site(
        today=today,
        weeks=tuple(reversed(weeks)),
        notices=MappingProxyType(all_notices),
        newest=tuple(newest_first),
        agencies=MappingProxyType(agencies),
        notices_by_agency=MappingProxyType({a: tuple(by_agency.get(a, ())) for a in agencies}),
        deadlines=tuple(listings),
        deadline_months=MappingProxyType({m: tuple(v) for m, v in months.items()}),
        deadlines_by_kind=MappingProxyType({kind: tuple(kinds[kind]) for kind in DeadlineKind if kind in kinds}),
        deadlines_by_agency=MappingProxyType({a: tuple(agency_listings.get(a, ())) for a in agencies}),
        warnings=tuple(sorted(set(warnings))),
    )


def link_week(loaded_week: LoadedWeek, agencies: Mapping[str, Agency], agencies_digest: str, today: dt.date,
              soon_days: int, render: Callable[[str], str], taken: Mapping[str, str],
              linked: WeekMemo | None = None) -> _LinkedWeek:
    """One week linked (see `link`); `taken` as `taken_file_names` gives it for every week."""
    duplicates = tuple((shown, taken[shown]) for _, shown in loaded_week.files if shown in taken)

    def make() -> _LinkedWeek:
        week_errors: list[ContentError] = []
        week_warnings: list[ContentError] = []
        sections = _week_sections(loaded_week, agencies, today, soon_days, render, dict(duplicates),
                                  week_errors, week_warnings)
        listings = tuple(chain.from_iterable(map(listings_of, notices_in(sections))))
        return _LinkedWeek(sections, listings, tuple(week_errors), tuple(week_warnings))

    return make() if linked is None else linked.get(
        loaded_week.folder, (loaded_week, agencies_digest, today, soon_days, duplicates), make)


def make_week(loaded_week: LoadedWeek, sections: tuple[WeekSection, ...], previous: dt.date | None,
              following: dt.date | None) -> Week:
    """A linked week, given the dates of the issues before and after it."""
    model = loaded_week.week.model

    def digest(of_notices: str) -> str:
        return text_digest("\0".join([loaded_week.week.record.digest, *map(attrgetter(of_notices), notices_in(sections)),
                                      str(previous), str(following)]))

    return Week(folder=loaded_week.folder, date=model.date, publisher=model.publisher, note=model.note,
                sections=sections, previous=previous, next=following, digest=digest("digest"),
                full_digest=digest("full_digest"))


def agencies_digest(agencies: Mapping[str, Agency]) -> str:
    return text_digest("\0".join(a.digest for a in agencies.values()))


def link_agencies(loaded_entries: Iterable[Loaded[AgencyEntry]], errors: list[ContentError]) -> dict[str, Agency]:
    """The agency list, each agency's parent checked."""
    entries: dict[str, Loaded[AgencyEntry]] = {}
    for loaded in loaded_entries:
        if loaded.model.id in entries:
            errors.append(loaded.error(("id",), f"机构 id“{loaded.model.id}”重复登记：每个 id 只能出现一次"))
        else:
            entries[loaded.model.id] = loaded
    for agency_id, loaded in entries.items():
        parent = loaded.model.parent
        if parent is not None and parent not in entries:
            errors.append(loaded.error(("parent",), _unknown_agency(parent, entries)))
        seen = [agency_id]
        while parent in entries and parent not in seen:
            seen.append(parent)
            parent = entries[parent].model.parent
        if parent in seen:
            errors.append(loaded.error(("parent",), f"上级机构形成循环（{' → '.join(seen + [parent])}）：请改正 parent"))
    return {
        agency_id: Agency(id=e.id, name=e.name, short=tuple(e.short), aliases=tuple(e.aliases), level=e.level,
                          region=e.region, parent_id=e.parent, website=e.website, digest=text_digest(e.model_dump_json()))
        for agency_id, e in ((k, v.model) for k, v in entries.items())
    }


def _unknown_agency(agency_id: str, known) -> str:
    guess = difflib.get_close_matches(agency_id, list(known), n=1)
    hint = f"是否应为 {guess[0]}？" if guess else "请先在 content/agencies.yaml 中登记该机构，或改用已登记的 id"
    return f"未知机构 id“{agency_id}”：{hint}"


def taken_file_names(week_files: Iterable[Iterable[tuple[str, str]]]) -> dict[str, str]:
    """Notice files whose name (their URL) an earlier notice has, with where that one is (shown paths),
    given each week's (stem, shown path) of its files (LoadedWeek.files), oldest week first."""
    first: dict[str, str] = {}
    taken: dict[str, str] = {}
    for files in week_files:
        for stem, shown in files:
            if stem in first:
                taken[shown] = first[stem]
            else:
                first[stem] = shown
    return taken


def _week_sections(loaded_week: LoadedWeek, agencies: Mapping[str, Agency], today: dt.date, soon_days: int,
                   render: Callable[[str], str], taken: Mapping[str, str], errors: list[ContentError],
                   warnings: list[ContentError]) -> tuple[WeekSection, ...]:
    week = loaded_week.week.model
    declared = {s.section: s for s in week.sections}
    grouped: dict[tuple[Section, Group], list[Notice]] = defaultdict(list)
    orders: dict[tuple[Section, Group, int], str] = {}
    for loaded in loaded_week.notices:
        front, record = loaded.model, loaded.record
        slug = record.stem
        if record.shown_path in taken:
            errors.append(record.error((), f"文件名（网址）“{slug}”已被 {taken[record.shown_path]} 使用：请换一个文件名"))
            continue
        issuers = []
        for i, agency_id in enumerate(front.issuers):
            if agency_id in agencies:
                issuers.append(agencies[agency_id])
            else:
                errors.append(record.error(("issuers", i), _unknown_agency(agency_id, agencies)))
        if front.section not in declared:
            errors.append(record.error(("section",), f"本期 week.yaml 中没有“{front.section.value}”这一篇：请在 sections 中加上，或改正 section"))
        key = (front.section, front.group, front.order)
        if key in orders:
            errors.append(record.error(("order",), f"与 {orders[key]} 的 order 相同：同一组内 order 不能重复"))
        orders[key] = record.shown_path
        resolved = [resolve(entry, front, today, soon_days) for entry in front.deadlines]
        for i, item in enumerate(resolved):
            if item.claim:
                warnings.append(claim_warning(loaded, i, item))
            if not item.deadline.verified:
                warnings.append(unverified_warning(loaded, i, item.deadline))
        deadlines = tuple(item.deadline for item in resolved)
        warnings.extend(date_warnings(loaded, week.date, declared.get(front.section), deadlines))
        warnings.extend(body_warnings(loaded, week.date, deadlines))
        if len(issuers) != len(front.issuers):
            continue
        deadlines = tuple(sorted(deadlines, key=lambda d: d.sort_key))
        agency_digests = [a.digest for a in issuers]
        listed = [slug, front.title, str(front.date), str(front.published), front.section.value, front.group.value,
                  str(front.order), str(week.date), *agency_digests, *map(repr, deadlines)]
        grouped[(front.section, front.group)].append(Notice(
            slug=slug, title=front.title, date=front.date, published=front.published, section=front.section,
            group=front.group, order=front.order, issuers=tuple(issuers), week_date=week.date, deadlines=deadlines,
            digest=text_digest("\0".join(listed)),
            full_digest=text_digest("\0".join([slug, record.digest, week.date.isoformat(), *agency_digests])),
            text=Deferred(NoticeText(front, record.body, render(record.body))),
        ))
    return tuple(
        WeekSection(entry=entry, groups=tuple(
            WeekGroup(group=group, notices=tuple(sorted(grouped[(entry.section, group)], key=lambda n: n.order)))
            for group in Group if grouped.get((entry.section, group))
        ))
        for entry in week.sections
    )
