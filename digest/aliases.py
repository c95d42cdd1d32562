"""Old addresses of renamed notices: `aliases:` in the front matter, each a redirect page to the notice
(as Hugo does it), so that links to the old URL keep working."""

from __future__ import annotations

from typing import Iterable

from .errors import ContentError


def alias_errors(notices: Iterable) -> list[ContentError]:
    """An alias that is another notice's address, or another notice's alias, is an error at its line."""
    notices = list(notices)
    slugs = {n.slug for n in notices}
    first: dict[str, str] = {}
    errors = []
    for notice in notices:
        for i, (alias, path, line) in enumerate(notice.aliases):
            if alias in slugs:
                errors.append(ContentError(path, line, f"aliases[{i}]", f"旧网址“{alias}”是另一条通知现在的文件名（网址）："
                                                                        "请删去这一项，或给那条通知改名"))
            elif alias in first and first[alias] != notice.slug:
                errors.append(ContentError(path, line, f"aliases[{i}]", f"旧网址“{alias}”已是通知“{first[alias]}”的旧网址："
                                                                        "一个旧网址只能跳转到一条通知"))
            first.setdefault(alias, notice.slug)
    return errors

