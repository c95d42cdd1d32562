"""The built seed site in a real browser (Debian's Chromium driven by Playwright): a reader's walk,
Chinese search, no console errors or failed loads, zero axe-core violations, and screenshots."""

from __future__ import annotations

import datetime as dt

import functools
import io
import re
import subprocess
import threading
import unicodedata
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a sandbox with no network but loopback: no background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

PAGE_TYPES = {
    "home": "/",
    "archive": "/weeks/",
    "week": "/weeks/2021-04-16/",
    "notice": "/notices/beijing-2021-belt-road-alliance-results/",
    "browse": "/browse/ip/local/",
    "agencies": "/agencies/",
    "agency": "/agencies/nmpa-cde/",
    "deadlines": "/deadlines/",
    "deadlines-open": "/deadlines/open/",
    "deadline-month": "/deadlines/2021-05/",
    "deadline-kind": "/deadlines/kind/comment/",
    "data": "/data/",
    "search": "/search/?q=%E5%A4%87%E6%A1%88",
    "not-found": "/404.html",
}


NOTICE_SLUGS = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "content/2021/2021-04-16").glob("*.md"))


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(seed_site: Path):
    handler = functools.partial(QuietHandler, directory=str(seed_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, locale="zh-CN")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    # a request cut short by following a link (net::ERR_ABORTED) is navigation, not a missing file
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and page.problems.append(
        f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/404.html")
            and page.problems.append(f"{r.status}: {r.url}"))
    yield page
    context.close()


def search(page: Page, query: str) -> list[str]:
    page.goto(f"/search/?q={query}")
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
    return page.locator("#search-results h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_reader_walks_home_week_notice_agency_deadlines(page: Page):
    page.goto("/")
    page.get_by_role("link", name="2021 年 4 月 16 日").first.click()
    assert page.locator("h1").inner_text() == "政策信息周报 · 2021 年 4 月 16 日"
    page.get_by_role("link", name="关于组织申报北京市中小企业知识产权集聚发展示范区的通知").first.click()
    assert page.url.endswith("/notices/beijing-2021-sme-ip-cluster-zones/")
    assert "2021 年 5 月 14 日" in page.locator(".deadline-box").inner_text()
    page.locator(".meta").get_by_role("link", name="北京市知识产权局").click()
    assert page.locator("h1").inner_text() == "北京市知识产权局"
    assert page.locator("#ns + ul li").count() == 4
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="截止与生效").click()
    assert page.locator("h1").inner_text() == "截止日期与生效日期"
    assert page.locator("table.listing tbody tr").count() == 17
    assert page.problems == []


def test_search_finds_notices_by_chinese_words(page: Page):
    assert "/notices/cnipa-2021-info-service-outlet-filing/" in search(page, "备案")
    assert search(page, "依折麦布") == ["/notices/cde-ezetimibe-be-guidance-draft/"]
    ip_results = search(page, "知识产权")
    assert len(ip_results) >= 8 and "/notices/tianjin-2021-ip-publicity-week/" in ip_results
    first = page.locator("#search-results li").first
    assert first.locator(".result-meta").inner_text() != ""
    assert first.locator(".result-excerpt mark").count() >= 1
    assert page.problems == []


def test_search_filters_narrow_results(page: Page):
    search(page, "通知")
    page.select_option("#filter-section", value="医药信息篇")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0 && "
                           "[...document.querySelectorAll('#search-results h2 a')].every(a => a.href.includes('/cde-'))")
    assert page.problems == []


def test_header_search_form_submits_to_the_search_page(page: Page):
    page.goto("/agencies/")
    page.fill("#site-search-q", "依折麦布")
    page.press("#site-search-q", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
    assert page.locator("#search-results h2 a").first.get_attribute("href") == "/notices/cde-ezetimibe-be-guidance-draft/"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_axe_violations_and_no_errors(page: Page, name: str):
    page.goto(PAGE_TYPES[name])
    if name == "search":
        page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.problems == []


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_at_phone_and_desktop_widths(browser, server, width: int):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 900})
    page = context.new_page()
    for name in ("home", "week", "notice"):
        page.goto(PAGE_TYPES[name])
        shot = ARTIFACTS / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        # nothing wider than the viewport: readable without sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def printed(page: Page, path: str, script: str = "") -> tuple[int, list[str], int]:
    """The page printed to A4 by Chromium: its page count, each page's text (whitespace removed), and
    the characters of what it prints of the page (its main content, as print shows it), read on the
    build date (on a later day the statuses and the as-of line are recomputed: test_browser_dates)."""
    page.clock.set_fixed_time(dt.datetime(2021, 4, 16, 4, 0, tzinfo=dt.timezone.utc))
    page.goto(path)
    if script:
        page.evaluate(script)
    page.emulate_media(media="print")
    chars = page.evaluate("document.querySelector('main').innerText.replace(/\\s/g, '').length")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    # NFKC: Chromium's PDFs map some ideographs to their Kangxi radicals (⽉ for 月)
    return len(reader.pages), [re.sub(r"\s+", "", unicodedata.normalize("NFKC", p.extract_text()))
                               for p in reader.pages], chars


@pytest.mark.parametrize("path", ["/notices/" + slug + "/" for slug in NOTICE_SLUGS] + ["/weeks/2021-04-16/"])
def test_print_prints_the_notice_not_the_site_on_as_many_pages_as_its_text_needs(page: Page, path: str):
    count, texts, chars = printed(page, path)
    assert count <= chars / 1300 + 1, (count, chars)
    text = "".join(texts)
    for chrome in ("跳到正文", "搜索", "订阅日历", "开放数据", "全部通知", "上一条", "同一发文机关", "收录于"):
        assert chrome not in text, chrome
    assert all("政策信息周报·第1期·2021年4月16日" in t for t in texts)  # the running header
    assert f"1/{count}" in texts[0]


def test_print_shows_statuses_with_their_date_and_link_targets(page: Page):
    # a link written as words, as a body can have it, besides the body's link that shows its address
    words = "document.querySelector('.body').insertAdjacentHTML('beforeend', '<p><a href=\"https://example.org/a\">办事指南</a></p>')"
    _, texts, _ = printed(page, "/notices/beijing-2021-ip-pilot-demo-units/", words)
    text = "".join(texts)
    assert "进行中,按2021年4月16日计" in text  # （，） read back as (,) after NFKC
    assert "办事指南(https://example.org/a)" in text
    assert "http://banshi.beijing.gov.cn/)," in text  # its address once: (<http://…>)，


def test_screenshots_of_the_pdf_edition_and_of_dark_mode(browser, server, seed_site: Path):
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = seed_site / "weeks/2021-04-16/bulletin-2021-04-16.pdf"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", str(pdf), str(ARTIFACTS / "edition")],
                   check=True)
    shots = sorted(ARTIFACTS.glob("edition-*.png"))
    assert len(shots) == 4 and all(s.stat().st_size > 10_000 for s in shots)
    for width in (390, 1280):
        context = browser.new_context(base_url=server, viewport={"width": width, "height": 900}, color_scheme="dark")
        page = context.new_page()
        page.goto(PAGE_TYPES["notice"])
        page.screenshot(path=str(ARTIFACTS / f"notice-{width}-dark.png"))
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background != "rgb(253, 252, 249)"  # the light paper
        context.close()


def test_a_notice_page_weighs_under_50_kb_with_its_stylesheet(seed_site: Path):
    css = (seed_site / "static/style.css").stat().st_size
    for page in (seed_site / "notices").glob("*/index.html"):
        assert page.stat().st_size + css < 50_000, page


def test_search_state_is_in_the_url_and_comes_back_from_it(page: Page):
    search(page, "通知")
    page.select_option("#filter-group", value="地方级")
    page.select_option("#search-sort", value="date")
    page.wait_for_function("location.search.includes('sort=date') && location.search.includes('group=')")
    shared = page.url
    page.goto("/")
    page.goto(shared)
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
    assert page.input_value("#q") == "通知" and page.input_value("#filter-group") == "地方级"
    dates = page.locator("#search-results time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates and dates == sorted(dates, reverse=True)
    fields = page.locator("#search-results li").first.locator(".result-meta dt").all_inner_texts()
    assert fields == ["成文日期", "发文机关", "栏目"]
    assert page.locator("#search-results li").first.locator(".result-meta dd").nth(2).inner_text().endswith("地方级")
    assert page.problems == []


def test_search_open_today_keeps_notices_whose_period_holds_the_day(browser, server, seed_site: Path):
    context = browser.new_context(base_url=server, locale="zh-CN")
    page = context.new_page()
    page.clock.set_fixed_time("2021-05-20T10:00:00+08:00")
    page.goto("/search/?open=1")
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
    shown = set(page.locator("#search-results h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    expected = set()
    for notice in (seed_site / "notices").glob("*/index.html"):
        html = notice.read_text(encoding="utf-8")
        published = re.search(r'<dt>成文日期</dt><dd><time datetime="([\d-]+)"', html).group(1)
        # each deadline: <kind> <time start> 至 <time end>, or <kind> <time end> 截止
        for first, _, end in re.findall(r'<span class="kind"[^>]*>[^<]*</span> <time datetime="([\d-]+)">[^<]*</time>'
                                        r'( 至 <time datetime="([\d-]+)">)?', html):
            start, end = (first, end) if end else (published, first)
            if start <= "2021-05-20" <= end:
                expected.add(f"/notices/{notice.parent.name}/")
    assert expected and shown == expected
    context.close()


def test_search_results_arrive_without_moving_the_page(page: Page):
    page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    search(page, "知识产权")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift") == 0
