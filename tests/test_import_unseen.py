"""A bulletin never used in developing the importer, in the seed's export format: every record it gives
matches the source with no hand edits (issuers by full name, dates, deadlines, contacts, attachments)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from digest.importer import import_bulletin
from digest.load import load_content
from digest.link import link

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "fixtures" / "bulletin-2021-04-23.txt"
WEEK = dt.date(2021, 4, 23)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("unseen") / "content"
    root.mkdir()
    shutil.copyfile(REPO / "content" / "agencies.yaml", root / "agencies.yaml")
    report = import_bulletin(SOURCE, root)
    content = load_content(root)
    assert [str(e) for e in content.errors] == []
    site = link(content, WEEK)
    notices = {(n.section.value, n.group.value, n.order): site.full(n) for n in site.notices.values()}
    return report, site, notices


def deadlines(notice) -> list[tuple]:
    return [(d.kind.value, d.start, d.end) for d in notice.deadlines]


def contacts(notice) -> list[dict]:
    return [c.model_dump(exclude_none=True) for c in notice.source.contacts]


def test_sixteen_notices_and_no_agency_registered(imported):
    report, site, notices = imported
    assert len(report.notices) == 16 and len(site.notices) == 16
    assert report.new_agencies == ()
    assert not any(p.stem.startswith("agency-") or "-local-" in p.stem for p in report.notices)


ISSUERS = {
    ("ip", "national", 1): ["国家知识产权局"],
    ("ip", "national", 2): ["国家市场监督管理总局", "国家知识产权局"],  # joint, in signature order
    ("ip", "local", 1): ["北京市知识产权局"],
    ("ip", "local", 2): ["上海市药品监督管理局"],
    ("ip", "local", 3): ["广东省药品监督管理局"],
    ("ip", "local", 4): ["天津市知识产权局"],  # signed with a date only: 市知识产权局 in a notice about Tianjin
    ("ip", "news", 1): ["国务院新闻办公室"],  # the article names who held the press conference
    ("pharma", "national", 1): ["国家卫生健康委员会"],
    ("pharma", "national", 2): ["国家卫生健康委员会办公厅"],
    ("pharma", "national", 3): ["国家药品监督管理局药品审评中心"],
    ("pharma", "national", 4): ["国家医疗保障局"],
    ("pharma", "national", 5): ["国家药品监督管理局医疗器械技术审评中心"],
    ("pharma", "local", 1): ["广东省药品监督管理局"],
    ("pharma", "local", 2): ["上海市药品监督管理局"],
    ("pharma", "news", 1): [],  # an article that names no issuer has none
    ("pharma", "news", 2): ["国家药品监督管理局"],
}


def test_issuers_by_their_full_names(imported):
    _, _, notices = imported
    assert {key: [a.name for a in n.issuers] for key, n in notices.items()} == ISSUERS


def test_dates_from_the_signature_not_from_a_date_in_the_body(imported):
    _, _, notices = imported
    assert notices[("ip", "local", 1)].date == dt.date(2021, 4, 21)  # not the 2021 年 6 月 30 日 above it
    assert "2021 年 6 月 30 日" in notices[("ip", "local", 1)].body
    assert notices[("ip", "national", 2)].date == dt.date(2021, 4, 20)
    assert notices[("pharma", "news", 1)].date == notices[("pharma", "news", 1)].published == WEEK


def test_the_four_deadlines_the_importer_used_to_miss(imported):
    _, _, notices = imported
    # a date with its weekday in brackets
    assert deadlines(notices[("ip", "national", 1)]) == [("报送", None, dt.date(2021, 5, 10))]
    # ... and without a year
    assert deadlines(notices[("ip", "local", 1)]) == [("申报", None, dt.date(2021, 4, 25))]
    # 15 日 from publication (2021-04-20) ends on 5 月 5 日, in 劳动节: moved to the next working day
    consult = notices[("ip", "local", 2)].deadlines
    assert [(d.kind.value, d.end) for d in consult] == [("征求意见", dt.date(2021, 5, 6))]
    assert "顺延至 2021-05-06" in consult[0].explanation
    # a window 4 月 20 日至 11 月 30 日, the end without its year
    assert deadlines(notices[("ip", "national", 2)]) == [
        ("活动", dt.date(2021, 4, 20), dt.date(2021, 11, 30)), ("报送", None, dt.date(2021, 12, 10))]


def test_other_deadlines(imported):
    _, _, notices = imported
    assert deadlines(notices[("ip", "local", 4)]) == [
        ("活动", dt.date(2021, 4, 20), dt.date(2021, 4, 26)), ("报送", None, dt.date(2021, 5, 14))]
    assert deadlines(notices[("pharma", "national", 1)]) == [("报送", None, dt.date(2021, 5, 31))]
    assert deadlines(notices[("pharma", "national", 3)]) == [("征求意见", None, dt.date(2021, 5, 21))]
    assert deadlines(notices[("pharma", "national", 5)]) == [("施行", None, dt.date(2021, 4, 21))]
    assert deadlines(notices[("pharma", "local", 1)]) == [
        ("活动", dt.date(2021, 5, 17), dt.date(2021, 5, 23)), ("报送", None, dt.date(2021, 6, 4))]
    assert deadlines(notices[("ip", "local", 3)]) == []  # 公示期为 5 个工作日, from no stated day


def test_contacts_with_phones_split_over_lines(imported):
    _, _, notices = imported
    assert contacts(notices[("ip", "national", 1)]) == [{"name": "王明", "phone": "010-62083114、010-62084456"}]
    assert contacts(notices[("ip", "local", 1)]) == [{"name": "李华", "phone": "010-89150123"}]
    assert contacts(notices[("pharma", "local", 1)]) == [{"name": "陈芳", "phone": "020-37886123、020-37886124"}]
    assert contacts(notices[("ip", "local", 2)]) == [{"phone": "021-23118888", "email": "ypjy@smda.sh.cn"}]
    for key in [("ip", "national", 1), ("ip", "local", 1), ("pharma", "local", 1)]:
        assert "0106208" not in notices[key].body.replace("-", "") and "010-89150123" not in notices[key].body


def test_attachments_in_full(imported):
    _, _, notices = imported
    assert [a.name for a in notices[("ip", "national", 1)].source.attachments] == [
        "国家知识产权示范城市申报书.docx", "国家知识产权示范城市评定指标.xlsx", "推荐汇总表.xlsx"]
    assert [a.name for a in notices[("pharma", "local", 1)].source.attachments] == [
        "宣传周活动方案", "活动总结表", "宣传品样式"]


def test_numbers_and_kinds(imported):
    _, _, notices = imported
    assert notices[("ip", "national", 2)].source.doc_number == "国市监稽发〔2021〕20 号"
    assert notices[("pharma", "national", 5)].source.doc_number == "2021 年第 30 号"
    assert notices[("pharma", "national", 5)].source.kind == "通告"
    assert notices[("ip", "local", 3)].source.kind == "公示"


def test_each_notice_lists_what_to_review(imported):
    _, site, notices = imported
    tianjin = notices[("ip", "local", 4)].source.review
    assert any("市知识产权局" in item and "tianjin-ipa" in item for item in tianjin)
    assert notices[("pharma", "national", 1)].source.review == []
    # digest check lists them until the editor deletes them
    assert any(w.code == "review" and w.path.endswith("tianjin-ipa-2021-xuanchuanzhou-huodong.md")
               for w in site.warnings)
