"""Warnings an editor can settle: a notice records that a warning was checked, and why.

    checked:
      date-year: 原文如此（落款年份为 2020，系原文笔误）

settles every warning of that code in the notice: `digest check` lists it only with `--all`, and
`--strict` no longer fails on it. A code under `checked` that no warning of the notice has is itself
a warning (the text changed since, say). Each line of `review:` (the places the importer was unsure
of) is a warning until the editor has checked it and deleted the line.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from .errors import ContentError

REVIEW = "review"
UNUSED = "checked-unused"


def settle(notice, warnings: Iterable[ContentError]) -> list[ContentError]:
    """The warnings of one notice (a Loaded[FrontMatter]), those it records as checked marked settled,
    with one for each review line and each `checked` code that no longer matches a warning."""
    checked = notice.model.checked
    out = [replace(w, settled=checked[w.code]) if w.code in checked and checked[w.code] else w for w in warnings]
    codes = {w.code for w in out}
    for code, reason in checked.items():
        if code not in codes:
            out.append(notice.warning(("checked", code), f"本通知没有代码为 {code} 的警告：请删去这一行"
                                      "（或改正代码，代码见 docs/编辑指南.md）", UNUSED))
        elif not reason:
            out.append(notice.warning(("checked", code), "请写明核对的理由，如“原文如此”", UNUSED))
    for i, item in enumerate(notice.model.review):
        out.append(notice.warning(("review", i), f"导入时提示待核对：{item}（核对后删去这一行）", REVIEW))
    return out
