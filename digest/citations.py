"""Citations: 发文字号 and quoted titles in a notice's text that name another notice of the archive.

A notice cites others by number (《…通知》（国知发办字〔2021〕6号）) or by title in 《》. What a body
mentions is found once, when its week is linked (`mentions`), and is part of what lists are keyed
by, so that who cites whom is known without reading any text again; `link_mentions` then turns the
mentions that match a notice of the archive into links in the body's HTML, only in text (never
inside a link, a tag or an attribute).
"""

from __future__ import annotations

import html
import re
from typing import Mapping

import msgspec

# 国知发办字〔2021〕6号, 京知局 [2021] 12 号, 国办发（2021）3号: an agency's prefix, the year, the serial.
_TAIL = r"[〔\[［【(（]\s*((?:19|20)\d\d)\s*[〕\]］】)）]\s*第?\s*(\d{1,5})\s*号"  # from the bracket on
NUMBER = re.compile(r"([\u4e00-\u9fff]{1,20})\s*" + _TAIL)
TITLE = re.compile(r"《([^《》<>\n]{4,200})》")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def number_key(prefix: str, year: str, serial: str) -> str:
    return f"{prefix}〔{year}〕{int(serial)}号"


def doc_number_keys(doc_number: str | None) -> tuple[str, ...]:
    """The forms a document number is cited by: one, normalised (no spaces, 〔〕 brackets, no
    leading zeros), or none for a number of another form (2021 年第 27 号 names no agency)."""
    match = NUMBER.fullmatch(_SPACE.sub("", doc_number or ""))
    return (number_key(*match.groups()),) if match else ()


def title_key(title: str) -> str:
    return "《" + _SPACE.sub("", title) + "》"


class Refs(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What a notice gives others to cite it by, and what it cites: part of what lists show of it
    (its digest), as who cites whom and its related notices follow from these."""

    numbers: tuple[str, ...]  # its own document number, as `doc_number_keys` gives it
    titles: tuple[str, ...]  # its own title, as `title_key` gives it
    tags: tuple[str, ...]
    mentions: tuple[str, ...]  # of its body, as `mentions` gives them


def refs_of(doc_number: str | None, title: str, tags, found: tuple[str, ...]) -> Refs:
    """A notice's refs, given what its body mentions (`mentions` of its HTML)."""
    return Refs(doc_number_keys(doc_number), (title_key(title),), tuple(tags), found)


_NUMBER_TAIL = re.compile(_TAIL)  # `_numbers` finds each of these, then the prefix before it
_PREFIX_LONGEST = 20  # as NUMBER's {1,20}


def _numbers(text: str):
    """What `NUMBER.finditer(text)` finds, as (start, end, prefix, year, serial): each bracketed year
    and serial found first, then its prefix read back from it. Searching forward from every Chinese
    character tried up to 20 characters at each: a third of the time a week took to load."""
    bound = 0  # a prefix never reaches into the number before it
    for tail in _NUMBER_TAIL.finditer(text):
        end = tail.start()
        while end > bound and text[end - 1].isspace():
            end -= 1
        start = end
        while start > bound and end - start < _PREFIX_LONGEST and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start < end:
            yield start, tail.end(), text[start:end], tail[1], int(tail[2])
            bound = tail.end()


def mentions(body_html: str) -> tuple[str, ...]:
    """Every number (as prefix〔year〕serial号, its prefix as written) and quoted title in the text
    of a body's HTML that `link_mentions` could link, each once, in order of first appearance."""
    found: dict[str, None] = {}
    for text in _texts(body_html):
        if "号" in text:  # every number ends with it
            for _, _, prefix, year, serial in _numbers(text):
                found[f"{prefix}〔{year}〕{serial}号"] = None
        if "《" in text:
            for match in TITLE.finditer(text):
                found[title_key(html.unescape(match[1]))] = None
    return tuple(found)


def _texts(body_html: str):
    """The text between tags outside links, each piece with its place in `body_html`."""
    if "<a" not in body_html and "<A" not in body_html:  # no link, so every piece (most bodies)
        yield from filter(None, _TAG.split(body_html))
        return
    in_link = 0
    position = 0
    for tag in _TAG.finditer(body_html):
        if not in_link and tag.start() > position:
            yield body_html[position:tag.start()]
        name = tag[0][1:].split(None, 1)[0].rstrip(">/").lower() if len(tag[0]) > 2 else ""
        if name == "a":
            in_link += 1
        elif name == "/a":
            in_link = max(0, in_link - 1)
        position = tag.end()
    if not in_link and position < len(body_html):
        yield body_html[position:]


class Targets:
    """What mentions can name: every notice's number and title, to the notice's slug."""

    def __init__(self, numbers: Mapping[str, str], titles: Mapping[str, str]):
        self.titles = dict(titles)
        # by year and serial, then the agency prefixes that end the written prefix
        self.by_serial: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for key, slug in numbers.items():
            prefix, rest = key.split("〔", 1)
            year, serial = rest.rstrip("号").split("〕")
            self.by_serial.setdefault((year, int(serial)), []).append((prefix, slug))
        for entries in self.by_serial.values():
            entries.sort(key=lambda e: -len(e[0]))  # the longest prefix first: the most specific

    def resolve(self, mention: str) -> tuple[str, int] | None:
        """The slug a mention (as `mentions` gives it) names, with how many characters of its prefix
        come before the agency's; or None."""
        if mention.startswith("《"):
            slug = self.titles.get(mention)
            return (slug, 0) if slug else None
        match = NUMBER.fullmatch(mention)
        if not match:
            return None
        prefix = match[1]
        for known, slug in self.by_serial.get((match[2], int(match[3])), ()):
            if prefix.endswith(known):
                return slug, len(prefix) - len(known)
        return None


def link_mentions(body_html: str, targets: Mapping[str, tuple[str, int]]) -> str:
    """`body_html` with each number and quoted title that `targets` holds (a mention as `mentions`
    gives it, to the URL it links to and how many of its first characters are words before the
    agency's prefix) made a link. Text inside a link stays as it is; tags and attributes are never
    touched (text between tags is escaped HTML: it holds no `<`)."""
    if not targets:
        return body_html
    out: list[str] = []
    in_link = 0
    position = 0
    for tag in _TAG.finditer(body_html):
        text = body_html[position:tag.start()]
        out.append(text if in_link else _link_text(text, targets))
        name = tag[0][1:].split(None, 1)[0].rstrip(">/").lower() if len(tag[0]) > 2 else ""
        if name == "a":
            in_link += 1
        elif name == "/a":
            in_link = max(0, in_link - 1)
        out.append(tag[0])
        position = tag.end()
    rest = body_html[position:]
    out.append(rest if in_link else _link_text(rest, targets))
    return "".join(out)


def _link_text(text: str, targets: Mapping[str, tuple[str, int]]) -> str:
    if "号" not in text and "《" not in text:
        return text
    spans: list[tuple[int, int, str]] = []
    for start, end, prefix, year, serial in _numbers(text):
        target = targets.get(f"{prefix}〔{year}〕{serial}号")
        if target:  # the link covers the number from its agency's prefix on, not the words before it
            spans.append((start + target[1], end, target[0]))
    for match in TITLE.finditer(text):
        target = targets.get(title_key(html.unescape(match[1])))
        if target and not any(s < match.end() and match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), target[0]))
    if not spans:
        return text
    out, position = [], 0
    for start, end, url in sorted(spans):
        if start < position:
            continue
        out += [text[position:start], f'<a class="cite" href="{html.escape(url)}">{text[start:end]}</a>']
        position = end
    out.append(text[position:])
    return "".join(out)
