"""Values read on first use: the part of a week kept by the build cache that most builds never need.

A notice's text (its front matter, body and HTML) is most of what a kept week holds, yet a build
after a small edit shows it on a few pages only; lists need only the notice's title, date, agencies
and deadlines. The cache keeps each week's deferred values in a file of their own (cache.py), read
only when one of them is first asked for.
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class StaleCache(Exception):
    """A file of the build cache that a deferred value was to be read from is gone or was replaced
    since the build began (by another build sharing the cache): the build starts again without it."""


class Source(Protocol):
    def read(self, index: int) -> object:
        """The value kept at `index`; raises StaleCache when it can no longer be read."""


class Deferred(Generic[T]):
    """A value at hand, or the place a source keeps it at (`Deferred.kept`), read when first asked for."""

    __slots__ = ("_value", "source", "index")

    def __init__(self, value: T) -> None:
        self._value = value
        self.source: Source | None = None
        self.index = 0

    @classmethod
    def kept(cls, source: Source, index: int) -> Deferred:
        deferred = cls.__new__(cls)
        deferred.source, deferred.index = source, index
        return deferred

    @property
    def value(self) -> T:
        if self.source is not None:
            self._value = self.source.read(self.index)
            self.source = None
        return self._value

    def __reduce__(self) -> tuple:
        return Deferred, (self.value,)
