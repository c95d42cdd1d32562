#!/usr/bin/env python3
"""A deterministic, seeded archive of weekly policy digests in digest's content format.

    python benchmarks/generate.py --weeks 520 --out /tmp/archive [--seed 1]

writes OUT/agencies.yaml (150 agencies) and OUT/<year>/<date>/week.yaml plus 15-35 notice files
per issue, one issue per Friday from 2016-01-08. Titles and bodies (1-3k characters: 一、
headings, （一） subheadings, numbered lists, some tables) are assembled from a vocabulary of
policy phrases; every notice has 0-3 deadlines (申报 报送 征求意见 公示 施行 活动), written as a
date, a window, or a rule (`within: 1 个月`, `15 日`, `10 个工作日` from `start`). The content is
meant to pass `digest check` without errors and with (almost) no warnings.

Week N of a corpus does not depend on how many weeks are generated: the random state is seeded
per week, so `--weeks 40` is the first 40 weeks of `--weeks 520`. Nothing here imports `digest`;
`compare_hugo.py` imports `generate()` to write the same corpus as a Hugo site.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

FIRST_WEEK = dt.date(2016, 1, 8)  # a Friday
# chinese-calendar knows the State Council's holiday schedule up to 2026: relative rules (whose end
# digest computes with that schedule) are only used where every day involved is before this.
CALENDAR_LIMIT = dt.date(2026, 12, 1)
RELATIVE_UNTIL = CALENDAR_LIMIT - dt.timedelta(days=100)  # latest notice date that may use `within`

# ---------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------

# (pinyin, name, kind of division, abbreviation used in document numbers)
PROVINCES = [
    ("beijing", "北京", "市", "京"), ("tianjin", "天津", "市", "津"), ("shanghai", "上海", "市", "沪"),
    ("chongqing", "重庆", "市", "渝"), ("hebei", "河北", "省", "冀"), ("shanxi", "山西", "省", "晋"),
    ("liaoning", "辽宁", "省", "辽"), ("jilin", "吉林", "省", "吉"), ("heilongjiang", "黑龙江", "省", "黑"),
    ("jiangsu", "江苏", "省", "苏"), ("zhejiang", "浙江", "省", "浙"), ("anhui", "安徽", "省", "皖"),
    ("fujian", "福建", "省", "闽"), ("jiangxi", "江西", "省", "赣"), ("shandong", "山东", "省", "鲁"),
    ("henan", "河南", "省", "豫"), ("hubei", "湖北", "省", "鄂"), ("hunan", "湖南", "省", "湘"),
    ("guangdong", "广东", "省", "粤"), ("hainan", "海南", "省", "琼"), ("sichuan", "四川", "省", "川"),
    ("guizhou", "贵州", "省", "黔"), ("yunnan", "云南", "省", "滇"), ("shaanxi", "陕西", "省", "陕"),
    ("gansu", "甘肃", "省", "甘"), ("qinghai", "青海", "省", "青"), ("neimenggu", "内蒙古", "自治区", "内"),
    ("guangxi", "广西", "壮族自治区", "桂"), ("xizang", "西藏", "自治区", "藏"),
    ("ningxia", "宁夏", "回族自治区", "宁"), ("xinjiang", "新疆", "维吾尔自治区", "新"),
]

# (pinyin, city, province pinyin, agency kind: ipa = 知识产权局, amr = 市场监督管理局)
CITIES = [
    ("shenzhen", "深圳", "guangdong", "amr"), ("guangzhou", "广州", "guangdong", "ipa"),
    ("suzhou", "苏州", "jiangsu", "ipa"), ("hangzhou", "杭州", "zhejiang", "amr"),
    ("nanjing", "南京", "jiangsu", "amr"), ("ningbo", "宁波", "zhejiang", "amr"),
    ("chengdu", "成都", "sichuan", "ipa"), ("wuhan", "武汉", "hubei", "ipa"),
    ("xian", "西安", "shaanxi", "amr"), ("qingdao", "青岛", "shandong", "amr"),
    ("xiamen", "厦门", "fujian", "ipa"), ("changsha", "长沙", "hunan", "amr"),
    ("zhengzhou", "郑州", "henan", "amr"), ("hefei", "合肥", "anhui", "amr"),
    ("jinan", "济南", "shandong", "amr"), ("dalian", "大连", "liaoning", "amr"),
    ("shenyang", "沈阳", "liaoning", "amr"), ("wuxi", "无锡", "jiangsu", "amr"),
    ("dongguan", "东莞", "guangdong", "amr"), ("foshan", "佛山", "guangdong", "amr"),
    ("zhuhai", "珠海", "guangdong", "ipa"), ("taizhou", "泰州", "jiangsu", "amr"),
    ("shijiazhuang", "石家庄", "hebei", "amr"), ("fuzhou", "福州", "fujian", "amr"),
    ("nanning", "南宁", "guangxi", "amr"), ("kunming", "昆明", "yunnan", "amr"),
]

# (id, name, short, aliases, parent, website, document number prefix, sections it issues for)
NATIONAL = [
    ("cnipa", "国家知识产权局", ["国知局"], ["国家知识产权局办公室"], None, "https://www.cnipa.gov.cn/", "国知发", "ip"),
    ("cnipa-patent-office", "国家知识产权局专利局", ["专利局"], [], "cnipa", "https://www.cnipa.gov.cn/", "国知专", "ip"),
    ("cnipa-trademark-office", "国家知识产权局商标局", ["商标局"], [], "cnipa", "https://sbj.cnipa.gov.cn/", "商标", "ip"),
    ("cnipa-ppcc", "国家知识产权局知识产权发展研究中心", ["发展研究中心"], [], "cnipa", "https://www.cnipa.gov.cn/", "知研", "ip"),
    ("cnipa-pac", "中国专利保护协会", ["专利保护协会"], [], None, "https://www.ppac.org.cn/", "专保协", "ip"),
    ("ncac", "国家版权局", [], [], None, "https://www.ncac.gov.cn/", "国版发", "ip"),
    ("samr", "国家市场监督管理总局", ["市场监管总局"], [], None, "https://www.samr.gov.cn/", "国市监", "ip"),
    ("most", "科学技术部", ["科技部"], [], None, "https://www.most.gov.cn/", "国科发", "ip"),
    ("miit", "工业和信息化部", ["工信部"], [], None, "https://www.miit.gov.cn/", "工信部", "ip"),
    ("mofcom", "商务部", [], [], None, "https://www.mofcom.gov.cn/", "商服贸", "ip"),
    ("mof", "财政部", [], [], None, "https://www.mof.gov.cn/", "财建", "ip"),
    ("moe", "教育部", [], [], None, "https://www.moe.gov.cn/", "教科技", "ip"),
    ("ndrc", "国家发展和改革委员会", ["国家发展改革委"], ["发改委"], None, "https://www.ndrc.gov.cn/", "发改高技", "ip"),
    ("gacc", "海关总署", [], [], None, "http://www.customs.gov.cn/", "署法发", "ip"),
    ("spc", "最高人民法院", ["最高法"], [], None, "https://www.court.gov.cn/", "法发", "ip"),
    ("sac", "国家标准化管理委员会", ["国家标准委"], [], "samr", "https://www.sac.gov.cn/", "国标委", "ip"),
    ("moa", "农业农村部", [], [], None, "http://www.moa.gov.cn/", "农科教发", "ip"),
    ("nfga", "国家林业和草原局", ["国家林草局"], [], None, "https://www.forestry.gov.cn/", "林技发", "ip"),
    ("nmpa", "国家药品监督管理局", ["国家药监局"], [], None, "https://www.nmpa.gov.cn/", "国药监药注", "pharma"),
    ("nmpa-cde", "国家药品监督管理局药品审评中心", ["药审中心"], ["国家药监局药审中心", "CDE"], "nmpa", "https://www.cde.org.cn/", "药审业", "pharma"),
    ("nmpa-cmde", "国家药品监督管理局医疗器械技术审评中心", ["器审中心"], ["CMDE"], "nmpa", "https://www.cmde.org.cn/", "器审", "pharma"),
    ("nmpa-cfdi", "国家药品监督管理局食品药品审核查验中心", ["核查中心"], ["CFDI"], "nmpa", "https://www.cfdi.org.cn/", "药核", "pharma"),
    ("nmpa-chp", "国家药典委员会", ["药典委"], [], "nmpa", "https://www.chp.org.cn/", "国药典", "pharma"),
    ("nmpa-nifdc", "中国食品药品检定研究院", ["中检院"], [], "nmpa", "https://www.nifdc.org.cn/", "中检", "pharma"),
    ("nmpa-cdr", "国家药品监督管理局药品评价中心", ["药品评价中心"], ["国家药品不良反应监测中心"], "nmpa", "https://www.cdr-adr.org.cn/", "药评", "pharma"),
    ("nhc", "国家卫生健康委员会", ["国家卫生健康委"], ["卫健委"], None, "http://www.nhc.gov.cn/", "国卫医发", "pharma"),
    ("nhsa", "国家医疗保障局", ["国家医保局"], [], None, "http://www.nhsa.gov.cn/", "医保发", "pharma"),
    ("natcm", "国家中医药管理局", ["国家中医药局"], [], "nhc", "http://www.natcm.gov.cn/", "国中医药医政发", "pharma"),
    ("nhc-drug-policy", "国家卫生健康委药物政策与基本药物制度司", ["药政司"], [], "nhc", "http://www.nhc.gov.cn/", "国卫药政", "pharma"),
    ("cast", "中国科学技术协会", ["中国科协"], [], None, "https://www.cast.org.cn/", "科协发", "pharma"),
    ("gov-cn", "国务院办公厅", ["国办"], [], None, "https://www.gov.cn/", "国办发", "pharma"),
]


@dataclass
class Agency:
    id: str
    name: str
    short: list[str]
    aliases: list[str]
    level: str
    region: str | None
    parent: str | None
    website: str
    prefix: str  # 发文字号 prefix
    sections: str  # "ip", "pharma" or "ip pharma"
    area: str = ""  # the place name used in titles: 北京市, 苏州市; empty for national agencies


def build_agencies() -> list[Agency]:
    agencies = [Agency(id=a, name=n, short=s, aliases=al, level="national", region=None, parent=p, website=w,
                       prefix=pre, sections=sec) for a, n, s, al, p, w, pre, sec in NATIONAL]
    for py, name, division, abbr in PROVINCES:
        area = name + division
        agencies.append(Agency(f"{py}-ipa", f"{area}知识产权局", [f"{name}知识产权局"], [], "local", name, "cnipa",
                               f"https://zscqj.{py}.gov.cn/", f"{abbr}知", "ip", area))
        agencies.append(Agency(f"{py}-mpa", f"{area}药品监督管理局", [f"{name}药监局"], [], "local", name, None,
                               f"https://yjj.{py}.gov.cn/", f"{abbr}药监", "pharma", area))
        agencies.append(Agency(f"{py}-hc", f"{area}卫生健康委员会", [f"{name}卫健委"], [], "local", name, None,
                               f"https://wjw.{py}.gov.cn/", f"{abbr}卫医", "pharma", area))
    names = {py: name for py, name, _, _ in PROVINCES}
    abbrs = {py: abbr for py, _, _, abbr in PROVINCES}
    for py, city, province, kind in CITIES:
        area = city + "市"
        if kind == "ipa":
            agencies.append(Agency(f"{py}-ipa", f"{area}知识产权局", [f"{city}知识产权局"], [], "local", names[province],
                                   f"{province}-ipa", f"https://scjg.{py}.gov.cn/", f"{city[0]}知", "ip", area))
        else:
            agencies.append(Agency(f"{py}-amr", f"{area}市场监督管理局", [f"{city}市场监管局"], [f"{area}知识产权局"],
                                   "local", names[province], None, f"https://amr.{py}.gov.cn/",
                                   f"{abbrs[province]}{city[0]}市监", "ip pharma", area))
    assert len(agencies) == 150, len(agencies)
    return agencies


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

# (slug, topic, the thing being applied for, tags)
IP_TOPICS = [
    ("ip-pilot", "知识产权试点示范单位", "试点示范单位", ["试点示范"]),
    ("patent-navigation", "专利导航服务基地", "专利导航项目", ["专利导航"]),
    ("high-value-patent", "高价值专利培育中心", "高价值专利培育项目", ["高价值专利"]),
    ("ip-advantage", "知识产权优势示范企业", "优势示范企业", ["企业培育"]),
    ("patent-transfer", "专利转化专项计划", "专利转化项目", ["专利转化", "资金项目"]),
    ("geo-indication", "地理标志运用促进工程", "地理标志运用促进项目", ["地理标志"]),
    ("brand-station", "商标品牌指导站", "商标品牌指导站", ["商标品牌"]),
    ("protection-market", "知识产权保护规范化市场", "规范化市场培育项目", ["知识产权保护"]),
    ("info-outlet", "知识产权信息公共服务网点", "公共服务网点", ["公共服务"]),
    ("pledge-finance", "知识产权质押融资", "质押融资风险补偿项目", ["金融服务"]),
    ("agency-supervision", "专利代理机构执业行为", "代理机构", ["代理监管"]),
    ("talent-training", "知识产权人才培训", "培训学员", ["人才培养"]),
    ("overseas-dispute", "海外知识产权纠纷应对指导", "纠纷应对指导项目", ["海外维权"]),
    ("ip-city", "知识产权强市建设试点", "强市建设试点城市", ["强市建设"]),
    ("patent-award", "中国专利奖", "推荐项目", ["专利奖"]),
    ("patent-intensive", "专利密集型产品备案认定", "专利密集型产品", ["专利密集型产业"]),
    ("data-ip", "数据知识产权登记", "数据知识产权登记试点", ["数据知识产权"]),
    ("service-cluster", "知识产权服务业集聚发展区", "服务业集聚发展区", ["服务业"]),
    ("rapid-protection", "知识产权快速维权中心", "快速维权中心", ["快速维权"]),
    ("copyright-demo", "全国版权示范单位", "版权示范单位", ["版权"]),
]
PHARMA_TOPICS = [
    ("mah", "药品上市许可持有人制度", "持有人检查", ["上市许可持有人"]),
    ("generic-consistency", "化学仿制药一致性评价", "一致性评价品种", ["一致性评价"]),
    ("trial-sites", "药物临床试验机构备案", "临床试验机构", ["临床试验"]),
    ("device-registrant", "医疗器械注册人制度", "注册人制度试点", ["医疗器械"]),
    ("tcm-granules", "中药配方颗粒质量标准", "配方颗粒标准", ["中药"]),
    ("biosimilar", "生物类似药临床研发", "生物类似药", ["生物制品"]),
    ("rare-disease", "罕见病用药研发", "罕见病用药", ["罕见病"]),
    ("online-sales", "药品网络销售监督管理", "网络销售企业", ["网络销售"]),
    ("udi", "医疗器械唯一标识", "唯一标识实施品种", ["医疗器械", "追溯"]),
    ("traceability", "药品追溯体系建设", "追溯体系建设项目", ["追溯"]),
    ("volume-procurement", "国家组织药品集中带量采购", "集中采购品种", ["集中采购"]),
    ("nrdl", "医保药品目录调整", "目录调整申报品种", ["医保目录"]),
    ("innovative-device", "创新医疗器械特别审查", "创新医疗器械", ["创新器械"]),
    ("gvp", "药物警戒质量管理规范", "药物警戒检查", ["药物警戒"]),
    ("pediatric", "儿童用药临床试验", "儿童用药品种", ["儿童用药"]),
    ("cell-therapy", "细胞治疗产品研究", "细胞治疗产品", ["细胞治疗"]),
    ("tcm-new-drug", "中药新药研制", "中药新药", ["中药"]),
    ("cosmetic-material", "化妆品新原料备案", "化妆品新原料", ["化妆品"]),
    ("priority-review", "第二类医疗器械优先审批", "优先审批项目", ["优先审批"]),
    ("hospital-preparations", "医疗机构制剂注册", "医疗机构制剂", ["医疗机构制剂"]),
]

LAWS = {
    "ip": ["《中华人民共和国专利法》", "《中华人民共和国商标法》", "《知识产权强国建设纲要（2021—2035 年）》",
           "《“十四五”国家知识产权保护和运用规划》", "《专利代理条例》", "《关于强化知识产权保护的意见》",
           "《国家知识产权试点示范城市（城区）评定办法》", "《地理标志保护规定》"],
    "pharma": ["《中华人民共和国药品管理法》", "《药品注册管理办法》", "《医疗器械监督管理条例》",
               "《药品生产监督管理办法》", "《关于深化审评审批制度改革鼓励药品医疗器械创新的意见》",
               "《“十四五”国家药品安全及促进高质量发展规划》", "《药物临床试验质量管理规范》",
               "《关于全面加强药品监管能力建设的实施意见》"],
}

VERBS = ["加强", "推进", "规范", "深化", "做好", "促进", "健全", "完善"]
GOALS = ["提升创新主体的核心竞争力", "营造良好的创新环境和营商环境", "推动经济高质量发展",
         "更好服务创新驱动发展战略", "促进产业转型升级", "保障公众用药安全有效", "激发全社会创新活力",
         "提高审评审批质量和效率", "构建全链条保护体系", "推动成果转化运用"]

PARAGRAPHS = [
    "各单位要高度重视{topic}工作，切实加强组织领导，明确责任分工，细化工作措施，确保各项任务落到实处。",
    "坚持目标导向和问题导向相结合，聚焦重点领域和关键环节，统筹推进{topic}各项工作，着力{goal}。",
    "申报单位应当具有独立法人资格，在本行政区域内依法注册，运营状况良好，近三年内无严重违法失信行为。",
    "申报材料应当真实、准确、完整，不得弄虚作假；对提供虚假材料的，一经查实，取消其申报资格，并依法依规处理。",
    "各地主管部门要认真做好组织推荐工作，严格审核把关，择优推荐，并对推荐材料的真实性负责。",
    "对工作成效突出的单位，将在政策、资金、项目等方面给予倾斜支持，并及时总结推广典型经验和做法。",
    "要加强宣传引导，充分利用报刊、网站、新媒体等渠道，广泛宣传{topic}的政策措施和工作成效，营造良好氛围。",
    "建立健全工作协调机制，加强部门之间的信息共享和工作联动，形成工作合力，共同推进{topic}工作。",
    "对评审中发现的问题，要及时督促整改；对整改不到位的，按照有关规定予以通报。",
    "各单位应当建立健全内部管理制度，配备必要的专职人员，保障工作经费，确保工作有序开展。",
    "鼓励高等院校、科研院所与企业联合申报，推动产学研深度融合，促进创新资源高效配置。",
    "要坚持公开、公平、公正的原则，严格按照规定的条件和程序开展评审工作，主动接受社会监督。",
    "充分发挥行业协会、产业联盟等社会组织的作用，引导市场主体规范开展相关活动，提升服务质量和水平。",
    "对于符合条件的{item}，由主管部门组织专家进行评审，必要时开展现场核查，根据评审结果确定入选名单。",
    "入选单位要按照要求认真组织实施，定期报告工作进展情况，主管部门将适时开展绩效评价和跟踪管理。",
    "进一步优化服务流程，推行网上办理，压缩办理时限，为申请人提供更加便捷高效的服务。",
    "要强化风险防控意识，建立健全风险监测、评估和预警机制，及时发现和处置各类风险隐患。",
    "加强对基层工作人员的业务培训和指导，不断提高工作人员的政策水平和业务能力。",
    "各地要结合本地实际，制定具体实施方案，明确工作目标、主要任务和保障措施，认真抓好落实。",
    "申请人对评审结果有异议的，可以按照有关规定提出复核申请，主管部门应当及时予以答复。",
    "要加强数据统计和分析研判，及时掌握{topic}工作的进展情况，为科学决策提供有力支撑。",
    "严格落实廉政建设各项要求，评审专家和工作人员应当遵守回避制度和保密规定，确保评审工作客观公正。",
    "支持有条件的地区先行先试，探索形成可复制、可推广的经验做法，适时在更大范围推广实施。",
    "对于在工作中存在违法违规行为的，依法依规严肃处理，并纳入信用记录，实施联合惩戒。",
    "相关企业应当落实主体责任，建立健全质量管理体系，持续合规开展生产经营活动。",
]
PHARMA_PARAGRAPHS = [
    "药品上市许可持有人应当对药品的非临床研究、临床试验、生产经营、上市后研究、不良反应监测及报告与处理等承担责任。",
    "申请人应当按照现行技术指导原则开展相关研究，对研究数据的真实性、准确性、完整性和可追溯性负责。",
    "医疗器械注册人应当建立与产品相适应的质量管理体系并保持有效运行，加强对受托生产企业的监督管理。",
    "各省级药品监督管理部门要加强对本行政区域内相关企业的日常监管，督促企业严格执行药品生产质量管理规范。",
    "临床试验机构应当具备相应的条件，配备与所承担临床试验相适应的研究人员、设施设备和管理制度。",
]
IP_PARAGRAPHS = [
    "要强化知识产权创造、运用、保护、管理和服务全链条工作，推动知识产权与产业、科技、金融深度融合。",
    "专利代理机构应当依法依规执业，不得以不正当手段招揽业务，不得代理非正常专利申请。",
    "地理标志产品保护要坚持保护与发展并重，加强特色质量管理和品牌培育，带动地方特色产业发展。",
    "要健全知识产权纠纷多元化解机制，完善行政裁决、调解、仲裁和司法保护有机衔接的工作体系。",
    "推动知识产权公共服务资源下沉，为中小微企业提供专利信息检索、分析、预警等基础服务。",
]

SUBJECTS = ["各地主管部门", "各有关单位", "各级管理部门", "相关行业协会", "各地市场监管部门", "各申报单位",
            "各有关高校和科研院所", "各地各部门"]
IP_SUBJECTS = ["各地知识产权管理部门", "各知识产权保护中心", "各专利代理机构", "各商标品牌指导站",
               "各知识产权信息公共服务网点", "各试点示范单位"]
PHARMA_SUBJECTS = ["各省级药品监督管理部门", "各药品上市许可持有人", "各医疗器械注册人", "各药物临床试验机构",
                   "各级卫生健康行政部门", "各医疗机构", "各药品生产经营企业"]
ACTIONS = ["进一步提高政治站位", "把{topic}工作摆上重要议事日程", "健全工作机制", "压实主体责任",
           "加强对{topic}工作的指导", "强化事中事后监管", "完善配套政策措施", "加大资金投入力度",
           "加强人才队伍建设", "推动信息化平台建设", "深化部门协同", "强化督促检查", "主动做好政策解读",
           "及时回应社会关切", "加强经验交流", "优化办事流程", "提升服务效能", "落实各项保障措施",
           "坚持依法行政", "加强风险研判", "抓好{topic}各项任务落实", "建立常态化沟通机制",
           "加强对重点领域的跟踪指导", "严格执行有关技术规范"]

HEADINGS = ["总体要求", "工作目标", "申报条件", "支持方向", "申报程序", "工作内容", "重点任务", "评审程序",
            "材料要求", "保障措施", "工作要求", "其他事项", "组织实施", "适用范围", "主要内容", "监督管理"]
TIME_HEADINGS = ["时间安排", "申报时间", "工作安排", "有关要求"]
SUBHEADINGS = ["加强组织领导", "强化统筹协调", "严格审核把关", "注重宣传引导", "加强监督管理", "做好跟踪服务",
               "申报主体", "基本条件", "优先支持", "评审方式", "结果运用", "经费保障"]
LIST_ITEMS = [
    "申报书（一式三份，加盖单位公章）", "营业执照或事业单位法人证书复印件", "近两年经审计的财务报表",
    "知识产权拥有情况及相关证明材料", "工作方案和实施计划", "相关资质证明文件复印件", "承诺书（法定代表人签字）",
    "项目可行性研究报告", "其他能够证明工作成效的材料", "已获授权专利清单及证书复印件", "质量管理体系文件目录",
    "临床试验总结报告", "产品技术要求和检验报告", "人员配备及培训情况说明",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌宁晨阳辉鹏飞雪梅琳新"
FIRMS = ["恒瑞", "华海", "复星", "正大", "天宇", "海正", "博雅", "信达", "康弘", "贝达", "创新", "科华", "联影",
         "迈瑞", "华为", "中兴", "格力", "比亚迪", "海尔", "美的", "大疆", "京东方", "宁德", "先导", "国科", "中科"]
INDUSTRIES = ["生物科技", "医药", "电子科技", "智能装备", "新材料", "信息技术", "医疗器械", "精密仪器", "新能源",
              "化工", "食品", "软件"]
TECH = ["新型靶向抗肿瘤药物", "高端医学影像设备", "锂电池正极材料", "工业机器人控制系统", "5G 通信基站芯片",
        "生物医用材料", "中药现代化制剂", "智能传感器", "高性能复合材料", "基因检测试剂盒", "单克隆抗体",
        "新能源汽车电驱系统", "工业互联网平台"]
SCHOOLS = ["北京工业大学", "浙江大学", "四川大学", "中山大学", "复旦大学", "华中科技大学", "中国药科大学",
           "沈阳药科大学", "上海交通大学", "武汉大学", "山东大学", "南开大学"]

WEEKDAY_NOTES = ["本期因节假日顺延发布。", "本期增设地方政策专栏。", "本期部分通知原文附件未随文发布。"]
NOTES = ["编辑按语：原文附件未随文发布，已向发文机关核实。", "编辑按语：原文落款日期有误，已按发文机关更正稿录入。",
         "编辑按语：本文为节选，全文见来源链接。"]


# ---------------------------------------------------------------------------------------------
# The model of the archive
# ---------------------------------------------------------------------------------------------

@dataclass
class Deadline:
    kind: str
    phrase: str
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    within: str | None = None
    resolved_end: dt.date | None = None  # the closing day, also for rules (for other generators)


@dataclass
class Notice:
    slug: str
    title: str
    issuers: list[str]
    date: dt.date
    section: str
    group: str
    order: int
    kind: str
    body: str
    url: str | None = None
    doc_number: str | None = None
    addressees: str | None = None
    published: dt.date | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass
class SectionPeriod:
    section: str
    start: dt.date
    end: dt.date
    signature: tuple[str, dt.date] | None = None


@dataclass
class Week:
    index: int
    date: dt.date
    publisher: str
    sections: list[SectionPeriod]
    notices: list[Notice]
    note: str | None = None


@dataclass
class Archive:
    agencies: list[Agency]
    weeks: list[Week]


# ---------------------------------------------------------------------------------------------
# Periods (the same rules digest applies; used for `resolved_end` only)
# ---------------------------------------------------------------------------------------------

def _is_workday(day: dt.date) -> bool:
    try:
        import chinese_calendar
        return chinese_calendar.is_workday(day)
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(base: dt.date, within: str) -> dt.date:
    amount_text, unit = within.split(" ", 1)
    amount = int(amount_text)
    if unit == "个工作日":  # the first day counts when it is a working day
        day, counted = base, 0
        while True:
            if _is_workday(day):
                counted += 1
                if counted == amount:
                    return day
            day += dt.timedelta(days=1)
    end = base + dt.timedelta(days=amount) if unit == "日" else _add_months(base, amount)
    while not _is_workday(end):  # a period ending on a day off ends on the next working day
        end += dt.timedelta(days=1)
    return end


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------

def cn(day: dt.date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


class WeekWriter:
    """Everything random about one week, from a random state seeded by (seed, week number)."""

    def __init__(self, seed: int, index: int, agencies: list[Agency]):
        self.rng = random.Random(f"digest-bench-{seed}-{index}")
        self.index = index
        self.agencies = agencies
        self.by_id = {a.id: a for a in agencies}
        pick = lambda level, section: [a for a in agencies if a.level == level and section in a.sections]
        self.pool = {(lvl, sec): pick(lvl, sec) for lvl in ("national", "local") for sec in ("ip", "pharma")}

    # -- small pieces --------------------------------------------------------------------------

    def person(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def firm(self, agency: Agency) -> str:
        r = self.rng
        place = agency.area.rstrip("市省") if agency.area and r.random() < 0.7 else ""
        place = place.replace("壮族自治区", "").replace("回族自治区", "").replace("维吾尔自治区", "").replace("自治区", "")
        return f"{place}{r.choice(FIRMS)}{r.choice(INDUSTRIES)}{r.choice(('有限公司', '股份有限公司', '集团有限公司'))}"

    def issuers(self, section: str, group: str) -> list[Agency]:
        r = self.rng
        level = "national" if group == "national" or (group == "news" and r.random() < 0.5) else "local"
        pool = self.pool[(level, section)]
        # the big issuers issue most notices
        weights = [6 if a.id in ("cnipa", "nmpa", "nmpa-cde", "nhc", "nhsa") else 1 for a in pool]
        first = r.choices(pool, weights)[0]
        chosen = [first]
        if r.random() < 0.12:  # joint notices
            if level == "national":
                others = [a for a in pool if a.id != first.id and a.parent != first.id and first.parent != a.id]
            else:  # agencies of the same region
                others = [a for a in self.agencies if a.level == "local" and a.region == first.region and a.id != first.id]
            for extra in r.sample(others, min(len(others), r.choice((1, 1, 2)))):
                chosen.append(extra)
        return chosen

    # -- deadlines -----------------------------------------------------------------------------

    def deadline(self, kind: str, base: dt.date, relative: bool, item: str, place: str, city: str) -> Deadline:
        """A deadline of `kind` no earlier than `base` (the notice date), with the words stating it."""
        r = self.rng
        days = lambda lo, hi: base + dt.timedelta(days=r.randint(lo, hi))
        if kind == "申报":
            if r.random() < 0.55:
                start = days(0, 10)
                end = start + dt.timedelta(days=r.randint(14, 60))
                return Deadline(kind, f"申报时间为 {cn(start)}至 {cn(end)}", start=start, end=end)
            day = days(10, 60)
            return Deadline(kind, f"申报截止时间为 {cn(day)}，逾期不予受理", date=day)
        if kind == "报送":
            if relative and r.random() < 0.4:
                within = r.choice(("1 个月", "15 日", "30 日", "2 个月"))
                return Deadline(kind, f"请于本通知发布之日起 {within}内将{item}相关材料报送{place}", within=within)
            day = days(7, 75)
            return Deadline(kind, f"请于 {cn(day)}前将{item}相关材料报送{place}", date=day)
        if kind == "征求意见":
            roll = r.random()
            if relative and roll < 0.45:
                within = r.choice(("1 个月", "30 日", "15 日"))
                return Deadline(kind, f"征求意见时限为自本通知发布之日起 {within}", within=within)
            if roll < 0.75:
                day = days(14, 45)
                return Deadline(kind, f"请于 {cn(day)}前通过电子邮件反馈意见", date=day)
            start = days(0, 3)
            end = start + dt.timedelta(days=r.randint(14, 30))
            return Deadline(kind, f"征求意见时间为 {cn(start)}至 {cn(end)}", start=start, end=end)
        if kind == "公示":
            start = days(0, 3)
            if relative and r.random() < 0.6:
                within = f"{r.choice((5, 7, 10))} 个工作日"
                return Deadline(kind, f"公示期为 {within}，自 {cn(start)}起计算", start=start, within=within)
            end = start + dt.timedelta(days=r.randint(5, 14))
            return Deadline(kind, f"公示时间为 {cn(start)}至 {cn(end)}", start=start, end=end)
        if kind == "施行":
            day = days(15, 120)
            if r.random() < 0.5:
                day = _add_months(day.replace(day=1), 1)  # the first of a month, as most rules take effect
            return Deadline(kind, f"本办法自 {cn(day)}起施行", date=day)
        if kind == "活动":
            start = days(7, 45)
            if r.random() < 0.4:
                return Deadline(kind, f"活动定于 {cn(start)}在{city}举行", date=start)
            end = start + dt.timedelta(days=r.randint(1, 3))
            return Deadline(kind, f"培训时间为 {cn(start)}至 {cn(end)}", start=start, end=end)
        raise ValueError(kind)

    # -- the body ------------------------------------------------------------------------------

    def sentence(self, section: str, topic: str) -> str:
        """A sentence assembled from parts: who, what they are to do, to what end."""
        r = self.rng
        subjects = SUBJECTS + (PHARMA_SUBJECTS if section == "pharma" else IP_SUBJECTS)
        first, second = r.sample(ACTIONS, 2)
        return f"{r.choice(subjects)}要{first.format(topic=topic)}，{second.format(topic=topic)}，{r.choice(GOALS)}。"

    def paragraph(self, section: str, topic: str, item: str) -> str:
        r = self.rng
        extra = PHARMA_PARAGRAPHS if section == "pharma" else IP_PARAGRAPHS
        sentences = [r.choice(PARAGRAPHS + extra * 2) for _ in range(r.randint(1, 3))]
        sentences.insert(r.randint(0, len(sentences)), self.sentence(section, topic))
        return "".join(dict.fromkeys(sentences)).format(topic=topic, item=item, goal=r.choice(GOALS))

    def table(self, agency: Agency, section: str) -> str:
        r = self.rng
        rows = r.randint(3, 10)
        if section == "pharma" and r.random() < 0.5:
            header = "| 序号 | 品种名称 | 申请人 | 受理号 |\n|---|---|---|---|"
            lines = [f"| {i} | {r.choice(TECH)} | {self.firm(agency)} | CXHL{r.randint(1700000, 2399999)} |"
                     for i in range(1, rows + 1)]
        else:
            header = "| 序号 | 单位名称 | 项目名称 | 所在地区 |\n|---|---|---|---|"
            lines = []
            for i in range(1, rows + 1):
                unit = r.choice(SCHOOLS) if r.random() < 0.25 else self.firm(agency)
                lines.append(f"| {i} | {unit} | {r.choice(TECH)}关键技术研究与产业化 | {agency.region or r.choice(PROVINCES)[1]} |")
        return header + "\n" + "\n".join(lines)

    def body(self, notice_kind: str, section: str, issuer: Agency, topic: str, item: str, law: str,
             deadlines: list[Deadline], with_table: bool) -> str:
        r = self.rng
        target = r.randint(1000, 2600)  # sections are added while shorter, so bodies run to about 3000
        intro = (f"为{r.choice(VERBS)}{topic}工作，{r.choice(GOALS)}，根据{law}等有关规定，"
                 f"{issuer.name}决定开展{topic}相关工作。现将有关事项通知如下。")
        if notice_kind == "资讯":
            intro = f"近日，{issuer.name}召开{topic}工作推进会，总结前一阶段工作，部署下一阶段重点任务。"
        parts = [intro]
        headings = r.sample(HEADINGS, 9)
        numerals = "一二三四五六七八九十"
        time_done = not deadlines
        table_done = not with_table
        n = 0
        while n < 9 and (sum(map(len, parts)) < target or not time_done or not table_done):
            if not time_done and (n >= 1 or r.random() < 0.3):
                parts.append(f"## {numerals[n]}、{r.choice(TIME_HEADINGS)}")
                parts.extend(f"{d.phrase}。" for d in deadlines)
                if r.random() < 0.5:
                    parts.append(self.paragraph(section, topic, item))
                time_done = True
                n += 1
                continue
            if sum(map(len, parts)) > 2800:  # only the deadlines or the table are still to come
                parts.append(f"## {numerals[n]}、{headings[n]}")
                parts.append(self.paragraph(section, topic, item) if time_done else r.choice(PARAGRAPHS).format(
                    topic=topic, item=item, goal=r.choice(GOALS)))
                if not table_done:
                    parts.append(f"{item}名单如下。")
                    parts.append(self.table(issuer, section))
                    table_done = True
                n += 1
                continue
            parts.append(f"## {numerals[n]}、{headings[n]}")
            parts.append(self.paragraph(section, topic, item))
            shape = r.random()
            if not table_done and shape < 0.5:
                parts.append(f"{item}名单如下。")
                parts.append(self.table(issuer, section))
                table_done = True
            elif shape < 0.45:
                items = r.sample(LIST_ITEMS, r.randint(3, 6))
                parts.append("\n".join(f"{i}. {text}；" if i < len(items) else f"{i}. {text}。"
                                       for i, text in enumerate(items, 1)))
            elif shape < 0.8:
                for k, sub in enumerate(r.sample(SUBHEADINGS, r.randint(2, 3))):
                    parts.append(f"### （{numerals[k]}）{sub}")
                    parts.append(self.paragraph(section, topic, item))
            else:
                parts.append(self.paragraph(section, topic, item))
            n += 1
        if r.random() < 0.15:
            parts.append(f"更多信息请登录[{issuer.name}网站]({issuer.website})查询。")
        return "\n\n".join(parts) + "\n"

    # -- one notice ----------------------------------------------------------------------------

    def notice(self, week: Week, period: SectionPeriod, number: int, group: str, order: int) -> Notice:
        r = self.rng
        section = period.section
        issuers = self.issuers(section, group)
        first = issuers[0]
        slug_topic, topic, item, tags = r.choice(IP_TOPICS if section == "ip" else PHARMA_TOPICS)
        date = period.start + dt.timedelta(days=r.randint(-7, (period.end - period.start).days))
        if r.random() < 0.03:  # now and then a notice published well before the issue
            date -= dt.timedelta(days=r.randint(10, 40))
        published = None
        if r.random() < 0.4:
            published = min(week.date, date + dt.timedelta(days=r.randint(0, 3)))
        relative = date <= RELATIVE_UNTIL
        year = date.year
        area = first.area if first.level == "local" else ""
        place = "至" + r.choice(("各区主管部门", "本局相关处室", f"{first.short[0] if first.short else first.name}", "指定邮箱"))

        if group == "news":
            shape = r.choice(("资讯", "资讯", "解读"))
        else:
            shape = r.choice(("apply", "apply", "apply", "submit", "comment", "publicity", "measures", "event"))
        deadline_kinds: list[str] = []
        if shape == "apply":
            kind, title = "通知", r.choice((f"关于开展 {year} 年度{area}{topic}申报工作的通知",
                                           f"关于组织申报 {year} 年{area}{item}的通知",
                                           f"关于做好 {year} 年度{topic}推荐工作的通知"))
            deadline_kinds = ["申报"] + r.sample(["报送", "活动", "公示"], r.choice((0, 1, 1, 2)))
        elif shape == "submit":
            kind, title = "通知", r.choice((f"关于报送 {year} 年{topic}工作情况的通知",
                                           f"关于开展{area}{topic}专项检查的通知",
                                           f"关于做好{topic}数据统计工作的通知"))
            deadline_kinds = ["报送"] + r.sample(["活动"], r.choice((0, 0, 1)))
        elif shape == "comment":
            kind, title = r.choice(("通知", "公告")), r.choice((
                f"关于公开征求《{area}{topic}管理办法（征求意见稿）》意见的通知",
                f"关于《{topic}技术指导原则（征求意见稿）》公开征求意见的通知"))
            deadline_kinds = ["征求意见"]
        elif shape == "publicity":
            kind, title = "公示", f"关于 {year} 年度{area}{item}拟入选名单的公示"
            deadline_kinds = ["公示"]
        elif shape == "measures":
            kind, title = r.choice(("办法", "通告", "通知")), r.choice((
                f"关于印发《{area}{topic}管理办法》的通知", f"关于发布{topic}技术指导原则的通告",
                f"关于实施《{topic}工作规范》有关事项的公告"))
            deadline_kinds = ["施行"] + r.sample(["报送"], r.choice((0, 1)))
        elif shape == "event":
            kind, title = "通知", f"关于举办 {year} 年{area}{topic}培训班的通知"
            deadline_kinds = ["活动", "报送"][: r.choice((1, 2))]
        elif shape == "解读":
            kind, title = "解读", f"《{area}{topic}管理办法》政策解读"
        else:
            kind, title = "资讯", r.choice((f"{first.short[0] if first.short else first.name}召开{topic}工作推进会",
                                           f"{area or '全国'}{topic}工作取得积极进展",
                                           f"{first.short[0] if first.short else first.name}部署{topic}重点工作"))
            deadline_kinds = r.sample(["活动"], r.choice((0, 0, 0, 1)))

        city = area if area.endswith("市") else r.choice(("北京市", "上海市", "广州市", "成都市", "杭州市"))
        deadlines = [self.deadline(k, date, relative, item, place, city) for k in deadline_kinds[:3]]
        for d in deadlines:
            if d.within:
                d.resolved_end = period_end(d.start or published or date, d.within)
            else:
                d.resolved_end = d.date or d.end
        law = r.choice(LAWS[section])
        body = self.body(kind, section, first, topic, item, law, deadlines,
                         with_table=(shape in ("publicity", "apply") and r.random() < 0.6) or r.random() < 0.08)

        notice = Notice(
            slug=f"w{week.index + 1:04d}-n{number:02d}-{slug_topic}-{shape if shape.isascii() else 'news'}",
            title=title, issuers=[a.id for a in issuers], date=date, section=section, group=group, order=order,
            kind=kind, body=body, published=published, deadlines=deadlines, tags=tags[: r.randint(0, len(tags))])
        if group != "news" and r.random() < 0.85:
            notice.doc_number = f"{first.prefix}〔{year}〕{r.randint(1, 320)} 号"
        if r.random() < 0.6:
            notice.url = f"{first.website}art/{date.year}/{date.month}/{date.day}/art_{r.randint(100, 999)}_{r.randint(10000, 99999)}.html"
        if group != "news" and r.random() < 0.7:
            notice.addressees = ("各省、自治区、直辖市及新疆生产建设兵团有关部门" if first.level == "national"
                                 else f"各区（县）{'知识产权局' if section == 'ip' else '药品监管部门'}、有关单位")
        if group != "news":
            for _ in range(r.choice((0, 1, 1, 2, 3))):
                notice.attachments.append(r.choice((f"{item}申报书.docx", f"{topic}推荐汇总表.xlsx",
                                                    f"{item}名单.pdf", "承诺书.doc", "参会回执.docx")))
            notice.attachments = list(dict.fromkeys(notice.attachments))
            for _ in range(r.choice((0, 1, 1, 2))):
                contact = {"name": self.person(), "phone": f"0{r.randint(10, 999)}-{r.randint(6000_0000, 8999_9999)}"}
                if r.random() < 0.2:
                    contact["role"] = "监督电话"
                if r.random() < 0.3:
                    contact["email"] = f"{r.choice(('sbc', 'zlc', 'yzc', 'bgs', 'kjc'))}{r.randint(1, 99)}@{first.website.split('//')[1].strip('/')}"
                if r.random() < 0.15:
                    contact["address"] = f"{area or '北京市'}{r.choice(('海淀区', '西城区', '高新区', '经开区'))}{r.randint(1, 200)} 号"
                notice.contacts.append(contact)
        if r.random() < 0.03:
            notice.note = r.choice(NOTES)
        return notice

    def week(self) -> Week:
        r = self.rng
        date = FIRST_WEEK + dt.timedelta(weeks=self.index)
        sections = [SectionPeriod("ip", date - dt.timedelta(days=6), date),
                    SectionPeriod("pharma", date - dt.timedelta(days=4), date)]
        for s in sections:
            if r.random() < 0.5:
                s.signature = (f"盈科瑞·{'知识产权部' if s.section == 'ip' else '医药事业部'}", date)
        week = Week(self.index, date, "盈科瑞", sections, [],
                    note=r.choice(WEEKDAY_NOTES) if r.random() < 0.08 else None)
        count = r.randint(15, 35)
        orders: dict[tuple[str, str], int] = {}
        slots = []
        for _ in range(count):
            section = "ip" if r.random() < 0.5 else "pharma"
            group = r.choices(("national", "local", "news"), (35, 45, 20))[0]
            slots.append((section, group))
        # issue order: section, then group, as the bulletin prints them
        slots.sort(key=lambda s: (("ip", "pharma").index(s[0]), ("national", "local", "news").index(s[1])))
        for number, (section, group) in enumerate(slots, 1):
            orders[(section, group)] = orders.get((section, group), 0) + 1
            period = sections[0] if section == "ip" else sections[1]
            week.notices.append(self.notice(week, period, number, group, orders[(section, group)]))
        return week


def generate(weeks: int, seed: int = 1) -> Archive:
    agencies = build_agencies()
    return Archive(agencies, [WeekWriter(seed, i, agencies).week() for i in range(weeks)])


# ---------------------------------------------------------------------------------------------
# Writing the content folder
# ---------------------------------------------------------------------------------------------

_PLAIN_WORDS = {"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                "yes", "no", "on", "off"}


def y(value: str) -> str:
    """A YAML scalar: plain where that reads back as the same text, else double-quoted."""
    risky = (value in _PLAIN_WORDS or value != value.strip() or value[0] in "-?:,[]{}#&*!|>'\"%@`"
             or ": " in value or " #" in value or value.endswith(":") or "\n" in value)
    return json.dumps(value, ensure_ascii=False) if risky else value


def y_list(values: list[str]) -> str:
    return "[" + ", ".join(y(v) for v in values) + "]"


def agencies_yaml(agencies: list[Agency]) -> str:
    lines = []
    for a in agencies:
        lines.append(f"- id: {a.id}")
        lines.append(f"  name: {y(a.name)}")
        if a.short:
            lines.append(f"  short: {y_list(a.short)}")
        if a.aliases:
            lines.append(f"  aliases: {y_list(a.aliases)}")
        lines.append(f"  level: {a.level}")
        if a.region:
            lines.append(f"  region: {y(a.region)}")
        if a.parent:
            lines.append(f"  parent: {a.parent}")
        lines.append(f"  website: {a.website}")
    return "\n".join(lines) + "\n"


def week_yaml(week: Week) -> str:
    lines = [f"publisher: {y(week.publisher)}", f"date: {week.date}", "sections:"]
    for s in week.sections:
        lines += [f"  - section: {s.section}", f"    start: {s.start}", f"    end: {s.end}"]
        if s.signature:
            lines += ["    signature:", f"      by: {y(s.signature[0])}", f"      date: {s.signature[1]}"]
    if week.note:
        lines.append(f"note: {y(week.note)}")
    return "\n".join(lines) + "\n"


def notice_md(n: Notice) -> str:
    lines = ["---", f"title: {y(n.title)}"]
    if n.url:
        lines.append(f"url: {n.url}")
    if n.doc_number:
        lines.append(f"doc_number: {y(n.doc_number)}")
    lines.append(f"issuers: {y_list(n.issuers)}")
    if n.addressees:
        lines.append(f"addressees: {y(n.addressees)}")
    lines.append(f"date: {n.date}")
    if n.published:
        lines.append(f"published: {n.published}")
    lines += [f"section: {n.section}", f"group: {n.group}", f"order: {n.order}", f"kind: {n.kind}"]
    if n.deadlines:
        lines.append("deadlines:")
        for d in n.deadlines:
            lines.append(f"  - kind: {d.kind}")
            for key in ("date", "start", "end", "within"):
                value = getattr(d, key)
                if value is not None:
                    lines.append(f"    {key}: {value}")
            lines.append(f"    phrase: {y(d.phrase)}")
    if n.attachments:
        lines.append("attachments:")
        lines += [f"  - name: {y(a)}" for a in n.attachments]
    if n.contacts:
        lines.append("contacts:")
        for c in n.contacts:
            first = True
            for key, value in c.items():
                lines.append(f"  {'- ' if first else '  '}{key}: {y(value)}")
                first = False
    if n.tags:
        lines.append(f"tags: {y_list(n.tags)}")
    if n.note:
        lines.append(f"note: {y(n.note)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + n.body


def week_folder(out: Path, week: Week) -> Path:
    return out / str(week.date.year) / week.date.isoformat()


def write_content(archive: Archive, out: Path) -> int:
    """Write the archive under `out` (replacing it); return the number of files written."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "agencies.yaml").write_text(agencies_yaml(archive.agencies), encoding="utf-8")
    files = 1
    for week in archive.weeks:
        folder = week_folder(out, week)
        folder.mkdir(parents=True)
        (folder / "week.yaml").write_text(week_yaml(week), encoding="utf-8")
        for notice in week.notices:
            (folder / f"{notice.slug}.md").write_text(notice_md(notice), encoding="utf-8")
        files += 1 + len(week.notices)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weeks", type=int, required=True, help="number of weekly issues (from 2016-01-08)")
    parser.add_argument("--out", type=Path, required=True, help="content folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.weeks < 1:
        parser.error("--weeks must be at least 1")
    started = time.perf_counter()
    archive = generate(args.weeks, args.seed)
    files = write_content(archive, args.out)
    notices = sum(len(w.notices) for w in archive.weeks)
    chars = sum(len(n.body) for w in archive.weeks for n in w.notices)
    print(f"{args.out}: {len(archive.weeks)} weeks ({archive.weeks[0].date} to {archive.weeks[-1].date}), "
          f"{notices} notices, {len(archive.agencies)} agencies, {files} files, "
          f"{chars / max(notices, 1):.0f} body characters per notice, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
