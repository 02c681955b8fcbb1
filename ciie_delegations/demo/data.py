"""The demo's tables: editions, units, sub-delegations and lead agencies, logins, firms."""

from decimal import Decimal

from delegations.models import SubDelegation, User
from purchasers.models import Registration

DEMO_PASSWORD = "ciie-demo-2026"

# Edition number, year, opening and closing day in November, national intended deals
# (USD, one-year basis) as the organisers announced them.
EDITIONS = [
    (1, 2018, 5, 10, Decimal("57830000000")),
    (2, 2019, 5, 10, Decimal("71130000000")),
    (3, 2020, 4, 10, Decimal("72620000000")),
    (4, 2021, 5, 10, Decimal("70720000000")),
    (5, 2022, 5, 10, Decimal("73520000000")),
    (6, 2023, 5, 10, Decimal("78410000000")),
    (7, 2024, 5, 10, Decimal("80010000000")),
    # Announced by the bureau; no delegation has started it yet (the set-up pages do).
    (8, 2025, 5, 10, None),
]

QINGHAI_UNITS = [
    ("省委宣传部", "Publicity Department of the Provincial Party Committee"),
    ("省教育厅", "Department of Education"),
    ("省科技厅", "Department of Science and Technology"),
    ("省工业和信息化厅", "Department of Industry and Information Technology"),
    ("省公安厅", "Department of Public Security"),
    ("省财政厅", "Department of Finance"),
    ("省生态环境厅", "Department of Ecology and Environment"),
    ("省农业农村厅", "Department of Agriculture and Rural Affairs"),
    ("省商务厅", "Department of Commerce"),
    ("省文化和旅游厅", "Department of Culture and Tourism"),
    ("省卫生健康委", "Health Commission"),
    ("省外事办", "Foreign Affairs Office"),
    ("省市场监管局", "Administration for Market Regulation"),
    ("省药品监管局", "Medical Products Administration"),
    ("省工商联", "Federation of Industry and Commerce"),
    ("省国资委", "State-owned Assets Supervision and Administration Commission"),
    ("西宁海关", "Xining Customs"),
    ("中铁青藏集团公司", "China Railway Qinghai-Tibet Group"),
]

# Sub-delegation, English name, then its lead agencies: (units, target, focus, focus_en).
QINGHAI_SUB_DELEGATIONS = [
    (
        "商贸分团",
        "Commerce",
        [
            (
                ["省商务厅"],
                70,
                "商务领域重点企业和机构（含文旅厅、工商联组织的企业）",
                "Key firms and bodies in commerce, with those of culture and tourism and the "
                "federation of industry and commerce",
            ),
        ],
    ),
    (
        "教育分团",
        "Education",
        [
            (
                ["省教育厅"],
                4,
                "高等教育、职业教育院校和有关机构",
                "Universities, vocational schools and related bodies",
            ),
        ],
    ),
    (
        "科技分团",
        "Science and Technology",
        [
            (["省科技厅"], 15, "重点企业、科研机构", "Key firms and research institutes"),
        ],
    ),
    (
        "工业分团",
        "Industry",
        [
            (
                ["省工业和信息化厅", "省国资委"],
                15,
                "省属国有及国有控股企业、经济技术开发区重点工业企业",
                "Provincial state-owned firms and key industrial firms of development zones",
            ),
        ],
    ),
    (
        "生态环保分团",
        "Ecology and Environment",
        [
            (
                ["省生态环境厅"],
                20,
                "生态环保产业重点企业、机构",
                "Key firms and bodies of the environmental industry",
            ),
        ],
    ),
    (
        "农牧分团",
        "Agriculture and Animal Husbandry",
        [
            (
                ["省农业农村厅"],
                20,
                "农牧业领域企业和行业协会",
                "Farming and herding firms and trade associations",
            ),
        ],
    ),
    (
        "卫生分团",
        "Health",
        [
            (["省卫生健康委"], 10, "重点医院和研究机构", "Key hospitals and research institutes"),
            (
                ["省药品监管局"],
                20,
                "药品和医疗器械领域企业和行业协会",
                "Pharmaceutical and medical device firms and trade associations",
            ),
        ],
    ),
]

SHANGHAI_UNITS = [
    ("市商务委", "Municipal Commission of Commerce"),
    ("市国资委", "Municipal State-owned Assets Supervision and Administration Commission"),
    ("青浦区人民政府", "Qingpu District Government"),
    ("市政府合作交流办", "Municipal Office for Cooperation and Exchange"),
]

# Targets for Shanghai are illustrative; the reports give the partner group's 300+ firms.
SHANGHAI_SUB_DELEGATIONS = [
    (
        "国资分团",
        "State-owned Enterprises",
        SubDelegation.Kind.STATE_OWNED,
        "市国资委",
        60,
        "市属国有企业",
        "Municipal state-owned enterprises",
    ),
    (
        "青浦交易分团",
        "Qingpu",
        SubDelegation.Kind.DISTRICT,
        "青浦区人民政府",
        100,
        "青浦区企业",
        "Firms of Qingpu district",
    ),
    (
        "合作交流采购团",
        "Partner Purchasing Group",
        SubDelegation.Kind.PARTNER_GROUP,
        "市政府合作交流办",
        300,
        "各地在沪企业（商会）",
        "Firms of other provinces in Shanghai",
    ),
]

# username, role, region code, unit name, family name, given name
USERS = [
    ("qh_office", User.Role.ORGANISER, "630000", "省商务厅", "王", "利民"),
    ("qh_health", User.Role.LEAD, "630000", "省卫生健康委", "马", "医"),
    ("qh_drugs", User.Role.LEAD, "630000", "省药品监管局", "谢", "药"),
    ("qh_industry", User.Role.LEAD, "630000", "省工业和信息化厅", "何", "工"),
    ("qh_commerce", User.Role.LEAD, "630000", "省商务厅", "杨", "商"),
    ("qh_tourism", User.Role.REGISTRANT, "630000", "省文化和旅游厅", "马", "旅"),
    ("qh_staff", User.Role.REGISTRANT, "630000", "省商务厅", "喇", "登记"),
    ("qh_credit", User.Role.CREDIT_CHECKER, "630000", "省市场监管局", "韩", "信用"),
    ("qh_police", User.Role.BACKGROUND_CHECKER, "630000", "省公安厅", "祁", "政审"),
    ("sh_office", User.Role.ORGANISER, "310000", "市商务委", "陈", "沪"),
    ("sh_soe", User.Role.LEAD, "310000", "市国资委", "贺", "国资"),
    ("bureau", User.Role.NATIONAL_VIEWER, None, None, "进博", "局"),
    ("bureau_admin", User.Role.NATIONAL_ADMIN, None, None, "进博", "管理"),
]

# name, kind, industry, sub-delegation, lead-agency index, registering unit, status
PURCHASERS = [
    (
        "西宁湟水商贸有限公司",
        "wholesale_retail",
        "批发零售",
        "商贸分团",
        0,
        "省文化和旅游厅",
        Registration.Status.SUBMITTED,
    ),
    (
        "青海高原牧业有限公司",
        "agriculture",
        "农牧业",
        "农牧分团",
        0,
        "省农业农村厅",
        Registration.Status.DRAFT,
    ),
    (
        "青海昆仑示范医院",
        "hospital",
        "医疗卫生",
        "卫生分团",
        0,
        "省卫生健康委",
        Registration.Status.SUBMITTED,
    ),
    (
        "海东河湟医疗器械有限公司",
        "distributor",
        "医疗器械",
        "卫生分团",
        1,
        "省药品监管局",
        Registration.Status.LEAD_APPROVED,
    ),
    (
        "青海柴达木盐化股份有限公司",
        "manufacturer",
        "化工",
        "工业分团",
        0,
        "省国资委",
        Registration.Status.REPORTED,
    ),
    (
        "青海三江源生态科技有限公司",
        "environment",
        "生态环保",
        "生态环保分团",
        0,
        "省生态环境厅",
        Registration.Status.SUBMITTED,
    ),
    (
        "青海雪域文旅发展有限公司",
        "culture_tourism",
        "文化旅游",
        "商贸分团",
        0,
        "省文化和旅游厅",
        Registration.Status.DRAFT,
    ),
]

ZONE_CYCLE = ["equipment", "automobile", "consumer", "medical", "services", "food"]


DEMO_EXHIBITORS = [
    ("西门子医疗", "Siemens Healthineers", "德国", "medical", "CT、磁共振、超声设备"),
    ("罗氏诊断", "Roche Diagnostics", "瑞士", "medical", "体外诊断试剂和仪器"),
    ("飞利浦", "Philips", "荷兰", "medical", "监护仪、呼吸机"),
    ("雀巢", "Nestlé", "瑞士", "food", "乳制品、咖啡"),
    ("丰田汽车", "Toyota", "日本", "automobile", "新能源汽车"),
    ("通用电气医疗", "GE HealthCare", "美国", "medical", "CT、PET-CT"),
]
