"""Property tests: over thousands of generated inputs, the loader, the date and period parsers and the
slug handling raise nothing but the project's own located errors, and every valid notice renders to
well-formed HTML."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import html5lib
from icalendar import Calendar
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_SITE, config_for
from digest.errors import ContentErrors
from digest.calendars import calendar_bytes
from digest.data import _json, _json_list, _json_text
from digest.feeds import feed_paths
from digest.load import load_content
from digest.periods import compute_end, parse_period
from digest.records import parse_yaml, read_markdown_file
from digest.output import every_page
from digest.render import render_pages
from digest.link import link

SETTINGS = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIELD_VALUES = st.one_of(
    st.text(max_size=30), st.integers(), st.dates().map(str), st.just(""), st.just("~"),
    st.sampled_from(["ip", "pharma", "national", "local", "news", "通知", "公示", "cnipa", "beijing-ipa",
                     "1 个月", "10 个工作日", "两周", "2021-02-30", "2021-13-01", "[cnipa]", "{a: 1}"]),
)
FIELDS = ["title", "issuers", "date", "published", "section", "group", "order", "kind", "url", "note", "tags",
          "isuers", "deadlines"]


@SETTINGS
@given(st.text(max_size=300))
def test_yaml_layer_never_raises_on_any_text(text):
    record, errors = parse_yaml(text, Path("x.yaml"), "x.yaml")
    assert (record is not None) or errors
    assert all(e.path == "x.yaml" and e.line >= 1 for e in errors)


@SETTINGS
@given(st.binary(max_size=400))
def test_notice_reader_never_raises_on_any_bytes(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "n.md"
        path.write_bytes(raw)
        record, errors = read_markdown_file(path, "n.md")
        assert (record is not None) or [e for e in errors if e.line >= 1]


@SETTINGS
@given(st.text(max_size=20))
def test_period_parser_gives_a_period_or_its_own_error(text):
    try:
        period = parse_period(text)
    except ValueError as error:
        assert "：" in str(error)
    else:
        end = compute_end(dt.date(2021, 4, 16), period)
        assert end.end > dt.date(2021, 4, 15)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), FIELD_VALUES, max_size=len(FIELDS)),
       st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_loader_and_linker_raise_only_located_content_errors(front, name):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(SAMPLE_SITE / "content", content)
        lines = [f"{key}: {value!r}" if isinstance(value, str) else f"{key}: {value}" for key, value in front.items()]
        filename = (name.replace("/", "").replace("\x00", "") or "x") + ".md"
        try:
            (content / "2021/2021-04-16" / filename).write_text("---\n" + "\n".join(lines) + "\n---\n正文\n",
                                                                encoding="utf-8")
        except (OSError, ValueError):
            return  # a name the file system itself refuses
        try:
            link(load_content(content), dt.date(2021, 4, 16))
        except ContentErrors as errors:
            assert all(e.path.startswith("content/") and e.message for e in errors.errors)


MARKDOWN = st.lists(st.sampled_from([
    "## 一、标题", "### （一）小标题", "1. 第一项", "2. 第二项", "| a | b |", "|---|---|", "| 1 | 2 |", "",
    "<script>alert(1)</script>", "<div>", "</div>", "[链接](https://example.org/)", "[x](javascript:1)",
    "**粗体** _斜体_", "> 引用", "```", "    代码", "<!--", "-->", "&amp; &lt; &#x27;", "* 列表", "---",
]) | st.text(max_size=20), max_size=25).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=MARKDOWN, title=st.text(min_size=1, max_size=30).filter(lambda t: t.strip()))
def test_any_valid_notice_renders_well_formed_html(body, title):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(SAMPLE_SITE / "content", content)
        notice = content / "2021/2021-04-16/generated.md"
        notice.write_text("---\ntitle: " + repr(title).replace("\\", "\\\\") + "\nissuers: [cnipa]\ndate: 2021-04-14\n"
                          "section: ip\ngroup: national\norder: 2\nkind: 通知\n---\n" + body + "\n", encoding="utf-8")
        try:
            site = link(load_content(content), dt.date(2021, 4, 16))
        except ContentErrors:
            return  # a title YAML cannot hold as written: refused with a located error, covered above
        parser = html5lib.HTMLParser(strict=True)
        parsed = 0
        for page in every_page(render_pages(site, config_for(content, Path(tmp) / "_site"), feed_paths(site.agencies))):
            if page.path.endswith(".html") and ("generated" in page.path or "weeks/2021-04-16" in page.path):
                parser.parse(page.data)
                parsed += 1
        assert parsed == 2  # the notice's page and its week's


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n,;\\:\"")))
@example("\\N")  # a backslash before N is text, not a line break
def test_calendar_text_folds_and_parses_back_whole(name: str):
    raw = calendar_bytes([], name)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    # icalendar unfolds the lines and keeps an X- property as written; decoding its RFC 5545 escapes
    # must give the name back
    escaped = str(Calendar.from_ical(raw)["x-wr-calname"])
    decoded = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], escaped)
    assert decoded == name


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=10)


@SETTINGS
@given(st.lists(st.lists(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4), max_size=3), max_size=5))
def test_notice_data_written_a_week_at_a_time_is_the_same_json(weeks: list[list[dict]]):
    # notices.json is joined from each week's records (a week may have none); the bytes must be
    # those of the whole list at once
    parts = [",".join(map(_json_text, records)).encode("utf-8") for records in weeks]
    assert b"".join(_json_list("notices", parts)) == _json({"notices": [r for records in weeks for r in records]})
