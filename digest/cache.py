"""The build cache (`.digest-cache/` by default): notice bodies rendered once per content hash, and
the fingerprint of the last build, so that an unchanged site is not built again.

It is never trusted blindly: entries are keyed by a hash of the content and of digest's own code,
a cache that cannot be read is ignored (the build is then a full one), and the fingerprint of the
last build only counts while the output folder it wrote is still there, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator

from markupsafe import Markup

from .config import BuildConfig
from .errors import ContentError
from .markup import render_body
from .publish import MARKER
from .workers import BackgroundMap

PACKAGE = Path(__file__).resolve().parent
BODIES = "bodies.json"
LAST_BUILD = "last-build.json"


def _code_version() -> str:
    """Any change to digest's code (the Markdown setup, say) makes every cached entry stale."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(config: BuildConfig) -> str:
    """A hash of everything a build reads: content, templates, static files, settings and code."""
    digest = hashlib.blake2b(digest_size=20)
    settings = (config.base_url, config.today.isoformat(), config.soon_days, config.search, config.strict,
                str(config.output.resolve()))
    digest.update(json.dumps([_code_version(), *map(str, settings)]).encode())
    for root in (config.content, config.templates_dir, config.static_dir):
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

    @cached_property
    def _bodies(self) -> dict:
        """Read on first use: a build that finds nothing changed never needs them."""
        bodies = self._read(BODIES, expect=dict) if self.folder else {}
        return bodies if bodies.pop("", None) == self.version else {}

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

    def save(self, fingerprint: str, output: Path, result: dict) -> None:
        """Keep the bodies this build used (and only those) and what it produced."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write(BODIES, {"": self.version, **self._used})
        self._write(LAST_BUILD, {"fingerprint": fingerprint, "output": output_stamp(output), **result})

    def _write(self, name: str, value: dict) -> None:
        temporary = self.folder / f".{name}.tmp"
        temporary.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.folder / name)


def warnings_to_json(warnings: tuple[ContentError, ...]) -> list[list]:
    return [[w.path, w.line, w.field, w.message, w.warning] for w in warnings]


def warnings_from_json(rows: list[list]) -> tuple[ContentError, ...]:
    return tuple(ContentError(*row) for row in rows)
