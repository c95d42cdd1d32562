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
    return Page(path, partial(atom, path, title, notices, config), feed_key(title, [n.full_digest for n in notices]))


def feed_key(title: str, full_digests: list[str]) -> str:
    """A feed's key, from its notices' full digests: a feed shows the whole notice."""
    return page_key(title, full_digests)


def _updated(notice: Notice) -> dt.datetime:
    return dt.datetime.combine(notice.published or notice.date, dt.time(), BEIJING)


def entry_id(notice: Notice) -> str:
    """A tag URI (RFC 4151): stable whatever the site's address."""
    return f"tag:digest,{notice.week_date.year}:notices/{notice.slug}"


# Written here rather than with a feed library: an entry's bytes then depend on its notice alone,
# so a feed is its head, its entries and its end, and an edit replaces one entry (`patched_feed`).
_ENTRY = b"  <entry>\n"
_END = b"</feed>\n"


def atom(path: str, title: str, notices: list[Notice], config: BuildConfig) -> bytes:
    """An Atom feed (RFC 4287) of `notices`, newest first."""
    root = config.link_root
    # The feed's time comes from its newest entry, never the clock, so rebuilds are identical.
    updated = max((_updated(n) for n in notices), default=dt.datetime(2000, 1, 1, tzinfo=BEIJING))
    head = ("<?xml version='1.0' encoding='UTF-8'?>\n"
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
            f"  <id>{_x('tag:digest,2021:' + path)}</id>\n"
            f"  <title>{_x(title)}</title>\n"
            f"  <updated>{updated.isoformat()}</updated>\n"
            f'  <link href="{_x(root + path)}" rel="self"/>\n'
            f'  <link href="{_x(root)}" rel="alternate"/>\n'
            "  <generator>digest</generator>\n")
    return head.encode("utf-8") + b"".join(feed_entry(n, config) for n in notices) + _END


def feed_entry(notice: Notice, config: BuildConfig) -> bytes:
    """One <entry> element, in whole lines."""
    stamp = _updated(notice).isoformat()
    lines = [f"    <id>{_x(entry_id(notice))}</id>",
             f"    <title>{_x(notice.title)}</title>",
             f"    <updated>{stamp}</updated>",
             *(f"    <author>\n      <name>{_x(agency.name)}</name>\n    </author>" for agency in notice.issuers),
             f'    <content type="html">{_x(str(notice.body_html))}</content>',
             f'    <link href="{_x(config.link_root + notice.url)}"/>',
             f'    <category term="{_x(notice.section.value)}" label="{_x(notice.section.label)}"/>',
             f"    <published>{stamp}</published>",
             "  </entry>\n"]
    return _ENTRY + "\n".join(lines).encode("utf-8")


def patched_feed(feed: bytes, slugs: tuple[str, ...], entries: Mapping[str, bytes]) -> bytes | None:
    """`feed` as `atom` wrote it for the notices of `slugs`, with the entries of some of them replaced
    by `entries` (by slug); None where it is not such a feed. Text in a feed is escaped, so no
    entry holds the line another begins with."""
    head, *old = feed.split(_ENTRY)
    if len(old) != len(slugs) or not old or not old[-1].endswith(_END):
        return None
    old[-1] = old[-1][:-len(_END)]
    for i, slug in enumerate(slugs):
        if f":notices/{slug}</id>".encode() not in old[i]:
            return None
        if slug in entries:
            old[i] = entries[slug][len(_ENTRY):]
    return head + b"".join(_ENTRY + entry for entry in old) + _END


def _x(text: str) -> str:
    """Text or an attribute value in XML: &, <, > and quotes escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
