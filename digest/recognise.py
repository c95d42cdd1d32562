"""Recognisers of the bulletin's own ways of writing dates, periods and numbers.

One place for what the importer reads from the text, what `periods` computes and what `checks`
looks for in a body, so that the three agree on what a date or a period is:

- dates: 2021 年 4 月 7 日, 二〇二一年四月七日, 5 月 10 日（星期一） (a weekday in brackets may follow);
- periods: 15 日, 一个月, 两周, 10 个工作日;
- numbers: 3, 十五, 二十, 两.
"""

from __future__ import annotations

import datetime as dt
import re

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}

# A weekday in brackets after a date, as notices print it: 5 月 10 日（星期一）, 4 月 25 日(周日).
WEEKDAY = r"(?:\s*[（(]\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[）)])"

# A date with an optional year and an optional weekday after it. `{0}` prefixes its groups, so two
# dates can share one pattern: DATE.format("s") has groups sy, sm, sd.
DATE = r"(?:(?P<{0}y>\d{{4}})\s*年\s*)?(?P<{0}m>\d{{1,2}})\s*月\s*(?P<{0}d>\d{{1,2}})\s*日" + WEEKDAY + "?"

# A number of days, weeks, months or years, in digits or Chinese numerals: 15 日, 一个月, 10 个工作日.
NUMBER = r"(?:\d+|[一二两三四五六七八九十]+)"
PERIOD = NUMBER + r"\s*个?\s*(?:工作日|自然日|日|天|周|星期|月|年)"

DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CN_DATE_LINE_RE = re.compile(
    r"^([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$")
FULL_DATE_RE = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
# Any date in running text, the year optional: groups (year, month, day).
TEXT_DATE_RE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def date_of(year, month, day) -> dt.date | None:
    """The date, or None where it does not exist (2021 年 2 月 30 日)."""
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def cn_number(text: str) -> int:
    """'3' / '十五' / '二十' / '两' -> int; KeyError for anything else."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def line_date(text: str) -> dt.date | None:
    """A line that is only a date: '2021 年 4 月 7 日' or '二〇二一年四月七日'."""
    match = DATE_LINE_RE.match(text)
    if match:
        return date_of(*match.groups())
    match = CN_DATE_LINE_RE.match(text)
    if match:
        try:
            year = int("".join(str(CN_DIGITS[c]) for c in match.group(1)))
            return date_of(year, cn_number(match.group(2)), cn_number(match.group(3)))
        except KeyError:
            return None
    return None


def text_date(match: re.Match, default_year: int) -> dt.date | None:
    """The date of a TEXT_DATE_RE match, in `default_year` where it has none."""
    year = int(match.group(1)) if match.group(1) else default_year
    return date_of(year, match.group(2), match.group(3))


def period_text(text: str) -> str:
    """A period as written in a deadline's `within`: '15日' -> '15 日' spacing kept, runs of spaces one."""
    return re.sub(r"\s+", " ", text.strip()).replace("自然日", "日")
