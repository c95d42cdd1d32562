"""Build settings, parsed by the CLI and passed down unchanged."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


# Asia/Shanghai: China has kept UTC+8 all year since 1991, so a fixed offset needs no zone database.
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def default_today() -> dt.date:
    """The build date: the date in Beijing, where the notices' deadlines fall, whatever the machine's
    zone (CI runs in UTC); of SOURCE_DATE_EPOCH when set, so CI rebuilds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), BEIJING).date()
    return dt.datetime.now(BEIJING).date()


BUNDLED = Path(__file__).resolve().parent.parent  # the project's own templates/ and static/


def _beside_content_or_bundled(content: Path, name: str) -> Path:
    """A site's own templates/ or static/ next to its content folder, else the project's."""
    own = content.parent / name
    return own if own.is_dir() else BUNDLED / name


@dataclass(frozen=True)
class BuildConfig:
    content: Path = Path("content")
    output: Path = Path("_site")
    templates: Path | None = None  # default: templates/ beside the content folder, else the bundled ones
    static: Path | None = None  # default: static/ beside the content folder, else the bundled ones
    base_url: str = "/"
    today: dt.date = field(default_factory=default_today)
    soon_days: int = 7  # a deadline this close is shown as 即将截止
    strict: bool = False  # warnings fail the build too
    replace_output: bool = False  # replace an output folder holding files digest did not write
    search: bool = True  # build the Pagefind search index (skip for quick previews)
    pdf: bool = True  # make each issue's PDF edition (skip for quick previews)
    cache_dir: Path | None = None  # where the build cache lives; None: no cache, every build is full

    @property
    def templates_dir(self) -> Path:
        return self.templates or _beside_content_or_bundled(self.content, "templates")

    @property
    def static_dir(self) -> Path:
        return self.static or _beside_content_or_bundled(self.content, "static")

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always with slashes at both ends: `/`, `/digest/`."""
        path = urlsplit(self.base_url).path.strip("/")
        return f"/{path}/" if path else "/"

    @property
    def site_url(self) -> str | None:
        """The absolute base URL, when one was given (for canonical links and feeds)."""
        parts = urlsplit(self.base_url)
        return self.base_url.rstrip("/") + "/" if parts.scheme and parts.netloc else None

    @property
    def link_root(self) -> str:
        """What links in feeds, calendars and data files start with: the absolute base URL where
        known, else the base path."""
        return self.site_url or self.base_path
