"""The build cache: an unchanged site is not rebuilt, every change is, and a bad cache is never trusted."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, config_for
from digest import build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cached(content: Path, tmp_path: Path, **options):
    return config_for(content, tmp_path / "_site", cache_dir=tmp_path / "cache", **options)


def cold_tree(content: Path, tmp_path: Path, **options) -> dict[str, bytes]:
    output = tmp_path / "cold" / "_site"
    shutil.rmtree(output.parent, ignore_errors=True)
    build(config_for(content, output, **options))
    return tree(output)


def age(path: Path) -> None:
    """Make a folder's files look saved a minute ago: settled, so the cache keeps their weeks."""
    for file in [path, *path.rglob("*")]:
        os.utime(file, ns=(os.stat(file).st_mtime_ns - 60 * 10**9,) * 2)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a content file: the first `old` in it becomes `new`."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def edit_settled(notice: Path, old: str, new: str) -> None:
    """An editor's change to a notice, saved a minute ago (see `age`)."""
    replace_in(notice, old, new)
    age(notice.parent)


def spy_on_week_reads(monkeypatch) -> list[str]:
    """The names of the week folders read from their files, in order."""
    import digest.load
    read: list[str] = []
    load_week = digest.load._load_week
    monkeypatch.setattr(digest.load, "_load_week",
                        lambda folder, *rest: read.append(folder.name) or load_week(folder, *rest))
    return read


def kept_bodies(cache: Path) -> tuple[list, dict]:
    """The stamp and the rendered bodies a build cache keeps."""
    with (cache / "bodies.marshal").open("rb") as file:  # the stamp, then parts of the dict, the last one empty
        stamp, rendered = marshal.load(file), {}
        while part := marshal.load(file):
            rendered.update(part)
    return stamp, rendered


def test_unchanged_inputs_leave_the_output_alone(sample_site: Path, tmp_path: Path):
    first = build(cached(sample_site, tmp_path))
    again = build(cached(sample_site, tmp_path))
    assert not first.unchanged and again.unchanged
    assert (again.pages, again.notices, again.warnings) == (first.pages, first.notices, first.warnings)


def test_a_new_empty_folder_is_a_change_and_is_reported(sample_site: Path, tmp_path: Path):
    from digest import ContentErrors

    build(cached(sample_site, tmp_path))
    (sample_site / "2021/2021-04-30").mkdir()
    with pytest.raises(ContentErrors) as caught:
        build(cached(sample_site, tmp_path))
    assert [(e.path, e.message) for e in caught.value.errors] == [("content/2021/2021-04-30", "缺少本期的 week.yaml")]


def test_a_build_looks_at_each_folder_once(sample_site: Path, tmp_path: Path, monkeypatch):
    import digest.cache
    import digest.load

    scanned = []
    scan = digest.records.scan_folder
    for module in (digest.cache, digest.load):
        monkeypatch.setattr(module, "scan_folder", lambda folder, now: scanned.append(str(folder)) or scan(folder, now))
    age(sample_site)
    build(cached(sample_site, tmp_path))
    edit_settled(sample_site / "2021/2021-04-16/beijing-sme-zones.md", "开展申报工作", "开展 2021 年申报工作")
    scanned.clear()
    build(cached(sample_site, tmp_path))
    assert str(sample_site / "2021/2021-04-16") in scanned and sorted(scanned) == sorted(set(scanned))


def test_a_build_with_nothing_to_do_still_clears_what_killed_builds_left(sample_site: Path, tmp_path: Path):
    build(cached(sample_site, tmp_path))
    (tmp_path / "._site.new-killed").mkdir()  # a build killed while writing, after the last whole one
    (tmp_path / "._site.new-killed/index.html").write_text("半个站点", encoding="utf-8")
    assert build(cached(sample_site, tmp_path)).unchanged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "cache", "content"]


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
        lambda: replace_in(sample_site / "agencies.yaml", "short: [国知局]", "short: [知识产权局]"),
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
        assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, templates=templates)
    page = (tmp_path / "_site/notices/beijing-sme-cluster-zones/index.html").read_text(encoding="utf-8")
    assert "刊于" in page
    assert "<dd>知识产权局</dd>" in (tmp_path / "_site/agencies/cnipa/index.html").read_text(encoding="utf-8")


def spy_on_pages_made(monkeypatch, folder: Path) -> list[str]:
    """The paths of the pages a build makes (rather than leaves or links) in `folder`."""
    import digest.publish
    made: list[str] = []
    write = digest.publish._write_file

    def spy(path: Path, data) -> None:
        if path.is_relative_to(folder):
            made.append(path.relative_to(folder).as_posix())
        write(path, data)

    monkeypatch.setattr(digest.publish, "_write_file", spy)
    return made


def test_an_edit_makes_only_the_pages_that_show_the_notice(sample_site: Path, tmp_path: Path, monkeypatch):
    config = cached(sample_site, tmp_path)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    build(config)
    made: list[str] = []
    for sentence in ("第一句补充。", "第二句补充。"):
        notice.write_text(notice.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        build(config)
        # from the second build on, a build updates the site the one before replaced
        made = made or spy_on_pages_made(monkeypatch, tmp_path / "._site.previous")
    made.clear()
    notice.write_text(notice.read_text(encoding="utf-8") + "\n第三句补充。\n", encoding="utf-8")
    build(config)
    page = (tmp_path / "_site/notices/beijing-sme-zones/index.html").read_text(encoding="utf-8")
    assert "第一句补充。" in page and "第三句补充。" in page
    # a body shows on its notice's page, its week's page, the feeds and the data files; lists show none
    assert sorted(made) == ["agencies/beijing-ipa/feed.xml", "data/notices.csv", "data/notices.json", "feed.xml",
                            "feeds/ip.xml", "notices/beijing-sme-zones/index.html", "weeks/2021-04-16/index.html"]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    made.clear()
    replace_in(notice, "title: 关于组织申报", "title: 关于申报")
    build(config)
    # a title shows in lists too: the agency's and the deadline's, the notice's calendar, and more
    assert {"agencies/beijing-ipa/index.html", "deadlines/2021-05/index.html", "notices/beijing-sme-zones/deadlines.ics",
            "browse/ip/index.html"} < set(made)
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)

    # a build that does not know what the output holds (its record lost) makes the spare its copy
    (tmp_path / "cache/pages.marshal").unlink()
    replace_in(notice, "title: 关于申报", "title: 关于组织申报")
    build(config)
    assert tree(tmp_path / "._site.previous") == tree(tmp_path / "_site")
    made.clear()
    notice.write_text(notice.read_text(encoding="utf-8") + "\n第四句补充。\n", encoding="utf-8")
    build(config)
    assert len(made) == 7  # as above: the next edit makes only its own pages
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def spy_on_links(monkeypatch) -> list[int]:
    """The number of weeks each whole-site link of a build linked."""
    pipeline = sys.modules["digest.build"]  # the module: the package's `build` is its function
    linked: list[int] = []
    link = pipeline.link
    monkeypatch.setattr(pipeline, "link", lambda content, *rest: linked.append(len(content.weeks)) or link(content, *rest))
    return linked


def test_an_edit_lists_do_not_show_is_applied_to_the_site_without_linking_it_whole(sample_site, tmp_path, monkeypatch):
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)
    linked = spy_on_links(monkeypatch)
    read = spy_on_week_reads(monkeypatch)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    for edit, old, new in [(edit_settled, "开展申报工作", "开展 2021 年申报工作"),
                           (edit_settled, "phone: 84080081", "phone: 84080082"),
                           (replace_in, "开展 2021 年申报工作", "开展 2021 年度申报工作")]:  # saved just now
        edit(notice, old, new)
        linked.clear(), read.clear()
        result = build(config)
        assert linked == [] and read == ["2021-04-16"]
        assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    cold = build(cached(sample_site, tmp_path / "b"))
    assert (result.pages, result.weeks, result.notices, result.warnings) == (cold.pages, 2, 2, cold.warnings)
    assert "开展 2021 年度申报工作" in (tmp_path / "_site/feed.xml").read_text(encoding="utf-8")

    # a title shows in lists: the site is linked whole, from the weeks kept and the week just read
    edit_settled(notice, "title: 关于组织申报", "title: 关于申报")
    linked.clear(), read.clear()
    build(config)
    assert linked == [2] and read == ["2021-04-16"]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_an_edit_is_built_whole_where_the_site_is_not_as_planned(sample_site, tmp_path, monkeypatch):
    config = cached(sample_site, tmp_path)
    build(config)
    linked = spy_on_links(monkeypatch)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    # a feed changed by hand in the output, then the kept parts of the data files lost
    replace_in(tmp_path / "_site/agencies/beijing-ipa/feed.xml", "<entry>", "<entry >")
    replace_in(notice, "开展申报工作", "开展 2021 年申报工作")
    build(config)
    assert linked == [2]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    for part in (tmp_path / "cache/weeks").glob("*.csv"):
        part.unlink()
    replace_in(notice, "开展 2021 年申报工作", "开展 2021 年度申报工作")
    linked.clear()
    build(config)
    assert linked == [2]  # after the edit was begun: the build starts again, reading every week
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_a_list_template_that_shows_a_body_stops_the_build(sample_site: Path, tmp_path: Path):
    from digest.errors import BuildError
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    replace_in(templates / "macros.html", "{{ n.title }}", "{{ n.title }} {{ n.body }}")
    with pytest.raises(BuildError) as raised:
        build(cached(sample_site, tmp_path, templates=templates))
    # lists are keyed by what they show of a notice: a body there would stay as it was after an edit
    assert str(raised.value) == ("模板 home.html：列出通知的页面读取了通知“关于开展国家知识产权信息公共服务网点备案工作的通知”"
                                 "的正文或元数据：列表页只能显示标题、日期、发文机关和截止日期（正文只在通知页、周报页、订阅源和数据文件中显示）")
    assert not (tmp_path / "_site").exists()


def test_updating_the_spare_folder_never_touches_the_site_it_shares_files_with(sample_site, tmp_path, monkeypatch):
    import digest.publish
    config = cached(sample_site, tmp_path)
    build(config)
    first, second = (sample_site / "2021/2021-04-16/beijing-sme-zones.md",
                     sample_site / "2021/2021-04-23/cnipa-outlet-filing.md")
    sites = [tree(tmp_path / "_site")]
    served = []  # the output as readers see it the moment before the new site is swapped in
    swap = digest.publish._swap
    monkeypatch.setattr(digest.publish, "_swap", lambda *args, **kw: served.append(tree(tmp_path / "_site"))
                        or swap(*args, **kw))
    # the spare is the output a build replaced, then given links to the pages that build changed; the
    # next build changes pages again in the spare, while the output still has the same files
    for step, notice in enumerate((first, second, first, second)):
        replace_in(notice, "title: ", f"title: 修订{step}")
        build(config)
        sites.append(tree(tmp_path / "_site"))
        assert served[-1] == sites[-2]
        assert tree(tmp_path / "._site.previous") == sites[-1]
    assert sites[-1] == cold_tree(sample_site, tmp_path)
    assert any(p.stat().st_nlink > 1 for p in (tmp_path / "_site").rglob("*.html")), "no page was linked"


def test_a_corrupt_cache_falls_back_to_a_full_build(sample_site: Path, tmp_path: Path):
    config = cached(sample_site, tmp_path)
    build(config)
    build(config)  # a second build: page keys of both folders are known
    (tmp_path / "cache/last-build.json").write_text('{"fingerprint": "x", "output": [1, 2', encoding="utf-8")
    for name in ("bodies", "front-matter", "files", "pages"):
        (tmp_path / f"cache/{name}.marshal").write_bytes(b"\xfbgarbage")
    for kind in ("pickle", "json"):
        weeks = sorted((tmp_path / "cache/weeks").glob(f"*.{kind}"))
        assert len(weeks) == 2  # one for each week of the sample site
        weeks[0].write_bytes(b"\x80\x05garbage")
        weeks[1].write_bytes(weeks[1].read_bytes()[:-40])  # cut short
    result = build(config)
    assert not result.unchanged and tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_bodies_cached_by_other_code_are_not_used(sample_site: Path, tmp_path: Path, monkeypatch):
    import digest.cache

    monkeypatch.setattr(digest.cache, "FEW_BODIES", 0)  # take every body rendered before from the cache
    config = cached(sample_site, tmp_path)
    build(config)
    bodies = tmp_path / "cache/bodies.marshal"
    stamp, rendered = kept_bodies(tmp_path / "cache")
    assert len(rendered) == 2  # the two notices of the sample site

    def page_with_stale_bodies(stamp) -> str:
        stale = {key: "<p>陈旧的正文</p>" for key in rendered}
        bodies.write_bytes(b"".join(marshal.dumps(part) for part in (stamp, stale, {})))
        for folder in ("_site", "._site.previous", "cache/weeks"):  # so every page and week is made again
            shutil.rmtree(tmp_path / folder, ignore_errors=True)
        build(config)
        return (tmp_path / "_site/notices/beijing-sme-zones/index.html").read_text(encoding="utf-8")

    assert "陈旧的正文" not in page_with_stale_bodies([stamp[0], "other code"])
    assert "陈旧的正文" not in page_with_stale_bodies(["other python", stamp[1]])
    assert "陈旧的正文" in page_with_stale_bodies(stamp)  # what the builds above would show if they trusted them


def test_an_edit_that_keeps_size_and_times_is_still_seen(sample_site: Path, tmp_path: Path):
    config = cached(sample_site, tmp_path)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    settled = os.stat(notice).st_mtime_ns - 10**10  # old enough for its digest to be kept
    os.utime(notice, ns=(settled, settled))
    build(config)
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("组织申报北京市", "组织申报天津市", 1), encoding="utf-8")
    os.utime(notice, ns=(settled, settled))
    assert os.stat(notice).st_size == len(text.encode("utf-8"))
    assert not build(config).unchanged
    page = (tmp_path / "_site/notices/beijing-sme-zones/index.html").read_text(encoding="utf-8")
    assert "关于组织申报天津市中小企业" in page


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


def test_a_resident_process_reads_only_changed_weeks_and_builds_what_a_cold_build_does(sample_site, tmp_path,
                                                                                       monkeypatch):
    from digest import ContentErrors
    from digest.build import Resident, check

    read = spy_on_week_reads(monkeypatch)
    config, resident = cached(sample_site, tmp_path), Resident()
    age(sample_site)
    build(config, resident=resident)
    assert sorted(read) == ["2021-04-16", "2021-04-23"]

    first_week, second_week = sample_site / "2021/2021-04-16", sample_site / "2021/2021-04-23"
    notice = first_week / "beijing-sme-zones.md"
    steps = [
        lambda: replace_in(notice, "开展申报工作", "开展 2021 年申报工作"),
        lambda: notice.rename(first_week / "beijing-sme-cluster-zones.md"),
        lambda: replace_in(sample_site / "agencies.yaml", "short: [国知局]", "short: [知识产权局]"),
    ]
    for step in steps:  # none touches the second week, saved a minute ago
        step()
        read.clear()
        build(config, resident=resident)
        assert "2021-04-23" not in read
        assert "<p>现将有关事宜通知如下。</p>\n" in kept_bodies(tmp_path / "cache")[1].values(), \
            "the cache lost the body of the week not read"
        assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)

    # a file name another week has taken is an error, though only the week that now has it is read
    shutil.copy(first_week / "beijing-sme-cluster-zones.md", second_week / "beijing-sme-cluster-zones.md")
    age(first_week)
    with pytest.raises(ContentErrors):
        build(config, resident=resident)  # the first week, settled now, is kept
    read.clear()
    with pytest.raises(ContentErrors) as caught:
        build(config, resident=resident)
    assert read == ["2021-04-23"]
    with pytest.raises(ContentErrors) as fresh:
        check(config)
    assert caught.value.errors == fresh.value.errors
    assert any("已被 content/2021/2021-04-16/beijing-sme-cluster-zones.md 使用" in e.message
               for e in caught.value.errors)

    (second_week / "beijing-sme-cluster-zones.md").unlink()
    (second_week / "cnipa-outlet-filing.md").unlink()
    build(config, resident=resident)
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)

    # an edit saved long enough ago to count as settled is still seen: by the file's size and times
    week_file = first_week / "week.yaml"
    week_file.write_text(week_file.read_text(encoding="utf-8").replace("publisher: 盈科瑞", "publisher: 盈科瑞律所"),
                         encoding="utf-8")
    age(sample_site)
    build(config, resident=resident)
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_a_new_process_reads_only_the_weeks_changed_since_the_last_build(sample_site, tmp_path, monkeypatch):
    import digest.cache

    read = spy_on_week_reads(monkeypatch)
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)  # as the command line builds: no resident process, the weeks are kept in the cache
    assert sorted(read) == ["2021-04-16", "2021-04-23"]

    notice = sample_site / "2021/2021-04-23/cnipa-outlet-filing.md"
    edit_settled(notice, "备案", "登记备案")
    read.clear()
    build(config)
    assert read == ["2021-04-23"]
    assert "登记备案" in (tmp_path / "_site/notices/cnipa-outlet-filing/index.html").read_text(encoding="utf-8")
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)

    # another build date links every week again (deadline states change), from the weeks kept
    later = cached(sample_site, tmp_path, today=config.today.replace(year=config.today.year + 1))
    read.clear()
    build(later)
    assert read == []
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, today=later.today)

    # weeks kept by other code are not trusted: read from their files again
    monkeypatch.setattr(digest.cache, "_code_version", lambda: "other code")
    read.clear()
    build(later)
    assert sorted(read) == ["2021-04-16", "2021-04-23"]

    # a week deleted from the content is forgotten by the cache too
    shutil.rmtree(sample_site / "2021/2021-04-23")
    build(later)
    assert sorted(p.suffix for p in (tmp_path / "cache/weeks").iterdir()) == [".csv", ".deferred", ".json", ".pickle"]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, today=later.today)


def test_yaml_parsed_before_is_read_when_many_weeks_must_be_read_and_not_for_an_edit(sample_site, tmp_path,
                                                                                    monkeypatch):
    import digest.cache
    import digest.load
    import digest.records
    from digest.cache import BuildCache

    monkeypatch.setattr(digest.load, "FEW_WEEKS", 1)  # the sample site has two weeks
    parsed, read = [], []
    parse_yaml, read_marshal = digest.records.parse_yaml, BuildCache._read_marshal
    monkeypatch.setattr(digest.records, "parse_yaml",
                        lambda text, path, *rest: parsed.append(path.name) or parse_yaml(text, path, *rest))
    monkeypatch.setattr(BuildCache, "_read_marshal", lambda self, name: read.append(name) or read_marshal(self, name))
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)

    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    edit_settled(notice, "开展申报工作", "开展 2021 年申报工作")
    parsed.clear(), read.clear()
    build(config)  # one week to read: parsing its files costs less than reading what earlier builds parsed
    assert sorted(parsed) == ["agencies.yaml", "beijing-sme-zones.md", "week.yaml"] and "front-matter.marshal" not in read

    # a new clone of the content, as CI builds it with the cache kept from its last run: every file
    # has another inode and times, so every week is read again
    shutil.copytree(sample_site, tmp_path / "clone")
    shutil.rmtree(sample_site)
    (tmp_path / "clone").rename(sample_site)
    shutil.rmtree(tmp_path / "_site")
    parsed.clear(), read.clear()
    monkeypatch.setattr(digest.cache, "FEW_BODIES", 0)  # the bodies too come from what earlier builds rendered
    unpickled = []
    load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda file: unpickled.append(load(file)) or unpickled[-1]
                        if Path(file.name).parent.name == "weeks" else load(file))
    build(config)
    assert parsed == [] and "front-matter.marshal" in read
    assert len(unpickled) == 2, "the weeks kept with other file signatures were unpickled, not just their headers"
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_a_build_that_read_some_weeks_adds_parsed_yaml_and_one_that_read_all_drops_what_is_gone():
    from digest.records import ParsedStore

    store = ParsedStore({"old": ({"title": "旧"}, {})})
    store.parse("title: 新\n", Path("new.md"), "new.md")
    assert set(store.kept(complete=False)) == {"old", next(iter(store.used))}
    assert set(store.kept(complete=True)) == set(store.used) and len(store.used) == 1
    assert ParsedStore({"old": ({}, {})}).kept(complete=False) is None  # nothing new: the cache holds it


def test_an_edit_leaves_the_kept_bodies_alone_and_a_new_date_takes_them_from_there(sample_site, tmp_path,
                                                                                   monkeypatch):
    import digest.cache
    from digest.cache import BuildCache

    rendered, read = [], []
    render, read_marshal = digest.cache._render, BuildCache._read_marshal
    monkeypatch.setattr(digest.cache, "_render", lambda text: rendered.append(text) or render(text))
    monkeypatch.setattr(BuildCache, "_read_marshal", lambda self, name: read.append(name) or read_marshal(self, name))
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)
    assert len(rendered) == 2
    bodies = (tmp_path / "cache/bodies.marshal").read_bytes()

    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    edit_settled(notice, "开展申报工作", "开展 2021 年申报工作")
    rendered.clear(), read.clear()
    build(config)
    assert len(rendered) == 1 and "开展 2021 年申报工作" in rendered[0]
    assert "bodies.marshal" not in read and (tmp_path / "cache/bodies.marshal").read_bytes() == bodies

    # another build date links every week again: their bodies come from the cache, but for the one
    # edited since, kept with its week only (one body rendered again costs less than rewriting all)
    later = cached(sample_site, tmp_path, today=config.today.replace(year=config.today.year + 1))
    rendered.clear()
    build(later)
    assert len(rendered) == 1 and "开展 2021 年申报工作" in rendered[0]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, today=later.today)


def test_the_data_file_takes_each_weeks_notices_as_kept_for_its_settings_unless_cut_short(sample_site, tmp_path):
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)
    data = tmp_path / "_site/data/notices.json"
    (kept,) = [p for p in (tmp_path / "cache/weeks").glob("*.json") if "备案".encode() in p.read_bytes()]
    assert kept.read_bytes().split(b"\n", 1)[1] in data.read_bytes()

    def edit_the_other_week() -> None:  # so that the data file is written again
        notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
        notice.write_text(notice.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
        age(notice.parent)

    # what is kept is taken as it is (the same length: "备案" and "登记" are six bytes each)
    kept.write_bytes(kept.read_bytes().replace("备案".encode(), "登记".encode()))
    edit_the_other_week()
    build(config)
    assert "备案".encode() not in data.read_bytes()

    # cut short: made again, as it is
    kept.write_bytes(kept.read_bytes()[:-10])
    edit_the_other_week()
    build(config)
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)

    # kept for another build date (deadline states differ): made again
    kept.write_bytes(kept.read_bytes().replace("备案".encode(), "登记".encode()))
    later = cached(sample_site, tmp_path, today=config.today.replace(year=config.today.year + 1))
    build(later)
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, today=later.today)


def test_templates_compiled_by_one_build_serve_the_next_and_go_with_the_code_they_were_compiled_for(
        sample_site, tmp_path, monkeypatch):
    import digest.cache

    config = cached(sample_site, tmp_path)
    build(config)
    compiled = tmp_path / "cache/templates"
    first = {p.name: p.stat().st_ino for p in compiled.iterdir()}
    assert len(first) >= 10  # the page templates and what they include or extend

    notice = sample_site / "2021/2021-04-23/cnipa-outlet-filing.md"
    replace_in(notice, "备案", "登记备案")
    build(config)
    assert "登记备案" in (tmp_path / "_site/notices/cnipa-outlet-filing/index.html").read_text(encoding="utf-8")
    assert {p.name: p.stat().st_ino for p in compiled.iterdir()} == first, "templates were compiled again"

    monkeypatch.setattr(digest.cache, "_code_version", lambda: "other code")
    build(config)
    assert first and not set(first) & {p.name for p in compiled.iterdir()}


def test_a_new_process_keys_again_only_the_pages_of_the_weeks_that_changed(sample_site, tmp_path, monkeypatch):
    import digest.calendars
    import digest.render

    keyed = []
    page_key = digest.render.page_key
    monkeypatch.setattr(digest.render, "page_key", lambda context, *texts: keyed.append(context["page_path"]) or page_key(context, *texts))
    monkeypatch.setattr(digest.calendars, "page_key", lambda name, *listings: keyed.append(name) or page_key(name, *listings))
    beijing = "关于组织申报北京市中小企业知识产权集聚发展示范区的通知"  # the title of its calendar
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    config = cached(sample_site, tmp_path, templates=templates)
    age(sample_site)
    build(config)
    assert {"notices/cnipa-outlet-filing/", "weeks/2021-04-16/", "notices/beijing-sme-zones/", beijing} <= set(keyed)

    # what the pages are given is kept apart from the templates: a template change keeps it
    (templates / "notice.html").write_text((templates / "notice.html").read_text(encoding="utf-8").replace(
        "收录于", "刊于"), encoding="utf-8")
    build(config)
    notice = sample_site / "2021/2021-04-23/cnipa-outlet-filing.md"
    edit_settled(notice, "备案", "登记备案")
    keyed.clear()
    build(config)
    assert "notices/cnipa-outlet-filing/" in keyed and "weeks/2021-04-23/" in keyed
    assert not [path for path in keyed if path.startswith("notices/beijing-") or path in ("weeks/2021-04-16/", beijing)]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, templates=templates)


def test_a_template_change_makes_again_only_the_pages_rendered_with_it(sample_site, tmp_path):
    from digest.cache import BuildCache

    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    config = cached(sample_site, tmp_path, templates=templates)

    def keys() -> dict[str, str]:
        return BuildCache(config.cache_dir).written(config.output)["pages"]

    def changed_by(template: str, old: str, new: str) -> set[str]:
        before = keys()
        (templates / template).write_text((templates / template).read_text(encoding="utf-8").replace(old, new, 1),
                                          encoding="utf-8")
        build(config)
        assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path, templates=templates)
        return {path for path, key in keys().items() if before[path] != key}

    build(config)
    assert changed_by("notice.html", "收录于", "刊于") == {
        "notices/beijing-sme-zones/index.html", "notices/cnipa-outlet-filing/index.html"}
    # macros.html is imported by base.html, which every page extends; calendars, feeds and data use neither
    every_page = changed_by("macros.html", "</", " </")
    assert every_page == {path for path in keys() if path.endswith(".html")} and "404.html" in every_page


def test_a_resident_process_keeps_what_it_holds_frozen_and_freezes_no_garbage(sample_site, tmp_path):
    import gc

    from digest.build import Resident

    config, resident = cached(sample_site, tmp_path), Resident()
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    build(config, resident=resident)
    assert gc.get_freeze_count() > 0, "the kept weeks are left to the cycle collector to walk again"
    gc.unfreeze()
    gc.collect()  # what the first build froze besides (the test run's own garbage, say)
    gc.freeze()
    try:
        for sentence in ("第一句补充。", "第二句补充。", "第三句补充。"):
            notice.write_text(notice.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            build(config, resident=resident)
        gc.collect()  # what is not frozen
    finally:
        gc.unfreeze()
    assert gc.collect() == 0, "garbage of the rebuilds was frozen, never to be collected"
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)


def test_a_new_process_reads_the_text_of_kept_notices_only_for_the_pages_that_show_it(sample_site, tmp_path,
                                                                                       monkeypatch):
    import digest.feeds
    from digest.build import Resident
    from digest.cache import DEFERRED, _DeferredFile, _week_file

    monkeypatch.setattr(digest.feeds, "FEED_SIZE", 1)  # the feeds then show the newest notice only
    read = []
    read_text = _DeferredFile.read
    monkeypatch.setattr(_DeferredFile, "read", lambda self, index: read.append(self.path) or read_text(self, index))
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)
    notice = sample_site / "2021/2021-04-16/beijing-sme-zones.md"
    edit_settled(notice, "开展申报工作", "开展 2021 年申报工作")
    edit_settled(notice, "title: 关于组织申报", "title: 关于申报")  # shown in lists: the site is linked whole

    resident = Resident()  # as the command line passes one: what the build took from the cache is left in it
    build(config, resident=resident)
    other_week = sample_site / "2021/2021-04-23"
    other_texts = tmp_path / "cache/weeks" / _week_file(other_week, DEFERRED)
    assert other_texts not in read, "the other week's notices were read, though no page of this build shows them"
    kept = resident.linked.entry(other_week)[1].sections[0].groups[0].notices[0]
    assert kept.text.source is not None, "the kept week's notice text was read with the week"
    assert "开展 2021 年申报工作" in (tmp_path / "_site/notices/beijing-sme-zones/index.html").read_text(encoding="utf-8")
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    assert kept.body == "现将有关事宜通知如下。\n" and read.count(other_texts) == 1  # read when asked for


@pytest.mark.parametrize("damage", ["removed", "replaced"])
def test_a_kept_notice_text_gone_or_replaced_since_the_build_began_makes_it_start_again(sample_site, tmp_path,
                                                                                         monkeypatch, damage):
    """Two builds sharing a cache: one may replace a week's notice texts after the other read the week."""
    import pickle

    read = spy_on_week_reads(monkeypatch)
    config = cached(sample_site, tmp_path)
    age(sample_site)
    build(config)
    for deferred in (tmp_path / "cache/weeks").glob("*.deferred"):
        if damage == "removed":
            deferred.unlink()
        else:  # as another build writes it: the same texts with another stamp
            with open(deferred, "rb") as file:
                stamp, rest = pickle.load(file), file.read()
            deferred.write_bytes(pickle.dumps([*stamp[:2], "another build"]) + rest)
    notice = sample_site / "2021/2021-04-23/cnipa-outlet-filing.md"  # the newest: the feeds show the other too
    edit_settled(notice, "备案", "登记备案")
    read.clear()
    build(config)
    assert sorted(read) == ["2021-04-16", "2021-04-23", "2021-04-23"]  # the edited week, then every week
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    assert len(list((tmp_path / "cache/weeks").glob("*.deferred"))) == 2


@pytest.mark.parametrize("process", ["resident", "new"])
def test_a_week_read_again_renders_only_the_bodies_that_changed(sample_site, tmp_path, monkeypatch, process):
    import digest.cache
    from digest.build import Resident

    rendered = []
    render = digest.cache._render
    monkeypatch.setattr(digest.cache, "_render", lambda text: rendered.append(text) or render(text))
    config, resident = cached(sample_site, tmp_path), Resident() if process == "resident" else None
    age(sample_site)
    build(config, resident=resident)
    week = sample_site / "2021/2021-04-16/week.yaml"
    week.write_text(week.read_text(encoding="utf-8") + "note: 本期有更正。\n", encoding="utf-8")
    age(week.parent)
    rendered.clear()
    build(config, resident=resident)  # the week is read again, its notice as it was
    assert rendered == []
    edit_settled(sample_site / "2021/2021-04-16/beijing-sme-zones.md", "开展申报工作", "开展 2021 年申报工作")
    build(config, resident=resident)
    assert len(rendered) == 1 and "开展 2021 年申报工作" in rendered[0]
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
    # saved just now, twice: a week whose files are still being written is kept for its bodies too
    for note in ("本期有两处更正。", "本期有三处更正。"):
        replace_in(week, "note: 本期有", f"note: {note}\n# ")
        rendered.clear()
        build(config, resident=resident)
        assert rendered == []
    assert tree(tmp_path / "_site") == cold_tree(sample_site, tmp_path)
