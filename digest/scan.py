"""The input folders walked: every file the build reads, with a digest of its content.

Only what the repository holds is read: a symbolic link in content/, templates/ or static/ is an
error located at its path (a link could publish any file of the machine), hidden files and the
litter of editors and file managers (`.DS_Store`, `Thumbs.db`, `*.swp`, `*~`) are ignored, and a
file larger than its folder allows is an error named by its path, never read.

A file's digest is taken from its bytes; the store keeps it with the file's stat, so a file whose
size, times and inode are as they were when it was hashed is not read again (a stat is never a key,
only a reason not to read).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from .errors import ContentError, display_path
from .keys import file_digest, hasher, text_digest
from .store import Store, file_stat

# Largest file each folder may hold: a notice is far below the first; attachments live in static/files.
CONTENT_BYTES = 1_000_000
CONTENT_ADVICE = "请删去粘贴的多余内容，附件请放在 static/files/"
TEMPLATE_BYTES = 1_000_000
STATIC_BYTES = 50_000_000

_IGNORED_NAMES = {"Thumbs.db", "desktop.ini", "__pycache__"}
_IGNORED_SUFFIXES = (".swp", ".swo", ".swx", "~", ".tmp", ".bak", ".orig")


def ignored(name: str) -> bool:
    """Hidden files and editor or file-manager litter: never read, never published."""
    return name.startswith(".") or name.startswith("#") or name in _IGNORED_NAMES or name.endswith(_IGNORED_SUFFIXES)


class InputFile(msgspec.Struct, frozen=True, gc=False):
    """One file walked (holding only text, no work for the cycle collector: a scan makes one for
    every file of the archive)."""

    path: str  # a plain string
    relative: str  # to the folder walked, with forward slashes
    digest: str


@dataclass
class Folder:
    """One input folder walked: its files (in name order, with sub-folders' files after the folder's own) and
    the problems found."""

    root: Path
    files: list[InputFile] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # every sub-folder, relative, for the checks of loading
    problems: list[ContentError] = field(default_factory=list)

    def digest(self) -> str:
        h = hasher()
        for f in self.files:
            h.update(f"{f.relative}\0{f.digest}\0".encode())
        for name in self.folders:
            h.update(f"{name}/\0".encode())
        return h.hexdigest()


class Scanner:
    """Walks folders and digests their files, reusing the store's digests where a file's stat is unchanged."""

    def __init__(self, store: Store, shown_root: Path, walks: dict[str, Folder] | None = None,
                 changed: set[str] | None = None):
        self.store = store
        self.shown_root = shown_root  # paths in messages are relative to this folder's parent
        self._known: dict[str, dict[str, tuple[str, str]]] = {}  # by folder: read when its walk finds a file changed
        self.files_read = 0  # files hashed because their stat was new
        self.files_seen = 0  # files whose stat was taken (a folder not walked again is not looked at)
        # The preview's: each folder as its last walk found it, and every path a file watcher saw
        # change since (None: not known, so every folder is walked whole).
        self._walks = walks
        self._changed = changed

    def walk(self, root: Path, limit: int, advice: str = "请删去多余内容或换用较小的文件") -> Folder:
        before = self._walks.get(str(root)) if self._walks is not None else None
        if before is not None and self._changed is not None:
            folder = self._walk_again(before, limit, advice)
        else:
            folder = self._walk_whole(root, limit, advice)
        if self._walks is not None:
            self._walks[str(root)] = folder
        return folder

    def _walk_whole(self, root: Path, limit: int, advice: str) -> Folder:
        folder = Folder(root)
        if not root.is_dir() or root.is_symlink():
            if root.is_symlink():
                folder.problems.append(self._problem(root, "是符号链接：内容、模板和静态文件须是仓库中的真实文件夹"))
            return folder
        found: list[tuple[str, str, os.stat_result]] = []
        self._walk(root, "", limit, advice, folder, found)
        self._digests(root, found, folder)
        return folder

    def _walk_again(self, before: Folder, limit: int, advice: str) -> Folder:
        """The folder as a whole walk would find it, given its last walk and the paths changed since:
        only the sub-folders holding a changed path are walked again (the folder whole where a
        change is at its top, or where the last walk found a problem)."""
        root = before.root
        real_root = root.resolve()
        known = set(before.folders)
        again: set[str] = set()
        for path in self._changed:
            try:
                parts = Path(path).resolve().relative_to(real_root).parts
            except ValueError:
                continue  # another folder's
            while parts and "/".join(parts) not in known:
                parts = parts[:-1]
            again.add("/".join(parts))
        if not again:
            return before
        if "" in again or before.problems:
            return self._walk_whole(root, limit, advice)
        again = {name for name in again if not any(name.startswith(f"{other}/") for other in again)}
        fresh = Folder(root)
        found: list[tuple[str, str, os.stat_result]] = []
        for name in sorted(again):
            if (root / name).is_dir() and not (root / name).is_symlink():
                fresh.folders.append(name)
                self._walk(root / name, f"{name}/", limit, advice, fresh, found)
        self._digests(None, found, fresh)
        if fresh.problems:
            return self._walk_whole(root, limit, advice)
        inside = tuple(f"{name}/" for name in again)
        folder = Folder(root, problems=[])
        folder.files = sorted([f for f in before.files if not f.relative.startswith(inside)] + fresh.files,
                              key=lambda f: _walk_order(f.relative))
        folder.folders = sorted([name for name in before.folders if name not in again and not name.startswith(inside)]
                                + fresh.folders, key=lambda name: name.split("/"))
        return folder

    def _digests(self, root: Path | None, found: list[tuple[str, str, os.stat_result]], folder: Folder) -> None:
        """The digest of each file found. Where every file's stat is as when the folder was last
        walked (one fingerprint of them all), the digests are those of that walk; else each file's is
        looked up by its own stat, or the file is read."""
        signatures = [file_stat(stat) for _, _, stat in found]
        fingerprint = None
        if root is not None and None not in signatures:  # (None: part of a folder, walked again)
            fingerprint = text_digest("\n".join(f"{path}\0{signature}" for (path, _, _), signature in zip(found, signatures)))
            kept = self.store.get("scan", str(root))
            lines = kept.decode().split("\n") if kept else []
            if lines and lines[0] == fingerprint and len(lines) == len(found) + 1:
                folder.files += [InputFile(path, relative, digest) for (path, relative, _), digest in zip(found, lines[1:])]
                return
        digests = []
        known = self._known_under(root) if root is not None and found else {}  # (a few files walked again: read)
        for (path, relative, _), signature in zip(found, signatures):
            digest = self._digest(path, signature, known)
            if digest is None:
                folder.problems.append(self._problem(path, "无法读取文件：请检查权限"))
                continue
            digests.append(digest)
            folder.files.append(InputFile(path, relative, digest))
        if fingerprint is not None and len(digests) == len(found):
            self.store.put("scan", str(root), "\n".join([fingerprint, *digests]).encode())

    def _walk(self, directory: Path, relative: str, limit: int, advice: str, folder: Folder,
              found: list[tuple[str, str, os.stat_result]]) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            folder.problems.append(self._problem(directory, f"无法读取文件夹（{error.strerror}）"))
            return
        subfolders = []
        for entry in entries:
            if ignored(entry.name):
                continue
            path = entry.path
            if entry.is_symlink():
                folder.problems.append(self._problem(path, "是符号链接：请放入文件本身（链接可能指向仓库之外的文件）"))
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry)
                continue
            if not entry.is_file(follow_symlinks=False):
                folder.problems.append(self._problem(path, "不是普通文件：请删除"))
                continue
            stat = entry.stat(follow_symlinks=False)
            if stat.st_size > limit:
                folder.problems.append(self._problem(
                    path, f"文件过大（{stat.st_size / 1_000_000:.1f} MB，上限 {limit / 1_000_000:g} MB）：{advice}", line=1))
                continue
            found.append((path, relative + entry.name, stat))
            self.files_seen += 1
        for entry in subfolders:
            folder.folders.append(relative + entry.name)
            self._walk(Path(entry.path), f"{relative}{entry.name}/", limit, advice, folder, found)

    def _known_under(self, root: Path) -> dict[str, tuple[str, str]]:
        """(stat, digest) of each file under `root` hashed before, by path: read once per walk of it."""
        if str(root) not in self._known:
            self._known[str(root)] = self.store.known_files(str(root))
        return self._known[str(root)]

    def _digest(self, path: str, signature: str | None, known: dict[str, tuple[str, str]]) -> str | None:
        """The digest of the file at `path`, whose `file_stat` is `signature`; `known`: (stat, digest)
        of files hashed before, by path."""
        key = path
        kept = known.get(key)
        if signature is not None and kept is not None and kept[0] == signature:
            return kept[1]
        try:
            with open(path, "rb") as file:
                digest = file_digest(file)
        except OSError:
            return None
        self.files_read += 1
        if signature is not None:
            self.store.keep_digest(key, signature, digest)
        return digest

    def _problem(self, path: str | Path, message: str, line: int = 0) -> ContentError:
        return ContentError(display_path(Path(path), self.shown_root), line, "", message)


def _walk_order(relative: str) -> list[tuple[int, str]]:
    """Where a whole walk finds a file: a folder's own files by name, then its sub-folders' by name."""
    parts = relative.split("/")
    return [(1, part) for part in parts[:-1]] + [(0, parts[-1])]
