"""The output type: a file of the site, made only when it is written."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Iterator

from .keys import text_digest


@dataclass(frozen=True)
class Page:
    """A file of the site, made only when it is written (by any of the build's worker processes)."""

    path: str  # relative to the output folder, e.g. 'notices/x/index.html'
    make: Callable[[], bytes | Iterable[bytes]]  # large files come in parts, never whole in memory
    # its key, a hash of everything it is made from (see keys.py); or what gives the key and the search
    # key when first asked for: a page the last build did not record is keyed where it is made
    keyed: str | Callable[[], tuple[str, str | None]]

    @cached_property
    def _keys(self) -> tuple[str, str | None]:
        return (self.keyed, None) if isinstance(self.keyed, str) else self.keyed()

    @property
    def key(self) -> str:
        return self._keys[0]

    @property
    def search_key(self) -> str | None:
        """Of what the search index takes from it, where that is less than the page (a notice's page)."""
        return self._keys[1]

    @classmethod
    def of(cls, path: str, data: bytes) -> Page:
        return cls(path, lambda: data, text_digest(data))

    @property
    def data(self) -> bytes:
        made = self.make()
        return made if isinstance(made, bytes) else b"".join(made)


@dataclass(frozen=True)
class PageGroup:
    """Pages made from the same things (an issue's pages, say), under one key of all of them. Where
    the key is the one the last build recorded and every file it wrote for them is as written, the
    pages are neither made nor keyed one by one."""

    name: str
    keyed: str | Callable[[], str]  # its key, or what gives it when first asked for
    pages: Callable[[], Iterable[Page]]

    @cached_property
    def key(self) -> str:
        return self.keyed if isinstance(self.keyed, str) else self.keyed()


def every_page(items: Iterable[Page | PageGroup]) -> Iterator[Page]:
    """The pages, those of each group made."""
    for item in items:
        if isinstance(item, PageGroup):
            yield from item.pages()
        else:
            yield item
