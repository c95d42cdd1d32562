"""Output: pages and static files written to a fresh folder beside the output, then swapped in.

The swap is one atomic exchange of the two folders (Linux renameat2 RENAME_EXCHANGE), so a build
that fails or is killed at any moment leaves readers, and CI's deploy step, the previous site or
the complete new one. Leftovers of a killed build are removed by the next run.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from .errors import ContentError, ContentErrors
from .render import Page
from .workers import parallel_map

# Written into every output folder, so a folder holding anything else is never replaced by mistake.
MARKER = ".digest-output"
MARKER_TEXT = b"This folder is written by digest and replaced whole on every build.\n"

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_output(output: Path, content: Path, replace: bool = False) -> None:
    """Refuse an output folder that would overwrite content or files digest did not write."""
    out, src = output.resolve(), content.resolve()
    if out == src or out in src.parents or src in out.parents:
        raise ContentErrors([ContentError(str(output), 0, "", f"输出文件夹不能是内容文件夹 {content}、包含它或位于其中：请换一个输出文件夹")])
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not replace:
        raise ContentErrors([ContentError(str(output), 0, "", "输出文件夹中已有不是 digest 生成的文件：请换一个空文件夹，或加 --replace-output 覆盖")])
    if out.exists() and not out.is_dir():
        raise ContentErrors([ContentError(str(output), 0, "", "输出位置是一个文件而不是文件夹：请换一个输出文件夹")])


def publish(pages: Iterable[Page], static_dir: Path, output: Path,
            finish: Callable[[Path], object] | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Make and write every page (on all cores) and the static files, run `finish` on the complete new
    folder (the search index, say), then swap it in; return the number of pages written. `progress`
    is called with the number of pages written so far."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    for leftover in output.parent.glob(f".{output.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        count = 0
        for count, _ in enumerate(parallel_map(partial(_write, staging), list(pages)), 1):
            if progress is not None:
                progress(count)
        if static_dir.is_dir():
            shutil.copytree(static_dir, staging / "static")
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish is not None:
            finish(staging)
        staging.chmod(0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _write(folder: Path, page: Page) -> None:
    target = folder / page.path
    data = page.make()
    try:
        target.write_bytes(data)
    except FileNotFoundError:  # first file of its folder
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot (then a two-step rename is used)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
    elif _exchange(staging, output):
        shutil.rmtree(staging)  # now holds the previous site
    else:
        retired = staging.with_name(staging.name.replace(".new-", ".old-"))
        output.rename(retired)
        staging.rename(output)
        shutil.rmtree(retired)
