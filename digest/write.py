"""Written output: the pages whose keys changed made and put into the output folder.

The store keeps a manifest of the output folder: each page's key, the size, time and inode of the
file written for it and a digest of its bytes. A page is made again when its key changed or when
its file is not as written (edited by hand, say, or deleted: its stat differs and so do its bytes),
so the output is always what the content makes; an output restored elsewhere (CI's cache) is
checked by its bytes. New
files are first written beside their place under a hidden name and renamed into place only when
every one of them was written, so a full disk or a failed page leaves the site as it was; a build
killed in between leaves files the next build sees are not as recorded, and writes again. Into a
folder that holds no file yet (a first build) files are written in place, and a failed build
removes them: the folder is left as it was, empty.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from .keys import DIGEST_CHARS, file_digest, hasher
from .errors import BuildError, ContentError, ContentErrors
from .output import Page, PageGroup
from .store import Store
from .workers import parallel_map

# Written into every output folder, so a folder holding anything else is never replaced by mistake.
MARKER = ".digest-output"
MARKER_TEXT = b"This folder is written by digest: its files are replaced on every build.\n"
WRITING = ".digest-writing"  # there while new files are not all in place
LOCK = ".digest-lock"  # held by the build writing the folder
OWN = (MARKER, WRITING, LOCK)
TEMPORARY = ".digest-new"
UNTRACKED = ("pagefind/",)  # written by the search stage, which keeps its own account
FILE_MODE, FOLDER_MODE = 0o644, 0o755
# Pages are made on every core from this many on: a title edit's 56 pages took 2.70-2.89 s made in
# one process and 2.44-2.54 s on two (the open-now page, the archive's calendar and the open-now feed
# alone are 0.65 s); a body edit's 3 were the same either way. Forking the preview, which holds the
# linked archive, costs more: the same title save wrote its pages in 1.04-1.12 s in one process and
# 1.16-1.30 s on two, so it makes pages on every core only from RESIDENT_PARALLEL_PAGES on.
PARALLEL_PAGES = 8
RESIDENT_PARALLEL_PAGES = 64


@dataclass(frozen=True)
class Written:
    pages: int  # in the site
    written: int  # made and written by this build
    removed: int  # files of pages the site no longer has
    manifest: dict[str, list]  # path -> [key, stat, digest of the bytes(, search key)] of every page
    groups: dict[str, list]  # name -> [key, paths] of every group of pages


def check_output(output: Path, content: Path, replace: bool = False) -> None:
    """Refuse an output folder that would overwrite content or files digest did not write."""
    out, src = output.resolve(), content.resolve()
    if out == src or out in src.parents or src in out.parents:
        raise ContentErrors([ContentError(str(output), 0, "", f"输出文件夹不能是内容文件夹 {content}、包含它或位于其中：请换一个输出文件夹")])
    if out.exists() and not out.is_dir():
        raise ContentErrors([ContentError(str(output), 0, "", "输出位置是一个文件而不是文件夹：请换一个输出文件夹")])
    if out.is_dir() and any(p.name not in OWN for p in out.iterdir()) and not (out / MARKER).is_file() and not replace:
        raise ContentErrors([ContentError(str(output), 0, "", "输出文件夹中已有不是 digest 生成的文件：请换一个空文件夹，或加 --replace-output 覆盖")])


def write_site(items: Iterable[Page | PageGroup], output: Path, manifest: dict[str, list] | None, store: Store,
               progress: Callable[[int], None] | None = None, groups: dict[str, list] | None = None,
               trusted: bool = False, parallel_from: int = PARALLEL_PAGES,
               moved: Callable[[], bytes] | None = None) -> Written:
    """Write what changed; `manifest` is what the store recorded of `output` (None: not known, so
    every page is written and every other file removed), `groups` the key and pages of each group
    it recorded. `trusted`: no one but this process writes `output`, so its files are as recorded.
    `parallel_from`: the fewest pages made on every core. `moved`: gives `stat_changes` of `output`
    and the manifest's stats (taken while the build went on), else they are taken here."""
    output = output.resolve()
    items = list(items)
    known = manifest or {}
    known_groups = groups or {}
    root = str(output)  # plain strings: this looks at every file of the site
    try:
        if trusted:
            unchanged = _as_recorded
        else:
            differ = set((moved() if moved else stat_changes(output, stat_lines(known))).decode().split("\0"))

            def unchanged(path: str, record: list) -> bool:
                return path not in differ or _unchanged(os.path.join(root, path), record)
        _folder(output)
        marker = output / MARKER
        if not marker.is_file():  # before any page: a folder holding pages is always marked as digest's
            marker.write_bytes(MARKER_TEXT)
            marker.chmod(FILE_MODE)
        if (output / WRITING).exists():  # a build was killed while writing: its hidden files go
            _remove_temporary(output)
        # where the store has no manifest of it, the files there before (before this build adds its own)
        found = _files_of(output) if manifest is None else None
        todo, kept = [], {}
        pages, grouped = _pages_to_look_at(items, known, known_groups, kept, unchanged)
        for page in pages:
            record = known.get(page.path)
            if record is not None and record[0] == page.key and unchanged(page.path, record):
                kept[page.path] = record
            else:
                todo.append(page)
        (output / WRITING).write_bytes(b"")
        made: dict[str, list] = {}
        chunk = max(1, min(32, len(todo) // 16))  # small for few pages, so the costly ones spread
        # into a folder that holds no file (a first build), each file is written in its place: there
        # is no site to leave as it was, and 26,000 renames are 0.3 s of a cold build
        in_place = found == []
        # a worker's store writes what its pages kept (a week's part of the data files, say) after each
        # chunk; pages made here leave it to the build's own commit
        making = parallel_map(partial(_write_page, output, in_place), todo, least=parallel_from,
                              chunk=chunk, after_chunk=store.commit)
        try:
            for count, (path, record) in enumerate(making, 1):
                made[path] = record
                if progress is not None:
                    progress(count)
        except BaseException:
            if in_place:  # the folder as it was: without a file
                _remove(output, _files_of(output))
            _remove_temporary(output)
            raise
        if not in_place:
            for path in made:
                target = output / path
                os.replace(_temporary(target), target)
        paths = {page.path for page in pages} | kept.keys()
        stale = [path for path in (known if found is None else found) if path not in paths]
        _remove(output, stale)
        (output / WRITING).unlink()
    except OSError as error:
        raise BuildError(_write_failure(output, error)) from None
    return Written(pages=len(paths), written=len(made), removed=len(stale), manifest={**kept, **made}, groups=grouped)


def _pages_to_look_at(items: list[Page | PageGroup], known: dict[str, list], known_groups: dict[str, list],
                      kept: dict[str, list], unchanged: Callable[[str, list], bool]) -> tuple[list[Page], dict[str, list]]:
    """The pages, but for those of each group whose key is as recorded and whose files are all as
    written: those go into `kept` as they are. With the key and pages of every group."""
    pages: list[Page] = []
    grouped: dict[str, list] = {}
    for item in items:
        if not isinstance(item, PageGroup):
            pages.append(item)
            continue
        record = known_groups.get(item.name)
        if record is not None and record[0] == item.key and _all_as_written(record[1], known, unchanged):
            for path in record[1]:
                kept[path] = known[path]
            grouped[item.name] = record
            continue
        members = list(item.pages())
        grouped[item.name] = [item.key, [page.path for page in members]]
        pages += members
    return pages, grouped


def _all_as_written(paths: list[str], known: dict[str, list], unchanged: Callable[[str, list], bool]) -> bool:
    if unchanged is _as_recorded:
        return known.keys() >= set(paths)
    for path in paths:
        record = known.get(path)
        if record is None or not unchanged(path, record):
            return False
    return True


def remove_old_spare(output: Path) -> None:
    """The copy of the site earlier versions of digest kept beside it (`.<output>.previous`), if it is theirs."""
    spare = output.resolve().with_name(f".{output.name}.previous")
    if (spare / MARKER).is_file():
        shutil.rmtree(spare, ignore_errors=True)


def _write_failure(output: Path, error: OSError) -> str:
    where = error.filename or output
    if error.errno == errno.ENOSPC:
        advice = "磁盘已满：请腾出空间后重新构建"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        advice = "没有写入权限或为只读：请换一个输出文件夹（--output）或修改权限"
    else:
        advice = "请检查输出文件夹后重新构建"
    return f"无法写入 {where}（{error.strerror}）：{advice}。已生成的站点未被改动。"


def _stat_text(stat: os.stat_result) -> str:
    """What the manifest records of a file written: size, time and inode."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"


def _stat(path: str | Path) -> str | None:
    try:
        return _stat_text(os.stat(path))
    except OSError:
        return None


def stat_lines(manifest: dict[str, list]) -> bytes:
    """Each file's path and recorded stat, a line each: what `stat_changes` checks."""
    return "".join(f"{path}\0{record[1]}\n" for path, record in manifest.items()).encode()


def stat_changes(output: Path, lines: bytes) -> bytes:
    """The paths of `stat_lines` whose file in `output` has another stat than recorded, or none (NUL
    between them). The stat of every file of the site, so a plain loop, and one a build runs in a
    process of its own while it walks, loads and links (`workers.InBackground`)."""
    root = str(output.resolve()) + "/"
    look = os.stat
    differ = []
    for line in lines.decode().splitlines():
        path, _, recorded = line.partition("\0")
        try:
            if _stat_text(look(root + path)) == recorded:
                continue
        except OSError:
            pass
        differ.append(path)
    return "\0".join(differ).encode()


def _as_recorded(path: str, record: list) -> bool:
    return True


def _unchanged(path: str, record: list) -> bool:
    """The file is the one written for `record` ([key, stat, digest]): by its stat where that is as
    recorded, else by its bytes (an output restored from a CI cache has new times and inodes). Where
    the bytes are, the record takes the file's new stat."""
    stat = _stat(path)
    if stat is None:
        return False
    if stat == record[1]:
        return True
    if stat.split(":", 1)[0] != record[1].split(":", 1)[0]:
        return False  # another size
    try:
        with open(path, "rb") as file:
            same = file_digest(file) == record[2]
    except OSError:
        return False
    if same:
        record[1] = stat
    return same


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}{TEMPORARY}")


def _folder(path: Path) -> None:
    if not path.is_dir():
        _folder(path.parent)
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            return
        path.chmod(FOLDER_MODE)  # whatever the umask


def _write_page(output: Path, in_place: bool, page: Page) -> tuple[str, list]:
    """Make a page and write it beside its place, or `in_place` (on any of the build's processes)."""
    target = output / page.path
    _folder(target.parent)
    fd = os.open(target if in_place else _temporary(target), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        made = page.make()
        digest = hasher()
        for part in (made,) if isinstance(made, bytes) else made:
            digest.update(part)
            view = memoryview(part)
            while view:
                view = view[os.write(fd, view):]
        stat = os.fstat(fd)
    finally:
        os.close(fd)
    record = [page.key, _stat_text(stat), digest.hexdigest()[:DIGEST_CHARS]]
    return page.path, record + [page.search_key] if page.search_key else record


def _remove_temporary(output: Path) -> None:
    for folder, _, files in os.walk(output):
        for name in files:
            if name.endswith(TEMPORARY):
                os.unlink(os.path.join(folder, name))
    (output / WRITING).unlink(missing_ok=True)


def _files_of(output: Path) -> list[str]:
    """The files of `output` but its own and the search stage's (where the store had no manifest of it)."""
    found = []
    for folder, _, files in os.walk(output):
        relative = os.path.relpath(folder, output)
        for name in files:
            path = name if relative == "." else f"{relative}/{name}"
            if path not in OWN and not path.startswith(UNTRACKED):
                found.append(path)
    return found


def _remove(folder: Path, paths: Iterable[str]) -> None:
    """Files the site no longer has, and the folders they leave empty."""
    for path in sorted(paths):
        target = folder / path
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == folder:
                break
            try:
                parent.rmdir()
            except OSError:  # not empty
                break
