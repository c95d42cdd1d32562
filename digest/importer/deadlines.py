"""Deadlines in the text: closing days, windows, periods, with their kind and phrase."""

from __future__ import annotations

import datetime as dt
import re

from ..recognise import FULL_DATE_RE as _FULL_DATE_RE, date_of as _date, period_text as _period_text
from .drafts import _Block, _NoticeDraft, _WeekDraft
from .patterns import (
    _CLAUSE_ENDS, _CLOSE_RE, _CUTOFF_RE, _DATE_ONLY_RE, _EFFECTIVE_DATE_RE, _EFFECTIVE_RE, _KIND_CUES,
    _PUBLICITY_PERIOD_RE, _RELATIVE_RE, _SENTENCE_ENDS, _WINDOW_RE)


def _cue(text: str) -> tuple[str | None, str]:
    for kind, pattern in _KIND_CUES:
        match = pattern.search(text)
        if match:
            return kind, match.group()
    return None, ""


def _clause(text: str, match: re.Match) -> str:
    start = max(text.rfind(c, 0, match.start()) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (text.find(c, match.end()) for c in _CLAUSE_ENDS) if i >= 0]
    return text[start:min(ends, default=len(text))].strip()


def _phrase_to_cue(text: str, match: re.Match, kind: str) -> tuple[str, str]:
    """The clauses from the date to the nearest words that name its kind, within the sentence."""
    sentence_start = max(text.rfind(c, 0, match.start()) for c in _SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(c, match.end()) for c in _SENTENCE_ENDS) if i >= 0]
    sentence_end = min(ends, default=len(text))
    pattern = dict(_KIND_CUES)[kind]
    cues = [m for m in pattern.finditer(text, sentence_start, sentence_end)]
    # the words after a date usually say what is due by it (于…前将材料报送…, 定于…开展…活动)
    after = [m for m in cues if m.start() >= match.end()]
    cue = after[0] if after else cues[-1]
    start, end = min(cue.start(), match.start()), max(cue.end(), match.end())
    start = max([text.rfind(c, 0, start) for c in _CLAUSE_ENDS] + [sentence_start - 1]) + 1
    after = [i for i in (text.find(c, end) for c in _CLAUSE_ENDS) if i >= 0]
    end = min(after + [sentence_end])
    return text[start:end].strip(), cue.group()


def _sentence(text: str, match: re.Match) -> str:
    start = max(text.rfind(c, 0, match.start()) for c in _SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(c, match.end()) for c in _SENTENCE_ENDS) if i >= 0]
    return text[start:min(ends, default=len(text))].strip()


class _Deadlines:
    def _deadlines(self, notice: _NoticeDraft, blocks: list[_Block], week: _WeekDraft) -> None:
        found: list[dict] = []
        for block in blocks:
            if block.kind == "table":
                continue
            text = block.text
            taken: list[tuple[int, int]] = []

            def free(match: re.Match, taken: list[tuple[int, int]] = taken) -> bool:
                return not any(match.start() < e and s < match.end() for s, e in taken)

            for match in _WINDOW_RE.finditer(text):
                start, note = self._day(match, "s", text, block, week)
                if start is None:
                    continue
                end_year = int(match.group("ey")) if match.group("ey") else start.year
                end_month = int(match.group("em")) if match.group("em") else start.month
                end = _date(end_year, end_month, match.group("ed"))
                if end is not None and end < start and not match.group("ey"):
                    end = _date(end_year + 1, end_month, match.group("ed"))
                if end is None or end < start:
                    continue
                taken.append(match.span())
                entry = {"start": start, "end": end}
                if match.group("within"):
                    entry["within"] = _period_text(match.group("within"))
                implied = "公示" if "公示期" in _clause(text, match) else None
                found.append(self._deadline(entry, match, text, block, notice, implied, note))
            for pattern, prefix, implied in ((_CLOSE_RE, "c", None), (_CUTOFF_RE, "c", None),
                                             (_EFFECTIVE_DATE_RE, "f", "施行")):
                for match in pattern.finditer(text):
                    if not free(match):
                        continue
                    day, note = self._day(match, prefix, text, block, week)
                    if day is not None:
                        taken.append(match.span())
                        found.append(self._deadline({"date": day}, match, text, block, notice, implied, note))
            for match in _RELATIVE_RE.finditer(text):
                implied = "征求意见" if "征求意见" in _clause(text, match) else None
                found.append(self._deadline({"within": _period_text(match.group("within"))}, match, text, block,
                                            notice, implied, None))
            for match in _EFFECTIVE_RE.finditer(text):
                found.append(self._deadline({"date": notice.published or notice.date}, match, text, block,
                                            notice, "施行", None))
            if not taken and _PUBLICITY_PERIOD_RE.search(text) and not _RELATIVE_RE.search(text):
                match = _PUBLICITY_PERIOD_RE.search(text)
                self.warn(block.line_at(match.start()), f"“{_clause(text, match)[:40]}”提到公示期限，但没有写明起止日期："
                                                        "未列入 deadlines，请核对（日期确定后可用 start 加 within 写出）")
            only = _DATE_ONLY_RE.match(text)
            if only and "截止" in block.heading:
                day, note = self._day(only, "o", text, block, week)
                if day is not None:
                    label = re.sub(r"^[一二三四五六七八九十]+、\s*|^[（(][一二三四五六七八九十]+[）)]\s*", "", block.heading)
                    kind = _cue(label)[0] or "其他"
                    line = block.line_at(0)
                    notes = [note] if note else []
                    notes.append((line, f"单独一行的日期“{text}”按其标题“{label}”列为{kind}截止日期：请核对"))
                    found.append({"kind": kind, "date": day, "phrase": f"{label}：{text.rstrip('。.')}",
                                  "_line": line, "_notes": notes})
        seen = set()
        for entry in found:
            key = (entry["kind"], entry.get("date"), entry.get("start"), entry.get("end"), entry.get("within"))
            end = entry.get("date") or entry.get("end")
            if key in seen:
                continue  # stated twice (定于…至… in the text, 活动时间 under its heading): listed once
            seen.add(key)
            if end is not None and notice.date and end < notice.date:
                self.warn(entry["_line"], f"“{entry['phrase']}”中的日期 {end} 早于通知日期 {notice.date}，"
                                          "不像截止日期，未列入 deadlines：请核对")
                continue
            for line, message in entry["_notes"]:
                self.warn(line, message)
            notice.deadlines.append({k: v for k, v in entry.items() if not k.startswith("_")})

    def _day(self, match: re.Match, prefix: str, text: str, block: _Block,
             week: _WeekDraft) -> tuple[dt.date | None, tuple[int, str] | None]:
        """The date of a match, and a note for the review list when its year had to be supplied."""
        year = match.group(prefix + "y")
        if year is not None:
            return _date(year, match.group(prefix + "m"), match.group(prefix + "d")), None
        earlier = [int(m.group(1)) for m in _FULL_DATE_RE.finditer(text[:match.start()])]
        guess = earlier[-1] if earlier else week.date.year
        day = _date(guess, match.group(prefix + "m"), match.group(prefix + "d"))
        origin = "按同段前文的年份" if earlier else "按本期年份"
        note = (block.line_at(match.start()), f"日期“{match.group(prefix + 'm')} 月 {match.group(prefix + 'd')} 日”"
                                              f"未写年份：{origin}记为 {day}，请核对")
        return day, note if day else None

    def _deadline(self, entry: dict, match: re.Match, text: str, block: _Block, notice: _NoticeDraft,
                  implied: str | None, note: tuple[int, str] | None) -> dict:
        """The entry with its kind (from the words near the date) and the notes to show if it is kept."""
        clause = re.sub(r"^(?:并|且|同时|请)(?=于)", "", _clause(text, match))
        phrase = clause
        line = block.line_at(match.start())
        notes = [note] if note else []
        kind, _ = _cue(clause)
        if implied:
            kind = implied
        elif kind is None:
            sentence = _sentence(text, match)
            for context, label in ((sentence, "所在句子"), (block.heading, f"所在标题“{block.heading}”")):
                kind, word = _cue(context)
                if kind:
                    if context is sentence:
                        phrase, word = _phrase_to_cue(text, match, kind)
                    notes.append((line, f"“{clause[:40]}”的截止类型据{label}中的“{word}”推断为{kind}：请核对"))
                    break
            else:
                kind = "其他"
                notes.append((line, f"“{clause[:40]}”的截止类型无法判断：kind 暂填“其他”，请核对"))
        ordered = {"kind": kind}
        for key in ("date", "start", "end", "within"):
            if key in entry:
                ordered[key] = entry[key]
        ordered.update(phrase=phrase, _line=line, _notes=notes)
        return ordered
