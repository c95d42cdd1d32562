"""The outline of the export: sections, groups, notice titles and the week."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import BuildError, ContentError
from ..models import Group
from ..recognise import date_of as _date, line_date as _line_date
from .agencies import _Registry
from .drafts import _Line, _NoticeDraft, _SectionDraft, _Signature, _WeekDraft, _first_date
from .patterns import (
    _GROUPS, _GROUP_RE, _KIND_WORDS, _SECTIONS, _SECTION_RE, _SECTION_SIGNATURE_RE, _TITLE_CONTINUATION_RE,
    _TITLE_FORMS, _kind_of, _unescape)


class _Outline:
    def __init__(self, source: Path, text: str, registry: _Registry):
        self.source = source
        self.shown = str(source)
        self.lines = [_Line(i + 1, raw.strip()) for i, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))]
        self.registry = registry
        self.warnings: list[ContentError] = []
        self.sections: list[_SectionDraft] = []
        self.notices: list[_NoticeDraft] = []

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ContentError(self.shown, line, "", message, warning=True))

    def run(self) -> tuple[_WeekDraft, list[_NoticeDraft]]:
        self._outline()
        if not self.notices:
            raise BuildError(f"{self.source} 中没有找到任何通知：请确认这是周报导出的文本"
                             "（应有“知识产权信息篇（…）”“国家级”“1、标题”等行）")
        for draft in self.sections:
            self._section_signature(draft)
        week = self._week()
        previous_region: str | None = None
        for notice in self.notices:
            self._notice(notice, week, previous_region)
            regions = [a.region for a in self.registry.agencies + self.registry.new if a.id in notice.issuers and a.region]
            previous_region = regions[0] if regions else previous_region
        return week, self.notices

    def _outline(self) -> None:
        section: _SectionDraft | None = None
        group: Group | None = None
        notice: _NoticeDraft | None = None
        order = 0
        stray: list[_Line] = []
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            index += 1
            if not line.text:
                if notice:
                    notice.lines.append(line)
                continue
            match = _SECTION_RE.match(line.text)
            if match:
                section = self._section_header(match, line)
                group, notice, order = None, None, 0
                continue
            match = _GROUP_RE.match(line.text)
            if match and section is not None:
                group, notice, order = _GROUPS[match.group(1)], None, 0
                continue
            title = self._title(line.text, order + 1, notice) if section and group else None
            if title:
                number, text, target = title
                if number != order + 1:
                    self.warn(line.no, f"原文编号为 {number}，按位置应为第 {order + 1} 条：已按位置排序（order: {order + 1}）")
                order += 1
                url = target if target and re.match(r"^https?://\S+$", target) else None
                notice = _NoticeDraft(section=section.section, group=group, order=order, line=line.no,
                                      title=text, url=url)
                if target is not None:
                    index = self._title_continuation(notice, index, target)
                self.notices.append(notice)
                continue
            if notice is not None:
                notice.lines.append(line)
            else:
                stray.append(line)
        for line in stray:
            where = "任何一篇之前" if not self.sections else "篇名或“国家级/地方级/资讯”与第一条通知之间"
            self.warn(line.no, f"这一行位于{where}，未能归入任何通知，没有导入：“{line.text[:40]}”")

    def _section_header(self, match: re.Match, line: _Line) -> _SectionDraft:
        start = end = None
        if match.group(2):
            start = _date(match.group(2), match.group(3), match.group(4))
            end = _date(match.group(5), match.group(6), match.group(7))
            if start is None or end is None or end < start:
                self.warn(line.no, "本篇的起止日期无法识别或先后颠倒：已据通知日期推算，请核对 week.yaml")
                start = end = None
        else:
            self.warn(line.no, "篇名后没有起止日期：已据本篇通知的日期推算，请核对 week.yaml")
        draft = _SectionDraft(section=_SECTIONS[match.group(1)], line=line.no, start=start, end=end)
        if any(s.section is draft.section for s in self.sections):
            raise BuildError(f"{self.source}:{line.no}: “{match.group(1)}”出现了两次：一期中每篇只能有一次")
        self.sections.append(draft)
        return draft

    def _title(self, text: str, expected: int, current: _NoticeDraft | None) -> tuple[int, str, str | None] | None:
        for pattern, linked in _TITLE_FORMS:
            match = pattern.match(text)
            if not match:
                continue
            number, title = int(match.group(1)), _unescape(match.group(2)).strip()
            target = match.group(3) if linked else None
            if not linked:
                # a bare "2、…" is a title only where the next number is due, and it reads like one
                if number != expected or "。" in title or not ("关于" in title or _kind_of(title)):
                    return None
                if current is not None and not self._signed(current):
                    return None
            return number, title, target
        return None

    def _signed(self, notice: _NoticeDraft) -> bool:
        return any(_line_date(line.text) for line in notice.lines)

    def _title_continuation(self, notice: _NoticeDraft, index: int, target: str) -> int:
        """A title printed over two linked lines (same link): the first part is the title, the rest goes to `note`."""
        following = index
        while following < len(self.lines) and not self.lines[following].text:
            following += 1
        if following >= len(self.lines):
            return index
        match = _TITLE_CONTINUATION_RE.match(self.lines[following].text)
        if not match or match.group(2) != target:
            return index
        line = self.lines[following]
        rest = _unescape(match.group(1)).strip()
        title = notice.title
        cut = max((title.rfind(word) + len(word) for word in _KIND_WORDS if word in title), default=-1)
        if cut < len(title) - 4 and not _kind_of(title) and _kind_of(title + rest):
            # a long title wrapped onto a second line: "[1、关于开展……](#)" + "[……工作的通知](#)"
            notice.title = title + rest
            self.warn(line.no, f"标题分两行印出，已合并为“{notice.title}”：请核对")
            return following + 1
        if 0 < cut < len(title) and len(title) - cut <= 4:
            # "…的通知经国" + "家药品监督管理局…": the tail of the first line starts the stray text
            rest, title = title[cut:] + rest, title[:cut]
        notice.title = title
        notice.note = (f"原文标题之后还接有一行“{rest}”（原文第 {line.no} 行），不像本通知标题的一部分，"
                       "已从标题中移出，请核对。")
        self.warn(line.no, f"标题分两行印出，第二行“{rest[:30]}…”不像标题的一部分：标题取“{title}”，"
                           "其余移入 note，请核对")
        return following + 1

    def _section_signature(self, draft: _SectionDraft) -> None:
        """The section's sign-off (盈科瑞·知识产权部 + date) closes its last notice."""
        notices = [n for n in self.notices if n.section is draft.section]
        if not notices:
            self.warn(draft.line, "本篇没有找到任何通知")
            return
        lines = notices[-1].lines
        filled = [i for i, line in enumerate(lines) if line.text]
        if len(filled) < 2:
            return
        by, when = lines[filled[-2]], lines[filled[-1]]
        date = _line_date(when.text)
        if date and _SECTION_SIGNATURE_RE.match(by.text):
            draft.signature = _Signature(by.text, date)
            del lines[filled[-2]:]

    def _week(self) -> _WeekDraft:
        for draft in self.sections:
            dates = [d for n in self.notices if n.section is draft.section
                     for d in [_first_date(n.lines)] if d]
            if draft.start is None:
                draft.start = min(dates, default=dt.date.today())
                draft.end = max(dates, default=draft.start)
        signed = [s.signature for s in self.sections if s.signature]
        if signed:
            date = max(s.date for s in signed)
            publisher = signed[0].by.split("·")[0].split("•")[0].split("・")[0]
        else:
            date = max(s.end for s in self.sections)
            publisher = "盈科瑞"
            self.warn(self.sections[0].line, f"没有找到本期落款（如“盈科瑞·知识产权部”及日期）：本期日期取各篇结束日 {date}，"
                                             f"出版者暂填“{publisher}”，请核对 week.yaml")
        return _WeekDraft(publisher=publisher, date=date, sections=self.sections)
