"""`digest serve`: rebuilds on save, shows a content error as a page, recovers on the fix; `digest new` scaffolds."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO, config_for
from digest.cli import main
from digest.load import load_content
from digest.pipeline import build
from digest.serve import serve
from digest.link import link


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@contextlib.contextmanager
def previewing(config, seconds: float = 20):
    """`digest serve` of `config` in a thread, on a free port: yields its address, stops it after."""
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, args=(config, 0, ready, stop), daemon=True)
    thread.start()
    assert ready.wait(seconds)
    try:
        yield f"http://127.0.0.1:{ready.port}"
    finally:
        stop.set()
        thread.join(10)


def test_preview_rebuilds_shows_errors_and_recovers(sample_site: Path, tmp_path: Path):
    with previewing(config_for(sample_site, tmp_path / "unused")) as base:
        status, page = fetch(base + "/notices/beijing-sme-zones/")
        assert status == 200 and '<script src="/__digest/reload.js" data-version="1"></script></body>' in page
        version = fetch(base + "/__digest/version")[1]

        notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
        good = notice.read_text(encoding="utf-8")
        notice.write_text(good.replace("date: 2021-04-12", "date: 2021-04-31"), encoding="utf-8")
        wait_for(lambda: fetch(base + "/__digest/version")[1] != version)
        status, page = fetch(base + "/notices/beijing-sme-zones/")
        assert status == 500 and "内容有误，站点暂未更新" in page
        assert "<code>content/2021/2021-04-16/beijing-sme-zones.md:5</code> date “2021-04-31”不是有效日期" in page
        assert fetch(base + "/static/style.css")[0] == 200  # assets still load

        version = fetch(base + "/__digest/version")[1]
        notice.write_text(good.replace("根据《", "据《"), encoding="utf-8")
        wait_for(lambda: fetch(base + "/__digest/version")[1] != version)
        status, page = fetch(base + "/notices/beijing-sme-zones/")
        assert status == 200 and "<p>据《北京市中小企业" in page


def test_new_week_and_notice_scaffold_files_that_check_after_filling_in(sample_site: Path, capsys):
    assert main(["new", "2021-04-30", "--content", str(sample_site)]) == 0
    week = (sample_site / "2021/2021-04-30/week.yaml").read_text(encoding="utf-8")
    assert week.startswith("# yaml-language-server: $schema=")
    assert "start: 2021-04-24" in week and "end: 2021-04-30" in week
    assert main(["new", "notice", "2021-04-30", "cnipa-new-rules", "--content", str(sample_site)]) == 0
    notice = sample_site / "2021/2021-04-30/cnipa-new-rules.md"
    text = notice.read_text(encoding="utf-8")
    for field in ("title:", "issuers:", "doc_number:", "deadlines:", "attachments:", "contacts:", "note:"):
        assert f"\n{field}" in text
    notice.write_text(text.replace("title:                  #", "title: 关于新规则的通知 #")
                      .replace("issuers: []", "issuers: [cnipa]"), encoding="utf-8")
    site = link(load_content(sample_site), dt.date(2021, 4, 30))
    assert site.notices["cnipa-new-rules"].title == "关于新规则的通知"
    assert main(["new", "2021-04-30", "--content", str(sample_site)]) == 1
    assert "已存在" in capsys.readouterr().err


def test_bad_notice_name_is_refused(sample_site: Path, capsys):
    assert main(["new", "notice", "2021-04-16", "Bad Name", "--content", str(sample_site)]) == 1
    assert "不能作文件名" in capsys.readouterr().err


def test_github_annotations(sample_site: Path, capsys):
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("issuers: [beijing-ipa]", "issuers: [beijing]")
                      .replace("date: 2021-04-12", "date: 2020-04-12"), encoding="utf-8")
    assert main(["check", "--content", str(sample_site), "--today", "2021-04-16", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "::error file=content/2021/2021-04-16/beijing-sme-zones.md,line=3,title=issuers[0]::"
        "未知机构 id“beijing”：是否应为 beijing-amr、beijing-hc、beijing-hsa、beijing-ipa、beijing-mpa？",
        "::warning file=content/2021/2021-04-16/beijing-sme-zones.md,line=5,title=date::"
        "2020-04-12 的年份与本期（2021 年）不符，应为 2021-04-12？如原文如此，请保留并在 note 中说明",
    ]


def test_committed_schemas_match_the_models():
    from digest.schema import SCHEMA_DIR, schema_text, schemas

    for name, schema in schemas().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"schemas/{name} is stale: run `digest schema`"
    assert SCHEMA_DIR == REPO / "schemas"


def test_preview_search_finds_what_a_save_added(sample_site: Path, tmp_path: Path):
    from playwright.sync_api import Error, sync_playwright

    from test_browser import CHROMIUM, CHROMIUM_ARGS

    def found(page, query: str) -> list[str] | None:
        try:
            page.goto(f"{base}/search/?q={query}")
            # an answer, or the index failing to load (read while the rebuild was writing it): asked again
            page.wait_for_function("/^(找到|搜索索引加载失败)/.test(document.getElementById('search-status').textContent)",
                                   timeout=10_000)
            if not page.locator("#search-status").text_content().startswith("找到"):
                return None
            return page.locator("#search-results h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        except Error:  # the open page reloaded itself (a rebuild was done) while it was being opened
            return None

    with previewing(config_for(sample_site, tmp_path / "unused", search=True), 30) as base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        assert found(page, "鲲鹏计划") == []
        version = fetch(base + "/__digest/version")[1]
        notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
        notice.write_text(notice.read_text(encoding="utf-8").replace("根据《", "根据鲲鹏计划和《", 1), encoding="utf-8")
        wait_for(lambda: fetch(base + "/__digest/version")[1] != version, 30)
        # the page reloads once the pages are written; the search index follows within the same rebuild
        wait_for(lambda: found(page, "鲲鹏计划") == ["/notices/beijing-sme-zones/"], 30)
        browser.close()


def test_preview_shows_the_review_list_that_the_site_never_does(sample_site: Path, tmp_path: Path):
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("note: no\n", "note: no\nreview: [联系电话待核对]\n"),
                      encoding="utf-8")
    with previewing(config_for(sample_site, tmp_path / "unused")) as base:
        status, page = fetch(base + "/weeks/2021-04-16/")
        assert status == 200
        assert "预览：1 条待核对" in page
        assert ("<code>content/2021/2021-04-16/beijing-sme-zones.md:18</code> review[0] "
                "导入时提示待核对：联系电话待核对（核对后删去这一行）</li>" in page)

        version = fetch(base + "/__digest/version")[1]
        notice.write_text(notice.read_text(encoding="utf-8").replace("review: [联系电话待核对]\n", ""), encoding="utf-8")
        wait_for(lambda: fetch(base + "/__digest/version")[1] != version)
        assert "待核对" not in fetch(base + "/weeks/2021-04-16/")[1]

    notice.write_text(notice.read_text(encoding="utf-8").replace("note: no\n", "note: no\nreview: [联系电话待核对]\n"),
                      encoding="utf-8")
    output = tmp_path / "_site"
    build(config_for(sample_site, output))
    assert not any("联系电话待核对" in p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
