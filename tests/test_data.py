"""Feeds, open data and site basics parse back with the content they should carry."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import config_for, read_page
from digest import build

ATOM = "{http://www.w3.org/2005/Atom}"


def test_site_feed_lists_every_notice_newest_first_with_stable_ids(seed_site: Path):
    feed = ET.parse(seed_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 15
    assert feed.findtext(f"{ATOM}updated") == "2021-04-16T00:00:00+08:00"
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == "tag:digest,2021:notices/cnipa-research-org-ip-guidance-interpretation"
    assert first.findtext(f"{ATOM}title") == "《关于推动科研组织知识产权高质量发展的指导意见》解读（知产前言）"
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert "<h2>一、出台背景</h2>" in first.findtext(f"{ATOM}content")


def test_section_and_agency_feeds_hold_only_their_notices(seed_site: Path):
    pharma = ET.parse(seed_site / "feeds/pharma.xml").getroot().findall(f"{ATOM}entry")
    assert len(pharma) == 7 and all("/cde-" in e.find(f"{ATOM}link").get("href") for e in pharma)
    tianjin = ET.parse(seed_site / "agencies/tianjin-ipa/feed.xml").getroot()
    assert [e.findtext(f"{ATOM}author/{ATOM}name") for e in tianjin.findall(f"{ATOM}entry")] == ["天津市知识产权局"]


def test_pages_announce_their_feeds(seed_site: Path):
    agency = read_page(seed_site, "agencies/nmpa-cde")
    assert '<link rel="alternate" type="application/atom+xml" title="国家药品监督管理局药品审评中心 · 政策信息周报" href="/agencies/nmpa-cde/feed.xml">' in agency
    week = read_page(seed_site, "weeks/2021-04-16")
    assert 'href="/feeds/ip.xml"' in week and 'href="/feeds/pharma.xml"' in week


def test_notices_json_has_every_field_agencies_resolved_and_dated_deadlines(seed_site: Path):
    notices = json.loads((seed_site / "data/notices.json").read_text(encoding="utf-8"))["notices"]
    assert len(notices) == 15
    by_slug = {n["slug"]: n for n in notices}
    filing = by_slug["cnipa-2021-info-service-outlet-filing"]
    assert filing["issuer_names"] == ["国家知识产权局办公室"] and filing["doc_number"] == "国知办函服字〔2021〕304 号"
    assert [(d["kind"], d["start"], d["end"]) for d in filing["deadlines"]] == [
        ("报送", None, "2021-04-30"), ("申报", "2021-07-01", "2021-07-31")]
    assert [d["status"] for d in filing["deadlines"]] == ["进行中", "未开始"]  # on 2021-04-16
    comment = by_slug["cde-pediatric-improved-drug-trials-draft"]["deadlines"][0]
    assert comment["end"] == "2021-05-13" and comment["rule"] == "一个月"
    assert comment["explanation"].startswith("自 2021-04-13 发布之日起 1 个月，截至 2021-05-13")
    assert by_slug["beijing-2021-sme-ip-cluster-zones"]["contacts"][0]["phone"] == "84080081"
    assert not any("body" in n for n in notices)  # the bodies are in each year's file


def test_each_year_has_its_notices_whole_with_their_bodies(seed_site: Path):
    every = json.loads((seed_site / "data/notices.json").read_text(encoding="utf-8"))["notices"]
    year = json.loads((seed_site / "data/2021/notices.json").read_text(encoding="utf-8"))["notices"]
    assert [{k: v for k, v in n.items() if k != "body"} for n in year] == every  # the seed is one week of 2021
    by_slug = {n["slug"]: n for n in year}
    assert "| 10 | 罗思（上海）咨询有限公司 |" in by_slug["beijing-2021-belt-road-alliance-results"]["body"]
    assert '<a href="/data/2021/notices.json">2021/notices.json</a>' in read_page(seed_site, "data")


def test_csv_opens_in_excel_with_chinese_intact(seed_site: Path):
    raw = (seed_site / "data/notices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the Chinese correctly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 15
    row = next(r for r in rows if r["slug"] == "cnipa-2021-info-service-outlet-filing")
    assert row["issuer_names"] == "国家知识产权局办公室"
    assert row["deadlines"] == "报送 2021-04-30; 申报 2021-07-01~2021-07-31"


def test_agencies_json(seed_site: Path):
    agencies = {a["id"]: a for a in json.loads((seed_site / "data/agencies.json").read_text(encoding="utf-8"))["agencies"]}
    assert agencies["nmpa-cde"]["parent"] == "nmpa" and agencies["beijing-ipa"]["region"] == "北京"


def test_sitemap_canonical_and_robots_with_a_base_url(sample_site: Path, tmp_path: Path):
    build(config_for(sample_site, tmp_path / "_site", base_url="https://example.org/digest/"))
    site = tmp_path / "_site"
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/digest/notices/beijing-sme-zones/" in locs and "https://example.org/digest/" in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/digest/sitemap.xml\n"
    page = read_page(site, "notices/beijing-sme-zones")
    assert '<link rel="canonical" href="https://example.org/digest/notices/beijing-sme-zones/">' in page
    assert '<link rel="icon" href="/digest/static/favicon.svg" type="image/svg+xml">' in page


def test_every_page_has_a_title_and_description(seed_site: Path):
    for path in seed_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+ · 政策信息周报</title>", html), path
        assert re.search(r'<meta name="description" content="[^"]{8,}">', html), path


def test_browse_filters_are_links_that_need_no_script(seed_site: Path):
    html = read_page(seed_site, "browse/ip/local")
    assert '<a href="/browse/ip/local/" aria-current="page">地方级</a>' in html
    assert re.findall(r'<li><a href="/notices/([a-z0-9-]+)/">', html)[:2] == [
        "beijing-2021-intl-exchange-base-results", "beijing-2021-belt-road-alliance-results"]
    assert "共 6 条。" in html


def test_long_lists_are_paged(sample_site: Path, tmp_path: Path):
    week = sample_site / "2021/2021-04-16"
    for i in range(2, 103):
        (week / f"extra-{i}.md").write_text(f"---\ntitle: 第 {i} 条通知\nissuers: [cnipa]\ndate: 2021-04-14\n"
                                            f"section: ip\ngroup: national\norder: {i}\nkind: 通知\n"
                                            f"deadlines:\n  - kind: 申报\n    date: 2021-05-{1 + i % 28:02d}\n"
                                            f"---\n正文\n", encoding="utf-8")
    build(config_for(sample_site, tmp_path / "_site"))
    first, second = read_page(tmp_path / "_site", "browse"), read_page(tmp_path / "_site", "browse/page/2")
    assert "共 103 条，第 1 / 2 页。" in first and '<a rel="next" href="/browse/page/2/">' in first
    assert "共 103 条，第 2 / 2 页。" in second and '<a rel="prev" href="/browse/">' in second
    listed = re.findall(r'<li><a href="/notices/([a-z0-9-]+)/">', first + second)
    assert len(listed) == len(set(listed)) == 103
    first, second = (read_page(tmp_path / "_site", f"deadlines/kind/apply{page}") for page in ("", "/page/2"))
    assert "共 103 项，第 1 / 2 页。" in first and "共 103 项，第 2 / 2 页。" in second
    rows = re.findall(r'<td><a href="/notices/([a-z0-9-]+)/">', first + second)
    assert len(rows) == len(set(rows)) == 103
