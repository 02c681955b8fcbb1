"""One list of countries and regions, with Chinese and English names (django-countries'
ISO 3166 table and its translations, Hong Kong, Macao and Taiwan named as regions of China).

A deal's exhibitor country and an exhibitor's country are stored as the list's Chinese name,
the key the by-country roll-up groups by, so that 瑞士, Switzerland and CH are one country.
Values recorded before the list existed that match no entry are kept as typed and listed
for the office (``unmatched_countries``).
"""

import unicodedata
from functools import lru_cache

from django.utils import translation
from django_countries import countries

# Other ways the same place is commonly written (casefolded), beyond both official names.
ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "america": "US",
    "美利坚合众国": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "大不列颠": "GB",
    "korea": "KR",
    "republic of korea": "KR",
    "韩国": "KR",
    "南韩": "KR",
    "russia": "RU",
    "俄国": "RU",
    "holland": "NL",
    "the netherlands": "NL",
    "荷兰": "NL",
    "vietnam": "VN",
    "czech republic": "CZ",
    "hong kong": "HK",
    "hongkong": "HK",
    "香港": "HK",
    "中国香港特别行政区": "HK",
    "macau": "MO",
    "macao": "MO",
    "澳门": "MO",
    "中国澳门特别行政区": "MO",
    "taiwan": "TW",
    "台湾": "TW",
    "台湾地区": "TW",
    "iran": "IR",
    "laos": "LA",
    "syria": "SY",
    "turkey": "TR",
    "土耳其": "TR",
}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


@lru_cache(maxsize=4)
def _names(language: str) -> dict[str, str]:

    with translation.override(language):
        return {code: str(name) for code, name in countries}


def chinese_names() -> dict[str, str]:
    """ISO code -> the Chinese name, the stored key."""
    return _names("zh-hans")


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    """Folded name, English or Chinese, code or alias -> ISO code."""
    table = {}
    for language in ("en", "zh-hans"):
        for code, name in _names(language).items():
            table[_fold(name)] = code
    for code in chinese_names():
        table[_fold(code)] = code
    table.update(ALIASES)
    return table


def code_of(text: str) -> str | None:
    return _lookup().get(_fold(text))


def canonical(text: str) -> str | None:
    """The stored name of a country written any known way, or None when it matches none."""
    code = code_of(text)
    return chinese_names()[code] if code else None


def display(value: str) -> str:
    """A stored country in the reader's language; a value outside the list as typed."""
    code = code_of(value)
    if code is None:
        return value
    language = translation.get_language() or "zh-hans"
    return _names("en" if language.startswith("en") else "zh-hans")[code]


def choices() -> list[tuple[str, str]]:
    """(stored name, name in the reader's language), sorted for the reader."""
    language = translation.get_language() or "zh-hans"
    names = _names("en" if language.startswith("en") else "zh-hans")
    keys = chinese_names()
    return sorted(((keys[code], name) for code, name in names.items()), key=lambda c: c[1])
