"""Output: pages and static files written to a fresh folder beside the output, then swapped in.

Readers (and CI's deploy step) therefore only ever see the previous site or the complete new one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from .render import Page


def publish(pages: Iterable[Page], static_dir: Path, output: Path) -> int:
    """Write every page and the static files; return the number of pages written."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    for leftover in output.parent.glob(f".{output.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        count = 0
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.data)
            count += 1
        if static_dir.is_dir():
            shutil.copytree(static_dir, staging / "static")
        staging.chmod(0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired)
