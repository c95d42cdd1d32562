"""The whole pipeline: load and link everything, then render and publish."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path

from .cache import BuildCache, fingerprint, frame_fingerprint, render_fingerprint
from .calendars import calendar_pages, week_events
from .config import BuildConfig
from .data import WeekData, WeekShare, data_pages, week_data, week_share
from .deferred import StaleCache
from .errors import ContentError, ContentErrors, display_path, warnings_from_json, warnings_to_json
from .feeds import feed_entry, feed_key, feed_notices, feed_pages, feed_paths, patched_feed
from .load import LoadedWeek, WeekMemo, load_content
from .plan import PlannedWeek, SitePlan, plan_site, planned_week
from .publish import check_output, clear_leftovers, publish, spare_folder
from .render import Page, render_pages, week_pages
from .search import index_site
from .site import (Agency, Notice, Site, Week, agencies_digest, link, link_agencies, link_week, make_week,
                   notices_in)
from .workers import parallel_map


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    weeks: int
    notices: int
    warnings: tuple[ContentError, ...]
    unchanged: bool = False  # nothing the build reads had changed: the output was left as it was


@dataclass
class Resident:
    """What is kept between builds: weeks whose files did not change are then neither read nor linked
    again. A process that builds again and again (the preview) keeps it in memory; with a build
    cache, each build also keeps it on disk for the next process."""

    loaded: WeekMemo = field(default_factory=WeekMemo)  # see load.load_content
    linked: WeekMemo = field(default_factory=WeekMemo)  # see site.link
    parts: WeekMemo = field(default_factory=WeekMemo)  # see _kept_parts

    def forget(self) -> None:
        """Keep nothing: the next build reads every week from its files."""
        for memo in (self.loaded, self.linked, self.parts):
            memo.keep_only(set())

    def restore(self, kept: Mapping[Path, tuple]) -> None:
        """Take back what `changes` gave of each week."""
        for folder, entries in kept.items():
            for memo, entry in zip((self.loaded, self.linked, self.parts), entries):
                if entry is not None:
                    memo.restore(folder, *entry)

    def changes(self) -> dict[Path, tuple]:
        """The weeks made again since the last call, each as (the signature of its files, its (loaded,
        linked, parts) entries), the last two None where there are none. The entries are pickled
        together: the linked entry is keyed by the loaded week, which must stay one object."""
        memos = (self.loaded, self.linked, self.parts)
        made = set.union(*(memo.made for memo in memos)) & self.loaded.folders()
        for memo in memos:
            memo.made = set()
        return {folder: (self.loaded.entry(folder)[0], tuple(memo.entry(folder) for memo in memos))
                for folder in made}


@dataclass(frozen=True)
class _WeekParts:
    """A week's share of the files that list every notice or deadline."""

    data: WeekData
    events: Mapping[tuple[str, int], bytes]
    page_keys: dict[str, str] = field(default_factory=dict)  # see render_pages and calendar_pages


def _week_parts(week: Week, config: BuildConfig) -> _WeekParts:
    return _WeekParts(week_data(week, config.link_root), week_events(week, config))


def _parts_key(week: Week | PlannedWeek, config: BuildConfig) -> tuple:
    """What a week's parts are made from, besides digest's code."""
    return config.link_root, config.today, config.soon_days, week.full_digest


def _week_share(cache: BuildCache, config: BuildConfig, week: Week, data: WeekData) -> WeekShare:
    """A week's share of the data files, its parts kept in the build cache by what they are made from."""
    return week_share(week, data, partial(cache.week_file, week.folder, key=_parts_key(week, config)))


def _kept_parts(site: Site, config: BuildConfig, resident: Resident) -> Callable[[Week], _WeekParts]:
    """Each week's parts: kept by the resident while the week and the settings are as they were, the
    others made here (on all cores when there are many) and kept."""
    keys = {week.folder: _parts_key(week, config) for week in site.weeks}
    missing = [week for week in site.weeks if not resident.parts.holds(week.folder, keys[week.folder])]
    for week, made in zip(missing, parallel_map(partial(_week_parts, config=config), missing)):
        resident.parts.add(week.folder, keys[week.folder], made)
    resident.parts.keep_only(set(keys))
    by_date = {week.date: resident.parts.entry(week.folder)[1] for week in site.weeks}  # dates hash fast, paths do not
    return lambda week: by_date[week.date]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading allocates millions of objects and frees them with reference counting alone; the cycle
    collector would walk all of them again and again (a fifth of the time of a small rebuild)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(config: BuildConfig, cache: BuildCache | None = None) -> Site:
    """Load, link and check everything; raises ContentErrors on errors (and on warnings when strict)."""
    with _no_cycle_collection():
        return _check(config, cache or BuildCache(None), None)


def _check(config: BuildConfig, cache: BuildCache, resident: Resident | None, kept_weeks: bool = True) -> Site:
    def restore(signatures: Mapping[Path, str | None]) -> None:
        # A new process, a preview's first build, or one after an edit applied alone: take back the
        # weeks the cache kept whose files are as they were (in a new clone, say, none is even unpickled).
        held = resident.loaded.folders()
        if kept_weeks and not signatures.keys() <= held:
            resident.restore(cache.kept_weeks(
                lambda folder, key: folder not in held and signatures.get(folder) == key))

    with cache.rendering() as render_later:
        content = load_content(config.content, on_week=_body_renderer(cache, resident, render_later),
                               parsed=lambda: cache.parsed, weeks=resident.loaded if resident else None,
                               restore=restore if resident else None, signatures_taken=cache.files.signatures)
        cache.complete = content.read_all
        cache.release_parsed()
    site = link(content, config.today, config.soon_days, cache.render_body, resident.linked if resident else None)
    if config.strict and site.warnings:
        raise ContentErrors(list(site.warnings))
    return site


def _body_renderer(cache: BuildCache, resident: Resident | None,
                   render_later: Callable[[list[str], Callable], None]) -> Callable[[LoadedWeek], None]:
    """What loading calls with each week read from its files: its bodies are rendered on the other
    cores while loading goes on, those it had before taken back."""

    def bodies_before(folder: Path) -> Iterator[tuple[str, str]]:
        # A week read again (after an edit, say): its notices' bodies as last linked, in this process or another.
        linked = resident.linked.entry(folder) if resident else None  # (key, site._LinkedWeek)
        if linked is None and (kept := cache.kept_week(folder)) is not None:
            linked = kept[1]  # kept are the (loaded, linked, parts) entries: see Resident.changes
        try:
            for notice in notices_in(linked[1].sections) if linked else ():
                yield notice.body, notice.rendered
        except StaleCache:  # replaced since by another build: the rest is rendered again
            return

    return lambda week: render_later([n.record.body for n in week.notices], partial(bodies_before, week.folder))


def build(config: BuildConfig, progress: Callable[[int], None] | None = None,
          resident: Resident | None = None) -> BuildResult:
    """Build the site; raises ContentErrors, before anything is written, if the content has errors.
    `progress` is called with the number of pages written so far. A process that builds again and
    again (the preview) passes the same `resident` each time; what that holds is then left frozen
    (gc.freeze) between builds, out of the cycle collector's way."""
    try:
        try:
            return _build(config, progress, resident)
        except StaleCache:
            # Another build replaced a cache file this one had begun to read from (two builds sharing a
            # cache at once): build again, reading every week from its files.
            if resident is not None:
                resident.forget()
            return _build(config, progress, resident, kept_weeks=False)
    finally:
        # What a resident holds stays frozen (see _build) between builds: the cycle collector would
        # walk all of it again every other rebuild or so (0.4 s at archive scale).
        if resident is None:
            gc.unfreeze()


def _build(config: BuildConfig, progress: Callable[[int], None] | None, resident: Resident | None,
           kept_weeks: bool = True) -> BuildResult:
    check_output(config.output, config.content, config.replace_output)
    kept_frozen = resident is not None and len(resident.loaded) > 0  # by an earlier build of this process
    cache = BuildCache(config.cache_dir)
    if config.cache_dir:
        inputs = fingerprint(config, cache.files)
        last = cache.last_build(inputs, config.output)
        if last is not None and kept_weeks:
            clear_leftovers(config.output)  # of builds killed since that one
            return BuildResult(output=config.output, pages=last["pages"], weeks=last["weeks"],
                               notices=last["notices"], warnings=warnings_from_json(last["warnings"]),
                               unchanged=True)
        if resident is None:
            resident = Resident()
        if kept_weeks:
            edited = _apply_edit(config, cache, inputs, resident, progress)
            if edited is not None:
                return edited
    with _no_cycle_collection():
        site = _check(config, cache, resident, kept_weeks)
        # The site lives until the build ends: rendering (which does make cycles) collects only what it
        # allocates, and the worker processes forked from here share the site's memory pages untouched.
        # Frozen before the collector is back on, whose first pass would otherwise walk all of it.
        # Where an earlier build froze what the resident keeps, the garbage left since is collected
        # first (a pass over what is not frozen), so that none of it is frozen for good.
        if kept_frozen:
            gc.collect()
        gc.freeze()
    # the data files first, the largest: in a full build one worker writes them while others go on
    parts = _kept_parts(site, config, resident) if resident else None
    week_keys = parts and (lambda week: parts(week).page_keys)

    shares = [_week_share(cache, config, week, parts(week).data if parts else week_data(week, config.link_root))
              for week in reversed(site.weeks)]
    pages = chain(data_pages(shares, site.agencies, config),
                  render_pages(site, config, feed_paths(site.agencies), cache.compiled_templates(), week_keys),
                  calendar_pages(site, config, parts and (lambda week: parts(week).events), week_keys),
                  feed_pages(site, config))
    if not config.cache_dir:
        keys = publish(pages, config.static_dir, config.output, index_site if config.search else None, progress)
        return BuildResult(output=config.output, pages=len(keys), weeks=len(site.weeks), notices=len(site.notices),
                           warnings=site.warnings)
    plan = plan_site(site, frame_fingerprint(config, cache.files, {str(week.folder) for week in site.weeks}),
                     cache.files.digests, feed_notices(site))
    return _publish_kept(config, cache, inputs, pages, plan, progress, resident, resident.loaded.folders())


def _publish_kept(config: BuildConfig, cache: BuildCache, inputs: str, pages: Iterable[Page], plan: SitePlan,
                  progress: Callable[[int], None] | None, resident: Resident, present: set[Path]) -> BuildResult:
    """Publish into the spare folder, then keep what the next build needs: the pages' keys and the
    plan with the output, the weeks made again (and only those of `present`)."""
    render = render_fingerprint(config)
    spare = spare_folder(config.output.resolve())
    keys = publish(pages, config.static_dir, config.output, index_site if config.search else None, progress,
                   keep_spare=True, spare_keys=cache.page_keys(spare, render),
                   output_keys=cache.page_keys(config.output, render))
    replaced = {"render": render, "pages": keys}  # publish made the spare hold the same pages as the output
    result = BuildResult(output=config.output, pages=len(keys), weeks=len(plan.weeks),
                         notices=sum(len(week.slugs) for week in plan.weeks), warnings=plan.warnings)
    cache.save(inputs, config.output, {"pages": result.pages, "weeks": result.weeks, "notices": result.notices,
                                       "warnings": warnings_to_json(plan.warnings)},
               folders={config.output: {"render": render, "pages": keys, "plan": plan.to_marshal()}, spare: replaced})
    cache.keep_weeks(resident.changes(), present)
    return result


def _apply_edit(config: BuildConfig, cache: BuildCache, inputs: str, resident: Resident,
                progress: Callable[[int], None] | None) -> BuildResult | None:
    """The build of an edit that leaves every list as it was, applied to the site in the output (see
    plan.py); None where the site must be built whole (any other change, or any error to report)."""
    written = cache.written(config.output)
    plan = SitePlan.from_marshal(written.get("plan")) if written else None
    if plan is None or frame_fingerprint(config, cache.files, {w.folder for w in plan.weeks}) != plan.frame:
        return None
    changed = {Path(w.folder): i for i, w in enumerate(plan.weeks) if cache.files.digests.get(w.folder) != w.files_digest}
    others = {slug for w in plan.weeks if Path(w.folder) not in changed for slug in w.slugs}
    if not changed or any(name.removesuffix(".md") in others for folder in changed for name in os.listdir(folder)):
        return None  # a notice's file name (its URL) taken by another week's: the whole build names both
    with _no_cycle_collection():
        edited_weeks = _link_edited(config, cache, resident, plan, changed)
    if edited_weeks is None:
        return None
    weeks, agencies, new_warnings = edited_weeks
    shown = tuple(display_path(folder, config.content) + "/" for folder in changed)
    warnings = tuple(sorted(set(new_warnings).union(w for w in plan.warnings if not w.path.startswith(shown))))
    if config.strict and warnings:
        return None
    edited = {notice.slug: notice for week in weeks for notice in week.notices}
    titles = feed_paths(agencies)
    feeds = _patched_feeds(config, plan, edited, titles)
    if feeds is None:
        return None
    new_weeks = {week.folder: week for week in weeks}
    parts = {week.folder: resident.parts.get(week.folder, _parts_key(week, config), partial(_week_parts, week, config))
             for week in weeks}

    def share(planned: PlannedWeek) -> WeekShare:
        folder = Path(planned.folder)
        if folder in new_weeks:
            return _week_share(cache, config, new_weeks[folder], parts[folder].data)
        key = _parts_key(planned, config)
        return WeekShare(planned.full_digest, lambda suffix: cache.week_file(folder, suffix, _gone, key=key))

    made = [*week_pages(weeks, config.today, config, titles, cache.compiled_templates(),
                        lambda week: parts[week.folder].page_keys),
            *feeds, *data_pages([share(w) for w in plan.weeks], agencies, config)]
    made_paths = {page.path for page in made}
    output = str(config.output)
    carried = [Page(path, partial(_read, output, path), key)  # linked from the output (read where links fail)
               for path, key in cache.page_keys(config.output, render_fingerprint(config)).items()
               if path not in made_paths]
    plan = replace(plan, warnings=warnings, weeks=tuple(
        planned_week(new_weeks[Path(w.folder)], cache.files.digests[w.folder]) if Path(w.folder) in new_weeks else w
        for w in plan.weeks))
    return _publish_kept(config, cache, inputs, chain(made, carried), plan, progress, resident,
                         {Path(w.folder) for w in plan.weeks})


def _link_edited(config: BuildConfig, cache: BuildCache, resident: Resident, plan: SitePlan,
                 changed: Mapping[Path, int]) -> tuple[list[Week], dict[str, Agency], list[ContentError]] | None:
    """The weeks of these folders (by their place in the plan) read and linked, with the agencies and
    their warnings; None where they have errors or lists would not show them as the plan has them."""
    with cache.rendering() as render_later:
        content = load_content(config.content, on_week=_body_renderer(cache, resident, render_later),
                               weeks=resident.loaded, signatures_taken=cache.files.signatures, only=changed)
    errors: list[ContentError] = list(content.errors)
    agencies = link_agencies(content.agencies, errors)
    if errors or len(content.weeks) != len(changed):
        return None  # reported by the whole build
    weeks, warnings, of_agencies = [], [], agencies_digest(agencies)
    for loaded_week in content.weeks:
        i = changed[loaded_week.folder]
        linked = link_week(loaded_week, agencies, of_agencies, config.today, config.soon_days,
                           cache.render_body, {}, resident.linked)
        week = make_week(loaded_week, linked.sections, plan.weeks[i - 1].date if i else None,
                         plan.weeks[i + 1].date if i + 1 < len(plan.weeks) else None)
        if linked.errors or week.digest != plan.weeks[i].digest:
            return None
        weeks.append(week)
        warnings += linked.warnings
    return weeks, agencies, warnings


def _patched_feeds(config: BuildConfig, plan: SitePlan, edited: Mapping[str, Notice],
                   titles: Mapping[str, str]) -> list[Page] | None:
    """The feeds that hold edited notices, each the feed in the output with their entries made again;
    None where one is not as the plan has it."""
    full_digests = {slug: digest for week in plan.weeks for slug, digest in zip(week.slugs, week.full_digests)}
    full_digests.update((slug, notice.full_digest) for slug, notice in edited.items())
    pages = []
    for path, slugs in plan.feeds.items():
        if edited.keys().isdisjoint(slugs):
            continue
        try:
            with open(config.output / path, "rb") as file:
                feed = patched_feed(file.read(), slugs, {s: feed_entry(edited[s], config) for s in slugs if s in edited})
        except OSError:
            return None
        if feed is None:
            return None
        pages.append(Page(path, partial(bytes, feed), feed_key(titles[path], [full_digests[slug] for slug in slugs])))
    return pages


def _read(folder: str, path: str) -> bytes:
    with open(os.path.join(folder, path), "rb") as file:
        return file.read()


def _gone() -> bytes:
    raise StaleCache("a week's part of the data files is gone from the build cache")
