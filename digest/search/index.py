"""The search index: one Pagefind bundle per year, merged in the browser (static/search.js).

Each year's bundle is made from that year's notice pages only, so an index costs what its year
holds, not the archive: a new week makes its year's bundle again and every other year's is taken
back from the build store (`memo`), keyed by the keys of its pages and the Pagefind version.

What Pagefind is given is the page with every character of its text set apart by spaces but the
letters and digits of alphabetic words (`spaced`), so each Han character is a word of the index; the browser sets the query apart the same
way and searches it as a phrase. A notice is then found by any string its text contains (a word,
a part of one, a 发文字号 written with or without spaces), not only by the words a segmenter cut.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import unicodedata
import tempfile
from pathlib import Path
from typing import Callable, Mapping, Sequence

from ..errors import BuildError
from ..keys import text_digest
from .binary import INSTALL_HINT, Pagefind, pagefind

Memo = Callable[[str, str, Callable[[], bytes]], bytes]
FORMAT = "spaced-3"  # how pages are given to Pagefind: part of every bundle's key
BUNDLES = "bundles.json"  # the years' bundles, newest first, for the browser to merge
KEY_FILE = ".digest-key"  # in each year's folder: the key of the bundle it holds
# Pagefind's own search interfaces: the site has its own (static/search.js)
UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")

# Letters and digits of alphabetic scripts stay together as words; every other visible character
# (Han, symbols) is set apart from what touches it, but punctuation stays on the word it follows,
# opening brackets and quotes on the word they precede: Pagefind drops it from the words of the
# index as the browser drops it from a query, so it takes no place in a phrase.
_WORD = "0-9A-Za-z\u00c0-\u024f"


def _category_class(prefixes: tuple[str, ...]) -> str:
    chars = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in prefixes]
    return "".join(re.escape(c) for c in chars)


_OPENING = _category_class(("Ps", "Pi"))
_CLOSING = _category_class(("Pe", "Pf", "Po", "Pd", "Pc"))
_APART = re.compile(f"(?<=\\S)(?=\\S)(?<![{_OPENING}])(?![{_CLOSING}])(?:(?<![{_WORD}])|(?![{_WORD}]))")
_TEXT = re.compile(rb">([^<]+)<")


def no_memo(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    return make()


def spaced(text: str) -> str:
    """Every character set apart but the letters and digits of a word, as the index has them."""
    return _APART.sub(" ", text)


def spaced_page(page: bytes) -> bytes:
    """The page as Pagefind is given it: its text nodes spaced, its tags and attributes as they are."""
    def text(match: re.Match) -> bytes:
        return b">" + html.escape(spaced(html.unescape(match.group(1).decode("utf-8"))), quote=False).encode("utf-8") + b"<"
    return _TEXT.sub(text, page)


def bundle_key(tool: Pagefind, year: int, pages: Sequence[tuple[str, str]]) -> str:
    return text_digest("\0".join([tool.version, FORMAT, str(year), *(f"{path}\0{key}" for path, key in sorted(pages))]))


def index_site(output: Path, years: Mapping[int, Sequence[tuple[str, str]]], memo: Memo = no_memo) -> dict:
    """Write output/pagefind/<year>/ for every year (each the bundle of its pages, which must be in
    `output`) and output/pagefind/bundles.json; return how many years were indexed and reused.

    A year's bundle already in `output` with its key stays as it is; else the memo gives it
    (unpacked) or makes it (indexed)."""
    tool = pagefind()
    root = output / "pagefind"
    root.mkdir(parents=True, exist_ok=True)
    wanted = {str(year) for year in years} | {BUNDLES}
    for stale in [entry for entry in root.iterdir() if entry.name not in wanted]:
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    counts = {"years_indexed": 0, "years_reused": 0, "years_unpacked": 0, "pages": 0}
    for year in sorted(years, reverse=True):
        pages, folder = sorted(years[year]), root / str(year)
        key = bundle_key(tool, year, pages)
        counts["pages"] += len(pages)
        if _key_of(folder) == key:
            counts["years_reused"] += 1
            continue
        shutil.rmtree(folder, ignore_errors=True)
        made = []

        def make(pages=pages, folder=folder) -> bytes:
            made.append(folder)
            return _index_year(tool, output, pages, folder)

        data = memo("search-year", key, make)
        if not made:
            _unpack(data, folder)
            counts["years_unpacked"] += 1
        counts["years_indexed" if made else "years_reused"] += 1
        (folder / KEY_FILE).write_text(key + "\n", encoding="utf-8")
    (root / BUNDLES).write_text(json.dumps({"pagefind": tool.version, "format": FORMAT,
                                            "bundles": [f"{year}/" for year in sorted(years, reverse=True)]},
                                           ensure_ascii=False) + "\n", encoding="utf-8")
    return counts


def _key_of(folder: Path) -> str | None:
    try:
        return (folder / KEY_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _index_year(tool: Pagefind, output: Path, pages: Sequence[tuple[str, str]], folder: Path) -> bytes:
    """The bundle of these pages, moved to `folder`, as a tar (its files are compressed already)."""
    work = Path(tempfile.mkdtemp(prefix=".search-", dir=output.parent))
    try:
        site = work / "site"
        for path, _key in pages:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(spaced_page((output / path).read_bytes()))
        bundle = work / "bundle"
        result = subprocess.run([str(tool.path), "--site", str(site), "--output-path", str(bundle)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"Pagefind 建立搜索索引失败：\n{result.stdout}{result.stderr}")
        words = re.search(r"Indexed (\d+) words?", result.stdout)
        if pages and (not words or int(words.group(1)) == 0):
            raise BuildError(f"Pagefind 没有索引到任何词（中文未分词？）：{INSTALL_HINT}")
        for unused in [p for p in bundle.iterdir() if UNUSED.search(p.name)]:
            unused.unlink()
        data = _pack(bundle)
        bundle.rename(folder)
        os.chmod(folder, 0o755)
        return data
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pack(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_dir():
                continue
            info = tarfile.TarInfo(relative)
            info.size, info.mode, info.mtime = path.stat().st_size, 0o644, 0
            with path.open("rb") as file:
                tar.addfile(info, file)
    return buffer.getvalue()


def _unpack(data: bytes, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
        tar.extractall(folder, filter="data")
    os.chmod(folder, 0o755)
