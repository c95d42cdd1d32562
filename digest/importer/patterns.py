"""Patterns of the bulletin's export: sections, groups, titles, signatures, attachments, contacts."""

from __future__ import annotations

import re

from ..models import Group, Section
from ..recognise import DATE as _D, PERIOD as _PERIOD


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

_WINDOW_RE = re.compile(
    r"(?:(?:自|从)\s*)?" + _D.format("s") + r"\s*(?:起\s*)?(?:至|到|~|～|—|－|-)\s*"
    r"(?:(?:(?P<ey>\d{4})\s*年\s*)?(?P<em>\d{1,2})\s*月\s*)?(?P<ed>\d{1,2})\s*日(?:\s*止)?"
    r"(?:\s*[（(]\s*(?P<within>" + _PERIOD + r")\s*[）)])?")

_CLOSE_RE = re.compile(r"(?:(?:于|在)\s*)?" + _D.format("c") + r"\s*(?:之前|以前|前|截止|为止|止)")

_CUTOFF_RE = re.compile(r"截止(?:时间|日期)?\s*(?:为|是|：|:)?\s*" + _D.format("c"))

_THIS = r"(?:本(?:通知|公告|通告|公示|文件|意见))?"  # 自本公告发布之日起
_RELATIVE_RE = re.compile(r"自" + _THIS + r"(?:发布|印发|公布|公告|发文|公示)之日起\s*(?P<within>" + _PERIOD + ")")

_EFFECTIVE_RE = re.compile(r"自" + _THIS + r"(?:发布|印发|公布|公告)之日起\s*(?:施行|实施|生效|执行)")

_EFFECTIVE_DATE_RE = re.compile(r"自\s*" + _D.format("f") + r"\s*起\s*(?:施行|实施|生效|执行)")

_PUBLICITY_PERIOD_RE = re.compile(r"公示期(?:为|限)|公示\s*\d+\s*(?:天|日|个工作日)")

_DATE_ONLY_RE = re.compile(r"^" + _D.format("o") + r"[。.]?$")

_KIND_CUES = (  # in priority order: the first kind whose words occur decides
    ("征求意见", re.compile(r"征求意见|反馈意见|意见反馈|提出意见")),
    ("公示", re.compile(r"公示")),
    ("施行", re.compile(r"施行|生效")),
    ("报送", re.compile(r"报送|提交|推送|发至|发送|送交|送至|上报|报至|寄至|寄送|交至|总结材料|将.{0,30}?发")),
    ("申报", re.compile(r"申报|填报|申请|备案|报名|征集")),
    ("活动", re.compile(r"活动|举办|举行|召开|会议|培训|宣传周|讲座|论坛|行动|专项整治")),
)

_CLAUSE_ENDS = "，,；;。！？!?"

_SENTENCE_ENDS = "；;。！？!?"

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
