"""The build, one path: scan → load (memoised per week) → link → pages with keys → write what
changed → index. A cold build is the same function with an empty store."""

from __future__ import annotations

import fcntl
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator

from .config import BuildConfig
from .errors import BuildError, ContentError, ContentErrors, warnings_to_json
from .keys import page_key
from .output import Page, PageGroup
from .scan import CONTENT_ADVICE, CONTENT_BYTES, STATIC_BYTES, TEMPLATE_BYTES, Folder, Scanner
from .store import Store, code_version
from .workers import InBackground
from .write import (LOCK, PARALLEL_PAGES, RESIDENT_PARALLEL_PAGES, WRITING, check_output,
                    remove_old_spare, stat_changes, stat_lines, write_site)


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and the work it did to make it."""

    output: Path
    pages: int
    weeks: int
    notices: int
    warnings: tuple[ContentError, ...]
    unchanged: bool = False  # nothing the build reads had changed and the output was as written
    weeks_read: int = 0  # week folders read from their files (the others came from the store)
    bodies_rendered: int = 0  # notice bodies made into HTML (the others were as the last build read them)
    files_hashed: int = 0  # input files read to take their digest (the others' stat was as recorded)
    files_seen: int = 0  # input files whose stat was taken (the preview looks only where a save was)
    pages_written: int = 0  # pages made and written (a page is made only when written)
    pages_removed: int = 0
    years_indexed: int = 0  # years whose search bundle Pagefind made (the others were as written or kept)
    notes: tuple[str, ...] = ()  # about the store: a damaged entry ignored, a store that could not be written


@dataclass
class Resident:
    """What a process that builds again and again (the preview) keeps between builds: the values it
    decoded from the store, so a save reads and decodes only what it changed."""

    memory: dict = field(default_factory=dict)
    # The output folder is this process's own (the preview's, removed when it exits): what was written
    # there is kept here rather than in the store, and its files are taken to be as written.
    written: dict | None = None  # the output record of the last build
    walks: dict = field(default_factory=dict)  # each input folder as the last build walked it
    # every path the preview's file watcher saw change since the last build (None: not known, so
    # every input folder is walked whole)
    changed: set[str] | None = None


def check(config: BuildConfig, store: Store | None = None):
    """Load, link and check everything; raises ContentErrors on errors (and on warnings when strict)."""
    from .link import link
    from .load import load_content

    own = store is None
    store = store or Store(None)
    try:
        site = link(load_content(config.content, store, Scanner(store, config.content)), config.today, config.soon_days)
    finally:
        if own:
            store.close()  # what is still being made apart is made here if asked for (site.links)
    if config.strict and site.warnings:
        raise ContentErrors(list(site.warnings))
    return site


def build(config: BuildConfig, progress: Callable[[int], None] | None = None,
          resident: Resident | None = None, pages_ready: Callable[[], None] | None = None) -> BuildResult:
    """Build the site; raises ContentErrors, before anything is written, if the content has errors.
    `progress` is called with the number of pages written so far, `pages_ready` once every page is in
    place and before the search index is brought up to date (the preview reloads then)."""
    check_output(config.output, config.content, config.replace_output)
    with _exclusive(config.output):
        check_output(config.output, config.content, config.replace_output)  # again: another build may have written it
        store = Store(config.cache_dir, memory=resident.memory if resident else None)
        try:
            # the stat of every file written there before, taken by another process while this one
            # walks, loads and links (the preview's own folder is as it wrote it)
            lines = None if resident else store.get("output-stats", str(config.output.resolve()))
            known = lines is not None
            with InBackground(partial(stat_changes, config.output, lines), start=known) as checking:
                return _build(config, store, progress, pages_ready, resident, checking.result if known else None)
        finally:
            store.commit()
            store.close()


def _build(config: BuildConfig, store: Store, progress: Callable[[int], None] | None,
           pages_ready: Callable[[], None] | None, resident: Resident | None,
           moved: Callable[[], bytes] | None) -> BuildResult:
    """`moved`: the files of the output whose stat is not as recorded (`write.stat_changes`), None
    where the store has no record of them."""
    remove_old_spare(config.output)
    scanner = Scanner(store, config.content, resident.walks if resident else None,
                      resident.changed if resident else None)
    content = scanner.walk(config.content, CONTENT_BYTES, CONTENT_ADVICE)
    templates = scanner.walk(config.templates_dir, TEMPLATE_BYTES)
    static = scanner.walk(config.static_dir, STATIC_BYTES)
    problems = templates.problems + static.problems
    output = str(config.output.resolve())
    inputs = page_key(code_version(), _settings(config), content.digest(), templates.digest(), static.digest())
    private = resident is not None
    # what the last build wrote there, and from what
    written_before = resident.written if private else store.get_json("output", output)
    if (written_before is not None and written_before["inputs"] == inputs and not problems
            and not (config.output / WRITING).exists()
            and (private or (moved is not None and not moved()))):
        last = written_before["result"]
        return BuildResult(output=config.output, pages=last["pages"], weeks=last["weeks"], notices=last["notices"],
                           warnings=tuple(ContentError(*w) for w in last["warnings"]), unchanged=True,
                           files_hashed=scanner.files_read, files_seen=scanner.files_seen,
                           notes=tuple(store.report.notes))

    # the pages and groups it wrote, each with its key
    if private or written_before is None:
        pages_before = written_before
    else:
        pages_before = store.get_json("output-pages", output)
    manifest = pages_before["pages"] if pages_before else None
    groups = pages_before["groups"] if pages_before else None
    rendering = page_key(_rendering(config))
    if manifest is not None and written_before["rendering"] != rendering:
        # every page is made again: no page key covers these, as they are the same for every page
        manifest = {path: ["", record[1], record[2]] for path, record in manifest.items()}
        groups = None

    from .link import link
    from .load import load_content

    loaded = load_content(config.content, store, scanner, content)
    try:
        site = link(loaded, config.today, config.soon_days)
    except ContentErrors as errors:
        raise ContentErrors(errors.errors + problems) from None
    if problems:
        raise ContentErrors(problems + list(site.warnings))
    if config.strict and site.warnings:
        raise ContentErrors(list(site.warnings))
    store.commit()  # the weeks read: kept even if writing fails
    written = write_site(_pages(site, config, templates, static, store, private), config.output, manifest, store,
                         progress, groups, trusted=private,
                         parallel_from=RESIDENT_PARALLEL_PAGES if private else PARALLEL_PAGES, moved=moved)
    if pages_ready is not None:
        pages_ready()
    searched = {}
    if config.search and (written.written or written.removed or not (config.output / "pagefind/bundles.json").is_file()):
        from .search import index_site, notice_years

        years = notice_years(written.manifest, {slug: n.week_date.year for slug, n in site.notices.items()})
        searched = index_site(config.output, years, store.memo)
    record = {"pages": written.pages, "weeks": len(site.weeks), "notices": len(site.notices),
              "warnings": warnings_to_json(site.warnings)}
    written_now = {"inputs": inputs, "rendering": rendering, "result": record}
    if private:
        resident.written = {**written_now, "pages": written.manifest, "groups": written.groups}
    else:  # three entries: a build that changes nothing reads the first two, small and plain
        store.put_json("output", output, written_now)
        store.put("output-stats", output, stat_lines(written.manifest))
        store.put_json("output-pages", output, {"pages": written.manifest, "groups": written.groups})
    store.forget_unused()
    return BuildResult(output=config.output, pages=written.pages, weeks=len(site.weeks), notices=len(site.notices),
                       warnings=site.warnings, weeks_read=loaded.weeks_read,
                       bodies_rendered=loaded.bodies_rendered, files_hashed=scanner.files_read,
                       files_seen=scanner.files_seen,
                       pages_written=written.written, pages_removed=written.removed,
                       years_indexed=searched.get("years_indexed", 0), notes=tuple(store.report.notes))


def _pages(site, config: BuildConfig, templates: Folder, static: Folder, store: Store,
           resident: bool) -> Iterator[Page | PageGroup]:
    """Every file of the site: the data files first (the largest, so one worker writes them while
    others go on), an issue's pages and its notices' calendars as a group, the lists and their
    calendars as another (made from what lists show of the notices), the feeds, and the static files."""
    from .calendars import calendar_pages, notice_calendars
    from .data import data_pages
    from .feeds import feed_pages, feed_paths
    from .render import make_environment, render_pages

    # compiled once per process for the templates as they are (in memory only: the preview keeps them,
    # all compiled at once)
    env = store.local("templates", (templates.digest(), config.base_url, str(config.templates_dir)),
                      partial(make_environment, config, resident))

    return chain(data_pages(site, config, store.memo),
                 render_pages(site, config, feed_paths(site.agencies), store.memo, env,
                              more_lists=partial(calendar_pages, site, config, store.memo_json, store.memo),
                              more_issue_files=partial(notice_calendars, config, store.memo_json),
                              local=store.local),
                 feed_pages(site, config),
                 (Page(f"static/{f.relative}", partial(_read, f.path), f.digest) for f in static.files))


def _settings(config: BuildConfig) -> list[str]:
    return [config.base_url, config.today.isoformat(), str(config.soon_days), str(config.search), str(config.strict),
            str(config.pdf),
            str(config.templates_dir.resolve()), str(config.static_dir.resolve())]


def _rendering(config: BuildConfig) -> list[str]:
    """The settings every page is rendered with (the build date is in the keys of the pages that show it)."""
    return [config.base_url, str(config.soon_days), str(config.search), str(config.pdf)]


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


@contextmanager
def _exclusive(output: Path) -> Iterator[None]:
    """One build at a time for an output folder (and what it writes besides: the store's manifest of
    it). The lock is a file of the output folder itself, so nothing is written beside it."""
    output = output.resolve()
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = open(output / LOCK, "a")
    except OSError as error:
        raise BuildError(f"无法写入 {output}（{error.strerror}）：请换一个输出文件夹（--output）或修改权限") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"另一个构建正在写入 {output}：等它结束后再开始……", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
