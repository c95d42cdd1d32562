"""The search stage as the build calls it: which pages each year's bundle is made from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping

from .index import Memo

NOTICE_PAGE = ("notices/", "/index.html")


def notice_years(manifest: Mapping[str, list], year_of: Mapping[str, int]) -> dict[int, list[tuple[str, str]]]:
    """The notice pages by the year of the week that published them, as (path, key), from the
    build's manifest of the output (path → [key, stat, digest, search key]): each page by its search
    key, which covers what the index takes from it, so a new week changes its own year's bundle
    only. `year_of` maps a notice's slug to that year."""
    years: dict[int, list[tuple[str, str]]] = {}
    start, end = NOTICE_PAGE
    for path, record in manifest.items():
        if path.startswith(start) and path.endswith(end):
            slug = path[len(start):-len(end)]
            if slug in year_of:
                years.setdefault(year_of[slug], []).append((path, record[3] if len(record) > 3 else record[0]))
    return years


KEPT = 64  # values a memo of this kind holds at most


def dict_memo(kept: MutableMapping[str, bytes]) -> Memo:
    """A memo kept in a mapping (a test's), each kind's values apart."""
    def memo(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        name = f"{kind}:{key}"
        if name not in kept:
            if len(kept) >= KEPT:
                kept.clear()
            kept[name] = make()
        return kept[name]
    return memo
