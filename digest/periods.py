"""Periods stated relative to a date (一个月, 15 日, 10 个工作日), computed by the Civil Code's rules.

《民法典》第二百零一条: the start day is not counted. 第二百零二条: a period in months or years ends on
the corresponding day of the final month, or that month's last day. 第二百零三条: a period whose last day
is a statutory holiday ends on the day after it. Working days follow the State Council's holiday
schedule (with its adjusted working weekends) as carried by `chinese-calendar`; working-day periods
count their first day when it is a working day, as agencies count 公示期.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import chinese_calendar

from .recognise import NUMBER, cn_number

_PERIOD = re.compile(r"^\s*(" + NUMBER + r")\s*(?:个)?\s*(工作日|日|天|周|星期|月|年)\s*$")


class Unit(StrEnum):
    DAYS = "日"
    WEEKS = "周"
    MONTHS = "个月"
    YEARS = "年"
    WORKDAYS = "个工作日"


_UNITS = {"日": Unit.DAYS, "天": Unit.DAYS, "周": Unit.WEEKS, "星期": Unit.WEEKS, "月": Unit.MONTHS,
          "年": Unit.YEARS, "工作日": Unit.WORKDAYS}


# No notice sets a period longer than these; a larger number is a typing mistake.
_LONGEST = {Unit.DAYS: 3650, Unit.WEEKS: 520, Unit.MONTHS: 120, Unit.YEARS: 10, Unit.WORKDAYS: 2500}


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}"


def parse_period(text: str) -> Period:
    """'一个月' / '1 个月' / '两周' / '30 日' / '10 个工作日' -> Period; ValueError if not a period."""
    match = _PERIOD.match(text)
    if not match:
        raise ValueError(f"“{text}”不是可计算的期间：请写成如 1 个月、15 日、两周、10 个工作日")
    try:
        amount = cn_number(match.group(1))
    except KeyError:
        raise ValueError(f"“{text}”中的数字无法识别：请用阿拉伯数字，如 15 日") from None
    unit = _UNITS[match.group(2)]
    if not 1 <= amount <= _LONGEST[unit]:
        raise ValueError(f"“{text}”：期间应在 1 到 {_LONGEST[unit]} {unit.value}之间")
    return Period(amount, unit)


@cache  # the schedule library scans its whole table on every call
def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is it a working day, is that from the official schedule); outside it, weekends only."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Computed:
    end: dt.date
    verified: bool  # False where the holiday schedule of a year involved is not known
    explanation: str


def compute_end(base: dt.date, period: Period, base_label: str = "") -> Computed:
    """The last day of `period` counted from `base`, with the reasoning shown to readers."""
    unknown_years: set[int] = set()

    def workday(day: dt.date) -> bool:
        result, known = is_workday(day)
        if not known:
            unknown_years.add(day.year)
        return result

    if period.unit is Unit.WORKDAYS:
        day, counted = base, 0
        while True:
            if workday(day):
                counted += 1
                if counted == period.amount:
                    break
            day += dt.timedelta(days=1)
        text = f"自 {base.isoformat()}{base_label or ' '}起 {period}（含当日，按国务院节假日安排），截至 {day.isoformat()}"
        return Computed(day, not unknown_years, text + _unverified_note(unknown_years))

    if period.unit is Unit.DAYS:
        nominal, articles = base + dt.timedelta(days=period.amount), "第二百零一条"
    elif period.unit is Unit.WEEKS:
        nominal, articles = base + dt.timedelta(weeks=period.amount), "第二百零一条"
    else:
        months = period.amount * (12 if period.unit is Unit.YEARS else 1)
        nominal, articles = add_months(base, months), "第二百零一条、第二百零二条"
    end = nominal
    while not workday(end):
        end += dt.timedelta(days=1)
    text = f"自 {base.isoformat()}{base_label or ' '}起 {period}，截至 {nominal.isoformat()}（依《民法典》{articles}）"
    if end != nominal:
        text += f"；该日为法定休假日，顺延至 {end.isoformat()}（依《民法典》第二百零三条）"
    return Computed(end, not unknown_years, text + _unverified_note(unknown_years))


def _unverified_note(unknown_years: set[int]) -> str:
    if not unknown_years:
        return ""
    years = "、".join(str(y) for y in sorted(unknown_years))
    return f"（{years} 年的节假日安排尚未收录，仅按周末推算，请核对）"
