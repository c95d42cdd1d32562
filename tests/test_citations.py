"""Citations: a 发文字号 or a quoted title in a body that names a notice of the archive links to it,
and the cited notice lists who cites it; anything else stays text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import config_for, read_page
from digest import build
from digest.citations import NUMBER, doc_number_keys, link_mentions, mentions
from digest.markup import render_body

OUTLET = "notices/cnipa-outlet-filing/"  # the sample site's notice numbered 国知办函服字〔2021〕304 号


def linked(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="cite" href="([^"]*)">(.*?)</a>', html)


def test_numbers_are_known_however_they_are_spaced_or_bracketed():
    key = doc_number_keys("国知办函服字〔2021〕304 号")
    assert key == ("国知办函服字〔2021〕304号",)
    for written in ("国知办函服字〔2021〕304号", "国知办函服字 〔2021〕 304 号", "国知办函服字[2021]304号",
                    "国知办函服字［2021］304号", "国知办函服字（2021）304号", "国知办函服字〔2021〕0304号"):
        assert doc_number_keys(written) == key, written
    assert doc_number_keys("2021 年第 27 号") == ()  # names no agency: cited by nobody's number


# numbers as bodies write them, and nearly so: a run of Chinese characters of any length, spaces,
# any bracket, a year, a serial, 号 or not, one after another
_NUMBERISH = st.tuples(
    st.text(st.sampled_from("国知发办字号第"), max_size=8) | st.integers(18, 24).map("国".__mul__),
    st.sampled_from(["", " ", "\u3000", "x"]),
    st.sampled_from("〔[［【(（"), st.sampled_from(["2021", "1999", " 2021 ", "21"]), st.sampled_from("〕]］】)）"),
    st.sampled_from(["", "第", " 第 "]), st.sampled_from(["6", "304", "0304", ""]), st.sampled_from(["号", " 号", ""]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NUMBERISH, max_size=5).map("".join))
def test_a_body_mentions_every_number_the_document_number_pattern_finds(text: str):
    # read left to right, a prefix of at most 20 characters, none reaching into the number before it
    expected = list(dict.fromkeys(f"{m[1]}〔{m[2]}〕{int(m[3])}号" for m in NUMBER.finditer(text)))
    assert [m for m in mentions(text) if not m.startswith("《")] == expected


def test_two_numbers_in_one_sentence_each_link_from_the_agency_prefix_on():
    html = render_body("根据国知发办字〔2021〕6号和京知局 [2021] 12 号的要求，开展工作。")
    found = mentions(html)
    assert found == ("根据国知发办字〔2021〕6号", "和京知局〔2021〕12号")
    targets = {found[0]: ("/notices/a/", 2), found[1]: ("/notices/b/", 1)}
    out = link_mentions(html, targets)
    assert linked(out) == [("/notices/a/", "国知发办字〔2021〕6号"), ("/notices/b/", "京知局 [2021] 12 号")]
    assert "根据<a" in out and "和<a" in out


def test_a_number_inside_a_table_links_and_one_inside_a_link_or_attribute_does_not():
    html = str(render_body("| 文件 | 文号 |\n|---|---|\n| 通知 | 国知发办字〔2021〕6号 |\n\n"
                           "见[国知发办字〔2021〕6号](https://example.org/6)。"))
    html += '<p title="国知发办字〔2021〕6号">另见</p>'
    out = link_mentions(html, {"国知发办字〔2021〕6号": ("/notices/a/", 0)})
    assert linked(out) == [("/notices/a/", "国知发办字〔2021〕6号")]
    assert re.search(r"<td><a class=\"cite\"", out)
    assert '<a href="https://example.org/6">国知发办字〔2021〕6号</a>' in out
    assert '<p title="国知发办字〔2021〕6号">' in out


def test_a_number_not_in_the_targets_stays_text():
    html = render_body("依据国知发办字〔2019〕9号执行。")
    assert link_mentions(html, {"国知发办字〔2021〕6号": ("/notices/a/", 0)}) == html


def test_quoted_titles_link_where_they_name_a_notice():
    html = render_body("按照《关于开展网点备案工作的通知》和《另一个文件》办理。")
    assert "《关于开展网点备案工作的通知》" in mentions(html)
    out = link_mentions(html, {"《关于开展网点备案工作的通知》": ("/notices/a/", 0)})
    assert linked(out) == [("/notices/a/", "《关于开展网点备案工作的通知》")]
    assert "《另一个文件》" in out and out.count("<a ") == 1


def test_a_cited_notice_links_both_ways_and_one_citing_itself_links_nothing(sample_site: Path, tmp_path: Path):
    zones = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    text = zones.read_text(encoding="utf-8")
    zones.write_text(text.replace("开展申报工作。", "开展申报工作。另见国知办函服字 [2021] 304 号及《关于开展国家知识产权"
                                  "信息公共服务网点备案工作的通知》，以及国知发办字〔2018〕1号。"), encoding="utf-8")
    outlet = sample_site / "2021/2021-04-23/cnipa-outlet-filing.md"
    outlet.write_text(outlet.read_text(encoding="utf-8").replace(
        "现将有关事宜通知如下。", "现将有关事宜（国知办函服字〔2021〕304号）通知如下。"), encoding="utf-8")
    site = tmp_path / "_site"
    build(config_for(sample_site, site))
    citing = read_page(site, "notices/beijing-sme-zones")
    assert linked(citing) == [(f"/{OUTLET}", "国知办函服字 [2021] 304 号"),
                              (f"/{OUTLET}", "《关于开展国家知识产权信息公共服务网点备案工作的通知》")]
    assert "国知发办字〔2018〕1号" in citing  # not in the archive: text
    cited = read_page(site, OUTLET)
    by = cited.split('id="cited-by"', 1)[1].split("</section>", 1)[0]
    assert "关于组织申报北京市中小企业知识产权集聚发展示范区的通知" in by
    assert linked(cited) == []  # its own number in its text links nowhere
    assert "被引用" not in citing
    week = read_page(site, "weeks/2021-04-16")
    assert (f"/{OUTLET}", "国知办函服字 [2021] 304 号") in linked(week)
