"""The build as a whole: the CLI, exit codes, the previous output on failure, sub-paths, reproducibility."""

from __future__ import annotations

import os
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, SEED_TODAY, config_for, read_page
from digest import build


def run_build(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    # output buffered, as to any pipe: the command must still print all of it before it ends
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, env={**env, "PYTHONHASHSEED": "random"})


def tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes, except Pagefind's index: its filter and metadata files differ from run to
    run even for the same pages (a known limitation of Pagefind), so search is compared by results."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith("pagefind/")}


def test_build_command_builds_the_bundled_site(tmp_path: Path):
    result = run_build("--output", str(tmp_path / "_site"), "--today", "2021-04-16")
    assert result.returncode == 0, result.stderr
    assert "15 条通知" in result.stdout
    assert "依折麦布片" in read_page(tmp_path / "_site", "notices/cde-ezetimibe-be-guidance-draft")


def test_the_build_command_still_ends_normally_under_a_profiler(sample_site: Path, tmp_path: Path):
    # it otherwise ends its process at once, which would leave a profiler no time to write its report
    profile = tmp_path / "build.prof"
    result = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), str(REPO / "build.py"),
                             "--content", str(sample_site), "--output", str(tmp_path / "_site"), "--no-search"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "_build" in str(pstats.Stats(str(profile)).stats)


def test_content_error_exits_1_with_located_message_and_keeps_previous_site(sample_site: Path, tmp_path: Path):
    output = tmp_path / "_site"
    assert run_build("--content", str(sample_site), "--templates", str(REPO / "templates"),
                     "--output", str(output)).returncode == 0
    before = tree(output)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("issuers: [beijing-ipa]", "issuers: [beijing]"),
                      encoding="utf-8")
    result = run_build("--content", str(sample_site), "--templates", str(REPO / "templates"), "--output", str(output))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/2021/2021-04-16/beijing-sme-zones.md:3: issuers[0]: 未知机构 id“beijing”：是否应为 beijing-amr、beijing-hc、beijing-hsa、beijing-ipa、beijing-mpa？",
        f"共 1 处错误、0 条警告，未生成站点；{output} 保持原样。",
    ]
    assert tree(output) == before


def test_all_errors_of_a_run_are_reported_together(sample_site: Path, tmp_path: Path):
    week = sample_site / "2021/2021-04-16"
    (week / "a.md").write_text("---\ntitle: 甲\n---\n", encoding="utf-8")
    (week / "b.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (sample_site / "agencies.yaml").write_text(
        (sample_site / "agencies.yaml").read_text(encoding="utf-8") + "- id: x\n  name: 某局\n", encoding="utf-8")
    result = run_build("--content", str(sample_site), "--output", str(tmp_path / "_site"))
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert any(line.startswith("content/2021/2021-04-16/a.md:2: issuers:") for line in lines)
    assert any(line.startswith("content/2021/2021-04-16/b.md:") for line in lines)
    assert "content/agencies.yaml:11: level: 缺少必填字段，请补上" in lines
    assert lines[-1].startswith("共 8 处错误")


def test_builds_in_other_folders_times_and_hash_seeds_are_byte_identical(tmp_path: Path):
    outputs = []
    for name, seed in (("one", "1"), ("two", "2")):
        content = tmp_path / name / "content"
        shutil.copytree(REPO / "content", content)
        output = tmp_path / name / "_site"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1618507800"}  # 2021-04-15 17:30 UTC
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--content", str(content), "--output",
                                 str(output), "--templates", str(REPO / "templates"), "--static", str(REPO / "static")],
                                capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(tree(output))
        time.sleep(1.1)
    assert len(outputs[0]) > 30 and outputs[0] == outputs[1]
    home = outputs[0]["index.html"].decode("utf-8")
    # the date of SOURCE_DATE_EPOCH in Beijing (01:30 on the 16th), not in UTC
    assert '<p class="as-of" data-pagefind-ignore data-as-of="2021-04-16" data-soon-days="7">状态按北京时间 <time datetime="2021-04-16">2021 年 4 月 16 日</time> 计算' in home
    assert (tmp_path / "one/_site/pagefind/2021/pagefind.js").is_file()


def test_base_url_puts_every_link_under_the_sub_path(sample_site: Path, tmp_path: Path):
    build(config_for(sample_site, tmp_path / "_site", base_url="https://example.org/digest/"))
    home = read_page(tmp_path / "_site", "")
    assert 'href="/digest/static/style.css"' in home
    assert 'href="/digest/weeks/2021-04-23/"' in home
    assert 'href="/weeks/' not in home


def test_a_new_base_url_or_search_setting_rewrites_the_pages_kept_from_the_last_build(sample_site: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    build(config_for(sample_site, tmp_path / "_site", cache_dir=cache))
    changed = build(config_for(sample_site, tmp_path / "_site", cache_dir=cache, base_url="/digest/"))
    build(config_for(sample_site, tmp_path / "cold", base_url="/digest/"))
    assert changed.pages_written == changed.pages
    assert 'href="/digest/static/style.css"' in read_page(tmp_path / "_site", "")
    assert tree(tmp_path / "_site") == tree(tmp_path / "cold")
    again = build(config_for(sample_site, tmp_path / "_site", cache_dir=cache, base_url="/digest/", today=SEED_TODAY))
    assert again.unchanged


def test_no_leftover_staging_folders(sample_site: Path, tmp_path: Path):
    for _ in range(2):
        build(config_for(sample_site, tmp_path / "_site"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "content"]
