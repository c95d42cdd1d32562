"""New files for editors: the next issue's folder, and a notice with every field listed and explained."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .errors import BuildError
from .load import WEEK_FILE
from .models import SLUG_PATTERN
from .schema import SCHEMA_DIR

# Each section covers the days up to the date: the previous seven days by default.
DEFAULT_PERIOD_DAYS = 7


def _schema_line(content: Path, target: Path, name: str) -> str:
    """The comment that makes VS Code's YAML extension validate and complete the file's fields."""
    own = content.parent / "schemas"
    relative = os.path.relpath((own if own.is_dir() else SCHEMA_DIR) / name, target.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def new_week(content: Path, date: dt.date, period_days: int = DEFAULT_PERIOD_DAYS) -> Path:
    folder = content / str(date.year) / date.isoformat()
    week_file = folder / WEEK_FILE
    if week_file.exists():
        raise BuildError(f"{week_file} 已存在：本期已经建好，直接在其中添加通知即可")
    start = date - dt.timedelta(days=period_days - 1)
    folder.mkdir(parents=True, exist_ok=True)
    week_file.write_text(_schema_line(content, week_file, "week.schema.json") + f"""publisher: 盈科瑞
date: {date.isoformat()}            # 本期发布日期，须与文件夹名一致
sections:                           # 按刊出顺序排列；没有某一篇时删去它
  - section: ip                     # 知识产权信息篇
    start: {start.isoformat()}        # 本篇收录的起止日期
    end: {date.isoformat()}
    signature:                      # 篇末落款，可删去
      by: 盈科瑞·知识产权部
      date: {date.isoformat()}
  - section: pharma                 # 医药信息篇
    start: {start.isoformat()}
    end: {date.isoformat()}
""", encoding="utf-8")
    return week_file


def new_notice(content: Path, week: dt.date, slug: str) -> Path:
    folder = content / str(week.year) / week.isoformat()
    if not (folder / WEEK_FILE).is_file():
        raise BuildError(f"还没有 {week} 这一期：请先运行 digest new {week}")
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise BuildError(f"“{slug}”不能作文件名：只能用小写英文字母、数字和单个连字符（-），如 cnipa-2021-outlet-filing")
    path = folder / f"{slug}.md"
    if path.exists():
        raise BuildError(f"{path} 已存在：请换一个文件名")
    path.write_text("---\n" + _schema_line(content, path, "notice.schema.json") + f"""title:                  # 标题（不含序号）
url:                    # 来源链接；不知道时留空，不要编造
doc_number:             # 发文字号，如 国知办函服字〔2021〕304 号；没有则留空
issuers: []             # 发文机关：agencies.yaml 中的 id，如 [cnipa]；联合发文写多个
addressees:             # 主送机关，如 各有关单位
date: {week.isoformat()}        # 成文日期（落款日期）
published:              # 发布日期；“自发布之日起”从这天算，留空则用成文日期
section: ip             # ip 知识产权信息篇 | pharma 医药信息篇
group: national         # national 国家级 | local 地方级 | news 资讯
order: 1                # 在本组中的顺序，从 1 开始
kind: 通知              # 通知 通告 公告 公示 意见 办法 解读 资讯 其他
deadlines: []           # 截止事项，每项一行“- kind: …”，例如：
#  - kind: 申报          # 申报 报送 征求意见 公示 施行 活动 其他
#    date: 2021-05-14    # 单日截止；时间段则写 start: 和 end:
#    phrase: 申报截止时间为 2021 年 5 月 14 日前
#  - kind: 征求意见
#    within: 1 个月      # 期间，自动按《民法典》和节假日推算截止日
#    phrase: 征求意见时限为自发布之日起一个月。
attachments: []         # 附件，如 - name: 申报书.doc
contacts: []            # 联系方式，如 - name: 张三 / phone: 010-12345678 / email: / address:
tags: []                # 标签
note:                   # 编者注：原文有误时保留原文，在此说明更正
---
正文从这里开始。“一、”级标题写作 ## 一、……，“（一）”级标题写作 ### （一）……。
""", encoding="utf-8")
    return path
