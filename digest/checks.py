"""Checks that catch what editors miss: warnings about dates that contradict themselves or their week."""

from __future__ import annotations

import datetime as dt
import re

from .deadlines import Deadline, Resolved
from .errors import ContentError
from .validate import Loaded
from .models import FrontMatter, SectionEntry
from .recognise import TEXT_DATE_RE, text_date

# A notice dated this long before its section's period is probably misdated.
EARLIEST_BEFORE_PERIOD = dt.timedelta(days=90)

_SENTENCE_MARKS = "。；;\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}]")
_DEADLINE_WORDS = re.compile(f"前|截止|截至|至[^{_SENTENCE_MARKS}]*止|公示|征求意见|期限")
# Relative periods stated in the body, by the deadline kind that should declare them.
_RELATIVE_PERIODS = {
    "公示": re.compile(r"公示期(?:为|限|：|:)|公示\s*\d+\s*(?:天|日|个工作日)"),
    "征求意见": re.compile(r"征求意见(?:时限|期)"),
}


def claim_warning(notice: Loaded[FrontMatter], index: int, resolved: Resolved) -> ContentError:
    """A stated end that is not what the rule beside it gives."""
    entry = notice.model.deadlines[index]
    field = "date" if entry.date else "end"
    stated = entry.date or entry.end
    message = f"写明 {stated}，但按“{entry.within}”应截至 {resolved.claim.end}（{resolved.claim.explanation}）：请核对原文"
    return notice.warning(("deadlines", index, field), message, "deadline-claim")


def unverified_warning(notice: Loaded[FrontMatter], index: int, deadline: Deadline) -> ContentError:
    return notice.warning(("deadlines", index, "within"),
                          f"截止日期 {deadline.end} 按周末推算，节假日安排未收录：请按国务院公布的安排核对",
                          "deadline-holidays")


def date_warnings(notice: Loaded[FrontMatter], week_date: dt.date, section: SectionEntry | None,
                  deadlines: tuple[Deadline, ...]) -> list[ContentError]:
    front, warnings = notice.model, []
    if section is not None:
        if front.date.year != week_date.year and _near(front.date.replace(year=week_date.year), section):
            warnings.append(notice.warning(("date",), (
                f"{front.date} 的年份与本期（{week_date.year} 年）不符，应为 "
                f"{front.date.replace(year=week_date.year)}？如原文如此，请保留并在 note 中说明"), "date-year"))
        elif front.date > section.end:
            warnings.append(notice.warning(("date",), f"{front.date} 晚于本篇期间的结束日 {section.end}：请核对日期或所属的期",
                                           "date-after-period"))
        elif front.date < section.start - EARLIEST_BEFORE_PERIOD:
            warnings.append(notice.warning(("date",), f"{front.date} 远早于本篇期间（{section.start} 起）：请核对日期",
                                           "date-before-period"))
    for i, (entry, deadline) in enumerate(zip(front.deadlines, deadlines)):
        if deadline.end < front.date:
            field = "date" if entry.date else ("end" if entry.end else "within")
            warnings.append(notice.warning(("deadlines", i, field),
                                           f"截止日期 {deadline.end} 早于通知自身的日期 {front.date}：请核对",
                                           "deadline-before-date"))
    return warnings


def _near(day: dt.date, section: SectionEntry) -> bool:
    return section.start - EARLIEST_BEFORE_PERIOD <= day <= section.end


def body_warnings(notice: Loaded[FrontMatter], week_date: dt.date,
                  deadlines: tuple[Deadline, ...]) -> list[ContentError]:
    """Sentences of the body that state a deadline no declared deadline covers, at their own line."""
    front, record = notice.model, notice.record
    declared = {d for deadline in deadlines for d in (deadline.start, deadline.end) if d}
    kinds = {deadline.kind.value for deadline in deadlines}
    warnings = []
    body, sentence_end = record.body, -1
    # Only sentences with a deadline word matter: find the words, then the sentences around them.
    for word in _DEADLINE_WORDS.finditer(body):
        if word.start() < sentence_end:
            continue  # another word of the sentence just checked
        sentence_start = max(body.rfind(mark, 0, word.start()) for mark in _SENTENCE_MARKS) + 1
        end = _SENTENCE_END.search(body, word.end())
        sentence_end = end.start() if end else len(body)
        sentence = body[sentence_start:sentence_end]
        quoted = sentence.strip(" ，,：:#*-|")[:60]
        dates = [text_date(m, week_date.year) for m in TEXT_DATE_RE.finditer(sentence)]
        # dates before the notice itself are history (the rules it cites), not deadlines
        missing = [d for d in dates if d is not None and d >= front.date and d not in declared]
        messages = []
        if missing:
            listed = "、".join(d.isoformat() for d in missing)
            messages.append((f"正文“{quoted}”提到 {listed}，但 deadlines 中没有：请补上或确认无需列出", "body-date"))
        elif not dates:
            messages += [(f"正文“{quoted}”提到{kind}期限，但 deadlines 中没有{kind}：请补上（可用 within 写期间）",
                          "body-period")
                         for kind, pattern in _RELATIVE_PERIODS.items() if pattern.search(sentence) and kind not in kinds]
        line = record.body_line + body.count("\n", 0, sentence_start)
        warnings += [ContentError(record.shown_path, line, "deadlines", m, warning=True, code=code)
                     for m, code in messages]
    return warnings
