"""Full-text search: the built pages indexed by Pagefind's extended build, which segments Chinese.

The plain Pagefind binary indexes no Chinese at all, so only the extended one is ever run and a
build without it fails instead of publishing a search that finds nothing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .errors import BuildError

INSTALL_HINT = "请安装：pip install 'pagefind[extended]' pagefind-bin-extended（同一版本），或用 --no-search 跳过搜索索引"


def pagefind_executable() -> Path:
    try:
        import pagefind_bin_extended
    except ImportError:
        raise BuildError(f"未找到 Pagefind 扩展版（中文分词需要它）：{INSTALL_HINT}") from None
    executable = Path(pagefind_bin_extended.get_executable())
    if "extended" not in executable.name:
        raise BuildError(f"{executable} 不是 Pagefind 扩展版：{INSTALL_HINT}")
    return executable


def index_site(site_dir: Path) -> int:
    """Index `site_dir` in place (into site_dir/pagefind/); return the number of words indexed."""
    result = subprocess.run([str(pagefind_executable()), "--site", str(site_dir)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"Pagefind 建立搜索索引失败：\n{result.stdout}{result.stderr}")
    pages = re.search(r"Indexed (\d+) pages?", result.stdout)
    words = re.search(r"Indexed (\d+) words?", result.stdout)
    if pages and int(pages.group(1)) > 0 and (not words or int(words.group(1)) == 0):
        raise BuildError(f"Pagefind 没有索引到任何词（中文未分词？）：{INSTALL_HINT}")
    return int(words.group(1)) if words else 0
