"""The build cache (`.digest-cache/` by default): what one build can hand the next.

    bodies.marshal        notice bodies rendered to HTML, by a hash of their Markdown
    front-matter.marshal  YAML parsed without errors, by a hash of its text
    files.marshal         a digest of the files of each folder read, with the signature it had
    pages.marshal         the key of every page in the output folder and in its spare (publish.py),
                          and the plan of the site in the output folder (plan.py)
    weeks/                each week folder as the last build loaded and linked it, with its share of
                          the data files and calendars (build.Resident), by the signatures of its
                          files: a new process reads and links only the weeks that changed; apart
                          from it (*.deferred), its notices' text, read only by a build that shows
                          it (see deferred.py); and (*.json, *.csv) its notices as data/notices.json
                          and data/notices.csv have them
    last-build.json       the fingerprint of everything the last build read, so an unchanged site is
                          not built again
    templates/            the templates compiled by Jinja, by their source (and digest's code)

The two content-hashed files serve builds that read many weeks from their files (a new clone, as
in CI) or link every week again (another build date): a build that reads a few weeks reads neither,
and what it adds lives in the week files only.

It is never trusted blindly: entries are keyed by a hash of the content and of digest's own code
(and, for marshal and pickle files, the Python version), a cache that cannot be read is ignored (the
build is then a full one), and the fingerprint of the last build only counts while the output folder
it wrote is still there, unchanged. The week files are pickles: like the code, the cache folder is
trusted not to be written by anyone else.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import json
import marshal
import os
import pickle
import sys
import time
from contextlib import contextmanager
from functools import cache, cached_property, partial
from pathlib import Path, PosixPath, WindowsPath
from typing import BinaryIO, Callable, Collection, Iterable, Iterator, Mapping

from jinja2 import FileSystemBytecodeCache

from .config import BuildConfig
from .deferred import Deferred, StaleCache
from .keys import text_digest
from .markup import render_body
from .publish import MARKER
from .records import ParsedStore, scan_folder
from .workers import BackgroundMap, parallel_map

PACKAGE = Path(__file__).resolve().parent
BODIES = "bodies.marshal"
LAST_BUILD = "last-build.json"
PAGES = "pages.marshal"
PARSED = "front-matter.marshal"
FILES = "files.marshal"
WEEKS = "weeks"
TEMPLATES = "templates"
PICKLE, DEFERRED = ".pickle", ".deferred"  # the files kept of each week, with its parts of the data files
MARSHAL_PART = 1000  # entries


@cache  # the code of a running process does not change
def _code_version() -> str:
    """Any change to digest's code (the Markdown setup, say) makes every cached entry stale."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(config: BuildConfig, files: FileDigests) -> str:
    """A hash of everything a build reads: content, templates, static files, settings and code."""
    return _hash(_build_settings(config), (config.content, config.templates_dir, config.static_dir), files)


def frame_fingerprint(config: BuildConfig, files: FileDigests, weeks: Collection[str]) -> str:
    """A hash of what `fingerprint` covers but the files in these week folders (by path), from the
    digests `fingerprint` took: where it is as it was, the same folders hold the same files but for
    those weeks' files."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([_code_version(), *map(str, _build_settings(config))]).encode())
    for folder, folder_digest in sorted(files.digests.items()):
        digest.update(f"{folder}\0{'' if folder in weeks else folder_digest}\0".encode())
    return digest.hexdigest()


def _build_settings(config: BuildConfig) -> tuple:
    return (config.base_url, config.today.isoformat(), config.soon_days, config.search, config.strict,
            str(config.output.resolve()))


def render_fingerprint(config: BuildConfig) -> str:
    """A hash of what every page depends on besides what it is given (see keys.py; the templates a
    page is rendered with are part of its key): the settings pages show and digest's code."""
    return _hash((config.base_url, config.today.isoformat(), config.soon_days))


def _hash(settings: tuple, folders: tuple[Path, ...] = (), files: FileDigests | None = None) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([_code_version(), *map(str, settings)]).encode())
    for root in folders:
        for relative, folder_digest in files.folders(str(root)):
            digest.update(f"{relative}\0{folder_digest}\0".encode())
    return digest.hexdigest()


class FileDigests:
    """A digest of the files of each folder, read again only when the folder's signature (the names,
    sizes, times and inodes of its entries: records.scan_folder) changed: checking that nothing
    changed then costs a walk of the folders instead of reading the whole archive. The signatures
    taken on the way serve the rest of the build (load.load_content)."""

    def __init__(self, known: dict[str, tuple] | None = None):
        self._known = known or {}
        self.taken: dict[str, tuple] = {}  # what a cache keeps: (signature, digest) by folder path
        self.signatures: dict[str, str | None] = {}  # of every folder walked, by path
        self.digests: dict[str, str] = {}  # of the files of every folder walked, by path
        self._now = time.time_ns()

    @property
    def changed(self) -> bool:
        return self.taken != self._known

    def folders(self, root: str, relative: str = "") -> Iterator[tuple[str, str]]:
        """`root` and every folder under it, each as (path relative to `root`, digest of its files), in
        a fixed order."""
        try:
            signature, entries = scan_folder(root, self._now)
        except OSError:
            return
        self.signatures[root] = signature
        known = self._known.get(root)
        if signature is not None and known is not None and known[0] == signature:
            value = known[1]
        else:
            value = _files_digest(entries)
        if signature is not None:
            self.taken[root] = (signature, value)
        self.digests[root] = value
        yield relative, value
        for entry in entries:
            if entry.is_dir():
                yield from self.folders(entry.path, f"{relative}{entry.name}/")


def _files_digest(entries: list[os.DirEntry]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for entry in entries:
        if entry.is_file():
            with open(entry.path, "rb") as file:
                digest.update(f"{entry.name}\0{text_digest(file.read())}\0".encode())
    return digest.hexdigest()


def output_stamp(output: Path) -> str | None:
    """Identifies the output folder a build wrote (by its marker file), to notice it was replaced or removed."""
    try:
        stat = (output / MARKER).stat()
    except OSError:
        return None
    return f"{stat.st_ino}:{stat.st_mtime_ns}"


# Below this many bodies to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# Rendering this many bodies costs less than reading those earlier builds rendered.
FEW_BODIES = 250


def _render(text: str) -> str:
    return str(render_body(text))


class BuildCache:
    """Rendered bodies by content hash; kept on disk in `folder`, or for this build only when it is None."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.version = _code_version()
        self.complete = False  # this build read every file: what it did not use is stale (set by the build)
        self._rendered: dict[str, str] = {}  # bodies rendered in this build or taken from `_stored`, by key
        self._before: dict[str, str] = {}  # bodies as they were before (see `rendering`), by key
        self._given = 0  # bodies given to be rendered
        self._text_keys: dict[int, tuple[str, str]] = {}  # id → (text, key): each body is hashed once

    @cached_property
    def _stored(self) -> dict:
        """Bodies rendered by earlier builds, read on first use: an edit of a few notices never needs them."""
        return self._read_marshal(BODIES)

    @cached_property
    def _pages(self) -> dict:
        """The page keys of each output folder, by its stamp (see `written`)."""
        return self._read_marshal(PAGES)

    @cached_property
    def parsed(self) -> ParsedStore:
        """YAML parsed by earlier builds."""
        return ParsedStore(self._read_marshal(PARSED))

    def release_parsed(self) -> None:
        """Keep the parsed YAML on disk now and let it go: the rest of the build never reads it, and at
        archive scale it holds a hundred megabytes."""
        parsed = self.__dict__.pop("parsed", None)
        kept = parsed.kept(self.complete) if self.folder and parsed is not None else None
        if kept is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write_marshal(PARSED, kept)

    @cached_property
    def files(self) -> FileDigests:
        """Digests of the files earlier builds read."""
        return FileDigests(self._read_marshal(FILES))

    def _read_marshal(self, name: str) -> dict:
        """Plain data kept with marshal, several times faster to read than JSON; {} unless this
        Python and this code wrote it. Read in the parts `_write_marshal` wrote."""
        known: dict = {}
        if self.folder is None:
            return known
        try:
            with open(self.folder / name, "rb") as file:
                if marshal.load(file) != [sys.version, self.version]:
                    return {}
                while part := marshal.load(file):
                    known.update(part)
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        return known

    @contextmanager
    def rendering(self) -> Iterator[Callable[[list[str], Callable[[], Iterable[tuple[str, str]]]], None]]:
        """Bodies given to the function this yields are rendered on the other cores while the block goes
        on (loading more weeks, say); when it ends, `render_body` knows them all. The function is also
        given a way to find what the bodies were before (the week's, as last built: (body, HTML) pairs),
        asked only while few are given; once more are, those rendered by earlier builds are taken from
        the cache instead."""
        queued: dict[str, str] = {}
        with BackgroundMap(_render, least=PARALLEL_FROM) as background:
            def render_later(texts: list[str], before: Callable[[], Iterable[tuple[str, str]]] = tuple) -> None:
                if self._given + len(texts) <= FEW_BODIES:
                    self._before.update((text_digest(text), html) for text, html in before())
                fresh = {}
                for text in texts:
                    key = self._key_of(text)
                    self._given += 1
                    if (key in queued or key in self._rendered or key in self._before
                            or (self._given > FEW_BODIES and self._known(key))):
                        continue
                    fresh[key] = text
                queued.update(fresh)
                background.submit(list(fresh.values()))

            yield render_later
            self._rendered.update(zip(queued, background.results()))

    def prerender(self, texts: list[str]) -> None:
        """Render every body not cached yet, on all cores when there are many."""
        with self.rendering() as render_later:
            render_later(texts)

    def _known(self, key: str) -> str | None:
        """The body with this key as rendered in this build, else by an earlier one."""
        known = self._rendered.get(key)
        if known is None:
            known = self._before.get(key)
            if known is None and isinstance(stored := self._stored.get(key), str):
                known = stored
            if known is not None:
                self._rendered[key] = known
        return known

    def _read_json(self, name: str) -> dict:
        try:
            value = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def _key_of(self, text: str) -> str:
        known = self._text_keys.get(id(text))
        if known is not None and known[0] is text:
            return known[1]
        key = text_digest(text)
        self._text_keys[id(text)] = (text, key)
        return key

    def render_body(self, text: str) -> str:
        """`markup.render_body(text)` as a plain string, from the cache when this exact text was
        rendered before."""
        key = self._key_of(text)
        known = self._known(key)
        if known is None:
            known = self._rendered[key] = _render(text)
        return known

    def compiled_templates(self) -> FileSystemBytecodeCache | None:
        """Where Jinja keeps templates compiled. It checks each against its template's source; what
        compiling depends on besides (the environment's settings) is digest's code."""
        if self.folder is None:
            return None
        (self.folder / TEMPLATES).mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(self.folder / TEMPLATES), f"{self.version}-%s")

    def last_build(self, fingerprint: str, output: Path) -> dict | None:
        """What the last build produced, if it read exactly these inputs and its output is still there."""
        last = self._read_json(LAST_BUILD)
        stamp = output_stamp(output)
        if stamp is not None and last.get("fingerprint") == fingerprint and last.get("output") == stamp:
            return last
        return None

    def written(self, folder: Path) -> dict | None:
        """What this cache knows of `folder` as it is now: {"render": fingerprint, "pages": {path: key}, ...}."""
        entry = self._pages.get(output_stamp(folder) or "")
        return entry if isinstance(entry, dict) and isinstance(entry.get("pages"), dict) else None

    def page_keys(self, folder: Path, render: str) -> dict[str, str] | None:
        """The keys of the pages in `folder`, or None if the cache does not know the folder as it is.
        Keys made with other templates, settings or code are blanked: every page is then made again,
        but which pages the folder holds is still known."""
        entry = self.written(folder)
        if entry is None:
            return None
        same = entry.get("render") == render
        return {path: key if same else "" for path, key in entry["pages"].items()}

    def save(self, fingerprint: str, output: Path, result: dict, folders: dict[Path, dict | None] = {}) -> None:
        """Keep the bodies this build used (and only those), what it produced, and what each of
        `folders` holds (as `written` returns it)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Bodies rendered for an edit of a few notices are kept with their weeks (keep_weeks) only:
        # rewriting every body kept here would cost more than that whole build.
        if self.complete or "_stored" in self.__dict__:
            kept = self._rendered if self.complete else {**self._stored, **self._rendered}
            if kept.keys() != self._stored.keys():
                self._write_marshal(BODIES, kept)
        if "files" in self.__dict__ and self.files.changed:
            self._write_marshal(FILES, self.files.taken)
        last = {"fingerprint": fingerprint, "output": output_stamp(output), **result}
        self._replace(LAST_BUILD, lambda file: file.write(json.dumps(last, ensure_ascii=False).encode("utf-8")))
        pages = {output_stamp(folder): {**entry, "folder": str(folder)} for folder, entry in folders.items()
                 if entry is not None and output_stamp(folder)}
        # what other output folders sharing this cache hold (a preview's, say), while they are as written
        pages.update((stamp, entry) for stamp, entry in self._pages.items()
                     if stamp not in pages and isinstance(entry, dict) and isinstance(entry.get("folder"), str)
                     and output_stamp(Path(entry["folder"])) == stamp)
        self._write_marshal(PAGES, pages)
        compiled = self.folder / TEMPLATES
        for entry in os.scandir(compiled) if compiled.is_dir() else ():
            if not entry.name.startswith(self.version):  # compiled for other code
                os.unlink(entry.path)

    def kept_weeks(self, wanted: Callable[[Path, object], bool]) -> dict[Path, object]:
        """What `keep_weeks` kept of each week folder, where this Python and this code wrote it and
        `wanted(folder, key)` holds for the key it was kept with; the rest is not even unpickled."""
        if self.folder is None:
            return {}
        try:
            entries = [entry.path for entry in os.scandir(self.folder / WEEKS) if entry.name.endswith(PICKLE)]
        except OSError:
            return {}
        return dict(kept for path in entries if (kept := self._kept_week(path, wanted)) is not None)

    def kept_week(self, folder: Path) -> object | None:
        """What `keep_weeks` kept of `folder`, whatever its key, where this Python and this code wrote it."""
        if self.folder is None:
            return None
        found = self._kept_week(self.folder / WEEKS / _week_file(folder, PICKLE),
                                lambda kept_folder, key: kept_folder == folder)
        return found[1] if found else None

    def _kept_week(self, path: str | Path, wanted: Callable[[Path, object], bool]) -> tuple[Path, object] | None:
        try:
            with open(path, "rb") as file:
                python, version, folder, key, stamp = pickle.load(file)
                if [python, version] == [sys.version, self.version] and wanted(Path(folder), key):
                    deferred = _DeferredFile(self.folder / WEEKS / _week_file(folder, DEFERRED), stamp, self.version)
                    return Path(folder), _WeekUnpickler(file, deferred).load()
        except Exception:  # gone, or any damage a pickle can have: that week is read from its files again
            pass
        return None

    def keep_weeks(self, changed: Mapping[Path, tuple[object, object]], present: Iterable[Path]) -> None:
        """Write what is kept of the `changed` week folders, each as (key, value), and forget the folders
        not `present`."""
        if self.folder is None:
            return
        (self.folder / WEEKS).mkdir(parents=True, exist_ok=True)
        # on all cores: pickling every week of an archive takes seconds
        for _ in parallel_map(self._keep_week, list(changed.items()), least=32, chunk=16):
            pass
        wanted = {_week_file(folder, "") for folder in present}
        for entry in os.scandir(self.folder / WEEKS):
            if entry.name.split(".")[0] not in wanted:  # any of the week's files: see _week_file
                os.unlink(entry.path)

    def _keep_week(self, item: tuple[Path, tuple[object, object]]) -> None:
        folder, (key, value) = item
        index = io.BytesIO()
        pickler = _WeekPickler(index)
        pickler.dump(value)
        values = io.BytesIO()
        _Pickler(values).dump([d.value for d in pickler.deferred])
        # named by the week file: a reader tells this file from one another build wrote since
        stamp = text_digest(values.getbuffer())
        self._replace(f"{WEEKS}/{_week_file(folder, DEFERRED)}",
                      partial(_write_stamped, [sys.version, self.version, stamp], values))
        # after the deferred values: a week file never names a stamp its deferred file lacks
        self._replace(f"{WEEKS}/{_week_file(folder, PICKLE)}",
                      partial(_write_stamped, [sys.version, self.version, str(folder), key, stamp], index))

    def week_file(self, folder: Path, suffix: str, make: Callable[[], bytes], key: object) -> bytes:
        """The bytes `make` returns for a week folder and `key` (its part of a data file: JSON or
        CSV): as an earlier build (in any process) kept them for this key and code, else made now
        and kept. Not in `keep_weeks`' pickles: at archive scale they are most of the data files'
        hundred megabytes, read only while one is written."""
        if self.folder is None:
            return make()
        name = f"{WEEKS}/{_week_file(folder, suffix)}"
        stamp = f"{self.version} {text_digest(repr(key))}"
        try:
            with open(self.folder / name, "rb") as file:
                head, kept = file.readline().decode().split("\t"), file.read()
            if head[0] == stamp and int(head[1]) == len(kept):  # the length: a file cut short is made again
                return kept
        except (OSError, ValueError, IndexError):
            pass
        made = make()
        (self.folder / WEEKS).mkdir(parents=True, exist_ok=True)
        self._replace(name, lambda file: file.write(f"{stamp}\t{len(made)}\n".encode() + made))
        return made

    def _write_marshal(self, name: str, value: dict) -> None:
        """`value` in parts, then an empty part to mark the end: the whole of it as one string of bytes
        would add a hundred megabytes to the build's peak memory at archive scale."""
        items = list(value.items())

        def write(file: BinaryIO) -> None:
            marshal.dump([sys.version, self.version], file)
            for start in range(0, len(items), MARSHAL_PART):
                marshal.dump(dict(items[start:start + MARSHAL_PART]), file)
            marshal.dump({}, file)
        self._replace(name, write)

    def _replace(self, name: str, write: Callable[[BinaryIO], object]) -> None:
        """Write a cache file whole or not at all (a build killed while writing leaves the old one)."""
        target = self.folder / name
        temporary = target.with_name(f".{target.name}.tmp")
        with open(temporary, "wb") as file:
            write(file)
        os.replace(temporary, target)


def _path_from_text(path: Path) -> tuple:
    return type(path), (str(path),)


# A path is pickled as its parts, each parsed again on loading: as one string, half the time (the
# paths of 13,000 notice files take 0.08 s to unpickle).
_WEEK_PICKLING = {**copyreg.dispatch_table, PosixPath: _path_from_text, WindowsPath: _path_from_text}


def _write_stamped(stamp: list, data: io.BytesIO, file: BinaryIO) -> None:
    pickle.dump(stamp, file)
    file.write(data.getbuffer())


class _Pickler(pickle.Pickler):
    dispatch_table = _WEEK_PICKLING

    def __init__(self, file: BinaryIO):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)


class _WeekPickler(_Pickler):
    """A kept week without its deferred values: each is pickled as its place in `deferred`."""

    def __init__(self, file: BinaryIO):
        super().__init__(file)
        self.deferred: list[Deferred] = []

    def persistent_id(self, value: object) -> int | None:
        if type(value) is not Deferred:
            return None
        self.deferred.append(value)
        return len(self.deferred) - 1


class _WeekUnpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO, source: _DeferredFile):
        super().__init__(file)
        self._source = source

    def persistent_load(self, index: int) -> Deferred:
        return Deferred.kept(self._source, index)


class _DeferredFile:
    """A week's deferred values as `keep_weeks` wrote them with `stamp`, read whole when the first is asked for."""

    def __init__(self, path: Path, stamp: str, version: str):
        self.path, self.stamp, self._version = path, stamp, version
        self._values: list | None = None

    def read(self, index: int) -> object:
        if self._values is None:
            try:
                with open(self.path, "rb") as file:
                    stamp, values = pickle.load(file), pickle.load(file)
            except Exception as error:  # gone, cut short, damaged
                raise StaleCache(f"{self.path}: {error!r}") from error
            if stamp != [sys.version, self._version, self.stamp]:
                raise StaleCache(f"{self.path} was replaced")
            self._values = values
        return self._values[index]


def _week_file(folder: Path, suffix: str) -> str:
    return hashlib.blake2b(str(folder).encode(), digest_size=12).hexdigest() + suffix

