"""No script in a page: hostile text in every field is shown as text, in HTML, feeds, calendars and data."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import config_for
from digest import build

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">点我</a>",
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
    "{{ 7*7 }}{% raw %}",
    "${alert(1)}",
    "<style>@import 'javascript:alert(1)'</style>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    "<video><source onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "]]><script>alert(1)</script>",
    "\u2028<script>alert(1)</script>",
]
SAFE_URL = "https://example.org/a?q=\"><script>alert(1)</script>"


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    content = root / "content"
    week = content / "2021/2021-04-16"
    week.mkdir(parents=True)
    agencies = "".join(f"- id: a{i}\n  name: {quoted('机构' + p)}\n  short: [{quoted(p)}]\n  level: local\n"
                       f"  region: {quoted(p)}\n  website: {quoted(SAFE_URL)}\n" for i, p in enumerate(PAYLOADS))
    (content / "agencies.yaml").write_text(agencies, encoding="utf-8")
    (week / "week.yaml").write_text(f"publisher: {quoted(PAYLOADS[0])}\ndate: 2021-04-16\nnote: {quoted(PAYLOADS[1])}\n"
                                    "sections:\n  - section: ip\n    start: 2021-04-10\n    end: 2021-04-16\n"
                                    f"    signature:\n      by: {quoted(PAYLOADS[2])}\n      date: 2021-04-16\n",
                                    encoding="utf-8")
    for i, p in enumerate(PAYLOADS):
        (week / f"n{i}.md").write_text(f"""---
title: {quoted('通知' + p)}
url: {quoted(SAFE_URL)}
doc_number: {quoted(p)}
issuers: [a{i}]
addressees: {quoted(p)}
date: 2021-04-12
section: ip
group: local
order: {i + 1}
kind: 通知
deadlines:
  - kind: 申报
    date: 2021-05-14
    phrase: {quoted(p)}
attachments:
  - name: {quoted(p)}
    url: {quoted(SAFE_URL)}
contacts:
  - name: {quoted(p)}
    role: {quoted(p)}
    phone: {quoted(p)}
    email: {quoted(p)}
    address: {quoted(p)}
tags: [{quoted(p)}]
note: {quoted(p)}
---
{p}

## {p}

| a | b |
|---|---|
| {p.replace('|', '&#124;')} | x |
""", encoding="utf-8")
    output = root / "_site"
    build(config_for(content, output, base_url="https://example.org/", search=True))
    return output


class ActiveContent(HTMLParser):
    """Collects what could run: script elements, event handler attributes, script-like URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    OURS = {("script", "src", "/static/search.js"), ("script", "src", "/static/status.js"), ("form", "action", "/search/")}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        ours = any(tag == t and (values.get(a) or "").endswith(v) for t, a, v in self.OURS)
        page_meta = tag == "meta" and (values.get("name") in ("viewport", "description") or "charset" in values)
        if tag in ("script", "iframe", "object", "embed", "base", "form", "svg", "math", "style", "meta") \
                and not ours and not page_meta:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "data") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.found.append(f"{tag}[{name}={value}]")


def test_no_html_page_carries_active_content(hostile_site: Path):
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        parser = ActiveContent()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page


def test_payloads_are_shown_as_text(hostile_site: Path):
    page = (hostile_site / "notices/n0/index.html").read_text(encoding="utf-8")
    assert "<h1>通知&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 10
    links = (hostile_site / "notices/n8/index.html").read_text(encoding="utf-8")
    assert "[点我](javascript:alert(1))" in links  # the link is refused and shown as typed


def test_feeds_calendars_and_data_carry_the_payloads_as_text(hostile_site: Path):
    entries = ET.parse(hostile_site / "feed.xml").getroot().findall("{http://www.w3.org/2005/Atom}entry")
    titles = {e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries}
    assert titles == {"通知" + p for p in PAYLOADS}
    events = Calendar.from_ical((hostile_site / "deadlines.ics").read_bytes()).walk("VEVENT")
    assert {str(e["summary"]).split("：", 1)[1] for e in events} == {"通知" + p for p in PAYLOADS}
    data = json.loads((hostile_site / "data/notices.json").read_text(encoding="utf-8"))["notices"]
    assert {n["doc_number"] for n in data} == {p.strip() for p in PAYLOADS}  # fields are trimmed


@pytest.mark.parametrize("scheme_url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
                                        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/"])
def test_unsafe_urls_are_refused(sample_site: Path, tmp_path: Path, scheme_url: str):
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("title:", f"url: {quoted(scheme_url)}\ntitle:", 1),
                      encoding="utf-8")
    from digest import ContentErrors
    with pytest.raises(ContentErrors) as caught:
        build(config_for(sample_site, tmp_path / "_site"))
    assert [str(e) for e in caught.value.errors] == [
        "content/2021/2021-04-16/beijing-sme-zones.md:2: url: 链接须以 http:// 或 https:// 开头（不知道来源链接时请留空）"]


def test_a_body_links_only_to_the_web_mail_and_relative_addresses():
    from digest.markup import render_body

    html = str(render_body('[规则](ftp://files.example/a "t") [原文](https://www.cnipa.gov.cn/) [表](../a/) '
                           '[信](mailto:a@b.cn) [本地](file:///etc/passwd) ![图](smb://x/y.png) ![章](/s.png) '
                           '[编码](%6Aavascript:alert(1)) <tel:123>'))
    assert re.findall(r'(?:href|src)="([^"]*)"', html) == ["https://www.cnipa.gov.cn/", "../a/", "mailto:a@b.cn", "/s.png"]
    # a link elsewhere is its text, an image elsewhere its description
    assert "规则" in html and "本地" in html and "图" in html and "编码" in html and "tel:123" in html


def test_no_script_runs_in_a_real_browser(hostile_site: Path):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS, QuietHandler

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(hostile_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    dialogs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
            paths = ["/", "/weeks/2021-04-16/", "/agencies/", "/deadlines/", "/browse/", "/search/?q=通知"]
            paths += [f"/notices/n{i}/" for i in range(len(PAYLOADS))] + [f"/agencies/a{i}/" for i in range(len(PAYLOADS))]
            for path in paths:
                page.goto(base + path)
                if path.startswith("/search/"):
                    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
                for element in page.locator("input, details, a").all()[:40]:
                    element.focus()
                page.wait_for_timeout(20)
            browser.close()
    finally:
        httpd.shutdown()
    assert dialogs == []
