"""Issuers: names in the export resolved through the agency directory and the site's agencies.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from slugify import slugify

from ..errors import BuildError
from ..load import AGENCIES_FILE
from ..models import Group
from ..records import read_yaml_file
from .patterns import _PROVINCES, _RELATIVE_PREFIXES
from .writing import _scalar


@dataclass
class _Agency:
    id: str
    name: str
    names: tuple[str, ...]  # name, short and aliases
    level: str
    region: str | None
    line: int = 0  # for new entries: the source line that named it


def _is_relative(name: str) -> bool:
    """'市知识产权局' names an agency only together with its region."""
    return name.startswith(_RELATIVE_PREFIXES)


class _Registry:
    def __init__(self, path: Path, agencies: list[_Agency]):
        self.path = path
        self.agencies = agencies
        self.new: list[_Agency] = []

    @classmethod
    def read(cls, content_root: Path) -> "_Registry":
        path = content_root / AGENCIES_FILE
        if not path.is_file():
            return cls(path, [])
        record, errors = read_yaml_file(path, path.as_posix())
        if errors or record is None or not isinstance(record.data, list):
            detail = "；".join(str(e) for e in errors) or "应为机构列表"
            raise BuildError(f"机构名录 {path.as_posix()} 有错误，请先修正再导入：{detail}")
        agencies = []
        for item in record.data:
            if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
                continue
            names = [item["name"]]
            for key in ("short", "aliases"):
                value = item.get(key) or []
                names += [value] if isinstance(value, str) else [str(v) for v in value if v]
            agencies.append(_Agency(id=str(item["id"]), name=str(item["name"]), names=tuple(names),
                                    level=str(item.get("level") or ""), region=item.get("region")))
        return cls(path, agencies)

    def exact(self, name: str) -> _Agency | None:
        """The agency whose full name, short name or alias is `name` (relative names excepted)."""
        for agency in self.agencies + self.new:
            if name in agency.names and not (_is_relative(name) and name != agency.name):
                return agency
        return None

    def by_region(self, name: str, context: str, fallback_region: str | None) -> tuple[_Agency | None, str]:
        """A relative name ('市知识产权局') among the agencies it can abbreviate, by the regions the text names."""
        candidates = [a for a in self.agencies + self.new if any(n.endswith(name) for n in a.names)]
        if not candidates:
            return None, ""
        scores = {a.id: context.count(a.name) * 10 + (context.count(a.region) if a.region else 0) for a in candidates}
        best = max(scores.values())
        leaders = [a for a in candidates if scores[a.id] == best]
        if best == 0:
            leaders = [a for a in candidates if a.region and a.region == fallback_region] or candidates
            reason = f"正文未提及地区，按上一条通知的地区（{fallback_region}）" if fallback_region and leaders[0].region == fallback_region else "正文未提及地区，暂取名录中第一个"
            return leaders[0], reason
        agency = leaders[0]
        reason = f"据正文提及的“{agency.name if context.count(agency.name) else agency.region}”"
        if len(leaders) > 1:
            reason += "（另有同分的候选，请核对）"
        return agency, reason

    def mentioned(self, text: str) -> tuple[_Agency, str] | None:
        """The agency named first in `text` (full names, short names, aliases; the longest at a place wins)."""
        best: tuple[int, int, _Agency, str] | None = None
        for agency in self.agencies + self.new:
            for name in agency.names:
                if _is_relative(name) or len(name) < 2:
                    continue
                if name.isascii():
                    match = re.search(rf"(?<![A-Za-z0-9.@]){re.escape(name)}(?![A-Za-z0-9])", text)
                    position = match.start() if match else -1
                else:
                    position = text.find(name)
                if position >= 0 and (best is None or (position, -len(name)) < (best[0], best[1])):
                    best = (position, -len(name), agency, name)
        return (best[2], best[3]) if best else None

    def create(self, name: str, group: Group, line: int) -> _Agency:
        taken = {a.id for a in self.agencies + self.new}
        n = 1
        while slugify(f"agency-{n}") in taken:
            n += 1
        region = next((p for p in _PROVINCES if name.startswith(p)), None)
        if region is None:
            match = re.match(r"^([\u4e00-\u9fff]{2,3}?)(?:市|省|自治区|自治州|地区|盟)", name)
            if match and not name.startswith(("国家", "中国", "中华", "全国", "国务院")):
                region = match.group(1)
        if region:
            level = "local"
        elif name.startswith(("国家", "中国", "中华", "全国", "国务院", "中央")):
            level = "national"
        else:
            level = "local" if group is Group.LOCAL else "national"
        agency = _Agency(id=slugify(f"agency-{n}"), name=name, names=(name,), level=level, region=region, line=line)
        self.new.append(agency)
        return agency

    def append_new(self, source: Path) -> None:
        """Append the new entries as text, leaving every byte of the existing file as it was."""
        if not self.new:
            return
        existing = self.path.read_bytes() if self.path.is_file() else b""
        newline = b"\r\n" if b"\r\n" in existing else b"\n"
        chunks = [existing + (newline if existing and not existing.endswith(b"\n") else b"")]
        for agency in self.new:
            lines = [f"# 导入自 {source.name} 第 {agency.line} 行：请核对级别和地区，补全 short、aliases、website；"
                     "发布前可把 id 改为有意义的英文缩写",
                     f"- id: {agency.id}",
                     f"  name: {_scalar(agency.name)}",
                     "  short: []",
                     "  aliases: []",
                     f"  level: {agency.level}",
                     f"  region: {_scalar(agency.region)}".rstrip(),
                     "  parent:",
                     "  website:"]
            chunks.append(newline.join(line.encode("utf-8") for line in lines) + newline)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(b"".join(chunks))


_LEVEL_LABELS = {"national": "国家级", "local": "地方级"}
