"""One notice's fields: 发文字号, addressees, signature, issuers and kind."""

from __future__ import annotations

import re

from ..load import AGENCIES_FILE
from ..models import Group
from ..recognise import date_of as _date, line_date as _line_date
from .agencies import _LEVEL_LABELS, _is_relative
from .body import _render
from .drafts import _Line, _NoticeDraft, _WeekDraft
from .patterns import (
    _AGENCY_SUFFIX_RE, _ATTACHMENT_RE, _CONTACT_LINE_RE, _DOC_NUMBER_RE, _FILE_NAME_RE, _PUBLISHED_RE,
    _PUNCTUATION_RE, _SO_NOTIFIED_RE, _TITLE_DOC_NUMBER_RE, _kind_of)


# An agency named without its region, as notices name their own: 市知识产权局, 省药品监督管理局
_RELATIVE_NAME_RE = re.compile(r"[市省](?:知识产权局|市场监督管理局|药品监督管理局|卫生健康委员会|医疗保障局)")


class _Fields:
    def _notice(self, notice: _NoticeDraft, week: _WeekDraft, previous_region: str | None) -> None:
        lines = notice.lines
        self._head(notice, lines)
        published_line = notice.line
        for line in lines:
            match = _PUBLISHED_RE.match(line.text)
            if match:
                notice.published, published_line = _date(*match.groups()), line.no
                line.text = ""
        signature = self._signature(lines)
        context = notice.title + "\n" + "\n".join(line.text for line in lines)
        if signature:
            agency_lines, date_line, end = signature
            notice.date = _line_date(date_line.text)
            for agency_line in agency_lines:
                for name in agency_line.text.split():
                    notice.issuers.append(self._agency(name, agency_line.no, notice.group, context, previous_region))
            for line in agency_lines + [date_line]:
                line.text = ""
        else:
            end = len(lines)
        if not notice.issuers:
            notice.issuers = self._unsigned_issuers(notice, context, previous_region,
                                                    date_line.no if signature else notice.line)
        notice.issuers = list(dict.fromkeys(notice.issuers))
        if notice.date is None:
            if notice.published:
                notice.date = notice.published
                self.warn(published_line, f"没有落款日期：date 取发布时间 {notice.published}，请核对")
            else:
                notice.date = week.date
                self.warn(notice.line, f"没有落款日期，也没有发布时间：date 暂填本期日期 {week.date}，请按原文改正")
        elif notice.date.year != week.date.year:
            self.warn(date_line.no, f"落款日期 {notice.date} 的年份与本期（{week.date.year} 年）不符：已照录原文，"
                                    "请核对，如为原文笔误请在 note 中说明")
        notice.kind = self._kind(notice)
        match = _TITLE_DOC_NUMBER_RE.search(notice.title)
        if notice.doc_number is None and match:
            notice.doc_number = re.sub(r"\s+", " ", match.group(1))
        self._attachments(notice, lines)
        self._contacts(notice, lines)
        blocks = self._blocks(lines, end)
        self._deadlines(notice, blocks, week)
        notice.body = _render(blocks)
        if not notice.body.strip():
            notice.body = ""

    def _head(self, notice: _NoticeDraft, lines: list[_Line]) -> None:
        """The 发文字号 and the addressees, printed right under the title."""
        filled = [line for line in lines if line.text][:2]
        if filled and _DOC_NUMBER_RE.match(filled[0].text):
            notice.doc_number = re.sub(r"\s+", " ", filled[0].text)
            filled[0].text = ""
            filled = filled[1:]
        if filled:
            text = filled[0].text
            if (text[-1] in "：:" and "。" not in text and "如下" not in text and len(text) <= 200
                    and not _CONTACT_LINE_RE.match(text) and not _ATTACHMENT_RE.match(text)):
                notice.addressees = text[:-1].strip()
                filled[0].text = ""

    def _signature(self, lines: list[_Line]) -> tuple[list[_Line], _Line, int] | None:
        """The first date line signed by an agency, else the first closing the text: (agency lines, date line,
        index after). A date alone after a sentence ("请在截止日期前完成申报。" / "2021 年 5 月 20 日") signs the
        notice only where no agency signs it further down."""
        closing = None
        for index, line in enumerate(lines):
            if not _line_date(line.text):
                continue
            before = [l for l in lines[:index] if l.text]
            if not before:
                continue
            previous = before[-1].text
            if self._agency_like(previous):
                agency_lines = []
                for candidate in reversed(before):
                    if not self._agency_like(candidate.text):
                        break
                    agency_lines.insert(0, candidate)
                return agency_lines, line, index + 1
            if closing is None and (
                    previous[-1] in "。" or _SO_NOTIFIED_RE.match(previous) or _ATTACHMENT_RE.match(previous)
                    or _CONTACT_LINE_RE.match(previous) or _FILE_NAME_RE.search(previous)):
                closing = [], line, index + 1
        return closing

    def _agency_like(self, text: str) -> bool:
        if self.registry.exact(text):
            return True
        parts = text.split()
        return bool(parts) and all(
            len(p) <= 30 and not _PUNCTUATION_RE.search(p) and _AGENCY_SUFFIX_RE.search(p) and not re.search(r"\d", p)
            for p in parts)

    def _agency(self, name: str, line: int, group: Group, context: str, previous_region: str | None) -> str:
        agency = self.registry.exact(name)
        if agency:
            return agency.id
        if _is_relative(name):
            agency, reason = self.registry.by_region(name, context, previous_region)
            if agency:
                self.warn(line, f"发文机关“{name}”未写地区：{reason}认定为 {agency.name}（{agency.id}），请核对")
                return agency.id
        agency = self.registry.create(name, group, line)
        self.warn(line, f"机构“{name}”不在机构名录中：已新登记为 {agency.id}（{_LEVEL_LABELS[agency.level]}"
                        f"{'，' + agency.region if agency.region else ''}），请在 {AGENCIES_FILE} 中核对补全")
        return agency.id

    def _unsigned_issuers(self, notice: _NoticeDraft, context: str, previous_region: str | None,
                          line: int) -> list[str]:
        """Who issued a notice whose signature names no agency: the title's prefix, else the first agency named."""
        prefix = notice.title.split("关于", 1)[0] if "关于" in notice.title else ""
        names = [n for n in re.split(r"[、和与及\s]+", prefix) if n]
        if names and all(self._agency_like(n) or _AGENCY_SUFFIX_RE.search(n) for n in names):
            ids = []
            for name in names:
                agency = self.registry.exact(name)
                if agency:
                    ids.append(agency.id)
                    self.warn(line, f"落款没有发文机关：据标题认定为 {agency.name}（{agency.id}），请核对")
                    continue
                if _is_relative(name):
                    agency, reason = self.registry.by_region(name, context, previous_region)
                    if agency:
                        ids.append(agency.id)
                        self.warn(line, f"落款没有发文机关：据标题中的“{name}”，{reason}认定为 {agency.name}"
                                        f"（{agency.id}），请核对")
                        continue
                ids.append(self._agency(name, notice.line, notice.group, context, previous_region))
            return ids
        head = [l for l in notice.lines if l.text][:3]
        places = [("标题", notice.title, notice.line), ("开头", "\n".join(l.text for l in head), None)]
        if notice.group is not Group.NEWS:  # a notice has an issuer; an article only one its text names
            places.append(("正文", "\n".join(l.text for l in notice.lines), None))
        for label, text, at in places:
            found = self.registry.mentioned(text)
            if found:
                agency, name = found
                at = at or next((l.no for l in notice.lines if name in l.text), notice.line)
                self.warn(at, f"没有落款机关：发文机关取{label}最先提到的“{name}”（{agency.id}），请核对")
                return [agency.id]
            relative = _RELATIVE_NAME_RE.search(text)  # "报送市知识产权局" in a notice about Tianjin
            if relative:
                agency, reason = self.registry.by_region(relative.group(), context, None)
                if agency and "未提及" not in reason:
                    at = at or next((l.no for l in notice.lines if relative.group() in l.text), notice.line)
                    self.warn(at, f"没有落款机关：据{label}中的“{relative.group()}”，{reason}认定为 {agency.name}"
                                  f"（{agency.id}），请核对")
                    return [agency.id]
        if notice.group is Group.NEWS:
            return []
        self.warn(line, "没有落款机关，标题和正文也未提到名录中的机构：issuers 暂空，请按原文填写")
        return []

    def _kind(self, notice: _NoticeDraft) -> str:
        kind = _kind_of(notice.title)
        if kind:
            return kind
        fallback = "资讯" if notice.group is Group.NEWS else "其他"
        self.warn(notice.line, f"标题末尾不是通知、公告、通告、公示、意见、办法或解读：kind 暂填“{fallback}”，请核对")
        return fallback
