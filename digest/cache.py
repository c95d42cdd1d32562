"""The build cache (`.digest-cache/` by default): notice bodies rendered once per content hash, and
the fingerprint of the last build, so that an unchanged site is not built again.

It is never trusted blindly: entries are keyed by a hash of the content and of digest's own code,
a cache that cannot be read is ignored (the build is then a full one), and the fingerprint of the
last build only counts while the output folder it wrote is still there, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator

from markupsafe import Markup

from .config import BuildConfig
from .errors import ContentError
from .markup import render_body
from .publish import MARKER
from .records import ParsedStore
from .workers import BackgroundMap

PACKAGE = Path(__file__).resolve().parent
BODIES = "bodies.json"
LAST_BUILD = "last-build.json"
PAGES = "pages.json"
PARSED = "front-matter.marshal"


def _code_version() -> str:
    """Any change to digest's code (the Markdown setup, say) makes every cached entry stale."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(config: BuildConfig) -> str:
    """A hash of everything a build reads: content, templates, static files, settings and code."""
    settings = (config.base_url, config.today.isoformat(), config.soon_days, config.search, config.strict,
                str(config.output.resolve()))
    return _hash(settings, (config.content, config.templates_dir, config.static_dir))


def render_fingerprint(config: BuildConfig) -> str:
    """A hash of what every page depends on besides what it is given (see keys.py): the templates,
    the settings pages show and digest's code."""
    return _hash((config.base_url, config.today.isoformat(), config.soon_days), (config.templates_dir,))


def _hash(settings: tuple, folders: tuple[Path, ...]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([_code_version(), *map(str, settings)]).encode())
    for root in folders:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
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


def _render(text: str) -> str:
    return str(render_body(text))


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class BuildCache:
    """Rendered bodies by content hash; kept on disk in `folder`, or for this build only when it is None."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.version = _code_version()
        self._used: dict[str, str] = {}
        self._stored_bodies: set[str] | None = None  # the keys in bodies.json, once read

    @cached_property
    def _bodies(self) -> dict:
        """Read on first use: a build that finds nothing changed never needs them."""
        bodies = self._read(BODIES, expect=dict) if self.folder else {}
        bodies = bodies if bodies.pop("", None) == self.version else {}
        self._stored_bodies = set(bodies)
        return bodies

    @cached_property
    def parsed(self) -> ParsedStore:
        """YAML parsed by earlier builds (marshal: plain data, several times faster to read than JSON)."""
        try:
            stamp, known = marshal.loads((self.folder / PARSED).read_bytes()) if self.folder else (None, {})
        except (OSError, ValueError, EOFError, TypeError):
            stamp, known = None, {}
        return ParsedStore(known if stamp == [sys.version, self.version] and isinstance(known, dict) else {})

    @contextmanager
    def rendering(self) -> Iterator[Callable[[list[str]], None]]:
        """Bodies given to the function this yields are rendered on the other cores while the block goes
        on (loading more weeks, say); when it ends, all are in the cache. Cached bodies are skipped."""
        queued: dict[str, str] = {}
        with BackgroundMap(_render, least=PARALLEL_FROM) as background:
            def render_later(texts: list[str]) -> None:
                fresh = {}
                for text in texts:
                    key = _key(text)
                    if key not in queued and not self._valid(self._bodies.get(key)):
                        fresh[key] = text
                queued.update(fresh)
                background.submit(list(fresh.values()))

            yield render_later
            self._bodies.update(zip(queued, background.results()))

    def prerender(self, texts: list[str]) -> None:
        """Render every body not cached yet, on all cores when there are many."""
        with self.rendering() as render_later:
            render_later(texts)

    @staticmethod
    def _valid(cached) -> bool:
        return isinstance(cached, str)

    def _read(self, name: str, expect: type):
        try:
            value = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return expect()
        return value if isinstance(value, expect) else expect()

    def render_body(self, text: str) -> Markup:
        """`markup.render_body(text)`, from the cache when this exact text was rendered before."""
        key = _key(text)
        cached = self._bodies.get(key)
        if not self._valid(cached):
            cached = _render(text)
        self._used[key] = cached
        return Markup(cached)

    def last_build(self, fingerprint: str, output: Path) -> dict | None:
        """What the last build produced, if it read exactly these inputs and its output is still there."""
        last = self._read(LAST_BUILD, expect=dict)
        stamp = output_stamp(output)
        if stamp is not None and last.get("fingerprint") == fingerprint and last.get("output") == stamp:
            return last
        return None

    def written(self, folder: Path) -> dict | None:
        """What this cache knows of `folder` as it is now: {"render": fingerprint, "pages": {path: key}}."""
        entry = self._read(PAGES, expect=dict).get(output_stamp(folder) or "")
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
        if self._used.keys() != self._stored_bodies:  # rewriting them costs a second at scale
            self._write(BODIES, {"": self.version, **self._used})
        if "parsed" in self.__dict__ and self.parsed.changed:
            self._write_bytes(PARSED, marshal.dumps([[sys.version, self.version], self.parsed.used]))
        self._write(LAST_BUILD, {"fingerprint": fingerprint, "output": output_stamp(output), **result})
        self._write(PAGES, {output_stamp(folder): entry for folder, entry in folders.items()
                            if entry is not None and output_stamp(folder)})

    def _write(self, name: str, value: dict) -> None:
        self._write_bytes(name, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def _write_bytes(self, name: str, data: bytes) -> None:
        temporary = self.folder / f".{name}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, self.folder / name)


def warnings_to_json(warnings: tuple[ContentError, ...]) -> list[list]:
    return [[w.path, w.line, w.field, w.message, w.warning] for w in warnings]


def warnings_from_json(rows: list[list]) -> tuple[ContentError, ...]:
    return tuple(ContentError(*row) for row in rows)
