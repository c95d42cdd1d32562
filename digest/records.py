"""Source records: the text of a content file parsed into plain data, with the line of every value.

PyYAML's YAML 1.1 resolution would turn `84080081` into an int and `no` into False, and it
silently keeps the last of two equal keys. Here only the node tree is taken from PyYAML;
every scalar stays text except null and true/false, duplicate keys are errors, and the
models convert text to dates and numbers where a field asks for them.
"""

from __future__ import annotations

import marshal
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .keys import text_digest

Loc = tuple[str | int, ...]

# libyaml's composer when PyYAML was built with it (about ten times faster); the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

_YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“: ”，含冒号的文本请加引号",
    "could not find expected ':'": "缺少“:”，每行应写成“字段: 值”",
    "found undefined alias": "引用了未定义的锚点（*）",
    "expected <block end>, but found '-'": "列表项缩进不一致",
}


@dataclass
class Record:
    """One parsed content file: its data, where each value is, and (for notices) the body."""

    path: Path
    shown_path: str
    data: Any  # as parsed; None once load.py has validated it into a model
    lines: dict[Loc, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    digest: str = ""  # of the file's text: what pages made from it are keyed by
    stem: str = field(init=False)  # the file name without its suffix: a notice's slug

    def __post_init__(self) -> None:
        self.stem = self.path.stem  # computed once: linking asks every notice for it on every build

    def line_of(self, loc: Loc) -> int:
        """The line of the value at `loc`, or of its closest enclosing value."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def error(self, loc: Loc, message: str, line_loc: Loc | None = None, warning: bool = False) -> ContentError:
        """A problem with the value at `loc`, reported at the line of `line_loc` (default: `loc`)."""
        line = self.line_of(loc if line_loc is None else line_loc)
        return ContentError(self.shown_path, line, field_name(loc), message, warning)

    def warning(self, loc: Loc, message: str) -> ContentError:
        return self.error(loc, message, warning=True)


def field_name(loc: Loc) -> str:
    """('deadlines', 0, 'date') -> 'deadlines[0].date'; (3, 'parent') -> 'parent' (the line says which item)."""
    out = ""
    for part in loc[1:] if loc and isinstance(loc[0], int) else loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Characters no web page may carry (all C0 controls but tab and line feed, DEL, C1 controls).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_message(control: re.Match) -> str:
    return f"含有不可见的控制字符（U+{ord(control.group()):04X}）：请删除该字符"

# The longest real notice is far below this; a file this large is a mistake (a pasted PDF, say).
MAX_FILE_BYTES = 1_000_000

# A file modified this recently may be saved again within the same clock tick, keeping its size
# and times: until then only its text tells whether it changed.
SETTLED_NS = 2_000_000_000


def file_signature(stat: os.stat_result, now_ns: int) -> tuple | None:
    """What tells, without reading it, that a file is as it was: type, size, times and inode; None
    while it is not settled."""
    if now_ns - stat.st_mtime_ns < SETTLED_NS:
        return None
    return (stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def scan_folder(folder: str | Path, now_ns: int) -> tuple[str | None, list[os.DirEntry]]:
    """A folder's entries in name order, and its signature: a digest of their names and signatures,
    None while any of them is not settled. Raises OSError where the folder cannot be listed."""
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    signature = []
    for entry in entries:
        try:
            stat = entry.stat()
        except OSError:  # a link to nothing
            stat = entry.stat(follow_symlinks=False)
        settled = file_signature(stat, now_ns)
        if settled is None:
            return None, entries
        signature.append((entry.name, *settled))
    return text_digest(marshal.dumps(signature)), entries


def read_text(path: Path, shown: str) -> tuple[str | None, list[ContentError]]:
    if path.stat().st_size > MAX_FILE_BYTES:
        size = path.stat().st_size / 1_000_000
        return None, [ContentError(shown, 1, "", f"文件过大（{size:.1f} MB，上限 1 MB）：请删去粘贴的多余内容，附件请放在 static/files/")]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [ContentError(shown, 1, "", "文件以 BOM 开头：请另存为“UTF-8（无 BOM）”编码")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ContentError(shown, line, "", "文件不是 UTF-8 编码：请另存为“UTF-8（无 BOM）”编码")]
    control = _CONTROL.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        return None, [ContentError(shown, line, "", _control_message(control))]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return None, [ContentError(shown, line, "", "文件使用了 Windows 换行符（CRLF）：请在编辑器中改为 LF 换行")]
    return text, []


def parse_yaml(text: str, path: Path, shown: str, first_line: int = 1) -> tuple[Record | None, list[ContentError]]:
    """Parse YAML text that starts at `first_line` of the file."""
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + first_line
        return None, [ContentError(shown, line, "", f"含有不可见的控制字符（U+{exc.character:04X}）：请删除该字符")]
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or ""
        unclosed_quote = "quoted scalar" in (exc.context or "")
        mark = exc.context_mark if unclosed_quote else (exc.problem_mark or exc.context_mark)
        line = (mark.line + 1 + offset) if mark else first_line
        lines = text.split("\n")
        at_tab = mark is not None and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t"
        if unclosed_quote:
            hint = "引号没有配对：请补上结束的引号"
        elif at_tab:
            hint = "YAML 中不能用制表符（Tab）缩进，请改用空格"
        else:
            hint = next((v for k, v in _YAML_PROBLEMS.items() if problem.startswith(k)), None)
        message = hint or f"YAML 语法错误（{problem}）：请检查缩进、冒号和引号"
        return None, [ContentError(shown, line, "", message)]
    record = Record(path=path, shown_path=shown, data=None)
    if node is None:
        record.lines[()] = first_line
        return record, []
    errors: list[ContentError] = []
    # the file has no control character (read_text), but a quoted value can still escape one ("\x07")
    record.data = _to_python(node, (), record, offset, errors, escapes="\\" in text)
    return record, errors


def _to_python(node: yaml.Node, loc: Loc, record: Record, offset: int, errors: list[ContentError],
               escapes: bool = False) -> Any:
    record.lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.ScalarNode):
        if escapes and (control := _CONTROL.search(node.value)):
            errors.append(ContentError(record.shown_path, record.lines[loc], field_name(loc), _control_message(control)))
        if not node.style:  # only plain (unquoted) scalars can mean null or a boolean
            if node.value in _NULLS:
                return None
            if node.value in _BOOLS:
                return _BOOLS[node.value]
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loc + (i,), record, offset, errors, escapes) for i, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_line = key_node.start_mark.line + 1 + offset
        if key in mapping:
            first = record.lines[loc + (key,)]
            errors.append(ContentError(
                record.shown_path, key_line, field_name(loc + (key,)),
                f"字段重复（第 {first} 行已有同名字段）：请删除或合并其中一个"))
            continue
        record.lines[loc + (key,)] = key_line
        mapping[key] = _to_python(value_node, loc + (key,), record, offset, errors, escapes)
    return mapping


class ParsedStore:
    """YAML parsed before, by a hash of its text: a build cache lends one so that unchanged files are
    not parsed again. Only texts that parsed without errors are kept, so errors are always fresh."""

    def __init__(self, known: dict[str, tuple] | None = None):
        self._known = known or {}
        self.used: dict[str, tuple] = {}  # what this run read or parsed: what a cache keeps

    def kept(self, complete: bool) -> dict[str, tuple] | None:
        """What a cache should keep now, or None if it holds that already. Only a `complete` run (one
        that read every file) knows that what it did not use is stale; others only add."""
        if complete:
            return self.used if self.used.keys() != self._known.keys() else None
        return {**self._known, **self.used} if self.used.keys() - self._known.keys() else None

    def parse(self, text: str, path: Path, shown: str, first_line: int = 1) -> tuple[Record | None, list[ContentError]]:
        key = text_digest(f"{first_line}\0{text}")
        known = self._known.get(key)
        if known is not None:
            self.used[key] = known
            data, lines = known
            return Record(path=path, shown_path=shown, data=data, lines=dict(lines)), []
        record, errors = parse_yaml(text, path, shown, first_line)
        if record is not None and not errors:
            self.used[key] = (record.data, dict(record.lines))
        return record, errors


def read_yaml_file(path: Path, shown: str, store: ParsedStore | None = None) -> tuple[Record | None, list[ContentError]]:
    text, errors = read_text(path, shown)
    if text is None:
        return None, errors
    record, errors = (store or ParsedStore()).parse(text, path, shown)
    if record is not None:
        record.digest = text_digest(text)
    return record, errors


def read_markdown_file(path: Path, shown: str, store: ParsedStore | None = None) -> tuple[Record | None, list[ContentError]]:
    """A notice: YAML front matter between `---` lines, then the Markdown body."""
    text, errors = read_text(path, shown)
    if text is None:
        return None, errors
    lines = text.split("\n")
    if not text.strip():
        return None, [ContentError(shown, 1, "", "文件是空的：通知文件须以 --- 开头的 front matter 开始")]
    if lines[0].rstrip() != "---":
        return None, [ContentError(shown, 1, "", "文件须以单独一行 --- 开头，后接 front matter 字段")]
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        return None, [ContentError(shown, 1, "", "front matter 没有结束：请在字段之后加一行 ---")]
    record, errors = (store or ParsedStore()).parse("\n".join(lines[1:close]), path, shown, first_line=2)
    if record is not None:
        record.data = {} if record.data is None else record.data
        record.body = "\n".join(lines[close + 1:]).strip("\n") + "\n"
        record.body_line = close + 2
        record.digest = text_digest(text)
    return record, errors
