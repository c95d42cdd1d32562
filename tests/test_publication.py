"""The site as a publication: masthead and issue number, breadcrumbs, previous and next notice,
related notices, nothing empty or editor-only on a page, and the PDF edition of each issue."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf

from conftest import REPO, config_for, read_page
from digest import build

WEEK = "weeks/2021-04-16"
PDF = f"{WEEK}/bulletin-2021-04-16.pdf"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main_of(html: str) -> str:
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def test_masthead_names_the_publication_and_the_issue_number(seed_site: Path):
    for path in (WEEK, "notices/beijing-2021-sme-ip-cluster-zones"):
        masthead = read_page(seed_site, path).split('<header class="masthead">', 1)[1].split("</header>", 1)[0]
        assert "政策信息周报" in masthead
        assert "第 1 期" in text_of(masthead) and "2021 年 4 月 16 日" in text_of(masthead)
    assert "第 1 期" not in text_of(read_page(seed_site, "agencies").split("</header>", 1)[0])


def test_an_issue_number_in_week_yaml_is_shown(sample_site: Path, tmp_path: Path):
    week = sample_site / "2021/2021-04-23/week.yaml"
    week.write_text(week.read_text(encoding="utf-8") + "number: 118\n", encoding="utf-8")
    build(config_for(sample_site, tmp_path / "_site"))
    assert "第 118 期" in text_of(read_page(tmp_path / "_site", "weeks/2021-04-23"))
    assert "第 1 期" in text_of(read_page(tmp_path / "_site", "weeks/2021-04-16"))  # its place in the archive


def test_breadcrumbs_link_every_level(seed_site: Path):
    page = read_page(seed_site, "notices/beijing-2021-sme-ip-cluster-zones")
    crumbs = page.split('<nav class="crumbs"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs)
    assert links == [("/", "首页"), ("/weeks/", "往期"), ("/weeks/2021-04-16/", "第 1 期 · 2021 年 4 月 16 日"),
                     ("/weeks/2021-04-16/#ip", "知识产权信息篇"), ("/weeks/2021-04-16/#ip-local", "地方级")]
    week = read_page(seed_site, WEEK)
    assert 'id="ip"' in week and 'id="ip-local"' in week


def test_previous_and_next_notice_of_the_issue(seed_site: Path):
    first = read_page(seed_site, "notices/cnipa-2021-info-service-outlet-filing")
    assert 'rel="prev"' not in first
    assert re.search(r'<a rel="next" href="/notices/beijing-2021-ip-pilot-demo-units/">', first)
    middle = read_page(seed_site, "notices/beijing-2021-sme-ip-cluster-zones")
    assert re.search(r'<a rel="prev" href="/notices/beijing-2021-ip-pilot-demo-units/">', middle)
    assert re.search(r'<a rel="next" href="/notices/zgc-2021-patent-strategy-project-undertakers/">', middle)
    last = read_page(seed_site, "notices/cde-real-world-data-guidance")
    assert 'rel="next"' not in last


def test_related_notices_of_the_same_agency_and_tags(seed_site: Path):
    page = read_page(seed_site, "notices/beijing-2021-sme-ip-cluster-zones")
    related = text_of(page.split('class="related"', 1)[1].split("</aside>", 1)[0])
    same_agency = related.split("同一发文机关", 1)[1].split("相同主题")[0]
    assert "关于开展 2021 年度北京市知识产权试点、示范单位申报工作的通知" in same_agency
    assert "关于组织申报北京市中小企业知识产权集聚发展示范区的通知" not in related  # not itself
    cde = text_of(read_page(seed_site, "notices/cde-ezetimibe-be-guidance-draft").split('class="related"', 1)[1])
    assert len(re.findall(r"国家药品监督管理局药品审评中心|药审中心", cde)) >= 3


def test_empty_fields_and_unused_agencies_stay_out_of_sight(seed_site: Path):
    for page in seed_site.joinpath("notices").glob("*/index.html"):
        assert "原文链接暂缺" not in page.read_text(encoding="utf-8"), page
    directory = read_page(seed_site, "agencies")
    listed, idle = directory.split('<details class="idle">', 1)
    assert "国家药品监督管理局药品审评中心" in listed
    assert ">国家药品监督管理局<" not in listed and ">国家药品监督管理局<" in idle  # no notices of its own


def test_attachments_a_body_already_lists_are_listed_once(seed_site: Path):
    page = main_of(read_page(seed_site, "notices/beijing-2021-belt-road-alliance-results"))
    assert page.count(">附件</h2>") == 1  # the body's own 附件 section
    assert page.count("<p>2021 年“一带一路”首都知识产权发展联盟项目</p>") == 1
    files = text_of(main_of(read_page(seed_site, "notices/cnipa-2021-info-service-outlet-filing")))
    assert "国家知识产权信息公共服务网点备案表.doc" in files  # not in the body: listed


def test_no_template_shows_the_importers_review_notes():
    for template in (REPO / "templates").glob("*.html"):
        assert not re.search(r"\breview\b", template.read_text(encoding="utf-8")), template


def test_the_pdf_edition_holds_every_title_of_the_issue_in_order(seed_site: Path):
    week = read_page(seed_site, WEEK)
    assert f'href="/{PDF}"' in week
    reader = pypdf.PdfReader(seed_site / PDF)
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
    assert "政策信息周报" in pages[0] and "第1期" in pages[0] and "2021年4月10日—2021年4月16日" in pages[0]
    assert "目录" in pages[1]
    titles = re.findall(r'<h4 id="[^"]+-h"><span class="num">\d+、</span><a href="[^"]+">([^<]+)</a></h4>', week)
    assert len(titles) == 15
    body = "".join(pages[2:])
    places = [body.find(re.sub(r"\s+", "", t.replace("&#34;", '"'))) for t in titles]
    assert -1 not in places and places == sorted(places)
    assert "本期截止日期汇总" in pages[-1] or "本期截止日期汇总" in "".join(pages[-3:])
    toc = pages[1]
    assert re.search(r"国家知识产权局办公室关于开展.*?\.{3,}\d+", toc)  # with its page number


def test_the_pdf_edition_is_reproducible_made_once_per_issue_and_skipped_with_no_pdf(sample_site, tmp_path,
                                                                                        monkeypatch):
    def stat(site: Path, week: str):
        info = (site / f"weeks/{week}/bulletin-{week}.pdf").stat()
        return info.st_ino, info.st_mtime_ns

    config = config_for(sample_site, tmp_path / "a" / "_site", pdf=True, cache_dir=tmp_path / "cache")
    build(config)
    site = tmp_path / "a/_site"
    before = stat(site, "2021-04-16"), stat(site, "2021-04-23")
    first = (site / "weeks/2021-04-16/bulletin-2021-04-16.pdf").read_bytes()
    other = sample_site / "2021/2021-04-23/cnipa-outlet-filing.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    build(config)
    assert stat(site, "2021-04-16") == before[0]  # the issue unchanged: its PDF neither made nor written
    assert stat(site, "2021-04-23") != before[1]
    assert "补充一句" in re.sub(r"\s+", "", "".join(
        p.extract_text() for p in pypdf.PdfReader(site / "weeks/2021-04-23/bulletin-2021-04-23.pdf").pages))

    import weasyprint  # another output with the same store: the PDFs come from the store, none is typeset
    monkeypatch.setattr(weasyprint, "HTML", None)
    build(config_for(sample_site, tmp_path / "b" / "_site", pdf=True, cache_dir=tmp_path / "cache"))
    assert (tmp_path / "b/_site/weeks/2021-04-16/bulletin-2021-04-16.pdf").read_bytes() == first
    monkeypatch.undo()

    build(config_for(sample_site, tmp_path / "c" / "_site", pdf=True))  # no store: made again, the same bytes
    assert (tmp_path / "c/_site/weeks/2021-04-16/bulletin-2021-04-16.pdf").read_bytes() == first
    assert b"CreationDate" not in first
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(first)).pages)
    assert "关于组织申报北京市中小企业知识产权集聚发展示范区的通知" in re.sub(r"\s+", "", text)
    build(config_for(sample_site, tmp_path / "d" / "_site", pdf=False))
    assert not list((tmp_path / "d/_site").rglob("*.pdf"))
    assert ".pdf" not in read_page(tmp_path / "d/_site", "weeks/2021-04-16")
