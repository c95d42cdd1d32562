"""Output: pages and static files written to a folder beside the output, then swapped in.

The swap is one atomic exchange of the two folders (Linux renameat2 RENAME_EXCHANGE), so a build
that fails or is killed at any moment leaves readers, and CI's deploy step, the previous site or
the complete new one. Leftovers of a killed build are removed by the next run.

With a build cache, the site the swap replaces is kept beside the output as `.<output>.previous`,
then given hard links to the pages the build changed, so that it holds the same pages as the
output. The next build writes into that folder instead of a fresh one: only the pages whose keys
changed are made, and only their files are written, so a small edit writes a few files instead of
tens of thousands (creating files is the slowest part of a build on many disks). The two folders
share their files, so a file in the spare is always replaced, never written over.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Mapping

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


def clear_leftovers(output: Path) -> None:
    """Remove the folders killed builds were writing beside `output`."""
    for leftover in output.resolve().parent.glob(f".{output.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def spare_folder(output: Path) -> Path:
    """Where the site an output replaced is kept for the next build to update."""
    return output.with_name(f".{output.name}.previous")


def publish(pages: Iterable[Page], static_dir: Path, output: Path,
            finish: Callable[[Path], object] | None = None, progress: Callable[[int], None] | None = None,
            keep_spare: bool = False, spare_keys: Mapping[str, str] | None = None,
            output_keys: Mapping[str, str] | None = None) -> dict[str, str]:
    """Make and write every page (on all cores) and the static files, run `finish` on the complete new
    folder (the search index, say), then swap it in. `progress` is called with the number of pages
    made so far. Return each page's key.

    With `keep_spare`, the replaced site is kept as the spare (see `spare_folder`), else deleted;
    the spare is then made to hold the same pages as the output.
    `spare_keys` are the keys of the pages in the spare, where they are known: the build then
    updates that folder instead of writing a fresh one. Pages it holds with the right key stay as
    they are; pages the output holds with the right key (`output_keys`) are linked to from there;
    only the others are made."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(output)
    spare = spare_folder(output)
    if spare_keys is not None and (spare / MARKER).is_file():
        staging = spare
        (staging / MARKER).unlink()  # half updated until the marker is back: never reused as it is
    else:
        shutil.rmtree(spare, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    known: Mapping[str, str] = spare_keys if staging == spare else {}
    try:
        pages = list(pages)
        current = output_keys or {}
        changed = [(page, output / page.path if current.get(page.path) == page.key else None)
                   for page in pages if known.get(page.path) != page.key]
        for count, _ in enumerate(parallel_map(partial(_write, staging, staging != spare), changed), 1):
            if progress is not None:
                progress(count)
        _remove(staging, known.keys() - {page.path for page in pages})
        for generated in ("static", "pagefind"):
            shutil.rmtree(staging / generated, ignore_errors=True)
        if static_dir.is_dir():
            shutil.copytree(static_dir, staging / "static")
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish is not None:
            finish(staging)
        staging.chmod(0o755)
        _swap(staging, output, keep=spare if keep_spare else None)
    except BaseException:
        if staging != spare:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if keep_spare and spare.is_dir():
        # The replaced site, now the spare, is brought up to date with links to the pages this build
        # changed (to every page where what it held is not known): the next build (an edit after a
        # template change, say) then makes only its own.
        (spare / MARKER).unlink(missing_ok=True)  # half updated until the marker is back: never taken for what it was
        if output_keys is None:
            shutil.rmtree(spare)
            shutil.copytree(output, spare, copy_function=_link_or_copy, ignore=lambda folder, names:
                            [MARKER] if Path(folder) == output else [])
        else:
            behind = [(page, output / page.path) for page in pages if output_keys.get(page.path) != page.key]
            for _ in parallel_map(partial(_write, spare, False), behind):
                pass
            _remove(spare, output_keys.keys() - {page.path for page in pages})
        (spare / MARKER).write_bytes(MARKER_TEXT)
    return {page.path: page.key for page in pages}


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def _remove(folder: Path, paths: Iterable[str]) -> None:
    """Pages the site no longer has, and the folders they leave empty."""
    for path in sorted(paths):
        target = folder / path
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == folder:
                break
            try:
                parent.rmdir()
            except OSError:  # not empty
                break


def _write(folder: Path, fresh: bool, job: tuple[Page, Path | None]) -> None:
    """Put a page into `folder`: a link to `same`, a file holding the page already, where there is
    one, else the bytes the page makes. In a folder that is not `fresh`, the old file is removed
    first: it may be a link to a file of the site being served."""
    page, same = job
    target = folder / page.path
    if not fresh:
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
    try:
        _put(target, page, same)
    except FileNotFoundError:  # first file of its folder
        target.parent.mkdir(parents=True, exist_ok=True)
        _put(target, page, same)


def _put(target: Path, page: Page, same: Path | None) -> None:
    if same is not None:
        try:
            os.link(same, target)
            return
        except FileNotFoundError:
            if not target.parent.is_dir():
                raise
        except OSError:  # a file system without hard links
            pass
    _write_file(target, page.make())


def _write_file(path: Path, data: bytes | Iterable[bytes]) -> None:
    # os-level calls: Python's file objects add three system calls per file, a second at archive scale
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for part in (data,) if isinstance(data, bytes) else data:
            view = memoryview(part)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot (then a two-step rename is used)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _swap(staging: Path, output: Path, keep: Path | None) -> None:
    """Put `staging` in the place of `output`; the replaced site goes to `keep`, or is deleted."""
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        replaced = staging
    else:
        replaced = staging.with_name(staging.name.replace(".new-", ".old-") if ".new-" in staging.name
                                     else f".{output.name}.old-swap")
        output.rename(replaced)
        staging.rename(output)
    if keep is None:
        shutil.rmtree(replaced)
    elif replaced != keep:
        shutil.rmtree(keep, ignore_errors=True)
        replaced.rename(keep)
