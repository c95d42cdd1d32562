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

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from slugify import slugify

from .errors import BuildError, ContentError
from .load import AGENCIES_FILE, WEEK_FILE
from .models import AgencyEntry, FrontMatter, Group, Section, WeekFile
from .records import read_yaml_file

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
                         + "。请补全 short、aliases、website，发布前可把 id 改为有意义的英文缩写。")
        if not self.warnings:
            lines.append("没有需要特别核对的地方。")
            return "\n".join(lines) + "\n"
        lines.append(f"请对照原文核对以下 {len(self.warnings)} 处（第几行指原文的行号）：")
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
    warnings = tuple(sorted(set(importer.warnings), key=lambda w: (w.line, w.message)))
    return ImportReport(week_folder=week_folder, notices=tuple(paths),
                        new_agencies=tuple(a.id for a in registry.new), warnings=warnings)


# ---------------------------------------------------------------------------------------------
# Patterns of the export

_SECTIONS = {"知识产权信息篇": Section.IP, "医药信息篇": Section.PHARMA}
_GROUPS = {"国家级": Group.NATIONAL, "地方级": Group.LOCAL, "资讯": Group.NEWS}

_YMD = r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?"
_SECTION_RE = re.compile(
    r"^(知识产权信息篇|医药信息篇)\s*(?:[（(]\s*" + _YMD + r"\s*(?:~|～|至|—|－|-|到)\s*" + _YMD + r"\s*[）)])?$")
_GROUP_RE = re.compile(r"^(?:[一二三四五六]、\s*)?(国家级|地方级|资讯)\s*[：:]?$")

_LINK_TAIL = r"\]\(([^()\s]*)\)"
_TITLE_FORMS = (
    (re.compile(r"^\[\s*(\d{1,3})\s*、\s*(.+)" + _LINK_TAIL + r"$"), True),   # [1、标题](#)
    (re.compile(r"^(\d{1,3})\s*、\s*\[(.+)" + _LINK_TAIL + r"$"), True),      # 1、[标题](#)
    (re.compile(r"^(\d{1,3})\s*、\s*(.+)$"), False),                          # 1、标题
)
_TITLE_CONTINUATION_RE = re.compile(r"^\[([^\d\[].*)" + _LINK_TAIL + r"$")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")

_DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,20}\s*[〔\[【]\s*\d{4}\s*[〕\]】]\s*第?\s*\d+\s*号$")
_TITLE_DOC_NUMBER_RE = re.compile(r"[（(]\s*(\d{4}\s*年\s*第\s*\d+\s*号)\s*[）)]$")

_DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE_LINE_RE = re.compile(r"^([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$")
_PUBLISHED_RE = re.compile(r"^(?:发布时间|发布日期|发文日期|发布于)\s*[：:]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SECTION_SIGNATURE_RE = re.compile(r"^([^\s，。：:、]{1,20})[·•・]([^\s，。：:、]{1,20})$")
_SO_NOTIFIED_RE = re.compile(r"^特此(?:通知|公告|通告|公示|函告|批复|报告)[。！]?$")

_ATTACHMENT_RE = re.compile(r"^附\s*件\s*([0-9一二三四五六七八九十]{1,3})?\s*[：:]\s*(.*)$")
_ATTACHMENT_NUMBER_RE = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[:：.．、]\s*(.+)$")
_ATTACHMENT_MORE_RE = re.compile(r"^\d{1,2}\s*[:：]\s*(.+)$")
_FILE_NAME_RE = re.compile(r"\.(?:docx?|xlsx?|pdf|zip|rar|7z|wps|et|txt|pptx?|ofd|jpe?g|png)$", re.IGNORECASE)
_APPENDIX_HEADING_RE = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]{0,3}$")

_CONTACT_LABELS = {  # label (spaces inside allowed) -> (contact, field)
    "监督电话": ("监督", "phone"), "监督邮箱": ("监督", "email"), "监督传真": ("监督", "fax"),
    "联系电话": ("main", "phone"), "联系人": ("main", "name"), "联系方式": ("main", "any"),
    "联系地址": ("main", "address"), "电子邮箱": ("main", "email"), "电子邮件": ("main", "email"),
    "电话": ("main", "phone"), "传真": ("main", "fax"), "邮箱": ("main", "email"), "地址": ("main", "address"),
}
_LABEL_ALTERNATIVES = "|".join(r"\s*".join(label) for label in sorted(_CONTACT_LABELS, key=len, reverse=True))
_CONTACT_LABEL_RE = re.compile(rf"({_LABEL_ALTERNATIVES})\s*[：:]")
_CONTACT_LINE_RE = re.compile(rf"^[（(]?\s*(?:{_LABEL_ALTERNATIVES})\s*[：:]")

_H2_RE = re.compile(r"^[一二三四五六七八九十]{1,3}、\s*[^。；;！？]{1,40}$")
_H3_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*[^。；;！？，,]{1,40}$")
_LIST_RE = re.compile(r"^(\d{1,2})(?:[.．](?!\d)|、)\s*(.*)$")
_ADDRESS_START_RE = re.compile(r"^(?:[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.)", re.ASCII)
_LABEL_LINE_RE = re.compile(r"^[^，。：:；\s|]{1,10}\s*[：:]")
_TERMINALS = set("。：；！？）」”》】…:;!?.)")
_OPEN_LINE_MIN_CHARS = 30  # a line broken by a page break is a full printed line, never a short one

_KIND_WORDS = ("通知", "通告", "公告", "公示", "解读", "意见", "办法")
_RELATIVE_PREFIXES = ("市", "省", "区", "县", "自治区", "本", "我")
_AGENCY_SUFFIX_RE = re.compile(
    r"(?:局|部|委|委员会|办公室|办公厅|厅|院|中心|协会|学会|会|署|政府|办|处|所|总队|司|联盟|集团|公司|馆|站|科协)$")
_PUNCTUATION_RE = re.compile(r"[，,。；;：:、“”\"《》（）()\[\]|!！?？·]")
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
              "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
              "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")

# Deadlines. `_D` is a date with an optional year; its groups are prefixed so two can share a pattern.
_D = r"(?:(?P<{0}y>\d{{4}})\s*年\s*)?(?P<{0}m>\d{{1,2}})\s*月\s*(?P<{0}d>\d{{1,2}})\s*日"
_PERIOD = r"(?:\d+|[一二两三四五六七八九十]+)\s*个?\s*(?:工作日|日|天|周|星期|月|年)"
_WINDOW_RE = re.compile(
    r"(?:(?:自|从)\s*)?" + _D.format("s") + r"\s*(?:起\s*)?(?:至|到|~|～|—|－|-)\s*"
    r"(?:(?:(?P<ey>\d{4})\s*年\s*)?(?P<em>\d{1,2})\s*月\s*)?(?P<ed>\d{1,2})\s*日(?:\s*止)?"
    r"(?:\s*[（(]\s*(?P<within>" + _PERIOD + r")\s*[）)])?")
_CLOSE_RE = re.compile(r"(?:(?:于|在)\s*)?" + _D.format("c") + r"\s*(?:之前|以前|前|截止|为止|止)")
_CUTOFF_RE = re.compile(r"截止(?:时间|日期)?\s*(?:为|是|：|:)?\s*" + _D.format("c"))
_RELATIVE_RE = re.compile(r"自(?:本通知)?(?:发布|印发|公布|公告|发文)之日起\s*(?P<within>" + _PERIOD + ")")
_EFFECTIVE_RE = re.compile(r"自(?:本通知)?(?:发布|印发|公布|公告)之日起\s*(?:施行|实施|生效|执行)")
_EFFECTIVE_DATE_RE = re.compile(r"自\s*" + _D.format("f") + r"\s*起\s*(?:施行|实施|生效|执行)")
_PUBLICITY_PERIOD_RE = re.compile(r"公示期(?:为|限)|公示\s*\d+\s*(?:天|日|个工作日)")
_DATE_ONLY_RE = re.compile(r"^" + _D.format("o") + r"[。.]?$")
_FULL_DATE_RE = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_KIND_CUES = (  # in priority order: the first kind whose words occur decides
    ("征求意见", re.compile(r"征求意见|反馈意见|意见反馈|提出意见")),
    ("公示", re.compile(r"公示")),
    ("施行", re.compile(r"施行|生效")),
    ("报送", re.compile(r"报送|提交|推送|发至|发送|送交|送至|上报|报至|寄至|寄送|交至|总结材料|将.{0,30}?发")),
    ("申报", re.compile(r"申报|填报|申请|备案|报名|征集")),
    ("活动", re.compile(r"活动|举办|举行|召开|会议|培训|宣传周|讲座|论坛")),
)
_CLAUSE_ENDS = "，,；;。！？!?"
_SENTENCE_ENDS = "；;。！？!?"


# ---------------------------------------------------------------------------------------------
# The agency registry


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


# ---------------------------------------------------------------------------------------------
# Drafts: what the importer found, before it becomes files


@dataclass
class _Line:
    no: int
    text: str


@dataclass
class _Signature:
    by: str
    date: dt.date


@dataclass
class _SectionDraft:
    section: Section
    line: int
    start: dt.date | None
    end: dt.date | None
    signature: _Signature | None = None


@dataclass
class _WeekDraft:
    publisher: str
    date: dt.date
    sections: list[_SectionDraft]


@dataclass
class _NoticeDraft:
    section: Section
    group: Group
    order: int
    line: int  # of the title
    title: str = ""
    url: str | None = None
    lines: list[_Line] = field(default_factory=list)  # everything after the title line, to the next title
    slug: str = ""
    doc_number: str | None = None
    addressees: str | None = None
    issuers: list[str] = field(default_factory=list)
    date: dt.date | None = None
    published: dt.date | None = None
    kind: str = "其他"
    deadlines: list[dict] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    note: str | None = None
    body: str = ""


@dataclass
class _Block:
    """A paragraph, heading, list item or table of the body, with the source line of each part."""

    kind: str  # text | list | h2 | h3 | table
    text: str
    lines: list[tuple[int, int]]  # (offset in text, source line)
    heading: str = ""  # the heading the block sits under
    rows: list[list[str]] = field(default_factory=list)  # for tables
    level_shift: int = 0  # headings of an appendix sit one level lower

    def line_at(self, offset: int) -> int:
        line = self.lines[0][1]
        for start, number in self.lines:
            if start <= offset:
                line = number
        return line

    @property
    def open(self) -> bool:
        """A paragraph cut off mid-sentence, as page breaks leave them."""
        return (self.kind in ("text", "list") and len(self.text) >= _OPEN_LINE_MIN_CHARS
                and self.text[-1] not in _TERMINALS and not _LABEL_LINE_RE.match(self.text)
                and not _CONTACT_LINE_RE.match(self.text))


# ---------------------------------------------------------------------------------------------
# The importer


class _Importer:
    def __init__(self, source: Path, text: str, registry: _Registry):
        self.source = source
        self.shown = str(source)
        self.lines = [_Line(i + 1, raw.strip()) for i, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))]
        self.registry = registry
        self.warnings: list[ContentError] = []
        self.sections: list[_SectionDraft] = []
        self.notices: list[_NoticeDraft] = []

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ContentError(self.shown, line, "", message, warning=True))

    # -- outline: sections, groups and notice titles --------------------------------------------

    def run(self) -> tuple[_WeekDraft, list[_NoticeDraft]]:
        self._outline()
        if not self.notices:
            raise BuildError(f"{self.source} 中没有找到任何通知：请确认这是周报导出的文本"
                             "（应有“知识产权信息篇（…）”“国家级”“1、标题”等行）")
        for draft in self.sections:
            self._section_signature(draft)
        week = self._week()
        previous_region: str | None = None
        for notice in self.notices:
            self._notice(notice, week, previous_region)
            regions = [a.region for a in self.registry.agencies + self.registry.new if a.id in notice.issuers and a.region]
            previous_region = regions[0] if regions else previous_region
            notice.slug = f"{week.date.isoformat()}-{notice.section.value}-{notice.group.value}-{notice.order}"
        return week, self.notices

    def _outline(self) -> None:
        section: _SectionDraft | None = None
        group: Group | None = None
        notice: _NoticeDraft | None = None
        order = 0
        stray: list[_Line] = []
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            index += 1
            if not line.text:
                if notice:
                    notice.lines.append(line)
                continue
            match = _SECTION_RE.match(line.text)
            if match:
                section = self._section_header(match, line)
                group, notice, order = None, None, 0
                continue
            match = _GROUP_RE.match(line.text)
            if match and section is not None:
                group, notice, order = _GROUPS[match.group(1)], None, 0
                continue
            title = self._title(line.text, order + 1, notice) if section and group else None
            if title:
                number, text, target = title
                if number != order + 1:
                    self.warn(line.no, f"原文编号为 {number}，按位置应为第 {order + 1} 条：已按位置排序（order: {order + 1}）")
                order += 1
                url = target if target and re.match(r"^https?://\S+$", target) else None
                notice = _NoticeDraft(section=section.section, group=group, order=order, line=line.no,
                                      title=text, url=url)
                if target is not None:
                    index = self._title_continuation(notice, index, target)
                self.notices.append(notice)
                continue
            if notice is not None:
                notice.lines.append(line)
            else:
                stray.append(line)
        for line in stray:
            where = "任何一篇之前" if not self.sections else "篇名或“国家级/地方级/资讯”与第一条通知之间"
            self.warn(line.no, f"这一行位于{where}，未能归入任何通知，没有导入：“{line.text[:40]}”")

    def _section_header(self, match: re.Match, line: _Line) -> _SectionDraft:
        start = end = None
        if match.group(2):
            start = _date(match.group(2), match.group(3), match.group(4))
            end = _date(match.group(5), match.group(6), match.group(7))
            if start is None or end is None or end < start:
                self.warn(line.no, "本篇的起止日期无法识别或先后颠倒：已据通知日期推算，请核对 week.yaml")
                start = end = None
        else:
            self.warn(line.no, "篇名后没有起止日期：已据本篇通知的日期推算，请核对 week.yaml")
        draft = _SectionDraft(section=_SECTIONS[match.group(1)], line=line.no, start=start, end=end)
        if any(s.section is draft.section for s in self.sections):
            raise BuildError(f"{self.source}:{line.no}: “{match.group(1)}”出现了两次：一期中每篇只能有一次")
        self.sections.append(draft)
        return draft

    def _title(self, text: str, expected: int, current: _NoticeDraft | None) -> tuple[int, str, str | None] | None:
        for pattern, linked in _TITLE_FORMS:
            match = pattern.match(text)
            if not match:
                continue
            number, title = int(match.group(1)), _unescape(match.group(2)).strip()
            target = match.group(3) if linked else None
            if not linked:
                # a bare "2、…" is a title only where the next number is due, and it reads like one
                if number != expected or "。" in title or not ("关于" in title or _kind_of(title)):
                    return None
                if current is not None and not self._signed(current):
                    return None
            return number, title, target
        return None

    def _signed(self, notice: _NoticeDraft) -> bool:
        return any(_line_date(line.text) for line in notice.lines)

    def _title_continuation(self, notice: _NoticeDraft, index: int, target: str) -> int:
        """A title printed over two linked lines (same link): the first part is the title, the rest goes to `note`."""
        following = index
        while following < len(self.lines) and not self.lines[following].text:
            following += 1
        if following >= len(self.lines):
            return index
        match = _TITLE_CONTINUATION_RE.match(self.lines[following].text)
        if not match or match.group(2) != target:
            return index
        line = self.lines[following]
        rest = _unescape(match.group(1)).strip()
        title = notice.title
        cut = max((title.rfind(word) + len(word) for word in _KIND_WORDS if word in title), default=-1)
        if cut < len(title) - 4 and not _kind_of(title) and _kind_of(title + rest):
            # a long title wrapped onto a second line: "[1、关于开展……](#)" + "[……工作的通知](#)"
            notice.title = title + rest
            self.warn(line.no, f"标题分两行印出，已合并为“{notice.title}”：请核对")
            return following + 1
        if 0 < cut < len(title) and len(title) - cut <= 4:
            # "…的通知经国" + "家药品监督管理局…": the tail of the first line starts the stray text
            rest, title = title[cut:] + rest, title[:cut]
        notice.title = title
        notice.note = (f"原文标题之后还接有一行“{rest}”（原文第 {line.no} 行），不像本通知标题的一部分，"
                       "已从标题中移出，请核对。")
        self.warn(line.no, f"标题分两行印出，第二行“{rest[:30]}…”不像标题的一部分：标题取“{title}”，"
                           "其余移入 note，请核对")
        return following + 1

    # -- the week -------------------------------------------------------------------------------

    def _section_signature(self, draft: _SectionDraft) -> None:
        """The section's sign-off (盈科瑞·知识产权部 + date) closes its last notice."""
        notices = [n for n in self.notices if n.section is draft.section]
        if not notices:
            self.warn(draft.line, "本篇没有找到任何通知")
            return
        lines = notices[-1].lines
        filled = [i for i, line in enumerate(lines) if line.text]
        if len(filled) < 2:
            return
        by, when = lines[filled[-2]], lines[filled[-1]]
        date = _line_date(when.text)
        if date and _SECTION_SIGNATURE_RE.match(by.text):
            draft.signature = _Signature(by.text, date)
            del lines[filled[-2]:]

    def _week(self) -> _WeekDraft:
        for draft in self.sections:
            dates = [d for n in self.notices if n.section is draft.section
                     for d in [_first_date(n.lines)] if d]
            if draft.start is None:
                draft.start = min(dates, default=dt.date.today())
                draft.end = max(dates, default=draft.start)
        signed = [s.signature for s in self.sections if s.signature]
        if signed:
            date = max(s.date for s in signed)
            publisher = signed[0].by.split("·")[0].split("•")[0].split("・")[0]
        else:
            date = max(s.end for s in self.sections)
            publisher = "盈科瑞"
            self.warn(self.sections[0].line, f"没有找到本期落款（如“盈科瑞·知识产权部”及日期）：本期日期取各篇结束日 {date}，"
                                             f"出版者暂填“{publisher}”，请核对 week.yaml")
        return _WeekDraft(publisher=publisher, date=date, sections=self.sections)

    # -- one notice -----------------------------------------------------------------------------

    def _notice(self, notice: _NoticeDraft, week: _WeekDraft, previous_region: str | None) -> None:
        lines = notice.lines
        self._head(notice, lines)
        published_line = notice.line
        for line in lines:
            match = _PUBLISHED_RE.match(line.text)
            if match:
                notice.published, published_line = _date(*match.groups()), line.no
                line.text = ""
        signature = self._signature(lines)
        context = notice.title + "\n" + "\n".join(line.text for line in lines)
        if signature:
            agency_lines, date_line, end = signature
            notice.date = _line_date(date_line.text)
            for agency_line in agency_lines:
                for name in agency_line.text.split():
                    notice.issuers.append(self._agency(name, agency_line.no, notice.group, context, previous_region))
            for line in agency_lines + [date_line]:
                line.text = ""
        else:
            end = len(lines)
        if not notice.issuers:
            notice.issuers = self._unsigned_issuers(notice, context, previous_region,
                                                    date_line.no if signature else notice.line)
        notice.issuers = list(dict.fromkeys(notice.issuers))
        if notice.date is None:
            if notice.published:
                notice.date = notice.published
                self.warn(published_line, f"没有落款日期：date 取发布时间 {notice.published}，请核对")
            else:
                notice.date = week.date
                self.warn(notice.line, f"没有落款日期，也没有发布时间：date 暂填本期日期 {week.date}，请按原文改正")
        elif notice.date.year != week.date.year:
            self.warn(date_line.no, f"落款日期 {notice.date} 的年份与本期（{week.date.year} 年）不符：已照录原文，"
                                    "请核对，如为原文笔误请在 note 中说明")
        notice.kind = self._kind(notice)
        match = _TITLE_DOC_NUMBER_RE.search(notice.title)
        if notice.doc_number is None and match:
            notice.doc_number = re.sub(r"\s+", " ", match.group(1))
        self._attachments(notice, lines)
        self._contacts(notice, lines)
        blocks = self._blocks(lines, end)
        self._deadlines(notice, blocks, week)
        notice.body = _render(blocks)
        if not notice.body.strip():
            notice.body = ""

    def _head(self, notice: _NoticeDraft, lines: list[_Line]) -> None:
        """The 发文字号 and the addressees, printed right under the title."""
        filled = [line for line in lines if line.text][:2]
        if filled and _DOC_NUMBER_RE.match(filled[0].text):
            notice.doc_number = re.sub(r"\s+", " ", filled[0].text)
            filled[0].text = ""
            filled = filled[1:]
        if filled:
            text = filled[0].text
            if (text[-1] in "：:" and "。" not in text and "如下" not in text and len(text) <= 200
                    and not _CONTACT_LINE_RE.match(text) and not _ATTACHMENT_RE.match(text)):
                notice.addressees = text[:-1].strip()
                filled[0].text = ""

    def _signature(self, lines: list[_Line]) -> tuple[list[_Line], _Line, int] | None:
        """The first date line signed by an agency (or closing the text): (agency lines, date line, index after)."""
        for index, line in enumerate(lines):
            if not _line_date(line.text):
                continue
            before = [l for l in lines[:index] if l.text]
            if not before:
                continue
            previous = before[-1].text
            if self._agency_like(previous):
                agency_lines = []
                for candidate in reversed(before):
                    if not self._agency_like(candidate.text):
                        break
                    agency_lines.insert(0, candidate)
                return agency_lines, line, index + 1
            if (previous[-1] in "。" or _SO_NOTIFIED_RE.match(previous) or _ATTACHMENT_RE.match(previous)
                    or _CONTACT_LINE_RE.match(previous) or _FILE_NAME_RE.search(previous)):
                return [], line, index + 1
        return None

    def _agency_like(self, text: str) -> bool:
        if self.registry.exact(text):
            return True
        parts = text.split()
        return bool(parts) and all(
            len(p) <= 30 and not _PUNCTUATION_RE.search(p) and _AGENCY_SUFFIX_RE.search(p) and not re.search(r"\d", p)
            for p in parts)

    def _agency(self, name: str, line: int, group: Group, context: str, previous_region: str | None) -> str:
        agency = self.registry.exact(name)
        if agency:
            return agency.id
        if _is_relative(name):
            agency, reason = self.registry.by_region(name, context, previous_region)
            if agency:
                self.warn(line, f"发文机关“{name}”未写地区：{reason}认定为 {agency.name}（{agency.id}），请核对")
                return agency.id
        agency = self.registry.create(name, group, line)
        self.warn(line, f"机构“{name}”不在机构名录中：已新登记为 {agency.id}（{_LEVEL_LABELS[agency.level]}"
                        f"{'，' + agency.region if agency.region else ''}），请在 {AGENCIES_FILE} 中核对补全")
        return agency.id

    def _unsigned_issuers(self, notice: _NoticeDraft, context: str, previous_region: str | None,
                          line: int) -> list[str]:
        """Who issued a notice whose signature names no agency: the title's prefix, else the first agency named."""
        prefix = notice.title.split("关于", 1)[0] if "关于" in notice.title else ""
        names = [n for n in re.split(r"[、和与及\s]+", prefix) if n]
        if names and all(self._agency_like(n) or _AGENCY_SUFFIX_RE.search(n) for n in names):
            ids = []
            for name in names:
                agency = self.registry.exact(name)
                if agency:
                    ids.append(agency.id)
                    self.warn(line, f"落款没有发文机关：据标题认定为 {agency.name}（{agency.id}），请核对")
                    continue
                if _is_relative(name):
                    agency, reason = self.registry.by_region(name, context, previous_region)
                    if agency:
                        ids.append(agency.id)
                        self.warn(line, f"落款没有发文机关：据标题中的“{name}”，{reason}认定为 {agency.name}"
                                        f"（{agency.id}），请核对")
                        continue
                ids.append(self._agency(name, notice.line, notice.group, context, previous_region))
            return ids
        found = self.registry.mentioned("\n".join(l.text for l in notice.lines))
        if found:
            agency, name = found
            at = next((l.no for l in notice.lines if name in l.text), notice.line)
            self.warn(at, f"没有落款机关：发文机关暂取正文最先提到的“{name}”（{agency.id}），请核对")
            return [agency.id]
        previous = [n for n in self.notices if n.issuers and n is not notice]
        if previous:
            self.warn(line, f"没有落款机关，正文也未提到已登记的机构：暂用上一条通知的发文机关 "
                                   f"{'、'.join(previous[-1].issuers)}，请按原文改正")
            return list(previous[-1].issuers)
        level = "local" if notice.group is Group.LOCAL else "national"
        fallback = next((a for a in self.registry.agencies if a.level == level), None)
        if fallback is None:
            raise BuildError(f"{self.source}:{notice.line}: 无法确定发文机关：原文没有落款，机构名录中也没有可用的机构")
        self.warn(line, f"没有落款机关，正文也未提到已登记的机构：暂填 {fallback.id}，请按原文改正")
        return [fallback.id]

    def _kind(self, notice: _NoticeDraft) -> str:
        kind = _kind_of(notice.title)
        if kind:
            return kind
        fallback = "资讯" if notice.group is Group.NEWS else "其他"
        self.warn(notice.line, f"标题末尾不是通知、公告、通告、公示、意见、办法或解读：kind 暂填“{fallback}”，请核对")
        return fallback

    def _attachments(self, notice: _NoticeDraft, lines: list[_Line]) -> None:
        expecting_more = False
        for line in lines:
            if not line.text:
                continue
            match = _ATTACHMENT_RE.match(line.text)
            if match:
                rest = match.group(2).strip()
                if rest:
                    numbered = _ATTACHMENT_NUMBER_RE.match(rest)
                    notice.attachments.append((numbered.group(1) if numbered else rest).strip())
                line.text, expecting_more = "", True
                continue
            if expecting_more:
                more = _ATTACHMENT_MORE_RE.match(line.text) or (
                    _FILE_NAME_RE.search(line.text) and _ATTACHMENT_NUMBER_RE.match(line.text))
                if more:
                    notice.attachments.append(more.group(1).strip())
                    line.text = ""
                    continue
            expecting_more = False

    def _contacts(self, notice: _NoticeDraft, lines: list[_Line]) -> None:
        main: list[dict] = [{}]
        supervision: dict = {}
        introduced = False  # contact lines announced by "…发到以下邮箱：" stay in the body too
        previous_text = ""
        for line in lines:
            if not line.text:
                continue
            if not _CONTACT_LINE_RE.match(line.text):
                previous_text, introduced = line.text, False
                continue
            introduced = introduced or previous_text.endswith(("：", ":"))
            text = line.text
            if text[0] in "（(" and text[-1] in "）)":
                text = text[1:-1]
            labels = list(_CONTACT_LABEL_RE.finditer(text))
            for i, match in enumerate(labels):
                value = text[match.end(): labels[i + 1].start() if i + 1 < len(labels) else len(text)]
                value = value.strip(" ；;，,。")
                if not value:
                    continue
                who, key = _CONTACT_LABELS[re.sub(r"\s+", "", match.group(1))]
                if who == "监督":
                    supervision.setdefault("role", "监督")
                    _add(supervision, key, value)
                    continue
                if key == "any":
                    key = "email" if "@" in value else "phone"
                if key == "name":
                    value = "、".join(p for p in re.split(r"[\s、，,]+", value) if p)
                    if main[-1].get("name"):
                        main.append({})
                _add(main[-1], key, value)
            if not introduced:
                line.text = ""
        notice.contacts = [c for c in main if c] + ([supervision] if supervision else [])

    # -- the body -------------------------------------------------------------------------------

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

    # -- deadlines ------------------------------------------------------------------------------

    def _deadlines(self, notice: _NoticeDraft, blocks: list[_Block], week: _WeekDraft) -> None:
        found: list[dict] = []
        for block in blocks:
            if block.kind == "table":
                continue
            text = block.text
            taken: list[tuple[int, int]] = []

            def free(match: re.Match, taken: list[tuple[int, int]] = taken) -> bool:
                return not any(match.start() < e and s < match.end() for s, e in taken)

            for match in _WINDOW_RE.finditer(text):
                start, note = self._day(match, "s", text, block, week)
                if start is None:
                    continue
                end_year = int(match.group("ey")) if match.group("ey") else start.year
                end_month = int(match.group("em")) if match.group("em") else start.month
                end = _date(end_year, end_month, match.group("ed"))
                if end is not None and end < start and not match.group("ey"):
                    end = _date(end_year + 1, end_month, match.group("ed"))
                if end is None or end < start:
                    continue
                taken.append(match.span())
                entry = {"start": start, "end": end}
                if match.group("within"):
                    entry["within"] = _period_text(match.group("within"))
                implied = "公示" if "公示期" in _clause(text, match) else None
                found.append(self._deadline(entry, match, text, block, notice, implied, note))
            for pattern, prefix, implied in ((_CLOSE_RE, "c", None), (_CUTOFF_RE, "c", None),
                                             (_EFFECTIVE_DATE_RE, "f", "施行")):
                for match in pattern.finditer(text):
                    if not free(match):
                        continue
                    day, note = self._day(match, prefix, text, block, week)
                    if day is not None:
                        taken.append(match.span())
                        found.append(self._deadline({"date": day}, match, text, block, notice, implied, note))
            for match in _RELATIVE_RE.finditer(text):
                implied = "征求意见" if "征求意见" in _clause(text, match) else None
                found.append(self._deadline({"within": _period_text(match.group("within"))}, match, text, block,
                                            notice, implied, None))
            for match in _EFFECTIVE_RE.finditer(text):
                found.append(self._deadline({"date": notice.published or notice.date}, match, text, block,
                                            notice, "施行", None))
            if not taken and _PUBLICITY_PERIOD_RE.search(text) and not _RELATIVE_RE.search(text):
                match = _PUBLICITY_PERIOD_RE.search(text)
                self.warn(block.line_at(match.start()), f"“{_clause(text, match)[:40]}”提到公示期限，但没有写明起止日期："
                                                        "未列入 deadlines，请核对（日期确定后可用 start 加 within 写出）")
            only = _DATE_ONLY_RE.match(text)
            if only and "截止" in block.heading:
                day, note = self._day(only, "o", text, block, week)
                if day is not None:
                    label = re.sub(r"^[一二三四五六七八九十]+、\s*|^[（(][一二三四五六七八九十]+[）)]\s*", "", block.heading)
                    kind = _cue(label)[0] or "其他"
                    line = block.line_at(0)
                    notes = [note] if note else []
                    notes.append((line, f"单独一行的日期“{text}”按其标题“{label}”列为{kind}截止日期：请核对"))
                    found.append({"kind": kind, "date": day, "phrase": f"{label}：{text.rstrip('。.')}",
                                  "_line": line, "_notes": notes})
        seen = set()
        for entry in found:
            key = (entry["kind"], entry.get("date"), entry.get("start"), entry.get("end"), entry.get("within"))
            end = entry.get("date") or entry.get("end")
            if key in seen:
                continue  # stated twice (定于…至… in the text, 活动时间 under its heading): listed once
            seen.add(key)
            if end is not None and notice.date and end < notice.date:
                self.warn(entry["_line"], f"“{entry['phrase']}”中的日期 {end} 早于通知日期 {notice.date}，"
                                          "不像截止日期，未列入 deadlines：请核对")
                continue
            for line, message in entry["_notes"]:
                self.warn(line, message)
            notice.deadlines.append({k: v for k, v in entry.items() if not k.startswith("_")})

    def _day(self, match: re.Match, prefix: str, text: str, block: _Block,
             week: _WeekDraft) -> tuple[dt.date | None, tuple[int, str] | None]:
        """The date of a match, and a note for the review list when its year had to be supplied."""
        year = match.group(prefix + "y")
        if year is not None:
            return _date(year, match.group(prefix + "m"), match.group(prefix + "d")), None
        earlier = [int(m.group(1)) for m in _FULL_DATE_RE.finditer(text[:match.start()])]
        guess = earlier[-1] if earlier else week.date.year
        day = _date(guess, match.group(prefix + "m"), match.group(prefix + "d"))
        origin = "按同段前文的年份" if earlier else "按本期年份"
        note = (block.line_at(match.start()), f"日期“{match.group(prefix + 'm')} 月 {match.group(prefix + 'd')} 日”"
                                              f"未写年份：{origin}记为 {day}，请核对")
        return day, note if day else None

    def _deadline(self, entry: dict, match: re.Match, text: str, block: _Block, notice: _NoticeDraft,
                  implied: str | None, note: tuple[int, str] | None) -> dict:
        """The entry with its kind (from the words near the date) and the notes to show if it is kept."""
        clause = re.sub(r"^(?:并|且|同时|请)(?=于)", "", _clause(text, match))
        phrase = clause
        line = block.line_at(match.start())
        notes = [note] if note else []
        kind, _ = _cue(clause)
        if implied:
            kind = implied
        elif kind is None:
            sentence = _sentence(text, match)
            for context, label in ((sentence, "所在句子"), (block.heading, f"所在标题“{block.heading}”")):
                kind, word = _cue(context)
                if kind:
                    if context is sentence:
                        phrase, word = _phrase_to_cue(text, match, kind)
                    notes.append((line, f"“{clause[:40]}”的截止类型据{label}中的“{word}”推断为{kind}：请核对"))
                    break
            else:
                kind = "其他"
                notes.append((line, f"“{clause[:40]}”的截止类型无法判断：kind 暂填“其他”，请核对"))
        ordered = {"kind": kind}
        for key in ("date", "start", "end", "within"):
            if key in entry:
                ordered[key] = entry[key]
        ordered.update(phrase=phrase, _line=line, _notes=notes)
        return ordered


# ---------------------------------------------------------------------------------------------
# Small helpers

_LEVEL_LABELS = {"national": "国家级", "local": "地方级"}
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _cn_number(text: str) -> int:
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _line_date(text: str) -> dt.date | None:
    """A line that is only a date: '2021 年 4 月 7 日' or '二〇二一年四月七日'."""
    match = _DATE_LINE_RE.match(text)
    if match:
        return _date(*match.groups())
    match = _CN_DATE_LINE_RE.match(text)
    if match:
        try:
            year = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
            return _date(year, _cn_number(match.group(2)), _cn_number(match.group(3)))
        except KeyError:
            return None
    return None


def _first_date(lines: list[_Line]) -> dt.date | None:
    return next((d for line in lines for d in [_line_date(line.text)] if d), None)


def _unescape(text: str) -> str:
    return _MD_ESCAPE_RE.sub(r"\1", text)


def _kind_of(title: str) -> str | None:
    bare = title.strip()
    while True:
        stripped = re.sub(r"\s*[（(][^（）()]*[）)]$", "", bare)
        if stripped == bare:
            break
        bare = stripped
    return next((word for word in _KIND_WORDS if bare.endswith(word)), None)


def _period_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _cue(text: str) -> tuple[str | None, str]:
    for kind, pattern in _KIND_CUES:
        match = pattern.search(text)
        if match:
            return kind, match.group()
    return None, ""


def _clause(text: str, match: re.Match) -> str:
    start = max(text.rfind(c, 0, match.start()) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (text.find(c, match.end()) for c in _CLAUSE_ENDS) if i >= 0]
    return text[start:min(ends, default=len(text))].strip()


def _phrase_to_cue(text: str, match: re.Match, kind: str) -> tuple[str, str]:
    """The clauses from the date to the nearest words that name its kind, within the sentence."""
    sentence_start = max(text.rfind(c, 0, match.start()) for c in _SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(c, match.end()) for c in _SENTENCE_ENDS) if i >= 0]
    sentence_end = min(ends, default=len(text))
    pattern = dict(_KIND_CUES)[kind]
    cues = [m for m in pattern.finditer(text, sentence_start, sentence_end)]
    # the words after a date usually say what is due by it (于…前将材料报送…, 定于…开展…活动)
    after = [m for m in cues if m.start() >= match.end()]
    cue = after[0] if after else cues[-1]
    start, end = min(cue.start(), match.start()), max(cue.end(), match.end())
    start = max([text.rfind(c, 0, start) for c in _CLAUSE_ENDS] + [sentence_start - 1]) + 1
    after = [i for i in (text.find(c, end) for c in _CLAUSE_ENDS) if i >= 0]
    end = min(after + [sentence_end])
    return text[start:end].strip(), cue.group()


def _sentence(text: str, match: re.Match) -> str:
    start = max(text.rfind(c, 0, match.start()) for c in _SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(c, match.end()) for c in _SENTENCE_ENDS) if i >= 0]
    return text[start:min(ends, default=len(text))].strip()


def _add(contact: dict, key: str, value: str) -> None:
    contact[key] = f"{contact[key]}、{value}" if contact.get(key) else value


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


def _scalar(value) -> str:
    """A YAML scalar as written by hand: plain where that reads back as the same text, else double-quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    plain = (text == text.strip() and text and "\n" not in text
             and text[0] not in "-?:,[]{}#&*!|>'\"%@`"
             and ": " not in text and " #" not in text and not text.endswith(":")
             and text not in ("~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                              "yes", "no", "on", "off")
             and "\t" not in text)
    return text if plain else json.dumps(text, ensure_ascii=False)


def _week_yaml(week: _WeekDraft, source: Path) -> str:
    out = [f"# 导入自 {source.name}，请对照原文核对",
           f"publisher: {_scalar(week.publisher)}",
           f"date: {week.date.isoformat()}",
           "sections:"]
    for draft in week.sections:
        out += [f"  - section: {draft.section.value}",
                f"    start: {draft.start.isoformat()}",
                f"    end: {draft.end.isoformat()}"]
        if draft.signature:
            out += ["    signature:",
                    f"      by: {_scalar(draft.signature.by)}",
                    f"      date: {draft.signature.date.isoformat()}"]
    return "\n".join(out) + "\n"


def _notice_md(notice: _NoticeDraft, source: Path) -> str:
    out = ["---",
           f"# 导入自 {source.name} 第 {notice.line} 行",
           f"title: {_scalar(notice.title)}",
           f"url: {_scalar(notice.url)}".rstrip()]
    if notice.doc_number:
        out.append(f"doc_number: {_scalar(notice.doc_number)}")
    out.append(f"issuers: [{', '.join(notice.issuers)}]")
    if notice.addressees:
        out.append(f"addressees: {_scalar(notice.addressees)}")
    out.append(f"date: {notice.date.isoformat()}")
    if notice.published:
        out.append(f"published: {notice.published.isoformat()}")
    out += [f"section: {notice.section.value}", f"group: {notice.group.value}", f"order: {notice.order}",
            f"kind: {notice.kind}"]
    if notice.deadlines:
        out.append("deadlines:")
        for entry in notice.deadlines:
            first = True
            for key, value in entry.items():
                out.append(f"{'  - ' if first else '    '}{key}: {_scalar(value)}")
                first = False
    if notice.attachments:
        out.append("attachments:")
        out += [f"  - name: {_scalar(name)}" for name in notice.attachments]
    if notice.contacts:
        out.append("contacts:")
        for contact in notice.contacts:
            first = True
            for key in ("name", "role", "phone", "fax", "email", "address"):
                if contact.get(key):
                    out.append(f"{'  - ' if first else '    '}{key}: {_scalar(contact[key])}")
                    first = False
    if notice.note:
        out.append(f"note: {_scalar(notice.note)}")
    out.append("---")
    return "\n".join(out) + "\n" + notice.body


def _validate(week: _WeekDraft, notices: list[_NoticeDraft], registry: _Registry) -> None:
    """The records about to be written pass the same models `digest check` uses; anything else is a bug here."""
    from .records import parse_yaml

    problems = []
    texts = {WEEK_FILE: _week_yaml(week, Path("source"))}
    texts.update({f"{n.slug}.md": _notice_md(n, Path("source")) for n in notices})
    for name, text in texts.items():
        front = text.split("---\n")[1] if name.endswith(".md") else text
        record, errors = parse_yaml(front, Path(name), name)
        problems += [str(e) for e in errors]
        if record is None:
            continue
        try:
            (FrontMatter if name.endswith(".md") else WeekFile).model_validate(record.data)
        except ValidationError as exc:
            problems += [f"{name}: {err['loc']}: {err['msg']}" for err in exc.errors()]
    for agency in registry.new:
        try:
            AgencyEntry.model_validate({"id": agency.id, "name": agency.name, "level": agency.level,
                                        "region": agency.region})
        except ValidationError as exc:
            problems += [f"{AGENCIES_FILE} {agency.id}: {err['msg']}" for err in exc.errors()]
    if problems:
        raise BuildError("导入结果未通过校验（这是导入程序的问题，请报告）：\n" + "\n".join(problems))
