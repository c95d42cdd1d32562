"""The Pagefind binary: the extended build of the version pinned in package.json, from npm.

The extended build segments Chinese (the plain one indexes none of it); from 1.6.0 it segments at
index time with ICU4X, as the browser does with Intl.Segmenter, so the words of a query are the
words of the index. `npm ci` at the root of a checkout installs it into node_modules; the
PAGEFIND environment variable names another binary.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import BuildError

VERSION = "1.6.0"  # as pinned in package.json
RELATIVE = Path("node_modules/@pagefind/linux-x64/bin/pagefind_extended")
REPO = Path(__file__).resolve().parent.parent.parent
INSTALL_HINT = (f"请在项目根目录运行 npm ci 安装 Pagefind {VERSION} 扩展版（需要 Node.js 与 npm，"
                f"如 apt-get install nodejs npm），或用环境变量 PAGEFIND 指定 pagefind_extended 的路径，"
                f"或用 --no-search 跳过搜索索引")


@dataclass(frozen=True)
class Pagefind:
    path: Path
    version: str


def candidates() -> list[Path]:
    named = os.environ.get("PAGEFIND")
    if named:
        return [Path(named)]
    return list(dict.fromkeys([Path.cwd() / RELATIVE, REPO / RELATIVE]))


def pagefind() -> Pagefind:
    """The binary to run, checked once per process: the extended build of the pinned version."""
    for path in candidates():
        if path.is_file() and os.access(path, os.X_OK):
            return _checked(path.resolve())
    tried = "、".join(str(p) for p in candidates())
    raise BuildError(f"未找到 Pagefind 扩展版（中文分词需要它；已查找 {tried}）：{INSTALL_HINT}")


@lru_cache(maxsize=None)
def _checked(path: Path) -> Pagefind:
    if "extended" not in path.name:
        raise BuildError(f"{path} 不是 Pagefind 扩展版：{INSTALL_HINT}")
    try:
        result = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=60)
    except OSError as exc:
        raise BuildError(f"无法运行 {path}（{exc}）：{INSTALL_HINT}") from None
    version = result.stdout.strip().rpartition(" ")[2]
    if result.returncode != 0 or version != VERSION:
        raise BuildError(f"{path} 的版本是 {version or '未知'}，需要 Pagefind {VERSION}：{INSTALL_HINT}")
    return Pagefind(path, version)
