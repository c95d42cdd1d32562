"""The preview walks again only the folders its file watcher saw change: after each kind of save,
what it wrote is what a cold build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, config_for
from digest.errors import ContentErrors
from digest.pipeline import build
from digest.serve import Preview
from test_cached_equals_cold import tree


def cold(content: Path, output: Path):
    shutil.rmtree(output, ignore_errors=True)
    try:
        build(config_for(content, output))
    except ContentErrors as errors:
        return sorted(str(e) for e in errors.errors)
    return tree(output)


def shown(preview: Preview, output: Path):
    return sorted(str(e) for e in preview.problems) if preview.problems else tree(output)


def test_each_save_rebuilds_as_a_cold_build_would(sample_site: Path, tmp_path: Path):
    output = tmp_path / "preview"
    preview = Preview(config_for(sample_site, output, cache_dir=tmp_path / "store"))
    preview.rebuild()
    assert not preview.failure and shown(preview, output) == cold(sample_site, tmp_path / "cold")
    every_file = sum(1 for folder in (sample_site, REPO / "templates", REPO / "static")
                     for path in folder.rglob("*") if path.is_file())
    assert preview.last.files_seen == every_file

    week = sample_site / "2021/2021-04-16"
    notice = week / "beijing-sme-zones.md"
    text = notice.read_text(encoding="utf-8")

    def body_edit():
        notice.write_text(text.replace("根据《", "根据鲲鹏计划和《", 1), encoding="utf-8")
        return {str(notice)}

    def copy_week(folder: Path, date: str, suffix: str) -> set[str]:
        folder.mkdir(parents=True)
        (folder / "week.yaml").write_text((week / "week.yaml").read_text(encoding="utf-8")
                                          .replace("2021-04-16", date), encoding="utf-8")
        copied = folder / f"beijing-sme-zones-{suffix}.md"
        copied.write_text(text, encoding="utf-8")
        return {str(folder), str(folder / "week.yaml"), str(copied)}

    def new_week():
        return copy_week(sample_site / "2021/2021-04-30", "2021-04-30", "again")

    def bad_file():
        (week / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
        return {str(week / "broken.md")}

    def bad_file_removed():
        (week / "broken.md").unlink()
        return {str(week / "broken.md")}

    def new_year():
        return copy_week(sample_site / "2022/2022-01-07", "2022-01-07", "next-year") | {str(sample_site / "2022")}

    def week_deleted():
        shutil.rmtree(sample_site / "2021/2021-04-30")
        return {str(sample_site / "2021/2021-04-30")}

    def notice_deleted():
        notice.unlink()
        return {str(notice)}

    outcomes = []
    for edit in (body_edit, new_week, bad_file, bad_file_removed, new_year, week_deleted, notice_deleted):
        preview.rebuild(edit())
        assert not preview.failure, (edit.__name__, preview.failure)
        expected = cold(sample_site, tmp_path / "cold")
        assert shown(preview, output) == expected, edit.__name__
        outcomes.append(isinstance(expected, list))
        if edit is body_edit:  # only the saved notice's week folder was looked at
            assert preview.last.files_seen == len(list(week.iterdir()))
    # the sequence went through a stopped build and back
    assert outcomes == [False, False, True, False, False, False, False]
