"""Relative periods computed by 《民法典》第二百零一条至第二百零四条 and the official holiday schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.periods import Period, Unit, add_months, compute_end, parse_period

D = dt.date


@pytest.mark.parametrize("text, period", [
    ("一个月", Period(1, Unit.MONTHS)), ("1 个月", Period(1, Unit.MONTHS)), ("两周", Period(2, Unit.WEEKS)),
    ("30 日", Period(30, Unit.DAYS)), ("15天", Period(15, Unit.DAYS)), ("10 个工作日", Period(10, Unit.WORKDAYS)),
    ("二十日", Period(20, Unit.DAYS)), ("十五日", Period(15, Unit.DAYS)), ("一年", Period(1, Unit.YEARS)),
])
def test_parse_period(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["一个季度", "月", "0 日", "1.5 个月", ""])
def test_parse_period_rejects_what_it_cannot_compute(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_one_month_ends_on_the_corresponding_day_start_day_not_counted():
    result = compute_end(D(2021, 4, 13), parse_period("1 个月"), " 发布之日")
    assert result.end == D(2021, 5, 13) and result.verified
    assert result.explanation == "自 2021-04-13 发布之日起 1 个月，截至 2021-05-13（依《民法典》第二百零一条、第二百零二条）"


def test_month_without_the_corresponding_day_ends_on_its_last_day():
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2021, 11, 30), 3) == D(2022, 2, 28)


def test_last_day_on_a_statutory_holiday_moves_to_the_day_after_it():
    result = compute_end(D(2021, 4, 16), parse_period("15 日"))
    assert result.end == D(2021, 5, 6)
    assert result.explanation == ("自 2021-04-16 起 15 日，截至 2021-05-01（依《民法典》第二百零一条）；"
                                  "该日为法定休假日，顺延至 2021-05-06（依《民法典》第二百零三条）")


def test_working_days_follow_the_holiday_schedule():
    assert compute_end(D(2021, 4, 28), parse_period("5 个工作日")).end == D(2021, 5, 7)


def test_adjusted_working_sunday_counts_as_a_working_day():
    # 2021-04-25 was a Sunday worked in exchange for the May holiday: the seed's 公示 window relies on it.
    assert compute_end(D(2021, 4, 15), parse_period("10 个工作日")).end == D(2021, 4, 27)


def test_year_the_calendar_does_not_know_counts_weekends_only_and_says_so():
    result = compute_end(D(2027, 3, 1), parse_period("5 个工作日"))
    assert result.end == D(2027, 3, 5) and not result.verified
    assert result.explanation.endswith("（2027 年的节假日安排尚未收录，仅按周末推算，请核对）")
    weekend = compute_end(D(2027, 3, 1), parse_period("5 日"))  # 2027-03-06 is a Saturday
    assert weekend.end == D(2027, 3, 8) and not weekend.verified
