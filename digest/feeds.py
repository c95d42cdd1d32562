"""Atom feeds for the whole site, each section and each agency, byte-identical across builds."""

from __future__ import annotations

import datetime as dt
from functools import partial
from itertools import islice
from typing import Iterator, Mapping

from .config import BuildConfig
from .keys import page_key
from .models import Section
from .render import Page
from .site import Agency, Notice, Site

BEIJING = dt.timezone(dt.timedelta(hours=8))
FEED_SIZE = 50  # newest notices per feed


def feed_paths(agencies: Mapping[str, Agency]) -> dict[str, str]:
    """Feed path -> title, for pages to announce with <link rel="alternate">."""
    paths = {"feed.xml": "政策信息周报 · 全部通知"}
    paths.update({f"feeds/{s.value}.xml": f"政策信息周报 · {s.label}" for s in Section})
    paths.update({f"{a.url}feed.xml": f"{a.name} · 政策信息周报" for a in agencies.values()})
    return paths


def feed_notices(site: Site) -> Iterator[tuple[str, list[Notice]]]:
    """Each feed's path and the notices it holds, newest first."""
    yield "feed.xml", list(site.newest[:FEED_SIZE])
    for section in Section:
        yield f"feeds/{section.value}.xml", list(islice((n for n in site.newest if n.section is section), FEED_SIZE))
    for agency in site.agencies.values():
        yield f"{agency.url}feed.xml", list(site.notices_by_agency[agency.id][:FEED_SIZE])


def feed_pages(site: Site, config: BuildConfig) -> Iterator[Page]:
    titles = feed_paths(site.agencies)
    return (feed_page(path, titles[path], notices, config) for path, notices in feed_notices(site))


def feed_page(path: str, title: str, notices: list[Notice], config: BuildConfig) -> Page:
    key = page_key(title, [n.full_digest for n in notices])  # a feed shows the whole notice
    return Page(path, partial(atom, path, title, notices, config), key)


def _updated(notice: Notice) -> dt.datetime:
    return dt.datetime.combine(notice.published or notice.date, dt.time(), BEIJING)


def entry_id(notice: Notice) -> str:
    """A tag URI (RFC 4151): stable whatever the site's address."""
    return f"tag:digest,{notice.week_date.year}:notices/{notice.slug}"


def atom(path: str, title: str, notices: list[Notice], config: BuildConfig) -> bytes:
    root = config.link_root
    from feedgen.feed import FeedGenerator  # here: most builds write no feed (and it brings lxml)

    feed = FeedGenerator()
    feed.id(f"tag:digest,2021:{path}")
    feed.title(title)
    feed.language("zh-CN")
    feed.link(href=root + path, rel="self")
    feed.link(href=root, rel="alternate")
    feed.generator("digest")
    # The feed's time comes from its newest entry, never the clock, so rebuilds are identical.
    feed.updated(max((_updated(n) for n in notices), default=dt.datetime(2000, 1, 1, tzinfo=BEIJING)))
    for notice in reversed(notices):  # feedgen prepends: add oldest first to list newest first
        entry = feed.add_entry()
        entry.id(entry_id(notice))
        entry.title(notice.title)
        entry.link(href=root + notice.url)
        entry.updated(_updated(notice))
        entry.published(_updated(notice))
        for agency in notice.issuers:
            entry.author(name=agency.name)
        entry.category(term=notice.section.value, label=notice.section.label)
        entry.content(str(notice.body_html), type="html")
    return feed.atom_str(pretty=True)
