"""The build store: values one build hands the next, in one SQLite file (`.digest-cache/store.sqlite`).

Every value is data (bytes: JSON or a file's content), never code: nothing read from the store is
unpickled, unmarshalled or executed. An entry is stored under a hash of its kind, the caller's key
(itself a hash of everything the value is made from) and digest's own code, together with a
digest of the key and the value; an entry whose digest does not match is a miss, made again and
reported once as a note. A store that cannot be opened or written degrades to one kept in memory
for this build: the build is then a cold one, never a failed one.

    memo(kind, key, make)    the value made from `key`, made by `make()` only when not kept
    memo_json(kind, key, make[, shape])   the same for plain data (JSON) or a typed value
    memo_json_apart(kind, key, make[, shape])   the same, made in a process of its own while the
                             build goes on: what it gives is called for the value
    get_json(kind, key, shape)   plain data, or a typed value (msgspec structs) decoded straight
                             into `shape` and checked against it: a value of another shape is a miss
    files                    the content digest of each input file, with the stat it had when hashed,
                             so an unchanged file is not read again (the digest is the key; the stat
                             only spares reading)
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable

import msgspec

from .keys import hasher
from .workers import InBackground

PACKAGE = Path(__file__).resolve().parent
FILE_NAME = "store.sqlite"
SCHEMA = 3
DAMAGED = "构建缓存中有条目校验不符（可能已损坏或被改动）：已忽略并重新生成"  # the note for an entry made again
# A file modified this recently may be saved again within one tick of the clock, keeping its size and
# times: until it is older, it is hashed whatever its stat says.
SETTLED_NS = 2_000_000_000


@cache  # the code of a running process does not change
def code_version() -> str:
    """A hash of digest's code and templates of its own: any change makes every stored value stale."""
    digest = hasher()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def _hash(*parts: str | bytes) -> str:
    digest = hasher()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:40]


@dataclass
class StoreReport:
    """What the store did in one build: tests and the command line read these, never its tables."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0  # entries that failed their check: made again
    notes: list[str] = field(default_factory=list)  # once per problem, for the editor's terminal


class Store:
    """One build's view of the store. `Store(None)` is an empty one of its own (a cold build), in a
    temporary folder removed when it is closed: the workers the build forks write what they made
    there, as into a kept store, so the build finds it."""

    def __init__(self, folder: Path | None, memory: dict | None = None):
        """`memory` holds values decoded by earlier builds of this process (the preview's), by entry."""
        self._scratch = lambda: None
        if folder is None:
            try:
                folder = Path(tempfile.mkdtemp(prefix="digest-store-"))
                self._scratch = weakref.finalize(self, _remove_scratch, folder, os.getpid())
            except OSError:
                pass  # no temporary folder: one kept in this process's memory, which its workers do not share
        self.folder = folder
        self.memory = {} if memory is None else memory
        self.used: set = set()  # entries of `memory` this build asked for or made
        self.report = StoreReport()
        self._version = code_version()
        self._pending: dict[str, tuple[bytes, str]] = {}  # entry → (value, check), until commit
        self._files_pending: list[tuple] = []
        self._apart: list[InBackground] = []  # values being made in processes of their own
        self._pid = os.getpid()
        self._conn = self._open(folder)

    def _open(self, folder: Path | None) -> sqlite3.Connection:
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(folder / FILE_NAME, timeout=60, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                self._create(db)
                return db
            except (OSError, sqlite3.Error) as error:
                self.note(f"构建缓存 {folder} 无法使用（{_reason(error)}）：本次不用缓存，完整构建")
        db = sqlite3.connect(":memory:", isolation_level=None)
        self._create(db)
        return db

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection of this process: a worker forked from the build opens its own (SQLite
        connections must not cross a fork) and writes only what it made itself."""
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._pending, self._files_pending = {}, []
            self._conn = self._open(self.folder)
        return self._conn

    def _own(self) -> None:
        self._db  # noqa: B018 - reopens in a forked worker

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
            return
        db.executescript(f"""
            DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS meta;
            PRAGMA auto_vacuum = INCREMENTAL; VACUUM;
            CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, version TEXT NOT NULL, value BLOB NOT NULL,
                                                check_ TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL);
            PRAGMA user_version = {SCHEMA};
        """)

    def note(self, text: str) -> None:
        """A note for the editor's terminal about the store, once however often it is noted."""
        if text not in self.report.notes:
            self.report.notes.append(text)

    # -- values --------------------------------------------------------------------------------

    def get(self, kind: str, key: str) -> bytes | None:
        entry = self._id(kind, key)
        if entry in self._pending:  # made by this build, not yet committed
            return self._pending[entry][0]
        try:
            row = self._db.execute("SELECT value, check_ FROM entries WHERE id = ?", (entry,)).fetchone()
        except sqlite3.Error as error:
            self.note(f"构建缓存读取失败（{_reason(error)}）：相关内容重新生成")
            return None
        if row is None:
            return None
        value, check = bytes(row[0]), row[1]
        if check != _hash(entry, value):
            self.report.rejected += 1
            self.note(DAMAGED)
            return None
        return value

    def put(self, kind: str, key: str, value: bytes) -> None:
        self._own()
        entry = self._id(kind, key)
        self._pending[entry] = (value, _hash(entry, value))

    def memo(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes made from `key`: as kept, or made now and kept."""
        kept = self.get(kind, key)
        if kept is not None:
            self.report.hits += 1
            return kept
        self.report.misses += 1
        value = make()
        self.put(kind, key, value)
        return value

    def get_json(self, kind: str, key: str, shape: Any = Any) -> Any:
        """Plain data (dicts, lists, text, numbers) kept with `put_json`, or None; given a `shape`
        (a type msgspec decodes: structs, tuples, dates), the value decoded as that type, or None
        where it has another. A value this process kept or read before is given back as the same
        object: callers never change one."""
        entry = self._id(kind, key)
        self.used.add(entry)
        if entry in self.memory:
            self.report.hits += 1
            return self.memory[entry]
        kept = self.get(kind, key)
        if kept is None:
            self.report.misses += 1
            return None
        try:
            value = _decoder(shape).decode(kept)
        except ValueError:  # not JSON, or not of its shape (msgspec's errors are ValueErrors)
            self.report.rejected += 1
            self.report.misses += 1
            self.note(DAMAGED)
            return None
        self.report.hits += 1
        self.memory[entry] = value
        return value

    def put_json(self, kind: str, key: str, value: Any, keep: bool = True) -> None:
        """Keep `value` (JSON types, or what msgspec encodes); `keep=False`: in the store only, not in
        this process's memory (it is read back, decoded, when asked for)."""
        if keep:
            self._keep_json(kind, key, value, _encoded(value))
        else:
            self.put(kind, key, _encoded(value))

    def _keep_json(self, kind: str, key: str, value: Any, data: bytes) -> None:
        entry = self._id(kind, key)
        self.memory[entry] = value
        self.used.add(entry)
        self.put(kind, key, data)

    def memo_json(self, kind: str, key: str, make: Callable[[], Any], shape: Any = Any) -> Any:
        """The plain data (or value of `shape`, as `get_json`) made from `key`: as kept, or made now
        and kept. A value made now is given back as it is read back (lists for tuples, structs
        decoded again), so a build that made it and one that read it have the same value."""
        kept = self.get_json(kind, key, shape)
        return self._keep_made(kind, key, _encoded(make()), shape) if kept is None else kept

    def _keep_made(self, kind: str, key: str, data: bytes, shape: Any) -> Any:
        """A value just made, as `data`, kept and given back as it is read back."""
        value = _decoder(shape).decode(data)
        self._keep_json(kind, key, value, data)
        return value

    def memo_json_apart(self, kind: str, key: str, make: Callable[[], Any], shape: Any = Any) -> Callable[[], Any]:
        """As `memo_json`, but a value not kept is made in a process forked now, while this one goes
        on (`workers.InBackground`): what this gives is called for the value, which it waits for then.
        A value not asked for before the store is closed is neither made nor kept."""
        kept = self.get_json(kind, key, shape)
        if kept is not None:
            return lambda: kept
        making = InBackground(lambda: _encoded(make())).__enter__()
        self._apart.append(making)
        return cache(lambda: self._keep_made(kind, key, making.result(), shape))

    def local(self, kind: str, key: Any, make: Callable[[], Any]) -> Any:
        """A value made in this process from `key` (any hashable), never written: what a process
        that builds again and again (the preview) keeps of the objects it made from the store's
        values, so a save makes again only what it touched."""
        entry = ("local", kind, key)
        self.used.add(entry)
        if entry not in self.memory:
            self.memory[entry] = make()
        return self.memory[entry]

    def has(self, kind: str, key: str) -> bool:
        return self.get(kind, key) is not None

    def _id(self, kind: str, key: str) -> str:
        return _hash(self._version, kind, key)

    # -- file digests --------------------------------------------------------------------------

    def known_files(self, folder: str) -> dict[str, tuple[str, str]]:
        """path → (stat, digest) of every file under `folder` hashed by earlier builds."""
        try:  # the paths under it sort between 'folder/' and 'folder0' ('0' follows '/')
            rows = self._db.execute("SELECT path, stat, digest FROM files WHERE path >= ? AND path < ?",
                                    (f"{folder}/", f"{folder}0"))
            return {path: (stat, digest) for path, stat, digest in rows}
        except sqlite3.Error:
            return {}

    def keep_digest(self, path: str, stat: str, digest: str) -> None:
        self._own()
        self._files_pending.append((path, stat, digest))

    # -- end of build --------------------------------------------------------------------------

    def commit(self) -> None:
        """Write what this build made; a store that cannot be written only costs the next build time."""
        self._own()
        if not self._pending and not self._files_pending:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO entries (id, version, value, check_) VALUES (?, ?, ?, ?)",
                                     ((entry, self._version, value, check)
                                      for entry, (value, check) in self._pending.items()))
                self._forget_other_versions()
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", self._files_pending)
        except sqlite3.Error as error:
            self.note(f"构建缓存无法写入（{_reason(error)}）：站点已生成，下次构建不能复用本次结果")
        self._pending, self._files_pending = {}, []

    def _forget_other_versions(self) -> None:
        """Entries no build of this code can find (each id hashes the code's version) are deleted
        by the first build of a new version, so a store kept between CI runs does not grow with every
        release of digest."""
        row = self._db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is None or row[0] != self._version:
            self._db.execute("DELETE FROM entries WHERE version != ?", (self._version,))
            self._db.execute("PRAGMA incremental_vacuum")  # the file shrinks by what they held
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self._version,))

    def forget_unused(self) -> None:
        """Let go of the decoded values this build had no use for (a week as it was before an edit)."""
        for entry in self.memory.keys() - self.used:
            del self.memory[entry]

    def close(self) -> None:
        for making in self._apart:  # ends those never asked for
            making.__exit__(None, None, None)
        self._apart = []
        self._conn.close()
        self._scratch()


def file_stat(stat: os.stat_result, now_ns: int | None = None) -> str | None:
    """What tells, without reading a file, that it is as it was when hashed: None while it is too
    recent to tell (see SETTLED_NS)."""
    now = time.time_ns() if now_ns is None else now_ns
    if now - stat.st_mtime_ns < SETTLED_NS:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


_ENCODER = msgspec.json.Encoder()


def _encoded(value: Any) -> bytes:
    return _ENCODER.encode(value)


@cache
def _decoder(shape: Any) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(shape)


def _remove_scratch(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # never by a worker forked from the build
        shutil.rmtree(folder, ignore_errors=True)


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
