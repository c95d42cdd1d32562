"""The build store and the one build path: a build with a kept store makes exactly what a cold build
makes, does only the work its changes call for (the counters it reports, the files it rewrites), and
survives a store or an output folder that someone else has written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar
from markupsafe import escape

from conftest import REPO, config_for
from digest import ContentErrors, build

WEEK = "2021/2021-04-16"
NOTICE = f"{WEEK}/beijing-sme-zones.md"


def tree(root: Path) -> dict[str, bytes]:
    """The site readers are served: every file but digest's own hidden ones and Pagefind's index."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and not p.relative_to(root).as_posix().startswith("pagefind/")}


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def rewritten(before: dict, after: dict) -> set[str]:
    return {path for path in after if before.get(path) != after[path]} | (before.keys() - after.keys())


def cold(content: Path, tmp_path: Path, **options) -> dict[str, bytes]:
    output = tmp_path / f"cold-{len(list(tmp_path.glob('cold-*')))}" / "_site"
    build(config_for(content, output, **options))
    return tree(output)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def kept(sample_site: Path, tmp_path: Path):
    """A build with a store, and a function that builds again and reports what it rewrote."""
    output, store = tmp_path / "_site", tmp_path / "store"
    first = build(config_for(sample_site, output, cache_dir=store))
    assert first.weeks_read == 2 and first.pages_written == first.pages

    def again(**options):
        before = stamps(output)
        result = build(config_for(sample_site, output, cache_dir=store, **options))
        return result, rewritten(before, stamps(output))
    return sample_site, output, again


def test_a_build_of_nothing_changed_reads_and_writes_nothing(kept):
    _, _, again = kept
    result, changed = again()
    assert result.unchanged and result.pages_written == 0 and result.weeks_read == 0 and result.files_hashed == 0
    assert changed == set()


def test_a_body_edit_reads_its_week_and_rewrites_only_the_pages_that_show_the_text(kept, tmp_path: Path):
    content, output, again = kept
    edit(content / NOTICE, "根据《", "据《")
    result, changed = again()
    assert result.weeks_read == 1 and not result.unchanged
    assert changed == {"notices/beijing-sme-zones/index.html", "weeks/2021-04-16/index.html", "feed.xml",
                       "feeds/ip.xml", "agencies/beijing-ipa/feed.xml", "data/2021/notices.json"}
    # the file of every notice (data/notices.json) and the open-now feed, which holds the notice (it
    # has a deadline open on the build date), show no bodies and stay as they were
    assert result.pages_written == len(changed)
    assert "<p>据《北京市中小企业" in (output / "notices/beijing-sme-zones/index.html").read_text(encoding="utf-8")
    assert tree(output) == cold(content, tmp_path)


def test_a_body_edit_renders_only_its_own_body_again(tmp_path: Path):
    content, output, store = tmp_path / "content", tmp_path / "_site", tmp_path / "store"
    shutil.copytree(REPO / "content", content)  # one week of fifteen notices
    assert build(config_for(content, output, cache_dir=store)).bodies_rendered == 15
    notice = content / "2021/2021-04-16/beijing-2021-belt-road-alliance-results.md"
    edit(notice, "| 10 | 罗思（上海）咨询有限公司 |", "| 10 | 罗思（上海）管理咨询有限公司 |")
    result = build(config_for(content, output, cache_dir=store))
    assert result.weeks_read == 1 and result.bodies_rendered == 1
    page = (output / "notices/beijing-2021-belt-road-alliance-results/index.html").read_text(encoding="utf-8")
    assert "罗思（上海）管理咨询有限公司" in page
    assert tree(output) == cold(content, tmp_path)


def test_weeks_read_on_worker_processes_are_kept_for_the_next_build(tmp_path: Path):
    """Ten weeks are read on the workers (from eight on), which keep what they read in the store:
    an edit then reads its own week and renders its own body only, however the weeks were read."""
    content, output, store = tmp_path / "content", tmp_path / "_site", tmp_path / "store"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--weeks", "10", "--out", str(content)],
                   check=True, capture_output=True)
    first = build(config_for(content, output, cache_dir=store))
    assert first.weeks_read == 10 and first.bodies_rendered == first.notices
    assert first.notes == ()  # no week had to be read again: what the workers read was in the store
    notice = sorted((content / "2016").glob("*/*.md"))[40]
    with open(notice, "a", encoding="utf-8") as file:
        file.write("\n\n本条为测试追加的一句。\n")
    result = build(config_for(content, output, cache_dir=store))
    assert result.weeks_read == 1 and result.bodies_rendered == 1 and result.notes == ()
    page = (output / f"notices/{notice.stem}/index.html").read_text(encoding="utf-8")
    assert "本条为测试追加的一句。" in page
    assert tree(output) == cold(content, tmp_path)


def test_a_build_without_a_store_reads_each_week_once_and_leaves_no_store(tmp_path: Path):
    """Its empty store of its own is shared with the workers that read the weeks, then removed."""
    import tempfile

    content = tmp_path / "content"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--weeks", "10", "--out", str(content)],
                   check=True, capture_output=True)
    scratch = set(Path(tempfile.gettempdir()).glob("digest-store-*"))
    result = build(config_for(content, tmp_path / "_site"))
    assert result.weeks_read == 10 and result.bodies_rendered == result.notices
    assert result.notes == ()  # no week read twice
    assert set(Path(tempfile.gettempdir()).glob("digest-store-*")) == scratch


def test_a_title_edit_also_rewrites_the_lists_and_calendars_that_show_it(kept, tmp_path: Path):
    content, output, again = kept
    edit(content / NOTICE, "title: 关于组织申报", "title: 关于再次组织申报")
    result, changed = again()
    assert result.weeks_read == 1
    assert {"browse/index.html", "browse/ip/local/index.html", "agencies/beijing-ipa/index.html",
            "agencies/beijing-ipa/deadlines.ics", "deadlines.ics", "deadlines/2021-05/index.html",
            "data/notices.json", "data/notices.csv"} <= changed  # the files of every notice show its title
    assert "weeks/2021-04-23/index.html" not in changed
    assert "notices/cnipa-outlet-filing/index.html" in changed  # it lists the edited notice as related
    # the calendars that hold its deadlines show the new title: the archive's (made from blocks of a
    # year, the edited year's made again) and its own; another issue's notice's calendar is left alone
    for calendar in ("deadlines.ics", "notices/beijing-sme-zones/deadlines.ics"):
        assert calendar in changed
        events = Calendar.from_ical((output / calendar).read_bytes()).walk("VEVENT")
        assert any("关于再次组织申报" in str(e["SUMMARY"]) for e in events)
    assert not any(path.startswith("notices/") and path.endswith(".ics") and "beijing-sme-zones" not in path
                   for path in changed)
    assert tree(output) == cold(content, tmp_path)


def test_a_template_edit_rewrites_the_pages_rendered_with_it_and_no_other(kept, tmp_path: Path):
    content, output, again = kept
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    result, changed = again(templates=templates)  # the same templates elsewhere: nothing to rewrite
    assert changed == set()
    with open(templates / "notice.html", "a", encoding="utf-8") as file:
        file.write("{# 注释 #}\n")
    result, changed = again(templates=templates)
    assert changed == {"notices/beijing-sme-zones/index.html", "notices/cnipa-outlet-filing/index.html"}
    assert result.weeks_read == 0


def test_a_fresh_clone_with_the_kept_store_hashes_every_file_but_reads_no_week(kept, tmp_path: Path):
    content, output, again = kept
    clone = tmp_path / "clone" / "content"
    shutil.copytree(content, clone)  # new inodes and times, as in a new checkout
    result = build(config_for(clone, tmp_path / "clone" / "_site", cache_dir=tmp_path / "store"))
    assert result.weeks_read == 0 and result.files_hashed >= 5
    assert tree(tmp_path / "clone" / "_site") == tree(output)


def test_a_page_edited_or_deleted_by_hand_is_made_again(kept):
    _, output, again = kept
    (output / "index.html").write_text("defaced", encoding="utf-8")
    (output / "feed.xml").unlink()
    result, changed = again()
    assert not result.unchanged and result.pages_written == 2 and changed == {"index.html", "feed.xml"}
    assert "defaced" not in (output / "index.html").read_text(encoding="utf-8")


# -- a store someone else wrote ------------------------------------------------------------------


def entries(store: Path) -> sqlite3.Connection:
    return sqlite3.connect(store / "store.sqlite", isolation_level=None)


@pytest.mark.parametrize("damage", ["garble", "swap", "truncate-value"])
def test_a_damaged_store_entry_is_a_miss_never_a_wrong_site(kept, tmp_path: Path, damage: str):
    content, output, again = kept
    with entries(tmp_path / "store") as db:
        rows = db.execute("SELECT id, value FROM entries ORDER BY length(value) DESC").fetchall()
        assert len(rows) >= 4
        if damage == "garble":
            for entry, value in rows:
                db.execute("UPDATE entries SET value = ? WHERE id = ?",
                           (bytes(value).replace("北京".encode(), "<script>".encode()), entry))
        elif damage == "swap":
            (a, va), (b, vb) = rows[0], rows[1]
            db.execute("UPDATE entries SET value = ? WHERE id = ?", (vb, a))
            db.execute("UPDATE entries SET value = ? WHERE id = ?", (va, b))
        else:
            for entry, value in rows:
                db.execute("UPDATE entries SET value = ? WHERE id = ?", (bytes(value)[: len(value) // 2], entry))
    edit(content / NOTICE, "根据《", "据《")
    result, _ = again()
    assert result.notes and "校验不符" in result.notes[0]
    assert tree(output) == cold(content, tmp_path)
    assert b"<script>" not in b"".join(tree(output).values()).replace(b"<script src=", b"")


def test_entries_of_another_version_of_digest_are_deleted_by_the_next_build_that_writes(kept, tmp_path: Path):
    content, output, again = kept
    with entries(tmp_path / "store") as db:  # as a build of another version leaves the store
        db.execute("INSERT INTO entries VALUES ('old-entry', 'another-version', x'00', '')")
        db.execute("UPDATE meta SET value = 'another-version' WHERE name = 'version'")
        kept_before = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    edit(content / NOTICE, "根据《", "据《")
    result, _ = again()
    assert result.weeks_read == 1
    with entries(tmp_path / "store") as db:
        assert db.execute("SELECT count(*) FROM entries WHERE id = 'old-entry'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] >= kept_before - 1  # this version's stay
    assert tree(output) == cold(content, tmp_path)


def test_a_store_file_that_is_not_a_database_degrades_to_a_build_without_it(kept, tmp_path: Path):
    content, output, again = kept
    (tmp_path / "store" / "store.sqlite").write_bytes(b"\x00garbage" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / "store" / f"store.sqlite{suffix}").unlink(missing_ok=True)
    edit(content / NOTICE, "根据《", "据《")
    result, _ = again()
    assert result.notes and "无法使用" in result.notes[0]
    assert tree(output) == cold(content, tmp_path)


def test_a_store_in_place_of_a_file_degrades_to_a_build_without_it(sample_site: Path, tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    result = build(config_for(sample_site, tmp_path / "_site", cache_dir=blocked))
    assert result.notes and "无法使用" in result.notes[0]
    assert tree(tmp_path / "_site") == cold(sample_site, tmp_path)


def test_files_planted_in_the_cache_folder_never_run(kept, tmp_path: Path):
    content, output, again = kept
    proof = tmp_path / "ran"
    payload = f"cos\nsystem\n(S'touch {proof}'\ntR.".encode()  # a pickle that runs a command when loaded
    for name in ("weeks/0123.pickle", "weeks/0123.deferred", "templates/__jinja2_x.cache", "bodies.marshal",
                 "front-matter.marshal", "files.marshal", "pages.marshal"):
        (tmp_path / "store" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "store" / name).write_bytes(payload)
    edit(content / NOTICE, "根据《", "据《")
    again()
    assert not proof.exists()
    assert tree(output) == cold(content, tmp_path)


def test_two_builds_at_once_both_finish_and_leave_the_site_a_cold_build_makes(sample_site: Path, tmp_path: Path):
    command = [sys.executable, str(REPO / "build.py"), "--content", str(sample_site), "--output",
               str(tmp_path / "_site"), "--templates", str(REPO / "templates"), "--static", str(REPO / "static"),
               "--today", "2021-04-16", "--no-search", "--no-pdf", "--cache", str(tmp_path / "store")]
    for _ in range(3):
        edit(sample_site / NOTICE, "根据《", "根据《")  # a new stat each round
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(run.wait(), run.stderr.read()) for run in runs]
        assert [code for code, _ in results] == [0, 0], results
        assert all("Traceback" not in err for _, err in results)
        assert tree(tmp_path / "_site") == cold(sample_site, tmp_path)


# -- only the repository is published ----------------------------------------------------------------


def test_symbolic_links_are_refused_where_they_are(sample_site: Path, tmp_path: Path):
    static = tmp_path / "static"
    shutil.copytree(REPO / "static", static)
    (static / "passwd").symlink_to("/etc/passwd")
    outside = tmp_path / "outside.md"
    shutil.copy(sample_site / NOTICE, outside)
    (sample_site / NOTICE).unlink()
    (sample_site / NOTICE).symlink_to(outside)
    with pytest.raises(ContentErrors) as caught:
        build(config_for(sample_site, tmp_path / "_site", static=static))
    messages = [str(e) for e in caught.value.errors if not e.warning]
    assert "content/2021/2021-04-16/beijing-sme-zones.md: 是符号链接：请放入文件本身（链接可能指向仓库之外的文件）" in messages
    assert any(m.startswith(f"{static.as_posix()}/passwd") or m.startswith("static/passwd") for m in messages), messages
    assert not (tmp_path / "_site" / "static" / "passwd").exists()


def test_hidden_files_and_editor_litter_are_ignored(sample_site: Path, tmp_path: Path):
    clean = cold(sample_site, tmp_path)
    for name in (".DS_Store", ".beijing-sme-zones.md.swp", "beijing-sme-zones.md~", "Thumbs.db"):
        (sample_site / WEEK / name).write_bytes(b"\x00\xff litter")
    assert cold(sample_site, tmp_path) == clean


def test_a_huge_stray_file_is_refused_by_its_size_without_being_read(sample_site: Path, tmp_path: Path):
    with open(sample_site / WEEK / "huge.md", "wb") as file:
        file.truncate(3_000_000_000)  # sparse: three gigabytes that take no disk
    with pytest.raises(ContentErrors) as caught:
        build(config_for(sample_site, tmp_path / "_site"))
    assert [str(e) for e in caught.value.errors if not e.warning] == [
        "content/2021/2021-04-16/huge.md:1: 文件过大（3000.0 MB，上限 1 MB）：请删去粘贴的多余内容，附件请放在 static/files/"]


# -- faults are messages ------------------------------------------------------------------------------


def run_build(content: Path, output: Path, *extra: str, limit: int | None = None) -> subprocess.CompletedProcess:
    def small_files() -> None:
        import resource
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(output),
                           "--templates", str(REPO / "templates"), "--static", str(REPO / "static"),
                           "--today", "2021-04-16", "--no-search", *extra],
                          capture_output=True, text=True, preexec_fn=small_files if limit else None)


def test_a_full_disk_is_one_line_and_the_site_stays_as_it_was(sample_site: Path, tmp_path: Path):
    output = tmp_path / "_site"
    assert run_build(sample_site, output).returncode == 0
    before = tree(output)
    edit(sample_site / NOTICE, "根据《", "据《" + "很长的一段文字。" * 20000)  # a page larger than the limit
    result = run_build(sample_site, output, limit=200_000)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "无法写入" in result.stderr and "已生成的站点未被改动" in result.stderr
    assert tree(output) == before
    assert not [p for p in output.rglob("*") if p.name.endswith(".digest-new")]


def test_a_first_build_that_fails_leaves_its_empty_folder_without_a_page(sample_site: Path, tmp_path: Path):
    """A first build writes its pages in place; one that fails removes them again."""
    output = tmp_path / "_site"
    edit(sample_site / NOTICE, "根据《", "据《" + "很长的一段文字。" * 20000)  # a page larger than the limit
    result = run_build(sample_site, output, limit=200_000)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "无法写入" in result.stderr
    assert [p.name for p in output.rglob("*") if not p.name.startswith(".digest-")] == []
    assert run_build(sample_site, output).returncode == 0
    assert run_build(sample_site, tmp_path / "cold").returncode == 0
    assert tree(output) == tree(tmp_path / "cold")


def test_an_output_that_cannot_be_made_is_one_line(sample_site: Path, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run_build(sample_site, blocker / "_site")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "无法写入" in result.stderr


def test_files_and_folders_are_readable_by_all_whatever_the_umask(sample_site: Path, tmp_path: Path):
    old = os.umask(0o077)
    try:
        build(config_for(sample_site, tmp_path / "_site"))
    finally:
        os.umask(old)
    assert (tmp_path / "_site" / "index.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "_site" / "notices").stat().st_mode & 0o777 == 0o755


def test_folders_beside_the_output_are_left_alone(sample_site: Path, tmp_path: Path):
    mine = tmp_path / "._site.thesis-draft"
    mine.mkdir()
    (mine / "chapter.docx").write_bytes(b"mine")
    build(config_for(sample_site, tmp_path / "_site"))
    assert (mine / "chapter.docx").read_bytes() == b"mine"


def test_csv_cells_that_look_like_formulas_open_as_text(sample_site: Path, tmp_path: Path):
    edit(sample_site / NOTICE, "title: 关于组织申报", "title: =HYPERLINK(\"http://x\")关于组织申报")
    edit(sample_site / NOTICE, "  - name: 冯忠民", "  - name: \"@SUM(1)\"")
    build(config_for(sample_site, tmp_path / "_site"))
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO((tmp_path / "_site/data/notices.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["slug"] == "beijing-sme-zones")
    assert row["title"].startswith("'=HYPERLINK(")
    assert row["contacts"].startswith("'@SUM(1)")
    # the JSON keeps the text as written
    assert "=HYPERLINK(" in (tmp_path / "_site/data/notices.json").read_text(encoding="utf-8")


def test_the_preview_answers_only_to_its_own_name_and_leaves_no_folder(sample_site: Path, tmp_path: Path, monkeypatch):
    import tempfile
    import threading
    import urllib.request

    from digest.serve import serve

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, args=(config_for(sample_site, tmp_path / "unused"), 0, ready, stop), daemon=True)
    thread.start()
    assert ready.wait(20)
    try:
        def status(host: str) -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{ready.port}/", headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code
        assert status(f"127.0.0.1:{ready.port}") == 200 and status(f"localhost:{ready.port}") == 200
        assert status("attacker.example") == 403 and status(f"attacker.example:{ready.port}") == 403
        assert list((tmp_path / "tmp").iterdir())  # the preview's folder, while it runs
    finally:
        stop.set()
        thread.join(20)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_taken_port_moves_the_preview_to_the_next_one(sample_site: Path, tmp_path: Path, capsys):
    import socket
    import threading

    from digest.serve import serve

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ready, stop = threading.Event(), threading.Event()
        thread = threading.Thread(target=serve, args=(config_for(sample_site, tmp_path / "x"), port, ready, stop), daemon=True)
        thread.start()
        assert ready.wait(20)
        stop.set()
        thread.join(20)
    assert ready.port != port
    assert f"端口 {port} 已被占用，改用下一个端口" in capsys.readouterr().err


def test_an_output_and_store_restored_in_a_fresh_checkout_rewrite_only_what_changed(kept, tmp_path: Path):
    content, output, again = kept
    # as CI restores them: the same paths, every file new (new inodes and times)
    for folder in (content, output):
        shutil.copytree(folder, folder.with_name(folder.name + "-restored"), copy_function=shutil.copy)
        shutil.rmtree(folder)
        folder.with_name(folder.name + "-restored").rename(folder)
    edit(content / NOTICE, "根据《", "据《")
    result, changed = again()
    # as in the checkout of the last build: the notice, its issue, the three feeds of whole notices that
    # hold it and its year's notice file
    assert result.weeks_read == 1 and result.pages_written == 6 and len(changed) == 6
    assert tree(output) == cold(content, tmp_path)


def test_a_list_template_that_reads_a_notice_body_stops_the_build_naming_its_line(sample_site: Path, tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    macros = (templates / "macros.html").read_text(encoding="utf-8")
    (templates / "macros.html").write_text(macros.replace(
        '<li><a href="{{ base_path }}{{ n.url }}">{{ n.title }}</a>', '<li><a href="{{ base_path }}{{ n.url }}">{{ n.title }}</a>{{ n.body[:40] }}'),
        encoding="utf-8")
    line = next(i for i, text in enumerate((templates / "macros.html").read_text(encoding="utf-8").splitlines(), 1)
                if "n.body[:40]" in text)
    from digest.errors import BuildError
    with pytest.raises(BuildError) as caught:
        build(config_for(sample_site, tmp_path / "_site", templates=templates))
    assert str(caught.value) == (
        f"模板 macros.html 第 {line} 行：列表页中的通知没有“body”：列表页只显示标题、日期、发文机关和截止日期，"
        "正文和其他字段只在通知页、周报页、订阅源和数据文件中显示")


def test_a_value_made_apart_comes_from_another_process_and_is_kept(tmp_path: Path):
    from digest.store import Store

    store = Store(tmp_path / "store")
    value = store.memo_json_apart("probe", "k", lambda: {"pid": os.getpid(), "items": [1, 2]})
    assert value()["pid"] != os.getpid() and value()["items"] == [1, 2]
    store.commit()
    store.close()

    def never() -> dict:
        raise AssertionError("made again although it was kept")
    again = Store(tmp_path / "store")
    assert again.memo_json_apart("probe", "k", never)() == value()
    assert again.report.hits == 1
    again.close()


def test_a_value_made_apart_but_never_asked_for_is_not_kept(tmp_path: Path):
    from digest.store import Store

    store = Store(tmp_path / "store")
    store.memo_json_apart("probe", "k", lambda: "first")
    store.commit()
    store.close()
    again = Store(tmp_path / "store")
    assert again.memo_json_apart("probe", "k", lambda: "second")() == "second"
    again.close()


def test_a_checks_links_can_be_read_after_its_store_is_closed(sample_site: Path, tmp_path: Path):
    """`check` closes the store it opened, ending the process that makes the links apart: asked for
    later, they are made where they are asked for, and are the links a build shows."""
    from digest.pipeline import check

    site = check(config_for(sample_site, tmp_path / "_site"))
    related = {slug: [ref.title for ref in site.links[slug].same_agency] for slug in site.links}
    assert any(related.values())
    build(config_for(sample_site, tmp_path / "_site"))
    for slug, titles in related.items():
        page = (tmp_path / "_site" / f"notices/{slug}/index.html").read_text(encoding="utf-8")
        assert all(f">{escape(title)}</a>" in page for title in titles), slug
