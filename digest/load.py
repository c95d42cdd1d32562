"""Records to typed models, one week folder at a time, memoised in the store by the folder's files.

A week is loaded from its files into plain data: the week itself and the problems found in its
folder (`WeekSummary`), what lists show of each notice (`NoticeRecord`), and the notices' text
(front matter, Markdown, HTML). The store keeps the three apart under a hash of the folder's file
digests, so a build reads from files only the weeks whose files changed, and decodes a week's
records only where it links the week again (link.py), and its texts only for the pages that show
them. The value it keeps is exactly the value loading makes, so a kept week and a week read again
are the same week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping

import msgspec
from slugify import slugify

from .citations import Refs, mentions, refs_of
from .checks import body_warnings, claim_warning, date_warnings, unverified_warning
from .deadlines import Deadline, DeadlineRecord, resolve
from .directory import merged
from .errors import BuildError, ContentError, ContentErrors, display_path, warnings_to_json
from .keys import text_digest
from .markup import render_body
from .models import MAX_ID_LENGTH, SLUG_PATTERN, AgencyEntry, FrontMatter, Group, Section, SectionEntry, WeekFile
from .records import read_markdown_file, read_yaml_file
from .references import NO_ISSUER, pending_issuers
from .settle import settle
from .scan import CONTENT_ADVICE, CONTENT_BYTES, Folder, InputFile, Scanner, ignored
from .store import Store
from .validate import Loaded, validate
from .workers import parallel_map

AGENCIES_FILE = "agencies.yaml"
REREAD = "构建缓存中缺少本次构建已读取的内容：已从文件重新读取（站点不受影响，构建变慢）"
WEEK_FILE = "week.yaml"
_WEEK_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


class NoticeRecord(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What lists show of a notice, as loaded from its file (agencies still as ids). The store keeps
    it as it is (a struct: a kept week is decoded straight into its records)."""

    slug: str
    shown: str  # its path as editors see it
    line: int  # of its front matter, for problems of the file as a whole
    digest: str  # of the file's text
    listed: str  # a digest of the fields below: what lists show of it
    front: str  # a digest of its front matter as validated: what the data files show of it, but its body
    title: str
    date: dt.date
    published: dt.date | None
    section: Section
    group: Group
    order: int
    kind: str
    issuers: tuple[tuple[str, int], ...]  # (agency id, line)
    deadlines: tuple[DeadlineRecord, ...]
    refs: Refs  # its number, title and tags, and what its body cites (citations.py)
    aliases: tuple[tuple[str, int], ...] = ()  # old file names, each with its line


class WeekSummary(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A week folder as the store keeps it, apart from its notices (`NoticeRecord`, kept beside it,
    read only where a week is linked again) and their text."""

    problems: tuple[tuple[str, int, str, str, bool, str, str], ...]  # as `warnings_to_json` gives them
    week: dict | None  # its week.yaml: shown path, digest and model; None where it has errors
    files: tuple[tuple[str, str], ...]  # (slug, shown path) of every notice file, valid or not
    digests: tuple[str, ...]  # of each valid notice's file, in the order of its records


Records = tuple[NoticeRecord, ...]  # a week's notices, as the store keeps them


@dataclass(frozen=True)
class WeekRecord:
    folder: Path
    key: str  # a hash of its files: what the store keeps it by
    shown: str
    digest: str  # of its week.yaml
    date: dt.date
    publisher: str
    note: str | None
    number: int | None  # 期号, where week.yaml gives it
    sections: tuple[SectionEntry, ...]
    files: tuple[tuple[str, str], ...]  # (slug, shown path) of every notice file, valid or not
    digests: tuple[str, ...]  # of each valid notice's file


@dataclass(frozen=True)
class NoticeText:
    """What only pages that show a notice's text read."""

    source: FrontMatter
    body: str  # the Markdown as written
    rendered: str  # the body as HTML


@dataclass(frozen=True)
class Content:
    root: Path
    agencies: tuple[Loaded[AgencyEntry], ...]
    weeks: tuple[WeekRecord, ...]  # oldest first
    problems: tuple[ContentError, ...]  # errors and warnings of loading; files that failed are left out
    texts: Callable[[WeekRecord], Mapping[str, NoticeText]]  # by slug
    notices: Callable[[WeekRecord], Records]  # what lists show of each valid notice, as loaded
    store: Store  # where loading kept its work, and linking keeps its own
    weeks_read: int = 0  # week folders read from their files (the others were kept in the store)
    bodies_rendered: int = 0  # notice bodies made into HTML (the others were as the last build read them)

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return tuple(p for p in self.problems if not p.warning)


def load_content(root: Path, store: Store | None = None, scanner: Scanner | None = None,
                 folder: Folder | None = None) -> Content:
    """Everything under `root` that is valid, and a located problem for everything that is not;
    `folder` is `root` as the build walked it already."""
    store = store or Store(None)
    if not root.is_dir():
        raise ContentErrors([ContentError(root.as_posix(), 0, "", "内容文件夹不存在")])
    folder = folder or (scanner or Scanner(store, root)).walk(root, CONTENT_BYTES, CONTENT_ADVICE)
    problems: list[ContentError] = list(folder.problems)
    weeks: dict[str, list[InputFile]] = {name: [] for name in folder.folders if name.count("/") == 1}
    agencies_file = None
    for file in folder.files:
        parts = file.relative.split("/")
        if file.relative == AGENCIES_FILE:
            agencies_file = file
        elif len(parts) == 2:
            problems.append(ContentError(display_path(Path(file.path), root), 1, "", "年份文件夹中只能放每期的文件夹（如 2021-04-16/）"))
        elif len(parts) == 3:
            weeks[f"{parts[0]}/{parts[1]}"].append(file)
    for name in folder.folders:
        if name.count("/") == 2:
            problems.append(ContentError(display_path(root / name, root), 1, "", "每期文件夹中只能有 week.yaml 和通知的 .md 文件"))
    agencies = _load_agencies(root, agencies_file, problems)

    keys = {name: text_digest("\0".join([name, *(f"{f.relative}:{f.digest}" for f in files)]))
            for name, files in weeks.items()}
    values: dict[str, Any] = {}
    missing = []
    for name, key in keys.items():
        kept = store.get_json("week", key, WeekSummary)
        if kept is None:
            missing.append(name)
        else:
            values[name] = kept
    rendered = 0
    # each worker keeps the notices and texts of the weeks it read in the store itself, and sends
    # back only their summaries: the texts are the largest part of a week
    reading = [(name, keys[name]) for name in missing]
    for (name, key), (summary, bodies) in zip(reading, parallel_map(partial(_read_week, store, root), reading,
                                                                     least=8, chunk=4, after_chunk=store.commit)):
        rendered += bodies
        store.put_json("week", key, summary)
        store.put_json("week-last", name, key)
        values[name] = summary

    records = []
    for name in sorted(weeks, key=lambda n: (n.split("/")[1], n)):
        summary = values[name]
        problems.extend(ContentError(*row) for row in summary.problems)
        if summary.week is not None:
            records.append(store.local("week-record", keys[name], partial(_week_record, root / name, keys[name], summary)))
    return Content(root=root, agencies=tuple(agencies), weeks=tuple(records), problems=tuple(problems),
                   texts=partial(_texts, store, root), notices=partial(_notices, store, root),
                   weeks_read=len(missing), bodies_rendered=rendered, store=store)


def _load_agencies(root: Path, file: InputFile | None, problems: list[ContentError]) -> list[Loaded[AgencyEntry]]:
    """The directory shipped with digest, with the site's agencies.yaml (optional) adding to it or
    overriding its entries by id."""
    path = root / AGENCIES_FILE
    if file is None:
        return merged([])
    record, file_problems = read_yaml_file(path, display_path(path, root))
    problems += file_problems
    if record is None:
        return merged([])
    if not isinstance(record.data, list):
        problems.append(record.error((), "机构名录应为列表：每个机构以“- id: …”开头"))
        return merged([])
    agencies = [validate(AgencyEntry, item, record, (i,), problems) for i, item in enumerate(record.data)]
    return merged(a for a in agencies if a is not None)


def _texts(store: Store, root: Path, week: WeekRecord) -> Mapping[str, NoticeText]:
    kept = store.get_json("week-text", week.key)
    return _WeekTexts(kept if kept is not None else _read_again(store, root, week)[1])


def _notices(store: Store, root: Path, week: WeekRecord) -> Records:
    kept = store.get_json("week-notices", week.key, Records)
    return kept if kept is not None else _read_again(store, root, week)[0]


def _read_again(store: Store, root: Path, week: WeekRecord) -> tuple[Records, list[dict]]:
    """A week's notices and texts lost from the store (or damaged): read from its files again, which
    must give the same week, and noted (the build is right, but read the week twice)."""
    store.note(REREAD)
    summary, notices, texts = _week_value(root, week.folder.relative_to(root).as_posix())
    if summary.week is None or _week_record(week.folder, week.key, summary) != week:
        raise BuildError(f"{week.shown} 在构建过程中被修改：请重新运行构建")
    store.put_json("week-notices", week.key, notices)
    store.put_json("week-text", week.key, texts, keep=False)
    return notices, texts


class _WeekTexts(Mapping):
    """A week's notices' texts by slug, each validated when first asked for: a feed that shows one
    notice of a week validates that notice's front matter, not the week's."""

    def __init__(self, kept: list[dict]):
        self._kept = {text["slug"]: text for text in kept}
        self._made: dict[str, NoticeText] = {}

    def __getitem__(self, slug: str) -> NoticeText:
        if slug not in self._made:
            text = self._kept[slug]
            self._made[slug] = NoticeText(FrontMatter.model_validate(text["front"]), text["body"], text["html"])
        return self._made[slug]

    def __iter__(self):
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


# -- a week folder read from its files ---------------------------------------------------------


def _rendered_before(store: Store, name: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each body of the week folder as the last build read it, with its HTML and what it mentions:
    an edit renders and searches again only the bodies it changed (both are made from the Markdown
    alone)."""
    last = store.get_json("week-last", name)
    if not isinstance(last, str):
        return {}
    texts, notices = store.get_json("week-text", last), store.get_json("week-notices", last, Records)
    if not isinstance(texts, list) or notices is None:
        return {}
    found = {notice.slug: notice.refs.mentions for notice in notices}
    return {text["body"]: (text["html"], found[text["slug"]]) for text in texts if text["slug"] in found}


def _read_week(store: Store, root: Path, reading: tuple[str, str]) -> tuple[WeekSummary, int]:
    """A week folder read from its files (on any of the build's processes), its notices and texts
    kept in the store under `key`: its summary, and how many of its bodies were rendered."""
    name, key = reading
    before = _rendered_before(store, name)
    summary, notices, texts = _week_value(root, name, before)
    store.put_json("week-notices", key, notices)
    # in the store only: the texts are read back by the pages that show them (a cold build held all
    # 13,000 of the ten-year archive in every process)
    store.put_json("week-text", key, texts, keep=False)
    return summary, sum(text["body"] not in before for text in texts)


def _week_value(root: Path, name: str, rendered: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
                ) -> tuple[WeekSummary, Records, list[dict]]:
    """A week folder as plain data (what the store keeps): its summary, its notices and their text.
    `rendered`: the HTML of bodies as they were, and what each mentions, by their Markdown."""
    rendered = rendered or {}
    folder = root / name
    problems: list[ContentError] = []
    week = _load_week_file(folder, root, problems)
    notices, texts, files = [], [], []
    declared = {s.section: s for s in week.model.sections} if week else {}
    orders: dict[tuple, str] = {}
    for path in sorted(folder.iterdir()):
        if (path.name == WEEK_FILE or ignored(path.name) or path.is_symlink() or not path.is_file()
                or path.stat().st_size > CONTENT_BYTES):
            continue  # links, folders and files too large: the scan reported them
        shown = display_path(path, root)
        if path.suffix != ".md":
            problems.append(ContentError(shown, 1, "", "每期文件夹中只能有 week.yaml 和通知的 .md 文件"))
            continue
        if not re.fullmatch(SLUG_PATTERN, path.stem):
            problems.append(ContentError(shown, 1, "", _slug_hint(path.stem)))
            continue
        if len(path.stem) > MAX_ID_LENGTH:
            problems.append(ContentError(shown, 1, "", f"文件名太长（{len(path.stem)} 个字符）：文件名即网址，最多 {MAX_ID_LENGTH} 个字符"))
            continue
        files.append((path.stem, shown))
        record, file_problems = read_markdown_file(path, shown)
        problems += file_problems
        if record is None:
            continue
        loaded = validate(FrontMatter, record.data, record, (), problems)
        if loaded is None:  # its issuers are checked all the same, once the agencies are linked
            problems += pending_issuers(record, record.data)
            continue
        front = loaded.model
        if not front.issuers and front.group is not Group.NEWS:
            problems.append(record.error(("issuers",), NO_ISSUER))
        if week and front.section not in declared:
            problems.append(record.error(("section",), f"本期 week.yaml 中没有“{front.section.value}”这一篇：请在 sections 中加上，或改正 section"))
        order = (front.section, front.group, front.order)
        if order in orders:
            problems.append(record.error(("order",), f"与 {orders[order]} 的 order 相同：同一组内 order 不能重复"))
        orders[order] = shown
        own = len(problems)  # this notice's warnings start here
        deadlines = _deadlines(loaded, problems)
        if record.body in rendered:
            html, found = rendered[record.body]
        else:
            html = str(render_body(record.body))
            found = mentions(html)
        refs = refs_of(front.doc_number, front.title, front.tags, found)
        if week:
            problems += date_warnings(loaded, week.model.date, declared.get(front.section), deadlines)
            problems += body_warnings(loaded, week.model.date, deadlines)
        problems[own:] = settle(loaded, problems[own:])
        listed = dict(
            slug=path.stem, title=front.title, date=front.date, published=front.published,
            section=front.section, group=front.group, order=front.order, kind=front.kind,
            deadlines=tuple(DeadlineRecord(d.kind, d.start, d.end, d.phrase, d.rule, d.explanation, d.verified)
                            for d in deadlines),
            refs=refs)
        front_data = front.model_dump(mode="json", by_alias=True)
        notices.append(NoticeRecord(
            shown=shown, line=record.line_of(()), digest=record.digest, listed=_listed_digest(listed),
            front=text_digest(msgspec.json.encode(front_data)),
            issuers=tuple((agency, record.line_of(("issuers", i))) for i, agency in enumerate(front.issuers)),
            aliases=tuple((alias, record.line_of(("aliases", i))) for i, alias in enumerate(front.aliases)),
            **listed))
        texts.append({"slug": path.stem, "front": front_data,
                      "body": record.body, "html": html})
    summary = WeekSummary(
        problems=tuple(map(tuple, warnings_to_json(problems))),
        week=None if week is None else {
            "shown": week.record.shown_path, "digest": week.record.digest,
            "model": week.model.model_dump(mode="json", by_alias=True)},
        files=tuple(files), digests=tuple(n.digest for n in notices))
    return summary, tuple(notices), texts


def _listed_digest(listed: dict) -> str:
    """Of what lists show of a notice, as loaded: what a body edit that cites nothing new leaves alone."""
    return text_digest(msgspec.json.encode(listed))


def _load_week_file(folder: Path, root: Path, problems: list[ContentError]) -> Loaded[WeekFile] | None:
    shown = display_path(folder, root)
    if not _WEEK_FOLDER.fullmatch(folder.name) or folder.name[:4] != folder.parent.name:
        problems.append(ContentError(shown, 0, "", f"每期文件夹应命名为发布日期，放在其年份下：如 {folder.parent.name}/{folder.parent.name}-04-16/"))
        return None
    path = folder / WEEK_FILE
    if not path.is_file():
        problems.append(ContentError(shown, 0, "", "缺少本期的 week.yaml"))
        return None
    record, file_problems = read_yaml_file(path, display_path(path, root))
    problems += file_problems
    if record is None:
        return None
    week = validate(WeekFile, record.data, record, (), problems)
    if week and week.model.date.isoformat() != folder.name:
        problems.append(record.error(("date",), f"本期日期 {week.model.date} 与文件夹名 {folder.name} 不一致"))
    return week


def _deadlines(loaded: Loaded[FrontMatter], problems: list[ContentError]) -> list[Deadline]:
    resolved = [resolve(entry, loaded.model) for entry in loaded.model.deadlines]
    for i, item in enumerate(resolved):
        if item.claim:
            problems.append(claim_warning(loaded, i, item))
        if not item.deadline.verified:
            problems.append(unverified_warning(loaded, i, item.deadline))
    return [item.deadline for item in resolved]


def _slug_hint(stem: str) -> str:
    suggestion = slugify(stem)
    hint = f"，例如 {suggestion}.md" if suggestion else ""
    return f"文件名即网址，只能用小写英文字母、数字和单个连字符（-）{hint}"


# -- the kept data back to records -------------------------------------------------------------


def _week_record(folder: Path, key: str, summary: WeekSummary) -> WeekRecord:
    week = summary.week
    model = WeekFile.model_validate(week["model"])
    return WeekRecord(
        folder=folder, key=key, shown=week["shown"], digest=week["digest"], date=model.date,
        publisher=model.publisher, note=model.note, number=model.number, sections=tuple(model.sections),
        files=summary.files, digests=summary.digests)
