"""Source records: the text of a content file parsed into plain data, with the line of every value.

PyYAML's YAML 1.1 resolution would turn `84080081` into an int and `no` into False, and it
silently keeps the last of two equal keys. Here only the node tree is taken from PyYAML;
every scalar stays text except null and true/false, duplicate keys are errors, and the
models convert text to dates and numbers where a field asks for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .keys import text_digest

Loc = tuple[str | int, ...]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer where PyYAML was built with it (about ten times faster; the same nodes and
    marks), leaving every node's tag empty: the converter below reads a scalar's text and style,
    never its tag, and resolving tags took a quarter of a second of a cold load."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return ""


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

    def error(self, loc: Loc, message: str, line_loc: Loc | None = None, warning: bool = False,
              code: str = "") -> ContentError:
        """A problem with the value at `loc`, reported at the line of `line_loc` (default: `loc`)."""
        line = self.line_of(loc if line_loc is None else line_loc)
        return ContentError(self.shown_path, line, field_name(loc), message, warning, code)

    def warning(self, loc: Loc, message: str, code: str = "") -> ContentError:
        return self.error(loc, message, warning=True, code=code)


def field_name(loc: Loc) -> str:
    """('deadlines', 0, 'date') -> 'deadlines[0].date'; (3, 'parent') -> 'parent' (the line says which item)."""
    out = ""
    for part in loc[1:] if loc and isinstance(loc[0], int) else loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Characters no web page or feed may carry: all C0 controls but tab and line feed, DEL, C1 controls,
# and what XML 1.0 forbids besides (U+FFFE, U+FFFF, lone surrogates a quoted YAML escape can make).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _control_message(control: re.Match) -> str:
    return f"含有不可见的控制字符（U+{ord(control.group()):04X}）：请删除该字符"

# The longest real notice is far below this; a file this large is a mistake (a pasted PDF, say).
MAX_FILE_BYTES = 1_000_000

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
        node = yaml.compose(text, Loader=_Loader)
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
    converter = _Converter(record, offset, errors, escapes="\\" in text)
    record.data = converter.value(node, ())
    if converter.aliased:  # what the aliases stood for is not there: nothing more to check in this file
        return None, errors
    return record, errors


# Deeper than any content file needs; a deeper one is a mistake or an attack on the parser's stack.
MAX_DEPTH = 12


class _Converter:
    """A node tree to plain data. An alias (`*name`) is refused where it is used: content has no use for
    one, and a few hundred bytes of nested aliases would expand to gigabytes."""

    def __init__(self, record: Record, offset: int, errors: list[ContentError], escapes: bool):
        self.record, self.offset, self.errors, self.escapes = record, offset, errors, escapes
        self.seen: set[int] = set()
        self.aliased = False

    def _error(self, loc: Loc, line: int, message: str) -> None:
        self.errors.append(ContentError(self.record.shown_path, line, field_name(loc), message))

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        record = self.record
        line = node.start_mark.line + 1 + self.offset
        record.lines.setdefault(loc, line)
        if id(node) in self.seen:
            if not self.aliased:  # once per file: a bomb would repeat it thousands of times
                self.aliased = True
                self._error(loc, record.line_of(loc[:-1]), "不能使用 YAML 的锚点和别名（& 和 *）：请把内容直接写出")
            return None
        if len(loc) > MAX_DEPTH:
            self._error(loc, line, f"嵌套超过 {MAX_DEPTH} 层：请检查缩进")
            return None
        if isinstance(node, yaml.ScalarNode):
            if self.escapes and (control := _CONTROL.search(node.value)):
                self._error(loc, record.lines[loc], _control_message(control))
            if not node.style:  # only plain (unquoted) scalars can mean null or a boolean
                if node.value in _NULLS:
                    return None
                if node.value in _BOOLS:
                    return _BOOLS[node.value]
            return node.value
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, loc + (i,)) for i, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + self.offset
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(loc, key_line, "字段名须是文本")
                continue
            key = str(key_node.value)
            if key in mapping:
                first = record.lines[loc + (key,)]
                self._error(loc + (key,), key_line, f"字段重复（第 {first} 行已有同名字段）：请删除或合并其中一个")
                continue
            record.lines[loc + (key,)] = key_line
            mapping[key] = self.value(value_node, loc + (key,))
        return mapping


def read_yaml_file(path: Path, shown: str) -> tuple[Record | None, list[ContentError]]:
    text, errors = read_text(path, shown)
    if text is None:
        return None, errors
    record, errors = parse_yaml(text, path, shown)
    if record is not None:
        record.digest = text_digest(text)
    return record, errors


def read_markdown_file(path: Path, shown: str) -> tuple[Record | None, list[ContentError]]:
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
    record, errors = parse_yaml("\n".join(lines[1:close]), path, shown, first_line=2)
    if record is not None:
        record.data = {} if record.data is None else record.data
        record.body = "\n".join(lines[close + 1:]).strip("\n") + "\n"
        record.body_line = close + 2
        record.digest = text_digest(text)
    return record, errors
