"""The official system's batch layout: which column holds what, in which format.

A layout is data (``OfficialLayout`` per edition, edited by the national administrator on
the layout page); :data:`DEFAULT_COLUMNS` is what an edition without one uses. Each column
names a field of the catalogue (:data:`LAYOUT_FIELDS`) and a format (:data:`FORMATS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from ..models import Attendee
from .models import OfficialLayout

# The field catalogue: a key, its label, and where a row (registration, attendee) finds it.
LAYOUT_FIELDS: dict[str, tuple] = {
    "firm_name": (_("firm name"), lambda r, a: r.name),
    "firm_name_en": (_("firm name (English)"), lambda r, a: r.name_en),
    "credit_code": (_("unified social credit code"), lambda r, a: r.purchaser.credit_code),
    "firm_kind": (_("purchaser type"), lambda r, a: r.get_kind_display()),
    "industry": (_("industry"), lambda r, a: r.industry),
    "region": (_("region"), lambda r, a: r.region.name if r.region_id else ""),
    "address": (_("address"), lambda r, a: r.address),
    "registered_capital": (_("registered capital"), lambda r, a: r.registered_capital),
    "contact_name": (_("contact person"), lambda r, a: r.contact_name),
    "contact_phone": (_("contact phone"), lambda r, a: r.contact_phone),
    "contact_email": (_("contact email"), lambda r, a: r.contact_email),
    "sub_delegation": (_("sub-delegation"), lambda r, a: r.sub_delegation.name),
    "unit": (_("registering unit"), lambda r, a: r.unit.name),
    "attendee_name": (_("full name"), lambda r, a: a.name),
    "id_type": (_("ID document"), lambda r, a: a.id_type),
    "id_number": (_("ID number"), lambda r, a: a.id_number),
    "phone": (_("mobile"), lambda r, a: a.phone),
    "email": (_("email"), lambda r, a: a.email),
    "title": (_("title"), lambda r, a: a.title),
}

FORMATS = {
    "text": _("as entered"),
    "wan_yuan": _("yuan → 10,000 yuan (two decimals)"),
    "id_type_code": _("official ID type code"),
    "id_type_name": _("ID type in words"),
}

# What the official sheet's 证件类型 column carries for each of our document types. The
# bureau's badge guide names the documents but publishes no codes for them, so the default
# is each document's official name, as the sheet's list offers it; where an edition's sheet
# wants codes, the national administrator sets them on its layout page
# (/badges/layouts/<edition>/).
DEFAULT_ID_TYPE_CODES = {
    Attendee.IdType.RESIDENT_ID: "居民身份证",
    Attendee.IdType.PASSPORT: "护照",
    Attendee.IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    Attendee.IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
}

# The 7th edition's batch sheet for professional visitors (专业观众批量导入), one row a person.
DEFAULT_COLUMNS = [
    {"header": "单位名称", "field": "firm_name", "format": "text"},
    {"header": "统一社会信用代码", "field": "credit_code", "format": "text"},
    {"header": "单位类型", "field": "firm_kind", "format": "text"},
    {"header": "所属行业", "field": "industry", "format": "text"},
    {"header": "注册资本（万元）", "field": "registered_capital", "format": "wan_yuan"},
    {"header": "单位地址", "field": "address", "format": "text"},
    {"header": "单位联系人", "field": "contact_name", "format": "text"},
    {"header": "联系人电话", "field": "contact_phone", "format": "text"},
    {"header": "姓名", "field": "attendee_name", "format": "text"},
    {"header": "证件类型", "field": "id_type", "format": "id_type_code"},
    {"header": "证件号码", "field": "id_number", "format": "text"},
    {"header": "手机号码", "field": "phone", "format": "text"},
    {"header": "电子邮箱", "field": "email", "format": "text"},
    {"header": "职务", "field": "title", "format": "text"},
]


@dataclass(frozen=True)
class Layout:
    columns: list[dict]
    id_type_codes: dict[str, str]
    declared: bool  # False: the default shipped in code


def layout_for(edition) -> Layout:
    stored = OfficialLayout.objects.filter(edition=edition).first()
    if stored is None:
        return Layout(
            columns=[dict(c) for c in DEFAULT_COLUMNS],
            id_type_codes={str(k): v for k, v in DEFAULT_ID_TYPE_CODES.items()},
            declared=False,
        )
    codes = {str(k): v for k, v in DEFAULT_ID_TYPE_CODES.items()} | dict(stored.id_type_codes)
    return Layout(columns=list(stored.columns), id_type_codes=codes, declared=True)


def formatted(value, how: str, layout: Layout) -> str:
    """A value as the official sheet wants it."""
    if value is None:
        return ""
    if how == "wan_yuan":
        try:
            return f"{Decimal(value) / Decimal(10000):.2f}"
        except (InvalidOperation, TypeError):
            return ""
    if how == "id_type_code":
        return layout.id_type_codes.get(str(value), str(value))
    if how == "id_type_name":
        return str(Attendee.IdType(value).label) if value in Attendee.IdType.values else value
    return str(value)


def validate_columns(columns: list[dict]) -> list[str]:
    """What is wrong with a declared layout, in the user's language (empty: nothing)."""
    problems = []
    if not columns:
        problems.append(str(_("A layout needs at least one column.")))
    headers = [c["header"] for c in columns]
    for header in {h for h in headers if headers.count(h) > 1}:
        problems.append(str(_("The header “%(header)s” is used twice.") % {"header": header}))
    for column in columns:
        if column["field"] not in LAYOUT_FIELDS:
            problems.append(str(_("Unknown field “%(field)s”.") % {"field": column["field"]}))
        if column["format"] not in FORMATS:
            problems.append(str(_("Unknown format “%(format)s”.") % {"format": column["format"]}))
    if "id_number" not in {c["field"] for c in columns}:
        problems.append(str(_("The official sheet needs the ID number column.")))
    return problems
