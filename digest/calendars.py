"""Calendars (RFC 5545) of deadlines: all-day events readers subscribe to, byte-identical across builds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterable

from icalendar import Calendar, Event

from .config import BuildConfig
from .render import Page
from .site import Listing, Site

PRODID = "-//digest//政策信息周报//ZH"


def calendar_pages(site: Site, config: BuildConfig) -> Iterable[Page]:
    # Each deadline appears in up to four calendars: serialise its event once.
    events = {id(item.deadline): event(item, config).to_ical() for item in site.deadlines}

    def ics(listings: Iterable[Listing], name: str) -> bytes:
        return calendar_bytes((events[id(item.deadline)] for item in listings), name)

    yield Page("deadlines.ics", ics(site.deadlines, "政策信息周报 · 全部截止日期"))
    for kind, listings in site.deadlines_by_kind.items():
        yield Page(f"deadlines/kind/{kind.slug}.ics", ics(listings, f"政策信息周报 · {kind.value}"))
    for agency in site.agencies.values():
        yield Page(f"{agency.url}deadlines.ics", ics(site.deadlines_by_agency[agency.id], f"{agency.name} · 截止日期"))
    for notice in site.notices.values():
        if notice.deadlines:
            yield Page(f"{notice.url}deadlines.ics", ics([Listing(d, notice) for d in notice.deadlines], notice.title))


def calendar_bytes(events: Iterable[bytes], name: str) -> bytes:
    """A VCALENDAR holding already serialised VEVENTs, exactly as icalendar writes a calendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(events) + b"END:VCALENDAR" + end


def event_uid(listing: Listing) -> str:
    """Stable across builds: the notice, the kind, and its place among that notice's deadlines of that kind."""
    notice, deadline = listing.notice, listing.deadline
    position = Counter()
    for d in notice.deadlines:
        position[d.kind] += 1
        if d is deadline:
            break
    return f"{notice.slug}-{deadline.kind.slug}-{position[deadline.kind]}@digest"


def event(listing: Listing, config: BuildConfig) -> Event:
    notice, deadline = listing.notice, listing.deadline
    issuers = "、".join(a.short_name for a in notice.issuers)
    label = deadline.kind.value if deadline.start else f"{deadline.kind.value}截止"
    url = (config.site_url or config.base_path) + notice.url
    description = [notice.title]
    if deadline.phrase:
        description.append(f"原文：{deadline.phrase}")
    if deadline.explanation:
        description.append(deadline.explanation)
    description.append(url)
    item = Event()
    item.add("uid", event_uid(listing))
    # DTSTAMP comes from the content, not the clock, so rebuilds are byte-identical.
    item.add("dtstamp", dt.datetime.combine(notice.source.published or notice.date, dt.time(), dt.timezone.utc))
    item.add("dtstart", deadline.start or deadline.end)
    item.add("dtend", deadline.end + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
    item.add("summary", f"【{label}】{issuers}：{notice.title}")
    item.add("description", "\n".join(description))
    if config.site_url:
        item.add("url", url)
    item.add("categories", [deadline.kind.value])
    item.add("transp", "TRANSPARENT")
    return item
