"""The body: paragraphs joined across page breaks, headings, lists and tables, as Markdown."""

from __future__ import annotations

import re

from ..recognise import line_date as _line_date
from .drafts import _Block, _Line
from .patterns import _ADDRESS_START_RE, _APPENDIX_HEADING_RE, _H2_RE, _H3_RE, _LABEL_LINE_RE, _LIST_RE, _TERMINALS


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _separator(cells: list[str]) -> bool:
    return bool(cells) and all(re.fullmatch(r":?-+:?", cell) for cell in cells)


def _heading_level(block: _Block) -> int:
    return (2 if block.kind == "h2" else 3) + block.level_shift


def _render(blocks: list[_Block]) -> str:
    out: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        if block.kind in ("h2", "h3"):
            text = "#" * min(6, _heading_level(block)) + " " + block.text
        elif block.kind == "list":
            match = _LIST_RE.match(block.text)
            text = f"{match.group(1)}. {match.group(2)}"
        else:
            text = block.text
        if out:
            out.append("\n" if previous.kind == "list" and block.kind == "list" else "\n\n")
        out.append(text)
        previous = block
    return "".join(out) + ("\n" if out else "")


class _Body:
    def _blocks(self, lines: list[_Line], signature_end: int) -> list[_Block]:
        blocks: list[_Block] = []
        gap = False  # blank lines since the last block
        appendix_heading_done = False
        shift = 0
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.text:
                gap = True
                index += 1
                continue
            after_signature = index >= signature_end
            if line.text.startswith("|"):
                part = []
                while index < len(lines) and lines[index].text.startswith("|"):
                    part.append(lines[index])
                    index += 1
                self._table(part, blocks)
                gap = False
                continue
            index += 1
            text = line.text
            if after_signature and not appendix_heading_done and (
                    _APPENDIX_HEADING_RE.match(text)
                    or (len(text) <= 40 and text[-1] not in _TERMINALS and not _LABEL_LINE_RE.match(text)
                        and not _H2_RE.match(text)
                        and not _H3_RE.match(text) and not _LIST_RE.match(text) and not _line_date(text))):
                blocks.append(_Block("h2", text, [(0, line.no)]))
                appendix_heading_done, shift, gap = True, 1, False
                continue
            kind = "h2" if _H2_RE.match(text) else "h3" if _H3_RE.match(text) else (
                "list" if _LIST_RE.match(text) else "text")
            previous = blocks[-1] if blocks else None
            continues = previous is not None and kind == "text" and not _LABEL_LINE_RE.match(text) and (
                previous.open
                # "…发送至邮箱：" with the address pushed to the next line
                or (previous.kind == "text" and previous.text[-1] in "：:" and _ADDRESS_START_RE.match(text)))
            if continues:
                joint = " " if previous.text[-1].isalnum() and previous.text[-1].isascii() and text[0].isascii() else ""
                previous.lines.append((len(previous.text) + len(joint), line.no))
                previous.text += joint + text
                if gap:
                    self.warn(line.no, f"此行与第 {previous.lines[-2][1]} 行合并为一段（原文在此分页或换行断开）：请核对")
                gap = False
                continue
            blocks.append(_Block(kind, text, [(0, line.no)], level_shift=shift if kind in ("h2", "h3") else 0))
            gap = False
        heading = ""
        for block in blocks:
            if block.kind in ("h2", "h3"):
                heading = block.text
            else:
                block.heading = heading
        # a heading left with nothing under it once its 联系人 lines went to `contacts`
        kept = []
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if (block.kind in ("h2", "h3") and "联系" in block.text
                    and (following is None or (following.kind in ("h2", "h3")
                                               and _heading_level(following) <= _heading_level(block)))):
                continue
            kept.append(block)
        return kept

    def _table(self, part: list[_Line], blocks: list[_Block]) -> None:
        """A table, or the part of one continued after a page break (an empty or repeated header row)."""
        rows = [(_cells(line.text), line) for line in part]
        previous = blocks[-1] if blocks and blocks[-1].kind == "table" else None
        if previous is not None:
            first = rows[0][0]
            header = previous.rows[0]
            if len(first) == len(header) and (all(not c for c in first) or first == header):
                data = [(cells, line) for cells, line in rows[1:] if not _separator(cells) and any(cells)]
                for cells, line in data:
                    previous.lines.append((len(previous.text) + 1, line.no))
                    previous.rows.append(cells)
                    previous.text += "\n" + line.text
                return
        kept: list[tuple[list[str], _Line]] = []
        for i, (cells, line) in enumerate(rows):
            if i == 1 and _separator(cells):
                kept.append((cells, line))
            elif i > 1 and (_separator(cells) or not any(cells)):
                continue
            else:
                kept.append((cells, line))
        if kept and not any(kept[0][0]):
            self.warn(part[0].no, "表格的表头是空的（可能是分页后的续表，但前面没有可接上的表格）：请核对")
        block = _Block("table", "", [])
        for cells, line in kept:
            block.lines.append((len(block.text) + (1 if block.text else 0), line.no))
            block.text += ("\n" if block.text else "") + line.text
            block.rows.append(cells)
        blocks.append(block)
