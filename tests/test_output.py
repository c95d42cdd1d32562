"""The output folder: never half a site, never someone else's files, never inside the content."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, config_for
from digest import ContentErrors, build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build_command(content: Path, output: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(output),
            "--templates", str(REPO / "templates"), "--static", str(REPO / "static"), "--today", "2021-04-16",
            "--no-search"]


def visible(root: Path) -> dict[str, bytes]:
    """What readers of the folder are served: its files but digest's own hidden ones."""
    return {path: data for path, data in tree(root).items() if not any(part.startswith(".") for part in path.split("/"))}


def test_a_killed_build_leaves_every_file_whole_and_the_next_build_repairs_it(tmp_path: Path):
    versions = {}
    for name, title in (("old", "关于测试的通知"), ("new", "关于测试的通知（修订）")):
        content = tmp_path / name / "content"
        shutil.copytree(REPO / "content", content)
        notice = content / "2021/2021-04-16/cde-real-world-data-guidance.md"
        text = notice.read_text(encoding="utf-8")
        notice.write_text(text.replace("title: ", f"title: {title}", 1), encoding="utf-8")
        subprocess.run(build_command(content, tmp_path / name / "_site"), check=True, capture_output=True)
        versions[name] = (content, visible(tmp_path / name / "_site"))
    assert versions["old"][1] != versions["new"][1]

    output = tmp_path / "site" / "_site"
    shutil.copytree(tmp_path / "old" / "_site", output)
    started = time.monotonic()
    subprocess.run(build_command(versions["new"][0], tmp_path / "timing" / "_site"), check=True, capture_output=True)
    duration = time.monotonic() - started
    moments = random.Random(20210416)
    for attempt in range(20):
        content = versions["new" if attempt % 2 == 0 else "old"][0]
        process = subprocess.Popen(build_command(content, output), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moments.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path, data in visible(output).items():  # each file is one version's, whole
            assert data in (versions["old"][1].get(path), versions["new"][1].get(path)), f"attempt {attempt}: {path}"
    subprocess.run(build_command(versions["new"][0], output), check=True, capture_output=True)
    assert visible(output) == versions["new"][1]
    assert sorted(p.name for p in output.parent.iterdir()) == ["_site"]
    assert not [p for p in output.rglob("*") if p.name.endswith(".digest-new")]


def test_output_inside_or_around_content_is_refused(sample_site: Path, tmp_path: Path):
    for output in (sample_site, sample_site / "_site", sample_site.parent):
        with pytest.raises(ContentErrors) as caught:
            build(config_for(sample_site, output))
        assert "输出文件夹不能是内容文件夹" in str(caught.value)
    assert (sample_site / "agencies.yaml").is_file() and not (sample_site / "_site").exists()


def test_folder_with_foreign_files_is_refused_unless_replacing(sample_site: Path, tmp_path: Path):
    output = tmp_path / "public"
    output.mkdir()
    (output / "thesis.docx").write_bytes(b"important")
    with pytest.raises(ContentErrors) as caught:
        build(config_for(sample_site, output))
    assert str(caught.value) == f"{output}: 输出文件夹中已有不是 digest 生成的文件：请换一个空文件夹，或加 --replace-output 覆盖"
    assert (output / "thesis.docx").read_bytes() == b"important"
    build(config_for(sample_site, output, replace_output=True))
    assert not (output / "thesis.docx").exists() and (output / "index.html").is_file()


def test_nothing_is_written_outside_the_output_folder(sample_site: Path, tmp_path: Path):
    before = {p for p in tmp_path.rglob("*")}
    build(config_for(sample_site, tmp_path / "out" / "_site"))
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(p == tmp_path / "out" or (tmp_path / "out" / "_site") in (p, *p.parents) for p in created)
