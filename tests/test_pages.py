"""Every page type, built from the bundled seed week, shows the real content readers come for."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import html5lib
import pytest

from conftest import config_for, read_page
from digest import build

SEED_NOTICES = {
    "cnipa-2021-info-service-outlet-filing": "国家知识产权局办公室关于开展 2021 年度国家知识产权信息公共服务网点备案工作的通知",
    "beijing-2021-ip-pilot-demo-units": "关于开展 2021 年度北京市知识产权试点、示范单位申报工作的通知",
    "beijing-2021-sme-ip-cluster-zones": "关于组织申报北京市中小企业知识产权集聚发展示范区的通知",
    "zgc-2021-patent-strategy-project-undertakers": "关于征集 2021 年度中关村国家知识产权制度示范园区专利战略资助项目承担单位的通知",
    "beijing-2021-intl-exchange-base-results": "关于 2021 年首都知识产权国际交流合作基地项目评审结果的公示",
    "beijing-2021-belt-road-alliance-results": "关于 2021 年“一带一路”首都知识产权发展联盟项目评审结果的公示",
    "tianjin-2021-ip-publicity-week": "市知识产权局关于印发 2021 年知识产权宣传周活动方案的通知",
    "cnipa-research-org-ip-guidance-interpretation": "《关于推动科研组织知识产权高质量发展的指导意见》解读（知产前言）",
    "cde-pediatric-improved-drug-trials-draft": "关于公开征求《儿童用化学药品改良型新药临床试验技术指导原则（征求意见稿）》意见的通知",
    "cde-ezetimibe-be-guidance-draft": "关于《依折麦布片生物等效性研究技术指导原则(征求意见稿)》等两项技术指导原则公开征求意见的通知",
    "cde-ebastine-be-guidance-draft": "关于《依巴斯汀片生物等效性研究技术指导原则（征求意见稿）》等三项技术指导原则公开征求意见的通知",
    "cde-erlotinib-be-guidance-draft": "关于《盐酸厄洛替尼片生物等效性研究技术指导原则(征求意见稿)》等四项技术指导原则公开征求意见的通知",
    "cde-lercanidipine-be-guidance-draft": "关于《盐酸乐卡地平片生物等效性研究指导原则(征求意见稿)》等四项技术指导原则公开征求意见的通知",
    "cde-reference-listed-drugs-batch-42": "关于发布《化学仿制药参比制剂目录（第四十二批）》的公示",
    "cde-real-world-data-guidance": "国家药监局药审中心关于发布《用于产生真实世界证据的真实世界数据指导原则（试行）》的通告（2021 年第 27 号）",
}

# Every deadline of the seed week, in date order, as (closing date, kind, notice).
SEED_DEADLINES = [
    ("2021-04-13", "施行", "cde-real-world-data-guidance"),
    ("2021-04-21", "申报", "zgc-2021-patent-strategy-project-undertakers"),
    ("2021-04-22", "公示", "beijing-2021-belt-road-alliance-results"),
    ("2021-04-22", "公示", "beijing-2021-intl-exchange-base-results"),
    ("2021-04-26", "活动", "tianjin-2021-ip-publicity-week"),
    ("2021-04-27", "公示", "cde-reference-listed-drugs-batch-42"),
    ("2021-04-30", "报送", "cnipa-2021-info-service-outlet-filing"),
    ("2021-05-12", "征求意见", "cde-ebastine-be-guidance-draft"),
    ("2021-05-12", "征求意见", "cde-erlotinib-be-guidance-draft"),
    ("2021-05-12", "征求意见", "cde-ezetimibe-be-guidance-draft"),
    ("2021-05-12", "征求意见", "cde-lercanidipine-be-guidance-draft"),
    ("2021-05-13", "征求意见", "cde-pediatric-improved-drug-trials-draft"),
    ("2021-05-13", "报送", "tianjin-2021-ip-publicity-week"),
    ("2021-05-14", "申报", "beijing-2021-sme-ip-cluster-zones"),
    ("2021-06-11", "申报", "beijing-2021-ip-pilot-demo-units"),
    ("2021-07-12", "报送", "beijing-2021-ip-pilot-demo-units"),
    ("2021-07-31", "申报", "cnipa-2021-info-service-outlet-filing"),
]


def text_of(html: str) -> str:
    """The visible text, whitespace collapsed, for asserting on what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rows(html: str) -> list[list[str]]:
    return [[c.strip() for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]


@pytest.mark.parametrize("slug", SEED_NOTICES)
def test_every_seed_notice_has_its_page_with_title_and_issuer_link(seed_site: Path, slug: str):
    html = read_page(seed_site, f"notices/{slug}")
    assert f"<h1>{SEED_NOTICES[slug]}</h1>" in html
    assert re.search(r'<dt>发文机关</dt><dd><a href="/agencies/[a-z-]+/" data-pagefind-filter="agency:[^"]+">', html)
    assert 'href="/weeks/2021-04-16/"' in html


def test_notice_page_shows_metadata_deadlines_with_status_attachments_and_full_body(seed_site: Path):
    html = read_page(seed_site, "notices/cnipa-2021-info-service-outlet-filing")
    text = text_of(html)
    assert ('<a href="/agencies/cnipa-office/" data-pagefind-filter="agency:国家知识产权局办公室">国家知识产权局办公室</a>'
            in html)
    assert "发文字号 国知办函服字〔2021〕304 号" in text
    assert "成文日期 2021 年 4 月 7 日" in text
    assert "主送 各省、自治区、直辖市和新疆生产建设兵团知识产权局" in text
    assert "报送 2021 年 4 月 30 日 截止 进行中" in text
    assert "申报 2021 年 7 月 1 日 至 2021 年 7 月 31 日 未开始" in text
    assert "国家知识产权信息公共服务网点备案工作联系人信息表.doc" in text
    # the paragraph split by a page break in the PDF is whole again
    assert "已成为省级知识产权信息公共服务网点的服务机构向所在地省级知识产权局提交备案材料" in text
    assert "<h2>一、备案主体</h2>" in html


def test_closed_deadline_and_phone_number_and_contacts(seed_site: Path):
    text = text_of(read_page(seed_site, "notices/beijing-2021-sme-ip-cluster-zones"))
    assert "申报 2021 年 5 月 14 日 截止 进行中" in text
    assert "冯忠民 · 电话 84080081" in text
    text = text_of(read_page(seed_site, "notices/cde-real-world-data-guidance"))
    # a rule that took effect is in force, not a deadline that closed
    assert "施行 2021 年 4 月 13 日 起施行 已施行" in text and "已截止" not in text
    assert "发文字号 2021 年第 27 号" in text


@pytest.mark.parametrize("slug, count, first, last", [
    ("beijing-2021-intl-exchange-base-results", 5,
     ["1", "北京工业大学", "国际化知识产权人才合作培养"], ["5", "北京小米移动软件有限公司", "涉外知识产权交流合作项目"]),
    ("beijing-2021-belt-road-alliance-results", 10,
     ["1", "北京柏杉松知识产权代理事务所（普通合伙）", "外国专利制度系列讲座"],
     ["10", "罗思（上海）咨询有限公司", "东南亚国家与地区的知识产权保护环境与策略"]),
])
def test_result_tables_are_joined_across_page_breaks(seed_site: Path, slug, count, first, last):
    table = rows(read_page(seed_site, f"notices/{slug}"))
    assert table[0] == ["序号", "单位名称", "项目名称"]
    assert len(table) == count + 1 and table[1] == first and table[-1] == last
    assert [r[0] for r in table[1:]] == [str(i) for i in range(1, count + 1)]


def test_editor_notes_record_corrections(seed_site: Path):
    tianjin = text_of(read_page(seed_site, "notices/tianjin-2021-ip-publicity-week"))
    assert "成文日期 2020 年 4 月 15 日" in tianjin
    assert re.search(r"编者注.*2020 年 4 月 15 日.*2021", tianjin)
    ebastine = read_page(seed_site, "notices/cde-ebastine-be-guidance-draft")
    assert "<h1>关于《依巴斯汀片生物等效性研究技术指导原则（征求意见稿）》等三项技术指导原则公开征求意见的通知</h1>" in ebastine
    assert re.search(r"编者注.*仿制药参比制剂目录（第四十批）", text_of(ebastine))


def test_week_page_reads_top_to_bottom_in_bulletin_order(seed_site: Path):
    html = read_page(seed_site, "weeks/2021-04-16")
    text = text_of(html)
    assert "知识产权信息篇 （2021 年 4 月 10 日—2021 年 4 月 16 日）" in text
    assert "医药信息篇 （2021 年 4 月 12 日—2021 年 4 月 16 日）" in text
    assert "盈科瑞·知识产权部 2021 年 4 月 16 日" in text
    headings = re.findall(r'<article class="notice" id="([a-z0-9-]+)"', html)
    assert headings == list(SEED_NOTICES)
    groups = re.findall(r"<h3 id=\"[a-z]+-[a-z]+\">(.*?)</h3>", html)
    assert groups == ["国家级", "地方级", "资讯", "国家级"]
    # full text, tables included, on the week page too
    assert "罗思（上海）咨询有限公司" in text and "感谢您的参与和大力支持。" in text


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_front_page_sections_on_the_bundled_week(seed_site: Path):
    html = read_page(seed_site, "")
    text = text_of(html)
    # the latest issue by section and group
    assert '<a href="/weeks/2021-04-16/">2021 年 4 月 16 日</a>' in html
    latest = _between(text, "最新一期", "7 天内截止")
    assert latest.index("知识产权信息篇") < latest.index("地方级") < latest.index("医药信息篇")
    assert SEED_NOTICES["cde-ezetimibe-be-guidance-draft"] in _between(latest, "医药信息篇", "国家药监局药审中心")
    # closing within 7 days of 2021-04-16: what can still be acted on, with the days left
    closing = _between(text, "7 天内截止", "现在可办理的全部事项")
    assert "状态按北京时间 2021 年 4 月 16 日 计算" in closing
    assert "2021 年 4 月 21 日 截止 申报 即将截止 还剩 5 天" in closing
    assert closing.count("公示 公示中 还剩 6 天") == 2
    assert "2021 年 4 月 13 日" not in closing  # the rule in force is nothing to act on
    assert "2021 年 4 月 27 日" not in closing and "2021 年 4 月 30 日" not in closing  # beyond 7 days
    assert "活动" not in closing
    assert "现在可办理的全部事项（14 项）" in text
    # open for comment now: the five drafts of the week
    commenting = _between(text, "正在征求意见", "全部征求意见期")
    assert commenting.count("意见征集中") == 5 and "还剩 27 天" in commenting
    assert SEED_NOTICES["cde-pediatric-improved-drug-trials-draft"] in commenting
    # what to subscribe to
    subscribe = text.split("订阅源（Atom）", 1)[1]
    for path in ("/feed.xml", "/feeds/ip.xml", "/feeds/pharma.xml", "/deadlines/open.xml"):
        assert f'href="{path}" type="application/atom+xml"' in html
    assert "现在可办理的事项" in subscribe and "如何添加到 Outlook、Google 日历或 iPhone" in subscribe
    assert 'href="/deadlines/open.ics" type="text/calendar"' in html
    assert 'href="/deadlines/kind/comment.ics" type="text/calendar">征求意见期</a>' in html


def test_archive_lists_the_week_by_year(seed_site: Path):
    text = text_of(read_page(seed_site, "weeks"))
    assert "2021 年" in text and "2021 年 4 月 16 日 15 条通知" in text


def test_agency_directory_groups_by_level_and_region_with_counts(seed_site: Path):
    text = text_of(read_page(seed_site, "agencies"))
    national, local = text.split("地方级 · 北京", 1)
    assert "国家药品监督管理局药品审评中心 7 条通知" in national
    assert "国家知识产权局办公室 1 条通知" in national
    assert "北京市知识产权局 4 条通知" in local and "中关村知识产权促进局 1 条通知" in local
    assert "地方级 · 天津" in local and "天津市知识产权局 1 条通知" in local


@pytest.mark.parametrize("agency, name, notices", [
    ("cnipa", "国家知识产权局", ["cnipa-research-org-ip-guidance-interpretation"]),
    ("cnipa-office", "国家知识产权局办公室", ["cnipa-2021-info-service-outlet-filing"]),
    ("beijing-ipa", "北京市知识产权局", ["beijing-2021-intl-exchange-base-results", "beijing-2021-belt-road-alliance-results",
                                     "beijing-2021-ip-pilot-demo-units", "beijing-2021-sme-ip-cluster-zones"]),
    ("zgc-ipa", "中关村知识产权促进局", ["zgc-2021-patent-strategy-project-undertakers"]),
    ("tianjin-ipa", "天津市知识产权局", ["tianjin-2021-ip-publicity-week"]),
    ("nmpa", "国家药品监督管理局", []),
    ("nmpa-cde", "国家药品监督管理局药品审评中心", ["cde-reference-listed-drugs-batch-42", "cde-pediatric-improved-drug-trials-draft",
                                        "cde-real-world-data-guidance", "cde-ezetimibe-be-guidance-draft",
                                        "cde-ebastine-be-guidance-draft", "cde-erlotinib-be-guidance-draft",
                                        "cde-lercanidipine-be-guidance-draft"]),
])
def test_agency_page_lists_its_notices_newest_first(seed_site: Path, agency, name, notices):
    html = read_page(seed_site, f"agencies/{agency}")
    assert f"<h1>{name}</h1>" in html
    listed = re.findall(r'<li><a href="/notices/([a-z0-9-]+)/">', html.split('id="ns"', 1)[1])
    assert listed == notices


def test_agency_pages_link_parent_and_children(seed_site: Path):
    office = read_page(seed_site, "agencies/cnipa-office")
    assert '<dt>上级机构</dt><dd><a href="/agencies/cnipa/">国家知识产权局</a></dd>' in office
    assert 'href="/agencies/nmpa-cde/"' in read_page(seed_site, "agencies/nmpa")


def test_deadlines_page_lists_every_seed_deadline_in_date_order(seed_site: Path):
    html = read_page(seed_site, "deadlines")
    closing = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>.*?href=\"/notices/([a-z0-9-]+)/\"", html, re.S)
    listed = [(re.findall(r'datetime="([\d-]+)"', when)[-1], text_of(kind).strip(), slug) for when, kind, slug in closing]
    assert listed == SEED_DEADLINES
    assert [h for h in re.findall(r'<h2 id="m([\d-]+)">', html)] == ["2021-04", "2021-05", "2021-06", "2021-07"]
    assert '<dt>2021 年</dt>' in html and '<a href="/deadlines/2021-07/">7 月</a>（2）' in html


def test_deadlines_page_lists_only_the_coming_months_in_full(sample_site: Path, tmp_path: Path):
    build(config_for(sample_site, tmp_path / "_site", today=dt.date(2021, 6, 20)))
    html = read_page(tmp_path / "_site", "deadlines")
    assert re.findall(r'<h2 id="m([\d-]+)">', html) == ["2021-07"]
    assert '<a href="/deadlines/2021-05/">5 月</a>' in html  # earlier months: a link each
    assert "2021 年 5 月 14 日" not in text_of(html)


def test_month_page_has_only_that_month(seed_site: Path):
    text = text_of(read_page(seed_site, "deadlines/2021-06"))
    assert "2021 年 6 月的截止日期与生效日期" in text and "2021 年 6 月 11 日" in text
    assert "2021 年 5 月 14 日" not in text


def test_404_page_and_language(seed_site: Path):
    html = (seed_site / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in html and '<html lang="zh-CN">' in html


def test_every_page_is_well_formed_html5(seed_site: Path):
    parser = html5lib.HTMLParser(strict=True)
    for page in seed_site.rglob("*.html"):
        parser.parse(page.read_bytes())
