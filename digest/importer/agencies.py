"""Issuers: names in the export resolved through the agency directory and the site's agencies.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypinyin import lazy_pinyin
from slugify import slugify

from ..directory import directory_entries
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
        """The directory shipped with digest, with the site's agencies.yaml adding to it or overriding it by id."""
        path = content_root / AGENCIES_FILE
        items: list[dict] = []
        if path.is_file():
            record, errors = read_yaml_file(path, path.as_posix())
            if errors or record is None or not isinstance(record.data, (list, type(None))):
                detail = "；".join(str(e) for e in errors) or "应为机构列表"
                raise BuildError(f"机构名录 {path.as_posix()} 有错误，请先修正再导入：{detail}")
            items = [i for i in record.data or [] if isinstance(i, dict) and i.get("id") and i.get("name")]
        own = {str(i["id"]) for i in items}
        agencies = [_Agency(id=e.id, name=e.name, names=(e.name, *e.short, *e.aliases), level=e.level.value,
                            region=e.region)
                    for e in (loaded.model for loaded in directory_entries()) if e.id not in own]
        for item in items:
            names = [item["name"]]
            for key in ("short", "aliases"):
                value = item.get(key) or []
                names += [value] if isinstance(value, str) else [str(v) for v in value if v]
            agencies.append(_Agency(id=str(item["id"]), name=str(item["name"]), names=tuple(map(str, names)),
                                    level=str(item.get("level") or ""), region=item.get("region")))
        return cls(path, agencies)

    def exact(self, name: str) -> _Agency | None:
        """The agency whose full name, short name or alias is `name`."""
        for agency in self.agencies + self.new:
            if name in agency.names:
                return agency
        return None

    def by_region(self, name: str, context: str, fallback_region: str | None) -> tuple[_Agency | None, str]:
        """A relative name ('市知识产权局') among the agencies whose full name it ends, by the places the text names."""
        candidates = [a for a in self.agencies + self.new if a.name.endswith(name) and len(a.name) > len(name)]
        if not candidates:
            return None, ""
        tail = len(name) - 1  # the place keeps the 市 / 省 the relative name starts with

        def place(agency: _Agency) -> str:
            return agency.name[:-tail]

        def score(agency: _Agency) -> int:
            full = place(agency)
            bare = re.sub(r"(?:壮族|回族|维吾尔)?(?:自治区|省|市)$", "", full)
            return context.count(full) * 10 + context.count(bare)

        scores = {a.id: score(a) for a in candidates}
        best = max(scores.values())
        leaders = [a for a in candidates if scores[a.id] == best]
        if best == 0:
            leaders = [a for a in candidates if a.region and a.region == fallback_region] or candidates
            reason = (f"正文未提及地区，按上一条通知的地区（{fallback_region}）"
                      if fallback_region and leaders[0].region == fallback_region else "正文未提及地区，暂取名录中第一个")
            return leaders[0], reason
        agency = leaders[0]
        reason = f"据正文提及的“{place(agency)}”"
        if len(leaders) > 1:
            reason += "（另有同分的候选，请核对）"
        return agency, reason

    def mentioned(self, text: str) -> tuple[_Agency, str] | None:
        """The agency named first in `text` (full names, short names, aliases; the longest at a place wins)."""
        best: tuple[int, int, _Agency, str] | None = None
        for agency in self.agencies + self.new:
            for name in agency.names:
                if len(name) < 2 or (_is_relative(name) and self._ends_another(name, agency)):
                    continue  # '市知识产权局' alone names no agency
                if name.isascii():
                    match = re.search(rf"(?<![A-Za-z0-9.@]){re.escape(name)}(?![A-Za-z0-9])", text)
                    position = match.start() if match else -1
                else:
                    position = text.find(name)
                if position >= 0 and (best is None or (position, -len(name)) < (best[0], best[1])):
                    best = (position, -len(name), agency, name)
        return (best[2], best[3]) if best else None

    def _ends_another(self, name: str, agency: _Agency) -> bool:
        return any(other.id != agency.id and any(n.endswith(name) for n in other.names)
                   for other in self.agencies + self.new)

    def create(self, name: str, group: Group, line: int) -> _Agency:
        """A new entry for an agency the directory lacks, its id made from its name."""
        taken = {a.id for a in self.agencies + self.new}
        base = _id_from_name(name)
        agency_id, n = base, 2
        while agency_id in taken:
            agency_id, n = f"{base}-{_SECOND[min(n, len(_SECOND) - 1)]}", n + 1
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
        agency = _Agency(id=agency_id, name=name, names=(name,), level=level, region=region, line=line)
        self.new.append(agency)
        return agency

    def append_new(self, source: Path) -> None:
        """Append the new entries as text, leaving every byte of the existing file as it was."""
        if not self.new:
            return
        existing = self.path.read_bytes() if self.path.is_file() else b""
        newline = b"\r\n" if b"\r\n" in existing else b"\n"
        existing = re.sub(rb"(?m)^\[\]\s*$\n?", b"", existing)  # an empty list, written as such, is extended
        chunks = [existing + (newline if existing and not existing.endswith(b"\n") else b"")]
        for agency in self.new:
            lines = [f"# 导入自 {source.name} 第 {agency.line} 行：机构名录中没有，请核对级别和地区，补全 short、aliases、website",
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

# The last words of an agency's name, and what its id says for them (as in the directory: guangdong-amr).
_SUFFIX_CODES = (("知识产权保护中心", "ppc"), ("知识产权局", "ipa"), ("市场监督管理局", "amr"), ("市场监管局", "amr"),
                 ("药品监督管理局", "mpa"), ("卫生健康委员会", "hc"), ("卫生健康委", "hc"), ("医疗保障局", "hsa"),
                 ("科学技术局", "stb"), ("科学技术委员会", "stc"), ("科技局", "stb"), ("版权局", "copyright"),
                 ("商务局", "commerce"), ("商务厅", "commerce"))
_SECOND = ("", "", "bis", "ter", "quater", "quinquies")
_LONGEST_ID = 60


def _id_from_name(name: str) -> str:
    """An id that says what the agency is: 苏州工业园区知识产权局 -> suzhougongyeyuanqu-ipa; other names
    spelt out in pinyin (中国医药创新促进会 -> zhong-guo-yi-yao-chuang-xin-cu-jin-hui)."""
    for suffix, code in _SUFFIX_CODES:
        place = name[:-len(suffix)] if name.endswith(suffix) else ""
        place = re.sub(r"(?:壮族|回族|维吾尔)?(?:自治区|省|市)$", "", place)
        if place:
            return f"{_pinyin(place, '')}-{code}"[:_LONGEST_ID].strip("-") or code
    spelt = _pinyin(name, "-")
    if len(spelt) > _LONGEST_ID:
        spelt = spelt[:_LONGEST_ID].rsplit("-", 1)[0]
    return spelt or "agency"


def _pinyin(text: str, separator: str) -> str:
    """Chinese spelt in pinyin without tones (广东 -> guang, dong), anything else as slugify spells it."""
    return separator.join(word for word in (slugify(w) for w in lazy_pinyin(text)) if word)
