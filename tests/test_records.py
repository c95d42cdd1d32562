"""The YAML layer: YAML 1.1 traps do not corrupt data, and file-level problems are located."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.models import FrontMatter
from digest.records import parse_yaml, read_markdown_file


def parse(text: str):
    record, errors = parse_yaml(text, Path("x.yaml"), "x.yaml")
    return record, [str(e) for e in errors]


def test_numbers_and_yes_no_stay_text():
    record, errors = parse("phone: 84080081\nnote: no\nflag: on\nzip: 010\nversion: 1.10\n")
    assert errors == []
    assert record.data == {"phone": "84080081", "note": "no", "flag": "on", "zip": "010", "version": "1.10"}


def test_null_and_true_false_keep_their_meaning_but_quoted_ones_stay_text():
    record, _ = parse("a:\nb: ~\nc: true\nd: 'null'\ne: \"false\"\n")
    assert record.data == {"a": None, "b": None, "c": True, "d": "null", "e": "false"}


def test_an_explicit_tag_changes_nothing_and_builds_nothing(tmp_path: Path):
    marker = tmp_path / "ran"
    record, errors = parse(f"a: !!int '5'\nb: !!bool yes\nc: !!python/object/apply:os.system ['touch {marker}']\n"
                           "d: !!null ''\n")
    assert errors == [] and not marker.exists()
    assert record.data == {"a": "5", "b": "yes", "c": [f"touch {marker}"], "d": ""}


def test_duplicate_key_is_an_error_at_its_second_line():
    _, errors = parse("title: 一\nissuers: [a]\ntitle: 二\n")
    assert errors == ["x.yaml:3: title: 字段重复（第 1 行已有同名字段）：请删除或合并其中一个"]


def test_duplicate_key_in_a_nested_list_item_is_located():
    _, errors = parse("contacts:\n  - name: 甲\n    phone: 1\n    phone: 2\n")
    assert errors == ["x.yaml:4: contacts[0].phone: 字段重复（第 3 行已有同名字段）：请删除或合并其中一个"]


def test_lines_are_recorded_for_nested_values():
    record, _ = parse("a: 1\ndeadlines:\n  - kind: 公示\n    end: 2021-04-22\n")
    assert record.line_of(("deadlines", 0, "end")) == 4
    assert record.line_of(("deadlines", 0, "missing")) == 3


def test_phone_number_reaches_the_model_as_text(tmp_path: Path):
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: 通知\nissuers: [a]\ndate: 2021-04-12\nsection: ip\ngroup: local\n"
                    "order: 1\nkind: 通知\ncontacts:\n  - phone: 84080081\nnote: no\n---\n正文\n", encoding="utf-8")
    record, errors = read_markdown_file(path, "n.md")
    front = FrontMatter.model_validate(record.data)
    assert errors == [] and front.contacts[0].phone == "84080081" and front.note == "no"
    assert record.body == "正文\n" and record.body_line == 13


@pytest.mark.parametrize("raw, message", [
    (b"\xef\xbb\xbf---\ntitle: x\n---\n", "n.md:1: 文件以 BOM 开头：请另存为“UTF-8（无 BOM）”编码"),
    (b"---\ntitle: x\n---\n\xff\xfe\n", "n.md:4: 文件不是 UTF-8 编码：请另存为“UTF-8（无 BOM）”编码"),
    (b"---\r\ntitle: x\r\n---\r\n", "n.md:1: 文件使用了 Windows 换行符（CRLF）：请在编辑器中改为 LF 换行"),
    (b"title: x\n", "n.md:1: 文件须以单独一行 --- 开头，后接 front matter 字段"),
])
def test_file_level_problems_are_located(tmp_path: Path, raw: bytes, message: str):
    path = tmp_path / "n.md"
    path.write_bytes(raw)
    record, errors = read_markdown_file(path, "n.md")
    assert record is None and [str(e) for e in errors] == [message]
