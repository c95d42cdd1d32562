"""What the editor wrote: one model per content file type, mirroring the file field by field.

Everything derived (slugs, URLs, resolved agencies, deadline status) lives in `site`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .periods import parse_period


class Section(StrEnum):
    IP = "ip"
    PHARMA = "pharma"

    @property
    def label(self) -> str:
        return {"ip": "知识产权信息篇", "pharma": "医药信息篇"}[self.value]


class Group(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"
    NEWS = "news"

    @property
    def label(self) -> str:
        return {"national": "国家级", "local": "地方级", "news": "资讯"}[self.value]


class Level(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"

    @property
    def label(self) -> str:
        return {"national": "国家级", "local": "地方级"}[self.value]


class DeadlineKind(StrEnum):
    """Editors write the Chinese label; the slug names the kind in URLs."""

    APPLY = "申报"
    SUBMIT = "报送"
    COMMENT = "征求意见"
    PUBLICITY = "公示"
    EFFECTIVE = "施行"
    EVENT = "活动"
    OTHER = "其他"

    @property
    def slug(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        """The kind as readers name its dates, for headings and filters."""
        return {"申报": "申报截止", "报送": "报送截止", "征求意见": "征求意见期", "公示": "公示期",
                "施行": "施行（生效）日期", "活动": "活动时间", "其他": "其他日期"}[self.value]


NoticeKind = Literal["通知", "通告", "公告", "公示", "意见", "办法", "解读", "资讯", "其他"]

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _as_list(value: object) -> object:
    """A single value where a list is expected is a list of one: `issuers: cnipa`."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValueError("链接须以 http:// 或 https:// 开头（不知道来源链接时请留空）")
    return value


def _period(value: str) -> str:
    parse_period(value)
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Only `YYYY-MM-DD`: not a number of seconds, not a time of day."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError(f"“{value}”不是有效日期：请写成真实存在的 YYYY-MM-DD，如 2021-04-16")
    return value


def _plausible(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day} 的年份不在 {FIRST_YEAR}—{LAST_YEAR} 之间：请核对")
    return day


# Policy notices of the People's Republic; anything outside is a typing mistake (and keeps date arithmetic safe).
FIRST_YEAR, LAST_YEAR = 1949, 2100
Day = Annotated[dt.date, BeforeValidator(_iso_day), AfterValidator(_plausible)]
TextList = Annotated[list[str], BeforeValidator(_as_list)]
PeriodText = Annotated[str, AfterValidator(_period)]
WebUrl = Annotated[str, AfterValidator(_web_url)]
# Ids and file names become folder names in the site: well under any file system's limit.
MAX_ID_LENGTH = 64
Id = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Signature(Record):
    by: str
    date: Day


class SectionEntry(Record):
    section: Section
    start: Day
    end: Day
    signature: Signature | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "SectionEntry":
        if self.end < self.start:
            raise ValueError(f"end（{self.end}）早于 start（{self.start}）：请检查本篇的起止日期")
        return self


class WeekFile(Record):
    """`week.yaml`: one issue of the bulletin."""

    publisher: str
    date: Day
    sections: Annotated[list[SectionEntry], Field(min_length=1)]
    note: str | None = None
    number: Annotated[int, Field(ge=1, description="期号；不写时按本期在全部往期中的顺序（从 1 起）")] | None = None

    @model_validator(mode="after")
    def _unique_sections(self) -> "WeekFile":
        seen = [s.section for s in self.sections]
        if len(seen) != len(set(seen)):
            raise ValueError("同一篇（section）在本期列出了两次")
        return self


class AgencyEntry(Record):
    """One entry of `agencies.yaml`."""

    id: Id
    name: str
    short: TextList = []
    aliases: TextList = []
    level: Level
    region: str | None = None
    parent: Id | None = None
    website: WebUrl | None = None


class DeadlineEntry(Record):
    """A closing day (`date`), a window (`start`, `end`), or a rule (`within`) that computes the end.

    A rule counts from `start` for a window, else from `from`, else from the notice's publication
    date. A rule written beside a stated end is a claim the build checks against the calendar.
    """

    model_config = ConfigDict(populate_by_name=True)

    kind: DeadlineKind = Field(description="申报 报送 征求意见 公示 施行 活动 其他")
    date: Day | None = Field(None, description="单日截止，YYYY-MM-DD")
    start: Day | None = Field(None, description="时间段的开始日（含）")
    end: Day | None = Field(None, description="时间段的结束日（含）")
    within: PeriodText | None = Field(None, description="期间，如 1 个月、15 日、两周、10 个工作日；自动推算截止日")
    base: Day | None = Field(None, alias="from", description="期间的起算日；默认为通知的发布日期")
    phrase: str | None = Field(None, description="原文中的相应语句")

    @model_validator(mode="after")
    def _date_or_window(self) -> "DeadlineEntry":
        if self.date is not None and (self.start is not None or self.end is not None):
            raise ValueError("date 与 start/end 只能二选一：单日截止写 date，时间段写 start 和 end")
        if self.base is not None and self.start is not None:
            raise ValueError("from 与 start 只能二选一：时间段的期间从 start 起算")
        if self.end is not None and self.start is None:
            raise ValueError("写了 end 就要写 start；单日截止请写 date")
        if self.within is None and self.date is None and (self.start is None or self.end is None):
            raise ValueError("请写 date（单日截止），或同时写 start 和 end（时间段），或用 within 写期间（如 1 个月）")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end（{self.end}）早于 start（{self.start}）：请检查起止日期")
        return self


class Attachment(Record):
    name: str
    file: str | None = None
    url: WebUrl | None = None


class Contact(Record):
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    address: str | None = None


class FrontMatter(Record):
    """The YAML front matter of a notice file."""

    title: str = Field(description="标题（不含序号）")
    url: WebUrl | None = Field(None, description="来源链接；不知道时留空")
    doc_number: str | None = Field(None, description="发文字号，如 国知办函服字〔2021〕304 号")
    issuers: TextList = Field([], description="发文机关：机构名录中的 id，可多个，按落款顺序；资讯可不填")
    addressees: str | None = Field(None, description="主送机关")
    date: Day = Field(description="成文日期（落款日期），YYYY-MM-DD")
    published: Day | None = Field(None, description="发布日期，YYYY-MM-DD；“自发布之日起”从这天算")
    section: Section = Field(description="ip 知识产权信息篇 | pharma 医药信息篇")
    group: Group = Field(description="national 国家级 | local 地方级 | news 资讯")
    order: Annotated[int, Field(ge=1, description="在本组中的顺序，从 1 开始")]
    kind: NoticeKind = Field(description="文种")
    deadlines: list[DeadlineEntry] = Field([], description="截止事项：date，或 start 和 end，或 within 期间")
    attachments: list[Attachment] = Field([], description="附件")
    contacts: list[Contact] = Field([], description="联系方式")
    tags: TextList = Field([], description="标签")
    note: str | None = Field(None, description="编者注：更正原文错误等，显示在页面上")
    aliases: Annotated[list[Id], BeforeValidator(_as_list)] = Field(
        [], description="旧文件名（旧网址）：改名后旧网址仍跳转到本通知")
    checked: dict[Annotated[str, Field(pattern=SLUG_PATTERN)], str] = Field(
        {}, description="已核对的警告：警告代码 → 理由，如 date-year: 原文如此")
    review: TextList = Field([], description="导入时列出的待核对之处；核对后删去（不显示在网站上）")
