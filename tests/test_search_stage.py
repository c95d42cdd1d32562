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

from conftest import REPO, config_for


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
