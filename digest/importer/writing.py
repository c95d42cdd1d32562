"""The records as files: week.yaml and one Markdown file per notice, checked by the models."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..errors import BuildError
from ..load import AGENCIES_FILE, WEEK_FILE
from ..models import AgencyEntry, FrontMatter, WeekFile
from .drafts import _NoticeDraft, _WeekDraft

if TYPE_CHECKING:
    from .agencies import _Registry


def _scalar(value) -> str:
    """A YAML scalar as written by hand: plain where that reads back as the same text, else double-quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    plain = (text == text.strip() and text and "\n" not in text
             and text[0] not in "-?:,[]{}#&*!|>'\"%@`"
             and ": " not in text and " #" not in text and not text.endswith(":")
             and text not in ("~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                              "yes", "no", "on", "off")
             and "\t" not in text)
    return text if plain else json.dumps(text, ensure_ascii=False)


def _week_yaml(week: _WeekDraft, source: Path) -> str:
    out = [f"# 导入自 {source.name}，请对照原文核对",
           f"publisher: {_scalar(week.publisher)}",
           f"date: {week.date.isoformat()}",
           "sections:"]
    for draft in week.sections:
        out += [f"  - section: {draft.section.value}",
                f"    start: {draft.start.isoformat()}",
                f"    end: {draft.end.isoformat()}"]
        if draft.signature:
            out += ["    signature:",
                    f"      by: {_scalar(draft.signature.by)}",
                    f"      date: {draft.signature.date.isoformat()}"]
    return "\n".join(out) + "\n"


def _notice_md(notice: _NoticeDraft, source: Path) -> str:
    out = ["---",
           f"# 导入自 {source.name} 第 {notice.line} 行",
           f"title: {_scalar(notice.title)}",
           f"url: {_scalar(notice.url)}".rstrip()]
    if notice.doc_number:
        out.append(f"doc_number: {_scalar(notice.doc_number)}")
    out.append(f"issuers: [{', '.join(notice.issuers)}]")
    if notice.addressees:
        out.append(f"addressees: {_scalar(notice.addressees)}")
    out.append(f"date: {notice.date.isoformat()}")
    if notice.published:
        out.append(f"published: {notice.published.isoformat()}")
    out += [f"section: {notice.section.value}", f"group: {notice.group.value}", f"order: {notice.order}",
            f"kind: {notice.kind}"]
    if notice.deadlines:
        out.append("deadlines:")
        for entry in notice.deadlines:
            first = True
            for key, value in entry.items():
                out.append(f"{'  - ' if first else '    '}{key}: {_scalar(value)}")
                first = False
    if notice.attachments:
        out.append("attachments:")
        out += [f"  - name: {_scalar(name)}" for name in notice.attachments]
    if notice.contacts:
        out.append("contacts:")
        for contact in notice.contacts:
            first = True
            for key in ("name", "role", "phone", "fax", "email", "address"):
                if contact.get(key):
                    out.append(f"{'  - ' if first else '    '}{key}: {_scalar(contact[key])}")
                    first = False
    if notice.note:
        out.append(f"note: {_scalar(notice.note)}")
    if notice.aliases:
        out.append(f"aliases: [{', '.join(notice.aliases)}]")
    if notice.review:
        out.append("review:  # 导入时不确定的地方：逐条对照原文核对，改好后删去该条（网站上不显示）")
        out += [f"  - {_scalar(item)}" for item in notice.review]
    out.append("---")
    return "\n".join(out) + "\n" + notice.body


def _validate(week: _WeekDraft, notices: list[_NoticeDraft], registry: _Registry) -> None:
    """The records about to be written pass the same models `digest check` uses; anything else is a bug here."""
    from ..records import parse_yaml

    problems = []
    texts = {WEEK_FILE: _week_yaml(week, Path("source"))}
    texts.update({f"{n.slug}.md": _notice_md(n, Path("source")) for n in notices})
    for name, text in texts.items():
        front = text.split("---\n")[1] if name.endswith(".md") else text
        record, errors = parse_yaml(front, Path(name), name)
        problems += [str(e) for e in errors]
        if record is None:
            continue
        try:
            (FrontMatter if name.endswith(".md") else WeekFile).model_validate(record.data)
        except ValidationError as exc:
            problems += [f"{name}: {err['loc']}: {err['msg']}" for err in exc.errors()]
    for agency in registry.new:
        try:
            AgencyEntry.model_validate({"id": agency.id, "name": agency.name, "level": agency.level,
                                        "region": agency.region})
        except ValidationError as exc:
            problems += [f"{AGENCIES_FILE} {agency.id}: {err['msg']}" for err in exc.errors()]
    if problems:
        raise BuildError("导入结果未通过校验（这是导入程序的问题，请报告）：\n" + "\n".join(problems))
