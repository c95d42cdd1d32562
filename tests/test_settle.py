"""Warnings an editor can settle, and every error of a file reported at once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_TODAY
from digest.errors import ContentErrors
from digest.load import load_content
from digest.link import link

REPO = Path(__file__).resolve().parent.parent
WEEK = "2021/2021-04-16"
TIANJIN = f"content/{WEEK}/tianjin-2021-ip-publicity-week.md"


def check(content: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digest.cli", "check", "--content", str(content),
                           "--today", "2021-04-16", *options], capture_output=True, text=True)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


def test_bundled_content_passes_strict_and_lists_settled_warnings_with_all():
    strict = check(REPO / "content", "--strict")
    assert strict.returncode == 0, strict.stderr
    assert strict.stderr == ""
    assert "0 条警告，另有 2 条已核对" in strict.stdout
    listed = check(REPO / "content", "--all").stderr.splitlines()
    assert len(listed) == 2
    assert listed[1].startswith(f"{TIANJIN}:6: [已核对 date-year：原文落款如此") and "2020-04-15" in listed[1]
    assert "[已核对 body-period：" in listed[0] and "公示 7 天" in listed[0]


def test_an_unsettled_warning_fails_strict_with_its_code(content: Path):
    path = content / WEEK / "tianjin-2021-ip-publicity-week.md"
    text = path.read_text(encoding="utf-8")
    settled = text[text.index("checked:\n"):text.index("\n---\n", text.index("checked:\n")) + 1]
    path.write_text(text.replace(settled, ""), encoding="utf-8")
    result = check(content, "--strict")
    assert result.returncode == 1
    assert f"{TIANJIN}:6: [警告 date-year] date: 2020-04-15 的年份与本期（2021 年）不符" in result.stderr


def test_a_checked_code_no_warning_has_is_a_warning(content: Path):
    path = content / WEEK / "cnipa-2021-info-service-outlet-filing.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\nchecked:\n  date-yeer: 原文如此\n---\n", 1), encoding="utf-8")
    site = link(load_content(content), SEED_TODAY)
    unused = [w for w in site.warnings if w.code == "checked-unused"]
    assert [(w.field, w.path.endswith("cnipa-2021-info-service-outlet-filing.md")) for w in unused] == [
        ("checked.date-yeer", True)]
    assert "没有代码为 date-yeer 的警告" in unused[0].message


def test_a_model_error_does_not_hide_an_unknown_issuer(content: Path):
    path = content / WEEK / "beijing-2021-sme-ip-cluster-zones.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("issuers: [beijing-ipa]", "issuers: [beijing-ipa, beijng-ipa]")
                    .replace("date: 2021-04-12", "date: 2021-02-30"), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        link(load_content(content), SEED_TODAY)
    errors = [(e.field, e.message) for e in caught.value.errors if not e.warning]
    assert ("date", "“2021-02-30”不是有效日期：请写成真实存在的 YYYY-MM-DD，如 2021-04-16") in errors
    assert ("issuers[1]", "未知机构 id“beijng-ipa”：是否应为 beijing-ipa？") in errors
    assert len(errors) == 2


def test_an_alias_that_is_another_notice_is_an_error_at_its_line(content: Path):
    path = content / WEEK / "beijing-2021-sme-ip-cluster-zones.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\naliases: [old-name, tianjin-2021-ip-publicity-week]\n---\n", 1),
                    encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        link(load_content(content), SEED_TODAY)
    errors = [e for e in caught.value.errors if not e.warning]
    assert [(e.field, e.path.endswith("beijing-2021-sme-ip-cluster-zones.md")) for e in errors] == [
        ("aliases[1]", True)]
    assert "tianjin-2021-ip-publicity-week" in errors[0].message and errors[0].line > 1
