"""Full-text search: per-year Pagefind bundles of the notice pages, merged in the browser."""

from .binary import INSTALL_HINT, VERSION, pagefind
from .index import index_site, no_memo, spaced
from .stage import notice_years

__all__ = ["INSTALL_HINT", "VERSION", "pagefind", "index_site", "no_memo", "spaced", "notice_years", "search_stage"]
