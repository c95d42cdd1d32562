"""The shared recognisers: dates, periods and numbers as the bulletin writes them."""

from __future__ import annotations

import datetime as dt
import re

from digest.periods import Unit, parse_period
from digest.recognise import DATE, PERIOD, TEXT_DATE_RE, cn_number, line_date, text_date


def test_numbers_in_digits_and_chinese():
    assert [cn_number(t) for t in ("15", "十", "十五", "二十", "二十五", "两", "三")] == [15, 10, 15, 20, 25, 2, 3]


def test_a_date_may_carry_its_weekday():
    pattern = re.compile(DATE.format("c") + r"\s*前")
    match = pattern.search("请于 2021 年 5 月 10 日（星期一）前报送")
    assert (match.group("cy"), match.group("cm"), match.group("cd")) == ("2021", "5", "10")
    match = pattern.search("申报单位应于 4 月 25 日(周日)前完成网上填报")
    assert (match.group("cy"), match.group("cm"), match.group("cd")) == (None, "4", "25")


def test_signature_dates_and_dates_in_text():
    assert line_date("2021 年 4 月 7 日") == dt.date(2021, 4, 7)
    assert line_date("二〇二一年四月十九日") == dt.date(2021, 4, 19)
    assert line_date("2021 年 2 月 30 日") is None
    assert [text_date(m, 2021) for m in TEXT_DATE_RE.finditer("自 4 月 20 日至 2022 年 1 月 5 日")] == [
        dt.date(2021, 4, 20), dt.date(2022, 1, 5)]


def test_periods_the_importer_finds_are_periods_the_site_computes():
    for text in ("15 日", "一个月", "两周", "10 个工作日", "1 个月"):
        assert re.fullmatch(PERIOD, text)
        parse_period(text)
    assert parse_period("十五日").amount == 15 and parse_period("两周").unit is Unit.WEEKS
