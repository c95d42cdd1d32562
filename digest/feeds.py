"""Atom feeds for the whole site, each section and each agency, made with feedgen, byte-identical
across builds (every time in them comes from the content, in Beijing time).

The feeds of the site, a section and an agency carry each notice whole; the open-now feed, which
holds every notice of the archive with something a reader can still do (3,009 of the ten-year
benchmark archive's on its build date), carries what lists show: the issuers and the open
deadlines, with the link to the notice. So it is made from summaries, and a body edit leaves it
as it was."""

from __future__ import annotations

import datetime as dt
from functools import partial
from itertools import islice
from typing import Callable, Iterator, Mapping

from markupsafe import escape

from .config import BuildConfig
from .directory import issuing
from .keys import page_key
from .models import Section
from .opennow import OPEN_FEED, OPEN_TITLE, open_listings
from .output import Page
from .render import cn_date
from .site import Agency, Listing, Notice, NoticeSummary, Site

BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
FEED_SIZE = 50  # newest notices per feed


def feed_paths(agencies: Mapping[str, Agency]) -> dict[str, str]:
    """Feed path -> title, for pages to announce with <link rel="alternate">."""
    paths = {"feed.xml": "政策信息周报 · 全部通知"}
    paths.update({f"feeds/{s.value}.xml": f"政策信息周报 · {s.label}" for s in Section})
    paths.update({f"{a.url}feed.xml": f"{a.name} · 政策信息周报" for a in agencies.values()})
    paths[OPEN_FEED] = OPEN_TITLE
    return paths


def feed_notices(site: Site) -> Iterator[tuple[str, list[NoticeSummary]]]:
    """Each feed of whole notices: its path and the notices it holds, newest first."""
    yield "feed.xml", list(site.newest[:FEED_SIZE])
    for section in Section:
        yield f"feeds/{section.value}.xml", list(islice((n for n in site.newest if n.section is section), FEED_SIZE))
    for agency in issuing(site.agencies, site.notices_by_agency):
        yield f"{agency.url}feed.xml", list(site.notices_by_agency[agency.id][:FEED_SIZE])


def feed_pages(site: Site, config: BuildConfig) -> Iterator[Page]:
    """Each feed: those of whole notices keyed by their full digests, the open-now feed by the
    deadlines it lists (what lists show of their notices)."""
    titles = feed_paths(site.agencies)
    for path, notices in feed_notices(site):
        yield Page(path, partial(atom, path, titles[path], notices, _whole(site.full), config),
                   page_key(titles[path], [n.full_digest for n in notices]))
    listed: dict[str, list[Listing]] = {}
    for item in open_listings(site):
        listed.setdefault(item.notice.slug, []).append(item)
    opened = [n for n in site.newest if n.slug in listed]
    yield Page(OPEN_FEED, partial(atom, OPEN_FEED, OPEN_TITLE, opened, partial(_open_entry, listed), config),
               page_key(OPEN_TITLE, [listed[n.slug] for n in opened]))


def _whole(full: Callable[[NoticeSummary], Notice]) -> Callable[[NoticeSummary], str]:
    return lambda summary: str(full(summary).body_html)


def _open_entry(listed: Mapping[str, list[Listing]], notice: NoticeSummary) -> str:
    """An open-now entry's content: who issued the notice and what is open, each deadline with its
    dates and the words of the notice that set it."""
    items = []
    for item in sorted(listed[notice.slug], key=lambda i: i.position):
        d = item.deadline
        days = f"{cn_date(d.start)} 至 {cn_date(d.end)}" if d.start else f"{cn_date(d.end)} {d.end_word}".rstrip()
        phrase = f"（原文：{escape(d.phrase)}）" if d.phrase else ""
        items.append(f"<li>{escape(d.kind.value)}：{escape(days)}{phrase}</li>")
    issuers = "、".join(a.name for a in notice.issuers)
    head = f"<p>发文机构：{escape(issuers)}</p>" if issuers else ""
    return f"{head}<ul>{''.join(items)}</ul>"


def _updated(notice: NoticeSummary) -> dt.datetime:
    return dt.datetime.combine(notice.published or notice.date, dt.time(), BEIJING)


def entry_id(notice: NoticeSummary) -> str:
    """A tag URI (RFC 4151): stable whatever the site's address."""
    return f"tag:digest,{notice.week_date.year}:notices/{notice.slug}"


def atom(path: str, title: str, notices: list[NoticeSummary], content: Callable[[NoticeSummary], str],
         config: BuildConfig) -> bytes:
    """An Atom feed (RFC 4287) of `notices`, newest first, each entry's HTML given by `content`."""
    from feedgen.feed import FeedGenerator  # here: only a build that writes a feed needs it

    root = config.link_root
    feed = FeedGenerator()
    feed.id(f"tag:digest,2021:{path}")
    feed.title(title)
    feed.language("zh-CN")
    feed.link(href=root + path, rel="self")
    feed.link(href=root, rel="alternate")
    feed.generator("digest")
    # the feed's time comes from its newest entry, never the clock, so rebuilds are identical
    feed.updated(max((_updated(n) for n in notices), default=dt.datetime(2000, 1, 1, tzinfo=BEIJING)))
    for notice in notices:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(notice))
        entry.title(notice.title)
        entry.updated(_updated(notice))
        entry.published(_updated(notice))
        for agency in notice.issuers:
            entry.author(name=agency.name)
        entry.content(content(notice), type="html")
        entry.link(href=root + notice.url)
        entry.category(term=notice.section.value, label=notice.section.label)
    return feed.atom_str(pretty=True)
