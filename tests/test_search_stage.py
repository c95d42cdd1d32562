"""The search stage: one bundle per year, each made once for the same pages and kept by the memo."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from digest import build
from digest.errors import BuildError
from digest.keys import text_digest
from digest.search import index_site
from digest.search.stage import dict_memo

from conftest import REPO, SAMPLE_SITE, config_for


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("stage") / "_site"
    build(config_for(REPO / "content", output, search=False))
    return output


def notice_pages(site: Path) -> list[tuple[str, str]]:
    return [(f"notices/{p.parent.name}/index.html", text_digest(p.read_bytes()))
            for p in sorted((site / "notices").glob("*/index.html"))]


def test_a_year_is_indexed_once_and_unpacked_after(site: Path):
    pages = notice_pages(site)
    years = {2020: pages[:5], 2021: pages[5:]}
    kept: dict[str, bytes] = {}
    assert index_site(site, years, dict_memo(kept)) == {"years_indexed": 2, "years_reused": 0, "years_unpacked": 0,
                                                        "pages": len(pages)}
    listing = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert listing["bundles"] == ["2021/", "2020/"] and listing["pagefind"] == "1.6.0"
    assert (site / "pagefind/2020/pagefind.js").is_file() and (site / "pagefind/2021/pagefind-entry.json").is_file()
    assert not (site / "pagefind/2021/pagefind-ui.js").exists()  # Pagefind's own interface is not used

    changed = {2020: years[2020], 2021: [(path, key + "x") if i == 0 else (path, key) for i, (path, key) in enumerate(years[2021])]}
    assert index_site(site, changed, dict_memo(kept)) == {"years_indexed": 1, "years_reused": 1, "years_unpacked": 0,
                                                          "pages": len(pages)}  # 2020 left in place
    assert index_site(site, changed, dict_memo(kept))["years_reused"] == 2
    shutil.rmtree(site / "pagefind")
    assert index_site(site, years, dict_memo(kept)) == {"years_indexed": 0, "years_reused": 2, "years_unpacked": 2,
                                                        "pages": len(pages)}  # both from the memo


def test_a_missing_pagefind_is_named_with_the_command_that_installs_it(site: Path, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PAGEFIND", str(tmp_path / "nowhere" / "pagefind_extended"))
    with pytest.raises(BuildError, match="npm ci"):
        index_site(site, {2021: notice_pages(site)})


NEW_WEEK = """publisher: 盈科瑞
date: 2022-01-07
sections:
  - section: ip
    start: 2022-01-01
    end: 2022-01-07
"""
NEW_NOTICE = """---
title: 关于开展 2022 年知识产权信息公共服务网点年度报告工作的通知
issuers: [cnipa]
date: 2022-01-05
section: ip
group: national
order: 1
kind: 通知
---
各网点请于年内报送年度报告。
"""


def test_a_new_week_indexes_its_own_year_though_it_changes_older_notices_related_lists(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_SITE / "content", content)
    config = config_for(content, tmp_path / "_site", search=True, cache_dir=tmp_path / "cache")
    assert build(config).years_indexed == 1
    week = content / "2022/2022-01-07"
    week.mkdir(parents=True)
    (week / "week.yaml").write_text(NEW_WEEK, encoding="utf-8")
    (week / "network-annual-report.md").write_text(NEW_NOTICE, encoding="utf-8")
    result = build(config)
    older = (tmp_path / "_site/notices/cnipa-outlet-filing/index.html").read_text(encoding="utf-8")
    assert "关于开展 2022 年知识产权信息公共服务网点年度报告工作的通知" in older  # its related notices changed
    assert result.years_indexed == 1  # 2022's; 2021's bundle stays as it was
    bundles = json.loads((tmp_path / "_site/pagefind/bundles.json").read_text(encoding="utf-8"))["bundles"]
    assert bundles == ["2022/", "2021/"]
