"""The build cache: an unchanged site is not rebuilt, every change is, and a bad cache is never trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, config_for
from digest import build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cached(content: Path, tmp_path: Path, **options):
    return config_for(content, tmp_path / "_site", cache_dir=tmp_path / "cache", **options)


def cold_tree(content: Path, tmp_path: Path, templates: Path | None = None) -> dict[str, bytes]:
    output = tmp_path / "cold" / "_site"
    shutil.rmtree(output.parent, ignore_errors=True)
    options = {"templates": templates} if templates else {}
    build(config_for(content, output, **options))
    return tree(output)


def test_unchanged_inputs_leave_the_output_alone(sample_site: Path, tmp_path: Path):
    first = build(cached(sample_site, tmp_path))
    again = build(cached(sample_site, tmp_path))
    assert not first.unchanged and again.unchanged
    assert (again.pages, again.notices, again.warnings) == (first.pages, first.notices, first.warnings)


def test_cached_builds_equal_cold_ones_after_edits_deletions_renames_and_template_changes(sample_site, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    config = cached(sample_site, tmp_path, templates=templates)
    build(config)
    week = sample_site / "2021/2021-04-16"
    steps = [
        lambda: (week / "beijing-sme-zones.md").write_text(
            (week / "beijing-sme-zones.md").read_text(encoding="utf-8").replace("开展申报工作", "开展 2021 年申报工作"),
            encoding="utf-8"),
        lambda: (week / "beijing-sme-zones.md").rename(week / "beijing-sme-cluster-zones.md"),
        lambda: (sample_site / "2021/2021-04-23/cnipa-outlet-filing.md").unlink(),
        lambda: (sample_site / "agencies.yaml").write_text(
            (sample_site / "agencies.yaml").read_text(encoding="utf-8").replace("short: [国知局]", "short: [知识产权局]"),
            encoding="utf-8"),
        lambda: (week / "week.yaml").write_text(
            (week / "week.yaml").read_text(encoding="utf-8").replace("publisher: 盈科瑞", "publisher: 盈科瑞律所"),
            encoding="utf-8"),
        lambda: (templates / "notice.html").write_text(
            (templates / "notice.html").read_text(encoding="utf-8").replace("收录于", "刊于"), encoding="utf-8"),
    ]
    for step in steps:
        step()
        result = build(config)
        assert not result.unchanged
        assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, templates)
    page = (tmp_path / "_site/notices/beijing-sme-cluster-zones/index.html").read_text(encoding="utf-8")
    assert "刊于" in page
    assert "<dd>知识产权局</dd>" in (tmp_path / "_site/agencies/cnipa/index.html").read_text(encoding="utf-8")


def test_an_edit_makes_only_the_pages_that_show_the_notice(sample_site: Path, tmp_path: Path):
    config = cached(sample_site, tmp_path)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    total = build(config).pages
    made = []
    for sentence in ("第一句补充。", "第二句补充。"):
        notice.write_text(notice.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        counts = [0]
        build(config, lambda count: counts.append(count))
        made.append(max(counts))
    page = (tmp_path / "_site/notices/beijing-sme-zones/index.html").read_text(encoding="utf-8")
    assert "第一句补充。" in page and "第二句补充。" in page
    # its notice, week, agency, browse, deadline and feed pages, calendars and data: not the other notices
    assert 10 < made[1] < total // 2
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_a_corrupt_cache_falls_back_to_a_full_build(sample_site: Path, tmp_path: Path):
    config = cached(sample_site, tmp_path)
    build(config)
    build(config)  # a second build: page keys of both folders are known
    for name in ("bodies.json", "last-build.json", "pages.json"):
        (tmp_path / "cache" / name).write_text('{"": "garbage", "x": [1, 2', encoding="utf-8")
    (tmp_path / "cache/front-matter.marshal").write_bytes(b"\xfbgarbage")
    result = build(config)
    assert not result.unchanged and tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    (tmp_path / "cache/bodies.json").write_text('{"": "old code", "k": "<p>stale</p>"}', encoding="utf-8")
    build(config)
    assert "stale" not in "".join(p.decode("utf-8", "replace") for p in tree(tmp_path / "_site").values())


def test_a_removed_or_replaced_output_is_rebuilt(sample_site: Path, tmp_path: Path):
    config = cached(sample_site, tmp_path)
    build(config)
    shutil.rmtree(tmp_path / "_site")
    assert not build(config).unchanged
    (tmp_path / "_site/index.html").write_text("tampered", encoding="utf-8")
    (tmp_path / "_site/.digest-output").touch()
    result = build(config)
    assert not result.unchanged and (tmp_path / "_site/index.html").read_text(encoding="utf-8") != "tampered"


def test_bodies_rendered_on_all_cores_equal_those_rendered_one_by_one():
    from digest.cache import PARALLEL_FROM, BuildCache
    from digest.markup import render_body

    texts = [f"## 一、第 {i} 条\n\n1. 甲 {i}\n2. 乙\n\n| a | b |\n|---|---|\n| {i} | <b> |\n" for i in range(PARALLEL_FROM + 50)]
    cache = BuildCache(None)
    cache.prerender(texts)
    assert all(cache.render_body(t) == render_body(t) for t in texts)
