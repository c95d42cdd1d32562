"""The agency directory shipped with digest, and how a site's agencies.yaml adds to it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from digest.directory import directory_entries
from digest.load import load_content
from digest.models import SLUG_PATTERN
from digest.link import link

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def entries():
    return [e.model for e in directory_entries()]


def test_no_two_agencies_share_a_name_or_alias():
    owner: dict[str, str] = {}
    clashes = []
    for entry in entries():
        for name in {entry.name, *entry.short, *entry.aliases}:
            if owner.setdefault(name, entry.id) != entry.id:
                clashes.append((name, owner[name], entry.id))
    assert clashes == []


def test_every_published_id_is_still_there_and_ids_are_names_not_numbers():
    ids = [e.id for e in entries()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(SLUG_PATTERN, i) and not re.search(r"(?:^|-)\d+$", i) for i in ids)
    published = (FIXTURES / "directory-ids.txt").read_text(encoding="utf-8").split()
    assert [i for i in published if i not in ids] == []


def test_the_directory_covers_national_and_provincial_issuers():
    by_name = {n: e for e in entries() for n in (e.name, *e.short, *e.aliases)}
    assert by_name["市场监管总局"].id == "samr" and by_name["市场监管总局"].name == "国家市场监督管理总局"
    assert by_name["国家卫健委"].name == "国家卫生健康委员会"
    assert by_name["CDE"].id == "nmpa-cde" and by_name["CDE"].parent == "nmpa"
    assert by_name["上海市药品监督管理局"].id == "shanghai-mpa"
    assert by_name["广东省药监局"].id == "guangdong-mpa"
    assert by_name["广西壮族自治区医疗保障局"].region == "广西"
    provinces = {e.region for e in entries() if e.id.endswith("-amr")}
    assert len(provinces) == 31


def test_site_entries_add_to_and_override_the_directory(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "agencies.yaml").write_text(
        "- id: nmpa-cde\n  name: 国家药品监督管理局药品审评中心\n  short: [药审中心]\n  level: national\n"
        "  website: https://example.org/cde/\n"
        "- id: yingkerui\n  name: 盈科瑞\n  level: local\n  region: 北京\n", encoding="utf-8")
    site = link(load_content(content), dt.date(2021, 4, 16))
    assert site.agencies["nmpa-cde"].website == "https://example.org/cde/"
    assert site.agencies["yingkerui"].name == "盈科瑞"
    assert site.agencies["samr"].name == "国家市场监督管理总局"
    assert list(site.agencies).count("nmpa-cde") == 1


def test_only_agencies_that_issued_a_notice_get_pages(seed_site: Path):
    assert (seed_site / "agencies" / "nmpa-cde" / "index.html").is_file()
    assert (seed_site / "agencies" / "nmpa" / "feed.xml").is_file()  # the parent of one that did
    assert not (seed_site / "agencies" / "guangdong-mpa").exists()
    assert not (seed_site / "agencies" / "samr" / "deadlines.ics").exists()
