"""Statuses in the reader's browser: recomputed for today in Beijing when the page was built on an
earlier day, and deadline lists that read on a phone (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_browser import browser, page, server  # noqa: F401  (fixtures)

UTC = dt.timezone.utc


@pytest.fixture
def later(browser, server):  # noqa: F811
    """A page whose clock reads 2021-05-13 17:30 UTC: already 01:30 on the 14th in Beijing."""
    context = browser.new_context(base_url=server, locale="zh-CN")
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.clock.set_fixed_time(dt.datetime(2021, 5, 13, 17, 30, tzinfo=UTC))
    yield page
    context.close()


def test_statuses_are_recomputed_for_the_day_the_page_is_read(later):
    later.goto("/notices/cde-pediatric-improved-drug-trials-draft/")
    box = later.locator(".deadline-box")
    # the comment period closed on the 13th: in UTC it would still be open
    expect(box.locator(".status")).to_have_text("已截止")
    as_of = box.locator(".as-of")
    expect(as_of).to_have_attribute("data-as-of", "2021-05-14")
    expect(as_of).to_contain_text("状态按北京时间 2021 年 5 月 14 日 计算"
                                  "（本页按 2021 年 4 月 16 日 生成，状态已在浏览器中按今天更新）")
    later.goto("/notices/tianjin-2021-ip-publicity-week/")
    expect(later.locator(".deadline-box .status")).to_have_text(["已结束", "已截止"])  # the event week, the report
    later.goto("/notices/cde-real-world-data-guidance/")
    expect(later.locator(".deadline-box .status")).to_have_text("已施行")
    later.goto("/notices/beijing-2021-sme-ip-cluster-zones/")
    expect(later.locator(".deadline-box .status")).to_have_text("即将截止")
    assert later.problems == []


def test_open_now_drops_what_has_closed_since_the_build(later):
    later.goto("/deadlines/open/")
    rows = later.locator("table[data-while-open] tbody tr:visible")
    expect(rows).to_have_count(3)  # of 14 on the 16th of April: 申报 of 5 月 14 日, 6 月 11 日, 报送 of 7 月 12 日
    expect(rows.first.locator(".days-left")).to_have_text("今天截止")
    expect(rows.first.locator(".status")).to_have_text("即将截止")
    expect(rows.nth(1).locator(".days-left")).to_have_text("还剩 28 天")
    later.goto("/")
    expect(later.locator("#commenting ~ table tbody tr:visible")).to_have_count(0)
    expect(later.locator("#commenting ~ p.none-left")).to_have_text("今天已没有仍可办理的事项。")
    assert later.problems == []


def test_a_window_that_opened_since_the_build_moves_into_what_can_be_done(browser, server):  # noqa: F811
    context = browser.new_context(base_url=server, locale="zh-CN")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2021, 5, 13, 17, 30, tzinfo=UTC))  # 14 May in Beijing
    page.goto("/deadlines/open/")
    waiting = page.locator("#opening ~ table tbody tr")
    expect(waiting).to_have_count(1)  # the 申报 window of 1–31 July
    expect(waiting.locator(".status")).to_have_text("未开始")
    expect(waiting.locator(".days-left")).to_have_text("48 天后开始")

    page.clock.set_fixed_time(dt.datetime(2021, 7, 5, 2, 0, tzinfo=UTC))
    page.goto("/deadlines/open/")
    rows = page.locator("table[data-while-open] tbody tr:visible")
    expect(rows).to_have_count(2)  # the 报送 of 12 July, then the window that opened on 1 July
    expect(rows.first.locator(".status")).to_have_text("即将截止")
    expect(rows.nth(1)).to_contain_text("国家知识产权信息公共服务网点备案")
    expect(rows.nth(1).locator(".status")).to_have_text("进行中")
    expect(rows.nth(1).locator(".days-left")).to_have_text("还剩 26 天")
    expect(page.locator("#opening")).to_be_hidden()
    context.close()


def test_statuses_stay_as_built_on_the_build_day(browser, server):  # noqa: F811
    context = browser.new_context(base_url=server, locale="zh-CN")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2021, 4, 16, 1, 0, tzinfo=UTC))
    page.goto("/deadlines/open/")
    expect(page.locator("table[data-while-open] tbody tr:visible")).to_have_count(14)
    expect(page.locator(".as-of")).to_have_text("状态按北京时间 2021 年 4 月 16 日 计算。")
    context.close()


def test_copy_button_copies_the_full_calendar_address(browser, server):  # noqa: F811
    context = browser.new_context(base_url=server, locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/agencies/nmpa-cde/")
    button = page.get_by_role("button", name="复制地址")
    button.click()
    expect(page.locator(".subscribe .copied")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}/agencies/nmpa-cde/deadlines.ics"
    context.close()


@pytest.mark.parametrize("path", ["/deadlines/", "/deadlines/open/", "/agencies/nmpa-cde/", "/"])
def test_deadline_lists_read_on_a_phone_without_narrow_columns(browser, server, path):  # noqa: F811
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2021, 4, 16, 1, 0, tzinfo=UTC))  # the build date: every row shown
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cells = page.locator("table.listing tbody tr:visible").first.locator("td")
    tables = page.locator("table.listing")
    for i in range(tables.count()):
        assert tables.nth(i).evaluate("t => t.scrollWidth <= t.clientWidth")  # no sideways scrolling inside
    # per row: the date and the notice take the whole width; kind, status and days left one line each
    widths = page.evaluate("""() => [...document.querySelectorAll('table.listing tbody tr')].map(tr =>
        [...tr.cells].map(td => {
            const r = td.getBoundingClientRect(), style = getComputedStyle(td);
            return [r.width, r.width / parseFloat(style.fontSize), r.height / parseFloat(style.lineHeight)];
        }))""")
    assert widths and cells.count() >= 4
    results = Axe().run(page)  # the cards are still a table to assistive technology
    assert results.violations_count == 0, results.generate_report()
    for row in widths:
        (first, _, _), *middle, (last, _, _) = row
        assert first >= 300 and last >= 300, row
        for _, characters, lines in middle:
            assert characters >= 1.9 and lines < 1.5, row  # 申报: two characters wide, on one line
    context.close()


def test_the_browser_computes_every_status_as_the_build_would_on_that_day(browser, server):  # noqa: F811
    from digest.models import DeadlineKind
    from digest.statuses import status_on

    kinds = {kind.slug: kind for kind in DeadlineKind}
    context = browser.new_context(base_url=server)
    # around every start and end of the bundled week's deadlines, never its build date
    days = [dt.date(2021, 4, 12) + dt.timedelta(days=n)
            for n in (0, 1, 3, 8, 9, 10, 14, 15, 16, 24, 31, 32, 61, 80, 110, 111)]
    for day in days:
        page = context.new_page()
        page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(12), UTC))  # 20:00 in Beijing, the same day
        page.goto("/deadlines/")
        shown = page.locator(".status").evaluate_all(
            "els => els.map(e => [e.dataset.kind, e.dataset.start || null, e.dataset.end, e.textContent])")
        assert len(shown) == 17
        for kind, start, end, word in shown:
            begins = dt.date.fromisoformat(start) if start else None
            expected = status_on(day, kinds[kind], begins, dt.date.fromisoformat(end), 7)
            assert word == expected.value, (day, kind, start, end)
        page.close()
    context.close()
