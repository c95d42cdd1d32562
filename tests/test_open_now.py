"""What a reader can act on today, on the bundled week as of 2021-04-16: the open-now page, its feed
and calendar, reminders, subscribe controls, and the status words in the data files."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from icalendar import Calendar

from conftest import config_for, read_page
from digest import build

ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_open_now_lists_what_can_still_be_acted_on_closing_soonest_first(seed_site: Path):
    html = read_page(seed_site, "deadlines/open")
    assert "<h1>现在可办理</h1>" in html
    assert '<p class="as-of" data-pagefind-ignore data-as-of="2021-04-16"' in html
    listed, opening = html.split('id="opening"', 1)
    rows = [(re.findall(r'datetime="([\d-]+)"', cells[0])[-1], *(text_of(c).strip() for c in cells[1:4]))
            for cells in (re.findall(r"<td>(.*?)</td>", row, re.S) for row in listed.split("<tr>")[2:])]
    # by closing day; 施行 (in force), 活动 (an event week) and the 申报 window opening in July are not listed
    assert [r[0] for r in rows] == ["2021-04-21", "2021-04-22", "2021-04-22", "2021-04-27", "2021-04-30",
                                    "2021-05-12", "2021-05-12", "2021-05-12", "2021-05-12", "2021-05-13",
                                    "2021-05-13", "2021-05-14", "2021-06-11", "2021-07-12"]
    assert rows[0] == ("2021-04-21", "申报", "即将截止", "还剩 5 天")
    assert ("2021-04-27", "公示", "公示中", "还剩 11 天") in rows
    assert ("2021-05-13", "征求意见", "意见征集中", "还剩 27 天") in rows
    assert {r[1] for r in rows} == {"申报", "报送", "征求意见", "公示"}
    assert "2021 年 7 月 1 日 至 2021 年 7 月 31 日 申报 未开始" in text_of(opening)
    home = read_page(seed_site, "")
    assert '<a href="/deadlines/open/">现在可办理的全部事项（14 项）</a>' in home


def test_open_now_has_its_feed_and_calendar(seed_site: Path):
    feed = ET.parse(seed_site / "deadlines/open.xml").getroot()
    slugs = [e.findtext(f"{ATOM}id").rsplit("/", 1)[1] for e in feed.findall(f"{ATOM}entry")]
    assert len(slugs) == 13 and "beijing-2021-sme-ip-cluster-zones" in slugs
    assert "cde-real-world-data-guidance" not in slugs and "cnipa-research-org-ip-guidance-interpretation" not in slugs
    # an entry says who issued the notice and what is open, in the notice's words, not its whole text
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith("/beijing-2021-sme-ip-cluster-zones"))
    content = entry.findtext(f"{ATOM}content")
    assert "<p>发文机构：北京市知识产权局</p>" in content
    assert "<li>申报：2021 年 5 月 14 日 截止（原文：申报截止时间为 2021 年 5 月 14 日前）</li>" in content
    assert "申报条件" not in content and "冯忠民" not in content
    assert entry.find(f"{ATOM}link").get("href") == "/notices/beijing-2021-sme-ip-cluster-zones/"
    assert 'href="/deadlines/open.xml"' in read_page(seed_site, "deadlines/open")  # announced and linked
    calendar = Calendar.from_ical((seed_site / "deadlines/open.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 14
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"


def test_calendars_remind_three_days_and_one_day_before_a_deadline(seed_site: Path):
    events = {str(e["uid"]): e for e in Calendar.from_ical((seed_site / "deadlines.ics").read_bytes()).walk("VEVENT")}

    def alarms(uid):
        return [(str(a["trigger"].params.get("RELATED", "START")), a.decoded("trigger"))
                for a in events[uid].walk("VALARM")]

    # DTEND is the midnight after the last day: 09:00 three days and one day before that day
    assert alarms("beijing-2021-sme-ip-cluster-zones-apply-1@digest") == [
        ("END", -dt.timedelta(days=3, hours=15)), ("END", -dt.timedelta(days=1, hours=15))]
    assert len(alarms("cde-pediatric-improved-drug-trials-draft-comment-1@digest")) == 2
    assert alarms("tianjin-2021-ip-publicity-week-event-1@digest") == [("START", -dt.timedelta(hours=15))]
    assert alarms("cde-real-world-data-guidance-effective-1@digest") == []  # nothing to act on
    effective = events["cde-real-world-data-guidance-effective-1@digest"]
    assert str(effective["summary"]).startswith("【施行】")  # not 施行截止


def test_agency_kind_and_notice_pages_offer_a_calendar_to_subscribe_to(sample_site: Path, tmp_path: Path):
    build(config_for(sample_site, tmp_path / "_site", base_url="https://example.org/digest/"))
    for path, ics in [("agencies/beijing-ipa", "agencies/beijing-ipa/deadlines.ics"),
                      ("deadlines/kind/apply", "deadlines/kind/apply.ics"),
                      ("notices/beijing-sme-zones", "notices/beijing-sme-zones/deadlines.ics"),
                      ("deadlines/open", "deadlines/open.ics")]:
        html = read_page(tmp_path / "_site", path)
        assert f'href="webcal://example.org/digest/{ics}" type="text/calendar"' in html, path
        assert f'value="https://example.org/digest/{ics}" data-address' in html, path
        assert "<button type=\"button\" data-copy hidden>复制地址</button>" in html, path
        help_text = text_of(html)
        assert "Outlook ：日历 → 添加日历 → 从 Internet 订阅" in help_text, path
        assert "Google 日历 （网页版）" in help_text and "添加已订阅的日历" in help_text, path


def test_a_page_without_statuses_does_not_depend_on_the_build_date(sample_site: Path, tmp_path: Path):
    pages = {}
    for day in (dt.date(2021, 4, 16), dt.date(2021, 6, 20)):
        build(config_for(sample_site, tmp_path / str(day), today=day))
        pages[day] = {p: read_page(tmp_path / str(day), p) for p in ("browse", "agencies", "weeks", "")}
    for path in ("browse", "agencies", "weeks"):
        assert pages[dt.date(2021, 4, 16)][path] == pages[dt.date(2021, 6, 20)][path], path
        assert "data-as-of" not in pages[dt.date(2021, 4, 16)][path]
    assert 'data-as-of="2021-06-20"' in pages[dt.date(2021, 6, 20)][""]


def test_data_files_use_the_words_of_each_kind(seed_site: Path):
    notices = {n["slug"]: n for n in json.loads((seed_site / "data/notices.json").read_text(encoding="utf-8"))["notices"]}
    status = lambda slug, i=0: notices[slug]["deadlines"][i]["status"]
    assert status("cde-real-world-data-guidance") == "已施行"
    assert status("cde-pediatric-improved-drug-trials-draft") == "意见征集中"
    assert status("cde-reference-listed-drugs-batch-42") == "公示中"
    assert status("tianjin-2021-ip-publicity-week") == "未开始"  # the event week of 4 月 20—26 日
    assert status("zgc-2021-patent-strategy-project-undertakers") == "即将截止"


def test_an_agency_without_deadlines_still_offers_its_calendar(seed_site: Path):
    html = read_page(seed_site, "agencies/nmpa")
    assert "暂无截止事项。" in html
    assert '<a href="/agencies/nmpa/deadlines.ics" type="text/calendar">订阅日历：国家药品监督管理局的截止日期</a>' in html
    assert (seed_site / "agencies/nmpa/deadlines.ics").is_file()


def test_a_build_on_the_next_day_makes_again_only_pages_that_show_statuses(sample_site: Path, tmp_path: Path):
    def files() -> dict[str, int]:
        return {p.relative_to(tmp_path / "_site").as_posix(): p.stat().st_ino
                for p in (tmp_path / "_site").rglob("*") if p.is_file()}

    build(config_for(sample_site, tmp_path / "_site", cache_dir=tmp_path / "cache", today=dt.date(2021, 4, 16)))
    before = files()
    build(config_for(sample_site, tmp_path / "_site", cache_dir=tmp_path / "cache", today=dt.date(2021, 4, 17)))
    after = files()
    made = {path for path in after if before.get(path) != after[path]}
    for kept in ("browse/index.html", "agencies/index.html", "weeks/index.html", "search/index.html",
                 "feed.xml", "deadlines.ics"):
        assert kept not in made, kept
    for remade in ("index.html", "deadlines/index.html", "deadlines/open/index.html",
                   "notices/beijing-sme-zones/index.html", "data/2021/notices.json"):
        assert remade in made, remade
    assert 'data-as-of="2021-04-17"' in read_page(tmp_path / "_site", "notices/beijing-sme-zones")
    # and nothing kept is stale: the output is what a cold build on the 17th writes
    build(config_for(sample_site, tmp_path / "cold", today=dt.date(2021, 4, 17)))

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and not p.name.startswith(".")}

    assert len(tree(tmp_path / "cold")) > 40 and tree(tmp_path / "_site") == tree(tmp_path / "cold")


def test_every_status_shown_carries_its_dates_and_its_page_the_as_of_date(seed_site: Path):
    shown = 0
    for path in seed_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        statuses = re.findall(r'<span class="status [^"]*"([^>]*)>', html)
        if not statuses:
            assert "data-as-of" not in html, path
            continue
        as_of = re.findall(r'data-as-of="([\d-]+)"', html)
        assert as_of and all(day <= "2021-04-16" for day in as_of), path
        for attributes in statuses:
            assert re.fullmatch(r' data-kind="[a-z]+"( data-start="\d{4}-\d\d-\d\d")? data-end="\d{4}-\d\d-\d\d"( data-computed="\d{4} 年 \d{1,2} 月 \d{1,2} 日")?',
                                attributes), (path, attributes)
        shown += len(statuses)
    assert shown > 100


def test_a_page_whose_statuses_are_settled_gives_the_day_they_settled(seed_site: Path, sample_site: Path,
                                                                       tmp_path: Path):
    # the rule took effect on 2021-04-13: 已施行 on that day and every day after
    html = read_page(seed_site, "notices/cde-real-world-data-guidance")
    assert ('<p class="as-of" data-pagefind-ignore data-as-of="2021-04-13" data-settled>状态按北京时间 '
            '<time datetime="2021-04-13">2021 年 4 月 13 日</time> 计算，此后不再变化。</p>') in html
    # a notice with something still open gives the build date
    assert 'data-as-of="2021-04-16" data-soon-days="7"' in read_page(seed_site, "notices/cnipa-2021-info-service-outlet-filing")
    # once everything has closed, later builds give the same page
    pages = [read_page(_built(sample_site, tmp_path / str(day), day), "notices/beijing-sme-zones")
             for day in (dt.date(2021, 6, 1), dt.date(2022, 6, 1))]
    assert pages[0] == pages[1] and 'data-as-of="2021-05-15" data-settled' in pages[0]


def _built(content: Path, output: Path, day: dt.date) -> Path:
    build(config_for(content, output, today=day))
    return output
