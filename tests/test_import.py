"""The importer: the seed week's exported text becomes records equal to the hand-made ones.

Everything is written under tmp_path; the repository's content/ is only read.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import config_for
from digest import build
from digest.directory import directory_entries
from digest.errors import BuildError, ContentError
from digest.importer import ImportReport, import_bulletin
from digest.load import load_content
from digest.link import link
from digest.site import Notice, Site

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "fixtures" / "seed-2021-04-16.txt"
AGENCIES = REPO / "content" / "agencies.yaml"
TODAY = dt.date(2021, 4, 16)


def fresh_content(tmp_path: Path) -> Path:
    """An empty content root holding only a copy of the repository's agency registry."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copyfile(AGENCIES, root / "agencies.yaml")
    return root


def build_site(root: Path) -> Site:
    content = load_content(root)
    assert [str(e) for e in content.errors] == []
    return link(content, TODAY)


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[ImportReport, Path]:
    root = fresh_content(tmp_path_factory.mktemp("import"))
    return import_bulletin(SEED, root), root


@pytest.fixture(scope="module")
def hand_site() -> Site:
    """The hand-made records of the same week, alone (other weeks may be added to content/ later)."""
    return build_site(REPO / "content")


# --- the seed week -------------------------------------------------------------------------------


def test_seed_imports_fifteen_valid_notices(imported):
    report, root = imported
    week = root / "2021" / "2021-04-16"
    assert report.week_folder == week
    assert len(report.notices) == 15
    assert sorted(p.name for p in week.iterdir()) == sorted([p.name for p in report.notices] + ["week.yaml"])
    assert report.new_agencies == ()
    site = build_site(root)  # load_content + link: no errors (ContentErrors would be raised)
    assert len(site.notices) == 15
    assert [w.date for w in site.weeks] == [dt.date(2021, 4, 16)]
    sections = site.weeks[0].sections
    assert [(s.entry.section.value, s.entry.start, s.entry.end) for s in sections] == [
        ("ip", dt.date(2021, 4, 10), dt.date(2021, 4, 16)), ("pharma", dt.date(2021, 4, 12), dt.date(2021, 4, 16))]
    assert sections[0].entry.signature.by == "盈科瑞·知识产权部"
    assert sections[0].entry.signature.date == dt.date(2021, 4, 16)
    assert sections[1].entry.signature is None
    assert all(isinstance(w, ContentError) and w.warning and w.path == str(SEED) and w.field == ""
               for w in report.warnings)


def test_file_names_say_what_each_notice_is(imported):
    report, _ = imported
    stems = [p.stem for p in report.notices]
    assert stems[0] == "cnipa-office-gzbhfz-2021-304"  # 国知办函服字〔2021〕304 号
    assert stems[1] == "beijing-ipa-2021-shidian-shifan-danwei-shenbao"  # 试点、示范单位申报
    assert "tianjin-ipa-2020-xuanchuanzhou-huodong-fangan" in stems  # dated 2020 in the source
    assert stems[-1] == "nmpa-cde-2021-27"  # 2021 年第 27 号
    assert len(set(stems)) == 15 and not any(re.search(r"-(?:ip|pharma)-(?:national|local|news)-\d", s) for s in stems)


def test_file_names_are_stable_and_a_rename_keeps_the_old_address(tmp_path: Path):
    root = fresh_content(tmp_path)
    first = import_bulletin(SEED, root)
    again = import_bulletin(SEED, root, force=True)
    assert [p.name for p in again.notices] == [p.name for p in first.notices]
    assert "aliases:" not in again.notices[0].read_text(encoding="utf-8")
    # an earlier import that named the first notice otherwise: its old name becomes an alias
    old = first.notices[0].with_name("2021-04-16-ip-national-1.md")
    first.notices[0].rename(old)
    third = import_bulletin(SEED, root, force=True)
    assert not old.exists()
    assert "aliases: [2021-04-16-ip-national-1]" in third.notices[0].read_text(encoding="utf-8")
    site = tmp_path / "_site"
    build(config_for(root, site, base_url="https://example.org/digest/"))
    redirect = (site / "notices" / "2021-04-16-ip-national-1" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=/digest/notices/cnipa-office-gzbhfz-2021-304/"' in redirect
    assert '<link rel="canonical" href="https://example.org/digest/notices/cnipa-office-gzbhfz-2021-304/">' in redirect
    assert "国家知识产权局办公室关于开展 2021 年度国家知识产权信息公共服务网点备案工作的通知" in redirect
    assert "2021-04-16-ip-national-1" not in (site / "sitemap.xml").read_text(encoding="utf-8")


class Difference(NamedTuple):
    key: tuple[str, str, int]  # (section, group, order)
    field: str
    hand: object
    imported: object
    reason: str = ""


# What is compared: everything the importer derives from the text. Not compared, by design: the file
# name (hand records use descriptive slugs, the importer positional ones), `url` (empty in both),
# `tags` and `note` (editorial additions).
COMPARED = ("title", "issuers", "date", "published", "doc_number", "kind", "addressees", "deadlines",
            "deadline phrases", "attachments", "contacts", "table rows", "body")

EXPECTED_DIFFERENCES = [
    Difference(
        ("ip", "local", 6), "deadline phrases",
        hand=(("报送", "机关各处室、市知识产权保护中心和各区局于 5 月 13 日前，将宣传周活动总结材料通过 OA 内网短消息发市知识产权局办公室"),
              ("活动", "定于 4 月 20 日至 4 月 26 日")),
        imported=(("报送", "机关各处室、市知识产权保护中心和各区局于 5 月 13 日前，将宣传周活动总结材料通过 OA 内网短消息发市知识产权局办公室"),
                  ("活动", "定于 4 月 20 日至 4 月 26 日，以“全面加强知识产权保护 推动构建新发展格局”为主题，"
                         "在全市范围内组织开展知识产权宣传周活动")),
        reason="the dates' own clause names no kind, so the importer quotes on to the words that do (宣传周活动); "
               "the editor quoted the dates only"),
]


def table_rows(body: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
                 for line in body.splitlines()
                 if line.startswith("|") and not set(line) <= set("|-: "))


def facts(notice: Notice) -> dict[str, object]:
    front = notice.source
    return {
        "title": front.title,
        "issuers": tuple(a.id for a in notice.issuers),
        "date": front.date,
        "published": front.published,
        "doc_number": front.doc_number,
        "kind": front.kind,
        "addressees": front.addressees,
        # resolved: a `within` rule is compared by the end date it computes
        "deadlines": tuple(sorted((d.kind.value, d.start, d.end, d.rule) for d in notice.deadlines)),
        "deadline phrases": tuple(sorted((d.kind.value, (d.phrase or "").rstrip("。")) for d in notice.deadlines)),
        "attachments": tuple(a.name for a in front.attachments),
        "contacts": tuple(tuple((k, v) for k, v in c.model_dump().items() if v) for c in front.contacts),
        "table rows": table_rows(notice.body),
        "body": notice.body.strip(),
    }


def by_position(site: Site, week: dt.date) -> dict[tuple[str, str, int], Notice]:
    return {(n.section.value, n.group.value, n.order): site.full(n)
            for n in site.notices.values() if n.week_date == week}


def test_imported_records_equal_the_hand_made_ones(imported, hand_site):
    _, root = imported
    hand = by_position(hand_site, TODAY)
    mine = by_position(build_site(root), TODAY)
    assert sorted(mine) == sorted(hand)
    assert len(hand) == 15
    differences = []
    for key in sorted(hand):
        theirs, ours = facts(hand[key]), facts(mine[key])
        assert tuple(theirs) == COMPARED
        differences += [(key, name, theirs[name], ours[name]) for name in COMPARED if theirs[name] != ours[name]]
    assert differences == [(d.key, d.field, d.hand, d.imported) for d in EXPECTED_DIFFERENCES]


def test_computed_deadlines_of_the_seed(imported):
    """Spot checks with the dates spelled out: windows, closing days, a rule, and the 施行 date."""
    _, root = imported
    notices = by_position(build_site(root), TODAY)
    ends = {key: [(d.kind.value, d.start, d.end) for d in n.deadlines] for key, n in notices.items()}
    assert ends[("ip", "national", 1)] == [("报送", None, dt.date(2021, 4, 30)),
                                           ("申报", dt.date(2021, 7, 1), dt.date(2021, 7, 31))]
    assert ends[("ip", "local", 3)] == [("申报", None, dt.date(2021, 4, 21))]
    assert ends[("pharma", "national", 1)] == [("征求意见", None, dt.date(2021, 5, 13))]
    assert ends[("pharma", "national", 6)] == [("公示", dt.date(2021, 4, 15), dt.date(2021, 4, 27))]
    assert ends[("pharma", "national", 7)] == [("施行", None, dt.date(2021, 4, 13))]


def test_title_split_over_two_lines_keeps_the_title_and_notes_the_rest(imported):
    _, root = imported
    notice = by_position(build_site(root), TODAY)[("pharma", "national", 3)]
    assert notice.title.endswith("等三项技术指导原则公开征求意见的通知")
    assert "经国家药品监督管理局仿制药质量和疗效一致性评价专家委员会审核确定，现发布仿制药参比制剂目录（第四十批）" in notice.source.note
    assert notice.source.kind == "通知"


def test_tables_split_over_pages_are_joined(imported):
    _, root = imported
    notices = by_position(build_site(root), TODAY)
    body = notices[("ip", "local", 5)].body
    assert [row[0] for row in table_rows(body)] == ["序号"] + [str(i) for i in range(1, 11)]
    assert "| | | |" not in body
    assert sum(1 for line in body.splitlines() if line.startswith("|-")) == 1


# --- warnings ------------------------------------------------------------------------------------


def warning_at(report: ImportReport, line: int, *words: str) -> ContentError:
    found = [w for w in report.warnings if w.line == line and all(word in w.message for word in words)]
    assert found, f"no warning at line {line} with {words}: {[str(w) for w in report.warnings]}"
    return found[0]


def test_warnings_carry_the_source_lines(imported):
    report, _ = imported
    # the Tianjin notice is signed with a date only; its agency comes from the title and the region named in it
    warning = warning_at(report, 323, "落款没有发文机关", "tianjin-ipa")
    assert warning == ContentError(str(SEED), 323, "", warning.message, warning=True)
    warning_at(report, 323, "2020-04-15", "年份")
    warning_at(report, 515, "标题分两行")  # the second line of the pharma 3 title
    warning_at(report, 27, "第 23 行", "合并")  # a paragraph broken by a page break
    warning_at(report, 331, "未写年份", "2021-04-20")
    warning_at(report, 403, "cnipa")  # the news item has no signature: its agency is the first one named
    warning_at(report, 467, "发布时间")  # ... and its date is its 发布时间
    assert [w.line for w in report.warnings] == sorted(w.line for w in report.warnings)


def test_summary_lists_what_to_review_with_lines(imported):
    report, _ = imported
    summary = report.summary()
    assert "15 条通知" in summary
    assert f"请对照原文核对以下 {len(report.warnings)} 处" in summary
    assert "  第 515 行：标题分两行" in summary
    assert summary.count("\n  第 ") == len(report.warnings)


# Words of the source that become structure rather than text: labels of fields, headers of sections and groups.
LABEL_WORDS = re.compile(r"附件[一二三四五六七八九十\d]*|联系人|联系电话|电话|传真|邮箱|监督电话|监督邮箱|地址|联系方式|发布时间")
HEADER_LINE = re.compile(r"\s*(?:(?:知识产权信息篇|医药信息篇)（.*）|国家级|地方级|资讯)\s*")


def test_nothing_is_dropped(imported):
    """Every word of every source line is somewhere in what was written: as text, a date, or an agency id."""
    report, root = imported
    agency_ids = {name: e.model.id for e in directory_entries() for name in (e.model.name, *e.model.short,
                                                                             *e.model.aliases)}
    written = "".join(p.read_text(encoding="utf-8") for p in report.notices)
    written += (report.week_folder / "week.yaml").read_text(encoding="utf-8")
    written = re.sub(r"\s+", "", written)
    missing = []
    for number, line in enumerate(SEED.read_text(encoding="utf-8").splitlines(), 1):
        if HEADER_LINE.fullmatch(line):
            continue
        date = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", line)
        if date:
            if dt.date(*map(int, date.groups())).isoformat() not in written:
                missing.append((number, line))
            continue
        text = re.sub(r"\]\([^)]*\)|\\|\[|\|", " ", line)
        for word in re.split(r"[\s：:；;，,、（）()《》“”]+", text):
            if len(word) < 2 or re.fullmatch(r"-+", word) or LABEL_WORDS.fullmatch(word) or word in written:
                continue
            if word in agency_ids and f"issuers:[{agency_ids[word]}]" in written:
                continue
            missing.append((number, word))
    # the tail of the title's first line ("…的通知经国") starts the stray text moved into `note` ("经国家药品…")
    assert missing == [(513, "等三项技术指导原则公开征求意见的通知经国")]


# --- refusing and forcing ------------------------------------------------------------------------


def test_refuses_an_existing_week_without_force(tmp_path: Path):
    root = fresh_content(tmp_path)
    first = import_bulletin(SEED, root)
    stray = first.week_folder / "2021-04-16-old-slug.md"
    stray.write_text("---\ntitle: 旧\n---\n", encoding="utf-8")
    edited = first.notices[0]
    edited.write_text("edited", encoding="utf-8")
    with pytest.raises(BuildError, match="已存在"):
        import_bulletin(SEED, root)
    assert edited.read_text(encoding="utf-8") == "edited" and stray.exists()  # nothing touched
    again = import_bulletin(SEED, root, force=True)
    assert not stray.exists()
    assert edited.read_text(encoding="utf-8").startswith("---\n")
    assert sorted(again.notices) == sorted(first.notices)
    assert (root / "agencies.yaml").read_bytes() == AGENCIES.read_bytes()
    build_site(root)


def test_missing_source_is_a_build_error(tmp_path: Path):
    with pytest.raises(BuildError, match="找不到"):
        import_bulletin(tmp_path / "none.txt", fresh_content(tmp_path))


# --- agencies ------------------------------------------------------------------------------------

INLINE = """\
知识产权信息篇（2021/05/10~2021/05/14）

地方级

[1、关于开展 2021 年度专利转化专项计划申报工作的通知](https://example.org/notice-1)

沪知局〔2021〕12 号

各区市场监管局：

请各单位于 2021 年 5 月 31 日前报送申报材料。

附件一：申报书.doc

联系人：张三

联系电话：12345678

上海市知识产权局

2021 年 5 月 12 日

2、关于 2021 年度知识产权服务机构名单的公示

各有关单位：

现将名单予以公示，公示期自 2021 年 5 月 13 日至 2021 年 5 月 19 日止。

天津市滨海新区科学技术局

2021 年 5 月 13 日

3、关于举办知识产权宣传培训的通知

各有关单位：

培训时间为 2021 年 5 月 20 日至 21 日，地点另行通知。天津市各区知识产权局组织报名。

市知识产权局

2021 年 5 月 14 日

盈科瑞·知识产权部

2021 年 05 月 14 日
"""


def test_unknown_agencies_are_registered(tmp_path: Path):
    root = fresh_content(tmp_path)
    source = tmp_path / "inline.txt"
    source.write_text(INLINE, encoding="utf-8")
    report = import_bulletin(source, root)

    assert report.week_folder == root / "2021" / "2021-05-14"
    # 上海市知识产权局 is in the directory; the district's bureau is not, and gets an id from its name
    assert report.new_agencies == ("tianjinshibinhaixinqu-stb",)
    registry = (root / "agencies.yaml").read_text(encoding="utf-8")
    original = AGENCIES.read_text(encoding="utf-8")
    assert registry.startswith(original.replace("[]\n", ""))  # the existing comments, byte for byte
    appended = registry[len(original.replace("[]\n", "")):]
    assert "- id: tianjinshibinhaixinqu-stb\n  name: 天津市滨海新区科学技术局\n" in appended
    assert "  level: local\n  region: 天津\n" in appended
    assert "# 导入自 inline.txt 第 29 行" in appended
    warning_at(report, 29, "天津市滨海新区科学技术局", "tianjinshibinhaixinqu-stb")
    assert not any("上海市知识产权局" in w.message for w in report.warnings)
    # a name without its region is resolved by the region the notice names, not added
    warning_at(report, 39, "市知识产权局", "tianjin-ipa")

    site = build_site(root)
    notices = by_position(site, dt.date(2021, 5, 14))
    first = notices[("ip", "local", 1)]
    assert [a.id for a in first.issuers] == ["shanghai-ipa"]
    assert site.agencies["shanghai-ipa"].name == "上海市知识产权局"
    assert first.source.url == "https://example.org/notice-1"
    assert first.source.doc_number == "沪知局〔2021〕12 号"
    assert first.source.addressees == "各区市场监管局"
    assert [a.name for a in first.source.attachments] == ["申报书.doc"]
    assert [c.model_dump(exclude_none=True) for c in first.source.contacts] == [{"name": "张三", "phone": "12345678"}]
    assert [(d.kind.value, d.end) for d in first.deadlines] == [("报送", dt.date(2021, 5, 31))]
    assert [a.id for a in notices[("ip", "local", 2)].issuers] == ["tianjinshibinhaixinqu-stb"]
    assert [(d.kind.value, d.start, d.end) for d in notices[("ip", "local", 2)].deadlines] == [
        ("公示", dt.date(2021, 5, 13), dt.date(2021, 5, 19))]
    third = notices[("ip", "local", 3)]
    assert [a.id for a in third.issuers] == ["tianjin-ipa"]
    assert [(d.kind.value, d.start, d.end) for d in third.deadlines] == [
        ("活动", dt.date(2021, 5, 20), dt.date(2021, 5, 21))]

    # importing again (with force) finds the new entries by name instead of adding them twice
    again = import_bulletin(source, root, force=True)
    assert again.new_agencies == ()
    assert (root / "agencies.yaml").read_text(encoding="utf-8") == registry
    build_site(root)


def test_title_forms_and_a_wrapped_title(tmp_path: Path):
    source = tmp_path / "forms.txt"
    source.write_text(
        "医药信息篇（2021/5/10~2021/5/14）\n\n国家级\n\n"
        "1、[关于开展 2021 年度药品检查工作](#)\n\n[有关事项的通知](#)\n\n"       # lines 5, 7: one title wrapped
        "请于 2021 年 5 月 31 日前提交材料。\n\n"
        "2、本行是正文中的编号段落，不是标题\n\n"                                     # line 11: body, not a title
        "国家药品监督管理局\n\n2021 年 5 月 10 日\n\n"
        "2、关于发布某某办法的公告\n\n特此公告。\n\n2021 年 5 月 11 日\n",          # line 17: a bare title
        encoding="utf-8")
    report = import_bulletin(source, fresh_content(tmp_path))
    # signed with a date only, and neither title nor text names an agency: left for the editor, never the
    # issuer of the notice before it
    unsigned = report.notices[1].read_text(encoding="utf-8")
    assert "issuers: []" in unsigned and "原文第 21 行：没有落款机关" in unsigned
    assert [(e.line, e.field, e.message) for e in load_content(tmp_path / "content").errors] == [
        (5, "issuers", "通知至少要有一个发文机关：请按落款填写机构 id（资讯可不填）")]
    warning_at(report, 21, "issuers 暂空")
    report.notices[1].write_text(unsigned.replace("issuers: []", "issuers: [nmpa]"), encoding="utf-8")
    notices = by_position(build_site(tmp_path / "content"), dt.date(2021, 5, 14))
    assert sorted(notices) == [("pharma", "national", 1), ("pharma", "national", 2)]
    first, second = notices[("pharma", "national", 1)], notices[("pharma", "national", 2)]
    assert first.title == "关于开展 2021 年度药品检查工作有关事项的通知" and first.source.note is None
    warning_at(report, 7, "标题分两行", "已合并")
    assert "2. 本行是正文中的编号段落，不是标题" in first.body
    assert [(d.kind.value, d.end) for d in first.deadlines] == [("报送", dt.date(2021, 5, 31))]
    assert second.source.kind == "公告" and second.date == dt.date(2021, 5, 11)
    # no section signature: the week is dated by the sections' end, and that is a warning too
    warning_at(report, 1, "没有找到本期落款")
