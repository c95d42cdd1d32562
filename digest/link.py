"""Typed models to the linked site: agencies resolved, statuses on the build date, issues in order,
and the indexes list pages read. Every reference error of the run is raised together."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from functools import partial
from itertools import chain
from types import MappingProxyType
from typing import Iterable, Mapping

import msgspec

from .deadlines import on_day
from .directory import SHOWN_PATH as DIRECTORY_SHOWN
from .references import resolve_pending
from .aliases import alias_errors
from .errors import ContentError, ContentErrors, warnings_to_json
from .keys import text_digest
from .load import Content, NoticeRecord, WeekRecord
from .models import AgencyEntry, Group, Section
from .related import KEPT_SHAPE, KeptLinks, link_notices
from .site import Agency, NoticeSummary, Site, Week, WeekGroup, WeekSection
from .validate import Loaded

_SECTION_RANK = {s: i for i, s in enumerate(Section)}
_GROUP_RANK = {g: i for i, g in enumerate(Group)}


def link(content: Content, today: dt.date, soon_days: int = 7) -> Site:
    """Resolve references across files and build the indexes; raises ContentErrors with every error
    (and, so that one run lists everything to review, every warning) when there is any error."""
    problems: list[ContentError] = list(content.problems)
    agencies = link_agencies(content.agencies, problems)
    problems = resolve_pending(problems, agencies, lambda agency_id: _unknown_agency(agency_id, agencies))
    taken = _taken_file_names(content.weeks)
    records = content.weeks
    dates = [w.date for w in records]
    weeks = []
    of_agencies = text_digest("\0".join(a.digest for a in agencies.values()))
    for i, record in enumerate(records):
        duplicates = tuple((shown, taken[shown]) for _, shown in record.files if shown in taken)
        sections, week_problems = content.store.local(
            "linked-week", (record.key, of_agencies, today, soon_days, duplicates),
            partial(_linked_week, content, record, agencies, of_agencies, today, soon_days, duplicates))
        problems.extend(week_problems)
        weeks.append(_week(record, sections, dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None,
                           record.number or i + 1))
    problems.extend(alias_errors(n for week in weeks for n in week.notices))
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentErrors([p for p in problems if not p.settled])

    all_notices = {n.slug: n for week in weeks for n in week.notices}
    in_bulletin_order = sorted(all_notices.values(), key=lambda n: (
        n.week_date, _SECTION_RANK[n.section], _GROUP_RANK[n.group], n.order))
    # newest first; notices of the same day keep the order the bulletin printed them in
    newest_first = sorted(in_bulletin_order, key=lambda n: (n.date, n.week_date), reverse=True)
    by_agency: dict[str, list[NoticeSummary]] = defaultdict(list)
    for notice in newest_first:
        for agency in notice.issuers:
            by_agency[agency.id].append(notice)
    return Site(
        today=today,
        weeks=tuple(reversed(weeks)),
        notices=MappingProxyType(all_notices),
        newest=tuple(newest_first),
        agencies=MappingProxyType(agencies),
        notices_by_agency=MappingProxyType({a: tuple(by_agency.get(a, ())) for a in agencies}),
        warnings=tuple(sorted({p for p in problems if not p.settled})),
        settled=tuple(sorted({p for p in problems if p.settled})),
        read_texts=content.texts,
        # made in a process of its own while the build goes on to the pages that do not show links
        links=KeptLinks(content.store.memo_json_apart(
            "links", text_digest("\0".join(f"{n.slug}:{n.digest}" for n in newest_first)),
            lambda: link_notices(newest_first, by_agency), KEPT_SHAPE), all_notices),
    )


def link_agencies(loaded_entries: Iterable[Loaded[AgencyEntry]], errors: list[ContentError]) -> dict[str, Agency]:
    """The agency list, each agency's parent checked."""
    entries: dict[str, Loaded[AgencyEntry]] = {}
    for loaded in loaded_entries:
        if loaded.model.id in entries:
            errors.append(loaded.error(("id",), f"机构 id“{loaded.model.id}”重复登记：每个 id 只能出现一次"))
        else:
            entries[loaded.model.id] = loaded
    for agency_id, loaded in entries.items():
        if loaded.record.shown_path == DIRECTORY_SHOWN:
            continue  # the shipped directory is checked by its tests; a site's override is reported where it is
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
    guess = sorted(k for k in known if k.startswith(agency_id + "-"))[:5] or difflib.get_close_matches(agency_id, list(known), n=1)
    hint = f"是否应为 {'、'.join(guess)}？" if guess else "请先在 content/agencies.yaml 中登记该机构，或改用已登记的 id"
    return f"未知机构 id“{agency_id}”：{hint}"


def _taken_file_names(weeks: Iterable[WeekRecord]) -> dict[str, str]:
    """Notice files whose name (their URL) an earlier week's notice has, with where that one is."""
    first: dict[str, str] = {}
    taken: dict[str, str] = {}
    for week in weeks:
        for slug, shown in week.files:
            if slug in first:
                taken[shown] = first[slug]
            else:
                first[slug] = shown
    return taken


class LinkedWeek(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A week's notices linked, as the store keeps them: for each section of its week.yaml, its
    groups in order, each with its notices in order; and the problems of linking them."""

    sections: tuple[tuple[tuple[Group, tuple[NoticeSummary, ...]], ...], ...]
    problems: tuple[tuple[str, int, str, str, bool, str, str], ...]  # as `warnings_to_json` gives them


def _linked_week(content: Content, record: WeekRecord, agencies: Mapping[str, Agency], of_agencies: str,
                 today: dt.date, soon_days: int, duplicates: tuple[tuple[str, str], ...],
                 ) -> tuple[tuple[WeekSection, ...], tuple[ContentError, ...]]:
    """A week's notices linked (kept in the store by its files, the agencies, the build date and
    `soon_days`, and the file names other weeks took: its records are read only where one of those
    changed), and the problems of linking them."""
    key = text_digest("\0".join([record.key, of_agencies, today.isoformat(), str(soon_days),
                                  *chain.from_iterable(duplicates)]))
    kept = content.store.memo_json("linked-week", key, lambda: _linked(
        record, content.notices(record), agencies, today, soon_days, dict(duplicates)), LinkedWeek)
    sections = tuple(WeekSection(entry=entry, groups=tuple(WeekGroup(group, notices) for group, notices in groups))
                     for entry, groups in zip(record.sections, kept.sections))
    return sections, tuple(ContentError(*row) for row in kept.problems)


def _linked(record: WeekRecord, notices: Iterable[NoticeRecord], agencies: Mapping[str, Agency], today: dt.date,
            soon_days: int, taken: Mapping[str, str]) -> LinkedWeek:
    """A week's notices linked, with the problems of linking them."""
    problems: list[ContentError] = []
    grouped: dict[tuple[Section, Group], list[NoticeSummary]] = defaultdict(list)
    for n in notices:
        if n.shown in taken:
            problems.append(ContentError(n.shown, n.line, "", f"文件名（网址）“{n.slug}”已被 {taken[n.shown]} 使用：请换一个文件名"))
            continue
        issuers = []
        for i, (agency_id, line) in enumerate(n.issuers):
            if agency_id in agencies:
                issuers.append(agencies[agency_id])
            else:
                problems.append(ContentError(n.shown, line, f"issuers[{i}]", _unknown_agency(agency_id, agencies)))
        if len(issuers) != len(n.issuers):
            continue
        grouped[(n.section, n.group)].append(_summary(n, record, tuple(issuers), today, soon_days))
    sections = tuple(
        tuple((group, tuple(sorted(grouped[(entry.section, group)], key=lambda n: n.order)))
              for group in Group if grouped.get((entry.section, group)))
        for entry in record.sections)
    return LinkedWeek(sections, tuple(map(tuple, warnings_to_json(problems))))


def _summary(n: NoticeRecord, week: WeekRecord, issuers: tuple[Agency, ...], today: dt.date,
             soon_days: int) -> NoticeSummary:
    deadlines = tuple(sorted((on_day(d, today, soon_days) for d in n.deadlines), key=lambda d: d.sort_key))
    agency_digests = [a.digest for a in issuers]
    return NoticeSummary(
        slug=n.slug, title=n.title, date=n.date, published=n.published, section=n.section, group=n.group,
        order=n.order, kind=n.kind, issuers=issuers, week_date=week.date, deadlines=deadlines, refs=n.refs,
        digest=text_digest("\0".join([n.listed, week.date.isoformat(), *agency_digests])),
        full_digest=text_digest("\0".join([n.slug, n.digest, week.date.isoformat(), *agency_digests])),
        data_digest=text_digest("\0".join([n.slug, n.front, week.date.isoformat(), *agency_digests])),
        aliases=tuple((alias, n.shown, line) for alias, line in n.aliases))


def _week(record: WeekRecord, sections: tuple[WeekSection, ...], previous: dt.date | None,
          following: dt.date | None, number: int) -> Week:
    """A week, given the dates of the issues before and after it and its 期号."""
    notices = [n for s in sections for g in s.groups for n in g.notices]

    def digest(of: str) -> str:
        return text_digest("\0".join([record.digest, *(getattr(n, of) for n in notices), str(previous), str(following),
                                      str(number)]))

    return Week(record=record, date=record.date, publisher=record.publisher, note=record.note, sections=sections,
                previous=previous, next=following, digest=digest("digest"), full_digest=digest("full_digest"),
                data_digest=text_digest("\0".join(n.data_digest for n in notices)),
                number=number)
