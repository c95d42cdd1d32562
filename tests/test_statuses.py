"""Each kind of date has its own words and rules, computed for the day in Beijing, the same in the
reader's browser as in the build."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import REPO
from digest.config import default_today
from digest.models import DeadlineKind as K
from digest.statuses import ACTIONABLE, WORDS, status_on

D = dt.date


@pytest.mark.parametrize("kind, today, start, end, word", [
    # 申报 / 报送: a deadline
    (K.APPLY, D(2021, 4, 16), D(2021, 7, 1), D(2021, 7, 31), "未开始"),
    (K.APPLY, D(2021, 4, 16), None, D(2021, 4, 30), "进行中"),
    (K.APPLY, D(2021, 4, 23), None, D(2021, 4, 30), "即将截止"),
    (K.SUBMIT, D(2021, 4, 30), None, D(2021, 4, 30), "即将截止"),
    (K.SUBMIT, D(2021, 5, 1), None, D(2021, 4, 30), "已截止"),
    (K.APPLY, D(2021, 7, 2), D(2021, 7, 1), D(2021, 7, 31), "进行中"),
    # 征求意见: open for views until its last day, never "closing soon"
    (K.COMMENT, D(2021, 4, 16), None, D(2021, 5, 13), "意见征集中"),
    (K.COMMENT, D(2021, 5, 13), None, D(2021, 5, 13), "意见征集中"),
    (K.COMMENT, D(2021, 5, 14), None, D(2021, 5, 13), "已截止"),
    # 公示
    (K.PUBLICITY, D(2021, 4, 14), D(2021, 4, 15), D(2021, 4, 27), "未开始"),
    (K.PUBLICITY, D(2021, 4, 27), D(2021, 4, 15), D(2021, 4, 27), "公示中"),
    (K.PUBLICITY, D(2021, 4, 28), D(2021, 4, 15), D(2021, 4, 27), "公示期满"),
    # 施行: in force from its day on, never a deadline that closed
    (K.EFFECTIVE, D(2021, 4, 12), None, D(2021, 4, 13), "未施行"),
    (K.EFFECTIVE, D(2021, 4, 13), None, D(2021, 4, 13), "已施行"),
    (K.EFFECTIVE, D(2022, 1, 1), None, D(2021, 4, 13), "已施行"),
    # 活动: an event week or day
    (K.EVENT, D(2021, 4, 16), D(2021, 4, 20), D(2021, 4, 26), "未开始"),
    (K.EVENT, D(2021, 4, 25), D(2021, 4, 20), D(2021, 4, 26), "进行中"),
    (K.EVENT, D(2021, 4, 27), D(2021, 4, 20), D(2021, 4, 26), "已结束"),
    (K.EVENT, D(2021, 4, 25), None, D(2021, 4, 26), "未开始"),
    (K.EVENT, D(2021, 4, 26), None, D(2021, 4, 26), "进行中"),
])
def test_each_kind_has_its_words(kind, today, start, end, word):
    assert status_on(today, kind, start, end, soon_days=7).value == word


def test_only_what_a_reader_can_act_on_counts_as_open():
    assert status_on(D(2021, 4, 16), K.COMMENT, None, D(2021, 5, 13), 7).actionable
    assert status_on(D(2021, 4, 16), K.PUBLICITY, D(2021, 4, 15), D(2021, 4, 27), 7).actionable
    assert not status_on(D(2021, 4, 16), K.APPLY, D(2021, 7, 1), D(2021, 7, 31), 7).actionable
    assert not status_on(D(2021, 4, 25), K.EVENT, D(2021, 4, 20), D(2021, 4, 26), 7).actionable
    assert not status_on(D(2021, 4, 12), K.EFFECTIVE, None, D(2021, 4, 13), 7).actionable


def _js_literal(name: str):
    source = (REPO / "static/status.js").read_text(encoding="utf-8")
    return json.loads(re.search(rf"/\* {name} \*/(.*?)/\* end {name} \*/", source, re.S)[1])


def test_the_browser_script_has_the_same_words_and_open_kinds():
    assert _js_literal("WORDS") == {k.slug: {p.value: w for p, w in words.items()} for k, words in WORDS.items()}
    assert _js_literal("ACTIONABLE") == [k.slug for k in ACTIONABLE]


@pytest.mark.parametrize("epoch, day", [
    ("1618507800", D(2021, 4, 16)),  # 2021-04-15 17:30 UTC is 01:30 on the 16th in Beijing
    ("1618502399", D(2021, 4, 15)),  # 2021-04-15 15:59:59 UTC is 23:59:59 on the 15th in Beijing
])
def test_build_date_from_source_date_epoch_is_the_date_in_beijing(monkeypatch, epoch, day):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert default_today() == day
