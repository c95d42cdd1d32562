"""Import one bulletin, exported from its PDF as plain text / Markdown, into a week folder of records.

The export is read line by line (numbered from 1, as an editor's text editor shows them):

    知识产权信息篇（2021/04/10~2021/04/16）      a section and its period
    国家级 / 地方级 / 资讯                          a group
    [1、标题](#)  ·  1、[标题](#)  ·  1、标题      a notice, numbered within its group
    国知办函服字〔2021〕304 号                      its 发文字号 (first line after the title)
    各有关单位：                                    its addressees (the next line, ending with ：)
    …正文…                                          the body, with 附件、联系人 lines taken out
    北京市知识产权局 / 2021 年 4 月 12 日          its signature: agency and date
    附件 / | 表格 |                                 appendices after the signature stay in the body
    盈科瑞·知识产权部 / 2021 年 04 月 16 日         the section's own signature (into week.yaml)

Whatever the importer cannot place stays in the body; every guess it is unsure of becomes a warning
with the line of the source it comes from, so the editor reviews exactly those places.
"""

from __future__ import annotations

import shutil
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, ContentError
from ..load import AGENCIES_FILE, WEEK_FILE
from .agencies import _Registry
from .body import _Body
from .contacts import _Contacts
from .deadlines import _Deadlines
from .fields import _Fields
from .outline import _Outline
from .slugs import name_notices
from .writing import _notice_md, _validate, _week_yaml

__all__ = ["ImportReport", "import_bulletin"]


@dataclass(frozen=True)
class ImportReport:
    """What one import wrote, and the places of the source an editor should review."""

    week_folder: Path
    notices: tuple[Path, ...]
    new_agencies: tuple[str, ...]  # ids appended to agencies.yaml
    warnings: tuple[ContentError, ...]  # each at the line of the source it concerns

    def summary(self) -> str:
        lines = [f"已导入 {self.week_folder.name} 期：{len(self.notices)} 条通知 → {self.week_folder.as_posix()}/"]
        if self.new_agencies:
            lines.append(f"新登记机构 {len(self.new_agencies)} 个（已追加到 {AGENCIES_FILE}）："
                         + "、".join(self.new_agencies)
                         + "。请核对级别和地区，补全 short、aliases、website。")
        if not self.warnings:
            lines.append("没有需要特别核对的地方。")
            return "\n".join(lines) + "\n"
        lines.append(f"请对照原文核对以下 {len(self.warnings)} 处（第几行指原文的行号；各条通知的 review 字段中也有，"
                     "核对后删去，digest check 在删去之前会一直列出）：")
        for warning in self.warnings:
            lines.append(f"  第 {warning.line} 行：{warning.message}")
        return "\n".join(lines) + "\n"


def import_bulletin(source: Path, content_root: Path, *, force: bool = False) -> ImportReport:
    """Read the bulletin at `source` and write its week folder under `content_root`.

    Raises BuildError if the source cannot be read, if the week folder exists (unless `force`),
    or if the records it would write are not valid.
    """
    source, content_root = Path(source), Path(content_root)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildError(f"找不到要导入的文件：{source}") from None
    except UnicodeDecodeError:
        raise BuildError(f"{source} 不是 UTF-8 编码：请另存为 UTF-8 后再导入") from None
    registry = _Registry.read(content_root)
    importer = _Importer(source, text, registry)
    week, notices = importer.run()

    year_folder = content_root / f"{week.date.year}"
    week_folder = year_folder / week.date.isoformat()
    if week_folder.exists() and not force:
        raise BuildError(f"{week_folder.as_posix()} 已存在：本期已导入过。如要用新导入的内容覆盖，请加 --force"
                         "（该文件夹中的全部文件将被替换）")
    name_notices(notices, registry, content_root, week_folder)
    warnings = tuple(sorted(set(importer.warnings), key=lambda w: (w.line, w.message)))
    _review_lists(notices, warnings)
    files = {WEEK_FILE: _week_yaml(week, source)}
    for notice in notices:
        files[f"{notice.slug}.md"] = _notice_md(notice, source)
    _validate(week, notices, registry)

    if week_folder.exists():
        shutil.rmtree(week_folder)
    week_folder.mkdir(parents=True)
    paths = []
    for name, content in files.items():
        path = week_folder / name
        path.write_text(content, encoding="utf-8")
        if name != WEEK_FILE:
            paths.append(path)
    registry.append_new(source)
    return ImportReport(week_folder=week_folder, notices=tuple(paths),
                        new_agencies=tuple(a.id for a in registry.new), warnings=warnings)


def _review_lists(notices: list, warnings: tuple[ContentError, ...]) -> None:
    """Each warning about a notice's lines, in that notice's `review:` list too (the site never shows it)."""
    starts = [n.line for n in notices]
    for warning in warnings:
        index = bisect_right(starts, warning.line) - 1
        if index >= 0:
            notices[index].review.append(f"原文第 {warning.line} 行：{warning.message}")


class _Importer(_Outline, _Fields, _Contacts, _Body, _Deadlines):
    """The stages of one import, each in its module: outline, fields, contacts, body, deadlines."""
