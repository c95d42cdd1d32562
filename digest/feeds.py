"""Atom feeds for the whole site, each section and each agency, made with feedgen, byte-identical
across builds (every time in them comes from the content, in Beijing time)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from itertools import islice
from typing import Callable, Iterator, Mapping

from .config import BuildConfig
from .directory import issuing
from .keys import page_key
from .models import Section
from .opennow import OPEN_FEED, OPEN_TITLE, open_notices
from .output import Page
from .site import Agency, Notice, NoticeSummary, Site

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
    """Each feed's path and the notices it holds, newest first."""
    yield "feed.xml", list(site.newest[:FEED_SIZE])
    for section in Section:
        yield f"feeds/{section.value}.xml", list(islice((n for n in site.newest if n.section is section), FEED_SIZE))
    for agency in issuing(site.agencies, site.notices_by_agency):
        yield f"{agency.url}feed.xml", list(site.notices_by_agency[agency.id][:FEED_SIZE])
    yield OPEN_FEED, open_notices(site)


def feed_pages(site: Site, config: BuildConfig) -> Iterator[Page]:
    """Each feed, keyed by its notices' full digests: a feed shows the whole notice."""
    titles = feed_paths(site.agencies)
    for path, notices in feed_notices(site):
        yield Page(path, partial(atom, path, titles[path], notices, site.full, config),
                   page_key(titles[path], [n.full_digest for n in notices]))


def _updated(notice: NoticeSummary) -> dt.datetime:
    return dt.datetime.combine(notice.published or notice.date, dt.time(), BEIJING)


def entry_id(notice: NoticeSummary) -> str:
    """A tag URI (RFC 4151): stable whatever the site's address."""
    return f"tag:digest,{notice.week_date.year}:notices/{notice.slug}"


def atom(path: str, title: str, notices: list[NoticeSummary], full: Callable[[NoticeSummary], Notice],
         config: BuildConfig) -> bytes:
    """An Atom feed (RFC 4287) of `notices`, newest first."""
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
    for summary in notices:
        notice = full(summary)
        entry = feed.add_entry(order="append")
        entry.id(entry_id(notice))
        entry.title(notice.title)
        entry.updated(_updated(notice))
        entry.published(_updated(notice))
        for agency in notice.issuers:
            entry.author(name=agency.name)
        entry.content(str(notice.body_html), type="html")
        entry.link(href=root + notice.url)
        entry.category(term=notice.section.value, label=notice.section.label)
    return feed.atom_str(pretty=True)
