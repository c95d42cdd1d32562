"""Full-text search: per-year Pagefind bundles of the notice pages, merged in the browser."""

from pathlib import Path

from .binary import INSTALL_HINT, VERSION, pagefind
from .index import index_site, no_memo, spaced
from .stage import notice_years


def pagefind_executable() -> Path:
    """The pagefind_extended binary the build runs (for tools that run it themselves)."""
    return pagefind().path


__all__ = ["INSTALL_HINT", "VERSION", "pagefind", "pagefind_executable", "index_site", "no_memo", "spaced",
           "notice_years", "search_stage"]
