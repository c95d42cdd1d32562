"""Attachments and contacts, taken out of the body."""

from __future__ import annotations

import re

from .drafts import _Line, _NoticeDraft
from .patterns import (
    _ATTACHMENT_MORE_RE, _ATTACHMENT_NUMBER_RE, _ATTACHMENT_RE, _CONTACT_LABELS, _CONTACT_LABEL_RE,
    _CONTACT_LINE_RE, _FILE_NAME_RE)


def _add(contact: dict, key: str, value: str) -> None:
    contact[key] = f"{contact[key]}、{value}" if contact.get(key) else value


# A line of nothing but phone numbers: 010-62084456, 020-37886123、020-37886124, (010)8888 8888 转 123
_PHONES_RE = re.compile(r"^(?:[（(]?\+?\d[\d\-－（）() ]{5,}\d(?:\s*转\s*\d+)?[，,、；;\s]*)+$")


class _Contacts:
    def _attachments(self, notice: _NoticeDraft, lines: list[_Line]) -> None:
        expecting_more = False
        for line in lines:
            if not line.text:
                continue
            match = _ATTACHMENT_RE.match(line.text)
            if match:
                rest = match.group(2).strip()
                if rest:
                    numbered = _ATTACHMENT_NUMBER_RE.match(rest)
                    notice.attachments.append((numbered.group(1) if numbered else rest).strip())
                line.text, expecting_more = "", True
                continue
            if expecting_more:
                # "2. 活动总结表" under "附件：1. …": numbered like the first, short, and no sentence
                more = _ATTACHMENT_MORE_RE.match(line.text) or (
                    (_FILE_NAME_RE.search(line.text) or (len(line.text) <= 60 and not re.search(r"[。；;]", line.text)))
                    and _ATTACHMENT_NUMBER_RE.match(line.text))
                if more:
                    notice.attachments.append(more.group(1).strip())
                    line.text = ""
                    continue
            expecting_more = False

    def _contacts(self, notice: _NoticeDraft, lines: list[_Line]) -> None:
        main: list[dict] = [{}]
        supervision: dict = {}
        introduced = False  # contact lines announced by "…发到以下邮箱：" stay in the body too
        previous_text = ""
        open_phone: tuple[dict, str] | None = None  # a phone label whose numbers go on past its line
        for line in lines:
            if not line.text:
                continue
            if open_phone and _PHONES_RE.match(line.text):
                # "联系电话：010-62083114，" / "010-62084456": the numbers a page or line break split off
                contact, key = open_phone
                for number in (n for n in re.split(r"[，,、；;]+", line.text) if n.strip()):
                    _add(contact, key, number.strip())
                if not re.search(r"[，,、；;]$", line.text):
                    open_phone = None
                if not introduced:
                    line.text = ""
                continue
            open_phone = None
            if not _CONTACT_LINE_RE.match(line.text):
                previous_text, introduced = line.text, False
                continue
            introduced = introduced or previous_text.endswith(("：", ":"))
            text = line.text
            if text[0] in "（(" and text[-1] in "）)":
                text = text[1:-1]
            labels = list(_CONTACT_LABEL_RE.finditer(text))
            for i, match in enumerate(labels):
                raw = text[match.end(): labels[i + 1].start() if i + 1 < len(labels) else len(text)]
                value = raw.strip(" ；;，,。、")
                who, key = _CONTACT_LABELS[re.sub(r"\s+", "", match.group(1))]
                last = i + 1 == len(labels)
                if last and key in ("phone", "fax", "any") and (not value or re.search(r"[，,、]\s*$", raw)):
                    owner = supervision if who == "监督" else main[-1]
                    open_phone = (owner, "phone" if key == "any" else key)
                if not value:
                    continue
                if who == "监督":
                    supervision.setdefault("role", "监督")
                    _add(supervision, key, value)
                    continue
                if key == "any":
                    key = "email" if "@" in value else "phone"
                if key == "name":
                    value = "、".join(p for p in re.split(r"[\s、，,]+", value) if p)
                    if main[-1].get("name"):
                        main.append({})
                _add(main[-1], key, value)
            if not introduced:
                line.text = ""
        notice.contacts = [c for c in main if c] + ([supervision] if supervision else [])
