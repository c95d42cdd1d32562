"""File names (the notices' permanent URLs) that say what a notice is, stable across re-imports.

A notice with a 发文字号 is named by its agency and that number (国知办函服字〔2021〕304 号 from
cnipa-office: cnipa-office-gzbhfz-2021-304); one without by its agency, year and subject
(beijing-ipa-2021-shidian-shifan-danwei-shenbao). A re-import that names a notice differently keeps
its old name as an alias, so the old URL still leads to it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from slugify import slugify

from ..load import WEEK_FILE
from ..models import MAX_ID_LENGTH
from ..records import read_markdown_file
from .agencies import _Registry
from .drafts import _NoticeDraft
from .patterns import _KIND_WORDS

_DOC_NUMBER_PARTS_RE = re.compile(r"^(.+?)\s*[〔\[【]\s*(\d{4})\s*[〕\]】]\s*第?\s*(\d+)\s*号$")
_TITLE_NUMBER_RE = re.compile(r"(\d{4})\s*年\s*第\s*(\d+)\s*号")
_LEADING_WORDS_RE = re.compile(r"^(?:关于|对|开展|组织|做好|印发|发布|公布|征集|进一步|加强|启动|申报|公开)+")
_YEAR_RE = re.compile(r"\d{4}\s*(?:年度|年)?")
_GENERIC_RE = re.compile(r"知识产权|有关|相关|事项|事宜|工作|的")
_SUBJECT_CHARACTERS = 8  # four words of two characters: enough to tell a week's notices apart


def notice_slug(notice: _NoticeDraft, registry: _Registry) -> str:
    agency = notice.issuers[0] if notice.issuers else f"{notice.section.value}-{notice.group.value}"
    number = _DOC_NUMBER_PARTS_RE.match(notice.doc_number or "")
    if number:
        prefix = "".join(lazy_pinyin(number.group(1), style=Style.FIRST_LETTER))
        return slugify(f"{agency}-{prefix}-{number.group(2)}-{number.group(3)}")
    number = _TITLE_NUMBER_RE.search(notice.doc_number or notice.title)
    if number:
        return slugify(f"{agency}-{number.group(1)}-{number.group(2)}")
    return _short(slugify(f"{agency}-{notice.date.year}-{_subject(notice, registry)}")) or agency


def _short(slug: str) -> str:
    """Within the length a file name may have, cut at a hyphen (room left for a -2 where names clash)."""
    return slug if len(slug) <= MAX_ID_LENGTH - 3 else slug[:MAX_ID_LENGTH - 3].rsplit("-", 1)[0]


def _subject(notice: _NoticeDraft, registry: _Registry) -> str:
    title = notice.title
    if "关于" in title:
        title = title.split("关于", 1)[1]
    title = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip())
    for word in _KIND_WORDS:
        if title.endswith(word):
            title = title[:-len(word)]
            break
    names = sorted({n for a in registry.agencies + registry.new if a.id in notice.issuers
                    for n in (*a.names, a.region or "") if n}, key=len, reverse=True)
    for name in names:
        title = title.replace(name, "")
    title = _YEAR_RE.sub("", title)
    title = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", title)
    title = _LEADING_WORDS_RE.sub("", _GENERIC_RE.sub("", title)) or title
    title = re.sub(r"^[市省区县]", "", title)
    words: list[str] = []
    for word in _words(title):
        if sum(map(len, words)) >= _SUBJECT_CHARACTERS:
            break
        words.append(word)
    return "-".join(w for w in ("".join(slugify(p) for p in lazy_pinyin(word)) for word in words) if w)


def _words(text: str) -> list[str]:
    import logging

    import jieba  # loads its dictionary on first use: only an import needs it

    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(text)


def name_notices(notices: list[_NoticeDraft], registry: _Registry, content_root: Path, week_folder: Path) -> None:
    """Each notice's slug, unique in the archive; a name it had in an earlier import of the week kept in `aliases`."""
    taken = {p.stem for p in content_root.glob("*/*/*.md") if p.parent != week_folder}
    earlier = _earlier_names(week_folder)
    used: set[str] = set()
    for notice in notices:
        base = notice_slug(notice, registry)
        slug, n = base, 2
        while slug in taken or slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        notice.slug = slug
        old = earlier.get(notice.title)
        if old:
            stem, aliases = old
            notice.aliases = [a for a in dict.fromkeys([stem, *aliases]) if a != slug]


def _earlier_names(week_folder: Path) -> dict[str, tuple[str, list[str]]]:
    """title -> (file name, aliases) of the notices an earlier import of this week wrote."""
    names: dict[str, tuple[str, list[str]]] = {}
    if not week_folder.is_dir():
        return names
    for path in sorted(week_folder.glob("*.md")):
        if path.name == WEEK_FILE:
            continue
        record, _ = read_markdown_file(path, path.as_posix())
        data = record.data if record is not None and isinstance(record.data, dict) else {}
        aliases = data.get("aliases") or []
        if isinstance(data.get("title"), str):
            names[data["title"].strip()] = (path.stem, [str(a) for a in aliases] if isinstance(aliases, list) else [])
    return names
