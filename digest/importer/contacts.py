"""Attachments and contacts, taken out of the body."""

from __future__ import annotations

import re

from .drafts import _Line, _NoticeDraft
from .patterns import (
    _ATTACHMENT_MORE_RE, _ATTACHMENT_NUMBER_RE, _ATTACHMENT_RE, _CONTACT_LABELS, _CONTACT_LABEL_RE,
    _CONTACT_LINE_RE, _FILE_NAME_RE)


def _add(contact: dict, key: str, value: str) -> None:
    contact[key] = f"{contact[key]}、{value}" if contact.get(key) else value


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
                more = _ATTACHMENT_MORE_RE.match(line.text) or (
                    _FILE_NAME_RE.search(line.text) and _ATTACHMENT_NUMBER_RE.match(line.text))
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
        for line in lines:
            if not line.text:
                continue
            if not _CONTACT_LINE_RE.match(line.text):
                previous_text, introduced = line.text, False
                continue
            introduced = introduced or previous_text.endswith(("：", ":"))
            text = line.text
            if text[0] in "（(" and text[-1] in "）)":
                text = text[1:-1]
            labels = list(_CONTACT_LABEL_RE.finditer(text))
            for i, match in enumerate(labels):
                value = text[match.end(): labels[i + 1].start() if i + 1 < len(labels) else len(text)]
                value = value.strip(" ；;，,。")
                if not value:
                    continue
                who, key = _CONTACT_LABELS[re.sub(r"\s+", "", match.group(1))]
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
