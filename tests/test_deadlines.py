"""Deadlines: rules, statuses, the checks editors rely on, the terminal view and the calendars."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import REPO, config_for, read_page
from digest import build
from digest.load import load_content
from digest.link import link

D = dt.date
WEEK = "2021/2021-04-16"


def write_notice(content: Path, slug: str, front: str, body: str = "正文。") -> None:
    (content / WEEK / f"{slug}.md").write_text(
        "---\nissuers: [cnipa]\nsection: ip\ngroup: national\nkind: 通知\n" + front + "---\n" + body + "\n",
        encoding="utf-8")


def warnings_of(content: Path) -> list[str]:
    return [str(w) for w in link(load_content(content), D(2021, 4, 16)).warnings]


def test_rule_computes_the_date_from_publication_and_shows_the_reasoning(sample_site: Path, tmp_path: Path):
    write_notice(sample_site, "comment", "title: 征求意见\ndate: 2021-04-13\norder: 2\ndeadlines:\n"
                 "  - kind: 征求意见\n    within: 一个月\n    phrase: 征求意见时限为自发布之日起一个月。\n")
    build(config_for(sample_site, tmp_path / "_site"))
    page = read_page(tmp_path / "_site", "notices/comment")
    assert '<time datetime="2021-05-13">2021 年 5 月 13 日</time> 截止' in page
    assert "自 2021-04-13 发布之日起 1 个月，截至 2021-05-13（依《民法典》第二百零一条、第二百零二条）" in page


def test_inconsistent_working_day_claim_is_reported_with_the_correct_date(sample_site: Path):
    write_notice(sample_site, "publicity", "title: 公示\ndate: 2021-04-15\norder: 2\ndeadlines:\n"
                 "  - kind: 公示\n    start: 2021-04-15\n    end: 2021-04-26\n    within: 10 个工作日\n")
    assert warnings_of(sample_site) == [
        "content/2021/2021-04-16/publicity.md:12: [警告 deadline-claim] deadlines[0].end: 写明 2021-04-26，但按“10 个工作日”应截至 "
        "2021-04-27（自 2021-04-15 起 10 个工作日（含当日，按国务院节假日安排），截至 2021-04-27）：请核对原文"]


def test_consistent_claim_gives_no_warning(sample_site: Path):
    write_notice(sample_site, "publicity", "title: 公示\ndate: 2021-04-15\norder: 2\ndeadlines:\n"
                 "  - kind: 公示\n    start: 2021-04-15\n    end: 2021-04-27\n    within: 10 个工作日\n")
    assert warnings_of(sample_site) == []


def test_out_of_place_year_is_reported_with_the_likely_date(sample_site: Path):
    write_notice(sample_site, "misdated", "title: 年份写错\ndate: 2020-04-15\norder: 2\n")
    assert warnings_of(sample_site) == [
        "content/2021/2021-04-16/misdated.md:7: [警告 date-year] date: 2020-04-15 的年份与本期（2021 年）不符，"
        "应为 2021-04-15？如原文如此，请保留并在 note 中说明"]


def test_dates_after_the_period_and_deadlines_before_the_notice(sample_site: Path):
    write_notice(sample_site, "late", "title: 晚\ndate: 2021-04-20\norder: 2\ndeadlines:\n"
                 "  - kind: 申报\n    date: 2021-04-19\n")
    assert warnings_of(sample_site) == [
        "content/2021/2021-04-16/late.md:7: [警告 date-after-period] date: 2021-04-20 晚于本篇期间的结束日 2021-04-16：请核对日期或所属的期",
        "content/2021/2021-04-16/late.md:11: [警告 deadline-before-date] deadlines[0].date: 截止日期 2021-04-19 早于通知自身的日期 2021-04-20：请核对",
    ]


def test_body_dates_no_deadline_declares_are_quoted(sample_site: Path):
    write_notice(sample_site, "forgot", "title: 漏填\ndate: 2021-04-14\norder: 2\n",
                 "请于 2021 年 4 月 30 日前将联系人信息表发至邮箱。\n\n公示期为 10 个工作日。截止 2020 年底，拥有量增长。")
    assert warnings_of(sample_site) == [
        "content/2021/2021-04-16/forgot.md:10: [警告 body-date] deadlines: 正文“请于 2021 年 4 月 30 日前将联系人信息表发至邮箱”提到 2021-04-30，但 deadlines 中没有：请补上或确认无需列出",
        "content/2021/2021-04-16/forgot.md:12: [警告 body-period] deadlines: 正文“公示期为 10 个工作日”提到公示期限，但 deadlines 中没有公示：请补上（可用 within 写期间）",
    ]


def test_unknown_holiday_year_builds_marks_and_warns(sample_site: Path, tmp_path: Path):
    week = sample_site / "2026/2026-12-25"
    week.mkdir(parents=True)
    (week / "week.yaml").write_text("publisher: 盈科瑞\ndate: 2026-12-25\nsections:\n  - section: ip\n"
                                    "    start: 2026-12-19\n    end: 2026-12-25\n", encoding="utf-8")
    (week / "late-2026.md").write_text("---\ntitle: 跨年\nissuers: [cnipa]\nsection: ip\ngroup: national\nkind: 通知\n"
                                       "order: 1\ndate: 2026-12-24\ndeadlines:\n  - kind: 申报\n    within: 30 日\n---\n正文\n",
                                       encoding="utf-8")
    result = build(config_for(sample_site, tmp_path / "_site"))
    assert [str(w) for w in result.warnings] == [
        "content/2026/2026-12-25/late-2026.md:11: [警告 deadline-holidays] deadlines[0].within: 截止日期 2027-01-25 按周末推算，"
        "节假日安排未收录：请按国务院公布的安排核对"]
    assert "该年节假日安排尚未收录" in read_page(tmp_path / "_site", "notices/late-2026")


def test_strict_check_fails_on_warnings(sample_site: Path):
    write_notice(sample_site, "misdated", "title: 年份写错\ndate: 2020-04-15\norder: 2\n")
    run = lambda *extra: subprocess.run([sys.executable, "-m", "digest.cli", "check", "--content", str(sample_site),
                                         "--today", "2021-04-16", *extra], capture_output=True, text=True)
    relaxed, strict = run(), run("--strict")
    assert relaxed.returncode == 0 and "[警告 date-year] date:" in relaxed.stderr
    assert strict.returncode == 1 and strict.stderr.splitlines()[-1] == "共 0 处错误、1 条警告。"


def test_terminal_view_lists_upcoming_deadlines():
    result = subprocess.run([sys.executable, "-m", "digest.cli", "deadlines", "--content", str(REPO / "content"),
                             "--from", "2021-04-16", "--days", "7"], capture_output=True, text=True)
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert lines[0].split() == ["截止日期", "类型", "状态", "发文机关", "通知"]
    assert [line.split()[0] for line in lines[1:]] == ["2021-04-21", "2021-04-22", "2021-04-22"]
    assert "关于 2021 年首都知识产权国际交流合作基地项目评审结果的公示" in result.stdout


@pytest.fixture
def seed_calendars(seed_site: Path) -> dict[str, Calendar]:
    return {p.relative_to(seed_site).as_posix(): Calendar.from_ical(p.read_bytes()) for p in seed_site.rglob("*.ics")}


def test_every_calendar_parses_back_as_all_day_events(seed_calendars):
    assert "deadlines.ics" in seed_calendars and "deadlines/kind/comment.ics" in seed_calendars
    assert "agencies/nmpa-cde/deadlines.ics" in seed_calendars
    for name, calendar in seed_calendars.items():
        for event in calendar.walk("VEVENT"):
            start, end = event.decoded("dtstart"), event.decoded("dtend")
            assert type(start) is dt.date and type(end) is dt.date and end > start, name


def test_calendar_events_carry_dates_summary_and_stable_uids(seed_calendars):
    events = {str(e["uid"]): e for e in seed_calendars["deadlines.ics"].walk("VEVENT")}
    publicity = events["cde-reference-listed-drugs-batch-42-publicity-1@digest"]
    assert publicity.decoded("dtstart") == D(2021, 4, 15)
    assert publicity.decoded("dtend") == D(2021, 4, 28)  # exclusive: the window includes the 27th
    assert str(publicity["summary"]) == "【公示】药审中心：关于发布《化学仿制药参比制剂目录（第四十二批）》的公示"
    comment = events["cde-pediatric-improved-drug-trials-draft-comment-1@digest"]
    assert comment.decoded("dtstart") == D(2021, 5, 13) and comment.decoded("dtend") == D(2021, 5, 14)
    assert "自 2021-04-13 发布之日起 1 个月" in str(comment["description"])
    assert len(events) == 17


def test_calendar_escapes_commas_semicolons_and_chinese(sample_site: Path, tmp_path: Path):
    write_notice(sample_site, "punct", "title: 关于 A,B;C 的通知\ndate: 2021-04-14\norder: 2\ndeadlines:\n"
                 "  - kind: 报送\n    date: 2021-04-30\n    phrase: 甲,乙;丙\\n丁\n")
    build(config_for(sample_site, tmp_path / "_site", base_url="https://example.org/digest/"))
    raw = (tmp_path / "_site/notices/punct/deadlines.ics").read_bytes()
    assert "关于 A\\,B\\;C 的通知".encode() in raw
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["summary"]) == "【报送截止】国知局：关于 A,B;C 的通知"
    assert str(event["description"]).splitlines() == ["关于 A,B;C 的通知", "原文：甲,乙;丙\\n丁",
                                                    "https://example.org/digest/notices/punct/"]
    assert 'href="webcal://example.org/digest/notices/punct/deadlines.ics"' in read_page(tmp_path / "_site", "notices/punct")


def test_pages_by_kind(seed_site: Path):
    page = read_page(seed_site, "deadlines/kind/publicity")
    assert "<h1>公示期</h1>" in page
    assert page.count('<td><a href="/deadlines/kind/publicity/">公示</a></td>') == 3
