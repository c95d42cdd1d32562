"""Page keys: a hash of everything a page is made from.

A build compares each page's key with the key the same page had when the folder it writes into was
last written; where they are equal, the file there is already right and the page is not made again.
Keys cover what a page is given (the notices, agencies, weeks and values in its context) and, for
HTML pages, the templates it is rendered with (render.template_versions); digest's code and the
settings are covered once for all pages (see cache.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import operator
from collections.abc import Mapping

import msgspec


# The hash of every digest and key the build takes: SHA-256, which x86-64 and ARMv8 processors
# compute in hardware (here twice as fast as blake2b on a store's large values, as fast on short
# text: docs/architecture.md), its hex digest cut to DIGEST_CHARS.
hasher = hashlib.sha256
DIGEST_CHARS = 32


def text_digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hasher(data).hexdigest()[:DIGEST_CHARS]


def file_digest(file) -> str:
    """The digest of an open binary file's bytes, as `text_digest` of them."""
    return hashlib.file_digest(file, hasher).hexdigest()[:DIGEST_CHARS]


def page_key(*parts) -> str:
    """The key of a page made from `parts`."""
    out: list[str] = []
    _walk(parts, out)
    return text_digest("\0".join(out))


_DIGEST = operator.attrgetter("digest")

# Exact types whose text is their key: checked first, as most values walked are these or lists.
_PLAIN = frozenset({str, int, float, bool, dt.date, type(None)})


def _walk(value, out: list[str]) -> None:
    kind = type(value)
    if kind in _PLAIN:
        out.append(f"{kind.__name__}:{value}")
        return
    if kind is list or kind is tuple:
        out.append(f"[{len(value)}")
        if value and len(set(map(type, value))) == 1 and isinstance(getattr(value[0], "digest", None), str):
            # a list of notices, say (thousands on an agency's page): their digests, at C speed
            out.extend(map(_DIGEST, value))
            return
        for item in value:
            digest = None if type(item) in _PLAIN else getattr(item, "digest", None)
            if isinstance(digest, str):
                out.append(digest)
            else:
                _walk(item, out)
        return
    if kind is dict:  # a page's context: before the attribute lookup below, which a dict fails slowly
        out.append(f"{{{len(value)}")
        for name, item in value.items():
            _walk(name, out)
            _walk(item, out)
        return
    # Linked objects carry a digest of what they were made from: their own file, and what they link to.
    digest = getattr(value, "digest", None)
    if isinstance(digest, str):
        out.append(digest)
    elif isinstance(value, bytes):
        out.append(f"bytes:{text_digest(value)}")
    elif value is None or isinstance(value, (str, int, float, dt.date)):
        out.append(f"{type(value).__name__}:{value}")
    elif isinstance(value, enum.Enum):
        out.append(f"{type(value).__name__}.{value.name}")
    elif isinstance(value, (list, tuple)):
        out.append(f"[{len(value)}")
        for item in value:
            _walk(item, out)
    elif isinstance(value, Mapping):
        out.append(f"{{{len(value)}")
        for name, item in value.items():
            _walk(name, out)
            _walk(item, out)
    elif hasattr(value, "model_dump"):  # a record model, as the editor wrote it
        _walk(value.model_dump(mode="json"), out)
    elif isinstance(value, msgspec.Struct):
        out.append(type(value).__name__)
        for name in value.__struct_fields__:
            _walk(getattr(value, name), out)
    elif dataclasses.is_dataclass(value):
        out.append(type(value).__name__)
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), out)
    else:
        # Better no key than a key that misses what a page shows: make the page type known here.
        raise TypeError(f"a page key cannot cover {type(value).__name__}")
