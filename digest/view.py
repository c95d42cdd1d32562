"""What templates use to show a notice as a publication: its body with citations linked, and its
attachments not already listed by its text."""

from __future__ import annotations

import html
import re
from typing import Callable

from markupsafe import Markup

from .citations import link_mentions

_TAG = re.compile(r"<[^>]*>")


def _without_spaces(text: str) -> str:
    # str.split() splits at exactly the characters \s matches, four times as fast on a body's text
    return "".join(text.split())


def _plain(body_html: str) -> str:
    return _without_spaces(html.unescape(_TAG.sub("", body_html)))


def attachments_to_list(notice) -> list:
    """The notice's attachments its page lists: all, less those without a file or link to offer that
    its text already names after the word 附件 (a body's own 附件 section, as the bulletin prints it)."""
    attachments = notice.source.attachments
    if not attachments:
        return []
    plain = _plain(notice.rendered)
    after = plain[plain.find("附件"):] if "附件" in plain else ""
    return [a for a in attachments if a.url or a.file or _without_spaces(a.name) not in after]


_BARE = re.compile(r'<a href="(https?://[^"]+)">\1</a>')


def cited(body_html: str, targets) -> Markup:
    """A body with its citations linked (citations.link_mentions), and links that show their own
    address marked `bare` (print writes the address after the others)."""
    return Markup(_BARE.sub(r'<a class="bare" href="\1">\1</a>', link_mentions(str(body_html), targets)))


def running_header(week) -> bytes:
    """The stylesheet an issue's pages print with: a running header naming the issue (a page's
    own stylesheet, as Chromium prints no text taken from the page into page margins)."""
    header = f"政策信息周报 · 第 {week.number} 期 · {week.date.year} 年 {week.date.month} 月 {week.date.day} 日"
    return ('@page { @top-left { content: "%s"; } }\n' % header).encode("utf-8")


def filters(url: Callable[[str], str]) -> dict[str, Callable]:
    return {
        "cited": lambda body, links: cited(body, links.target_urls(url)),
        "attachments_to_list": attachments_to_list,
    }
