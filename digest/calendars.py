"""Calendars (RFC 5545) of deadlines: all-day events readers subscribe to, byte-identical across builds.

Written here rather than with icalendar: the format needs only a handful of properties, and
icalendar's object model costs 221 µs an event against 28 µs here (measured on one machine, one
run), 3.8 s against 0.5 s of a cold build of the ten-year archive's 17,000 events
(docs/architecture.md). The tests parse every file back with
icalendar. Each week's events are kept in the store, and so is each list calendar's run of events
of one year: a title edit serialises its own week's events again, and of the archive's calendar
makes again only the years its deadlines are in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial
from itertools import groupby
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .config import BuildConfig
from .directory import issuing
from .keys import page_key, text_digest
from .models import DeadlineKind
from .opennow import OPEN_CALENDAR, OPEN_TITLE, open_listings
from .output import Page
from .site import Listing, Site, Week, listings_of

MemoJson = Callable[[str, str, Callable[[], Any]], Any]  # Store.memo_json
Memo = Callable[[str, str, Callable[[], bytes]], bytes]  # Store.memo

PRODID = "-//digest//政策信息周报//ZH"
ZONE = "Asia/Shanghai"  # events are whole days in Beijing; the zone is named for apps that show times
LINE_OCTETS = 75  # RFC 5545 3.1: longer content lines are folded


def calendar_pages(site: Site, config: BuildConfig, memo_json: MemoJson, memo: Memo) -> Iterable[Page]:
    """Every list's calendar (the archive's, open now, each kind's and each agency's; a notice's is
    one of its issue's files, `notice_calendars`), keyed by its listings (what lists show of their
    notices). Each deadline appears
    in up to four calendars, the archive's among them: its event is serialised once, kept in the store
    with the other events of its week, and taken from there while its week's notices are as they were
    (so a title edit serialises its week's events again, not the archive's). A calendar's events are
    kept as blocks, one for each year its listings run through (`_blocks`): a title edit makes again
    the blocks of the years its deadlines are in, and reads the others whole."""
    events: dict[dt.date, Mapping[str, str]] = {}  # each week's, in this process, as the calendars need them

    def serialised(listings: Sequence[Listing]) -> list[str]:
        found = []
        for item in listings:
            day = item.notice.week_date
            if day not in events:
                events[day] = _week_events(site.week_of(item.notice), config, memo_json)
            found.append(events[day][_event_id(item)])
        return found

    def ics(path: str, listings: Sequence[Listing], name: str) -> Page:
        return Page(path, lambda: [_head(name), *_blocks(listings, serialised, config, memo), _END],
                    page_key(name, listings))

    yield ics("deadlines.ics", site.deadlines, "政策信息周报 · 全部截止日期")
    yield ics(OPEN_CALENDAR, open_listings(site), OPEN_TITLE)
    for kind, listings in site.deadlines_by_kind.items():
        yield ics(f"deadlines/kind/{kind.slug}.ics", listings, f"政策信息周报 · {kind.value}")
    for agency in issuing(site.agencies, site.notices_by_agency):
        yield ics(f"{agency.url}deadlines.ics", site.deadlines_by_agency[agency.id], f"{agency.name} · 截止日期")


def notice_calendars(config: BuildConfig, memo_json: MemoJson, week: Week) -> Iterator[Page]:
    """The calendar of each of the week's notices that has deadlines, made with its issue's pages
    (whose key covers its notices' digests): from the week's events, as the other calendars are."""
    for notice in week.notices:
        if notice.deadlines:
            yield Page(f"{notice.url}deadlines.ics", partial(_notice_calendar, config, memo_json, week, notice),
                       text_digest(f"{notice.title}\0{notice.digest}"))


def _week_events(week: Week, config: BuildConfig, memo_json: MemoJson) -> Mapping[str, str]:
    """The VEVENT of every deadline of the week's notices, by notice and position: made from what lists
    show of them (their digests) and the site's address."""
    key = text_digest("\0".join([config.link_root, str(bool(config.site_url)),
                                  *(f"{n.slug}:{n.digest}" for n in week.notices)]))
    return memo_json("calendar-events", key, lambda: {
        _event_id(item): event(item, config) for notice in week.notices for item in listings_of(notice)})


def _event_id(listing: Listing) -> str:
    """A deadline's event among its week's (`_week_events`): its notice and its place there."""
    return f"{listing.notice.slug}:{listing.position}"


def _notice_calendar(config: BuildConfig, memo_json: MemoJson, week: Week, notice) -> bytes:
    events = _week_events(week, config, memo_json)
    return calendar_bytes([events[_event_id(item)] for item in listings_of(notice)], notice.title)


def _blocks(listings: Sequence[Listing], serialised: Callable[[Sequence[Listing]], list[str]], config: BuildConfig,
            memo: Memo) -> Iterator[bytes]:
    """The serialised events of `listings`, in their order, as blocks: each run of listings of the
    same year (the year of a window's start, or of its day) is kept whole in the store, by the
    listings it holds and the site's address."""
    for _, run in groupby(listings, key=_year):
        run = list(run)
        key = text_digest(f"{config.link_root}\0{bool(config.site_url)}\0{page_key(run)}")
        yield memo("calendar-block", key, lambda run=run: "".join(serialised(run)).encode("utf-8"))


def _year(listing: Listing) -> int:
    return (listing.deadline.start or listing.deadline.end).year


def _head(name: str) -> bytes:
    return _lines([("BEGIN", "VCALENDAR"), ("VERSION", "2.0"), ("PRODID", _text(PRODID)),
                   ("CALSCALE", "GREGORIAN"), ("X-WR-CALNAME", _text(name)), ("X-WR-TIMEZONE", ZONE)]).encode("utf-8")


_END = b"END:VCALENDAR\r\n"


def calendar_bytes(events: Iterable[str], name: str) -> bytes:
    """A VCALENDAR around already serialised VEVENTs."""
    return _head(name) + "".join(events).encode("utf-8") + _END


def event_uid(listing: Listing) -> str:
    """Stable across builds: the notice, the kind, and its place among that notice's deadlines of that kind."""
    notice, deadline = listing.notice, listing.deadline
    position = Counter()
    for d in notice.deadlines:
        position[d.kind] += 1
        if d is deadline:
            break
    return f"{notice.slug}-{deadline.kind.slug}-{position[deadline.kind]}@digest"


def event(listing: Listing, config: BuildConfig) -> str:
    """One VEVENT, serialised, of what lists show of its notice."""
    notice, deadline = listing.notice, listing.deadline
    issuers = "、".join(a.short_name for a in notice.issuers)
    # a closing day reads 申报截止; a window, a rule taking effect and an event day their kind alone
    label = deadline.kind.value if deadline.start or deadline.end_word != "截止" else f"{deadline.kind.value}截止"
    summary = f"【{label}】{issuers}：{notice.title}"
    url = config.link_root + notice.url
    description = [notice.title]
    if deadline.phrase:
        description.append(f"原文：{deadline.phrase}")
    if deadline.explanation:
        description.append(deadline.explanation)
    description.append(url)
    # DTSTAMP comes from the content, not the clock, so rebuilds are byte-identical.
    stamp = notice.published or notice.date
    properties = [
        ("BEGIN", "VEVENT"),
        ("UID", _text(event_uid(listing))),
        ("DTSTAMP", f"{stamp:%Y%m%d}T000000Z"),
        ("DTSTART;VALUE=DATE", f"{deadline.start or deadline.end:%Y%m%d}"),
        # DTEND of an all-day event is exclusive
        ("DTEND;VALUE=DATE", f"{deadline.end + dt.timedelta(days=1):%Y%m%d}"),
        ("SUMMARY", _text(summary)),
        ("DESCRIPTION", _text("\n".join(description))),
    ]
    if config.site_url:
        properties.append(("URL", _text(url)))
    properties += [("CATEGORIES", _text(deadline.kind.value)), ("TRANSP", "TRANSPARENT"),
                   *reminders(deadline.kind, summary), ("END", "VEVENT")]
    return _lines(properties)


def reminders(kind: DeadlineKind, summary: str) -> list[tuple[str, str]]:
    """VALARMs at 09:00 on the day: 3 days and 1 day before the last day of what a reader must act on,
    the day before an event starts; none for a rule taking effect. An all-day event's DTEND is the
    midnight after its last day, so 3 days and 15 hours before it is 09:00 three days before that day."""
    if kind is DeadlineKind.EFFECTIVE:
        return []
    triggers = [("TRIGGER", "-PT15H")] if kind is DeadlineKind.EVENT else [
        ("TRIGGER;RELATED=END", f"-P{days}DT15H") for days in (3, 1)]
    alarms = []
    for name, value in triggers:
        alarms += [("BEGIN", "VALARM"), ("ACTION", "DISPLAY"), (name, value),
                   ("DESCRIPTION", _text(summary)), ("END", "VALARM")]
    return alarms


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _lines(properties: list[tuple[str, str]]) -> str:
    return b"".join(_fold(f"{name}:{value}".encode("utf-8")) for name, value in properties).decode("utf-8")


def _fold(line: bytes) -> bytes:
    """CRLF-terminated, folded into lines of at most 75 octets without splitting a UTF-8 character."""
    if len(line) <= LINE_OCTETS:
        return line + b"\r\n"
    parts, start, limit = [], 0, LINE_OCTETS
    while len(line) - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # continuation byte: break before its character instead
            end -= 1
        parts.append(line[start:end])
        start, limit = end, LINE_OCTETS - 1  # continuation lines begin with one space
    parts.append(line[start:])
    return b"\r\n ".join(parts) + b"\r\n"
