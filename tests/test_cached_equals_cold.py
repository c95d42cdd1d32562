"""Stateful property: after any sequence of edits an editor can make (bodies, titles, dates, agencies,
renames, deletions, moves between issues, new notices, template edits, another base URL or build
date), a build with the kept store
gives exactly what a cold build of the same files gives: the same bytes, or the same errors.

`DIGEST_STATEFUL_EXAMPLES` sets how many sequences are tried (CI runs a few; benchmarks/ a long run)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from conftest import REPO, SAMPLE_SITE, config_for
from digest import ContentErrors, build

WEEKS = ["2021/2021-04-16", "2021/2021-04-23"]
TEMPLATES = ["notice.html", "week.html", "browse.html", "base.html", "macros.html", "agency.html"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)}


def outcome(content: Path, output: Path, templates: Path, store: Path | None, **options):
    try:
        build(config_for(content, output, templates=templates, cache_dir=store, **options))
    except ContentErrors as errors:
        return "errors", [str(e) for e in errors.errors]
    return "site", tree(output)


class Editing(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="digest-stateful-"))
        self.content = self.root / "content"
        self.templates = self.root / "templates"
        shutil.copytree(SAMPLE_SITE / "content", self.content)
        shutil.copytree(REPO / "templates", self.templates)
        self.count = 0
        self.options: dict = {}

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def notices(self) -> list[Path]:
        return sorted(self.content.glob("2021/*/*.md"))

    def change(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1) if old in text else text, encoding="utf-8")

    @rule(pick=st.integers(0, 9), words=st.sampled_from(["特此通知。", "现将有关事项通知如下。", "| 2 | 同方威视 |"]))
    def edit_body(self, pick, words):
        path = self.notices()[pick % len(self.notices())]
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")

    def set_field(self, pick: int, name: str, value: str) -> None:
        path = self.notices()[pick % len(self.notices())]
        line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(f"{name}:"))
        self.change(path, line, f"{name}: {value}")

    @rule(pick=st.integers(0, 9), title=st.sampled_from(["关于开展申报工作的通知", "关于公示结果的公告", "关于〈测试〉的通知"]))
    def edit_title(self, pick, title):
        self.set_field(pick, "title", title)

    @rule(pick=st.integers(0, 9), day=st.sampled_from(["2021-04-12", "2021-04-14", "2021-04-20", "2021-02-30"]))
    def edit_date(self, pick, day):
        self.set_field(pick, "date", day)

    @rule(pick=st.integers(0, 9), issuers=st.sampled_from(["[cnipa]", "[beijing-ipa]", "[cnipa, beijing-ipa]", "[nobody]"]))
    def edit_issuers(self, pick, issuers):
        self.set_field(pick, "issuers", issuers)

    @rule(pick=st.integers(0, 9), end=st.sampled_from(["2021-05-14", "2021-06-30", "2021-04-17"]))
    def edit_deadline(self, pick, end):
        path = self.notices()[pick % len(self.notices())]
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip().startswith(("date: 2021-05", "end: ", "date: 2021-06", "date: 2021-04-17")) and line.startswith(" "):
                self.change(path, line, line.split(":")[0] + f": {end}")
                return

    @rule(pick=st.integers(0, 9))
    def rename(self, pick):
        path = self.notices()[pick % len(self.notices())]
        self.count += 1
        path.rename(path.with_name(f"renamed-{self.count}.md"))

    @rule(pick=st.integers(0, 9))
    def delete(self, pick):
        if len(self.notices()) > 1:
            self.notices()[pick % len(self.notices())].unlink()

    @rule(pick=st.integers(0, 9), week=st.sampled_from(WEEKS))
    def move(self, pick, week):
        path = self.notices()[pick % len(self.notices())]
        target = self.content / week / path.name
        if target != path and not target.exists():
            path.rename(target)

    @rule(week=st.sampled_from(WEEKS), order=st.integers(1, 3))
    def add(self, week, order):
        self.count += 1
        (self.content / week / f"new-{self.count}.md").write_text(
            f"---\ntitle: 新通知 {self.count}\nissuers: [cnipa]\ndate: {week[-10:]}\nsection: ip\ngroup: news\n"
            f"order: {order}\nkind: 资讯\n---\n正文 {self.count}。\n", encoding="utf-8")

    @rule(name=st.sampled_from(TEMPLATES))
    def edit_template(self, name):
        with open(self.templates / name, "a", encoding="utf-8") as file:
            file.write(f"{{# {self.count} #}}\n")
        self.count += 1

    @rule(base_url=st.sampled_from(["/", "/digest/", "https://example.org/digest/"]),
          today=st.sampled_from([dt.date(2021, 4, 16), dt.date(2021, 5, 20), dt.date(2022, 1, 1)]))
    def change_settings(self, base_url, today):
        """Build with another address or on a later day: statuses change, and every link."""
        self.options = {"base_url": base_url, "today": today}

    @invariant()
    def cached_build_equals_a_cold_one(self):
        kept = outcome(self.content, self.root / "_site", self.templates, self.root / "store", **self.options)
        fresh = self.root / f"cold-{self.count}"
        cold = outcome(self.content, fresh / "_site", self.templates, None, **self.options)
        shutil.rmtree(fresh, ignore_errors=True)
        assert kept == cold


Editing.TestCase.settings = settings(
    max_examples=int(os.environ.get("DIGEST_STATEFUL_EXAMPLES", "6")), stateful_step_count=6, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # shrinking a sequence of builds takes minutes: the failing sequence is printed as found
    phases=[Phase.explicit, Phase.reuse, Phase.generate])
TestCachedBuildEqualsColdBuild = Editing.TestCase
