"""Each country or region of the list by continent: the roll-ups' by-continent levels group
the exhibitor countries so. A value outside the list (typed before it existed) is on no
continent: its deals count under "other" until the office corrects it."""

from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from . import chinese_names, code_of

# In the order reports list them.
CONTINENTS = [
    ("asia", _("Asia")),
    ("europe", _("Europe")),
    ("north_america", _("North America")),
    ("south_america", _("South America")),
    ("africa", _("Africa")),
    ("oceania", _("Oceania")),
    ("antarctica", _("Antarctica")),
]
OTHER = ""  # outside the list of countries

# ISO 3166 codes by continent (the United Nations' geoscheme; the Caribbean and Central
# America with North America, the Caucasus, Cyprus and Turkey with Asia, Russia with Europe).
_MEMBERS = {
    "asia": """AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR
        KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE""",
    "europe": """AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS
        IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA""",
    "north_america": """AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN
        KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI""",
    "south_america": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
    "africa": """AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR
        LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT
        ZA ZM ZW""",
    "oceania": """AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF
        WS""",
    "antarctica": "AQ BV GS HM TF",
}


@lru_cache(maxsize=1)
def _by_code() -> dict[str, str]:
    return {code: continent for continent, codes in _MEMBERS.items() for code in codes.split()}


@lru_cache(maxsize=4096)
def continent_of(country: str) -> str:
    """The continent of a stored exhibitor country; ``OTHER`` for a value outside the list."""
    code = code_of(country) if country else None
    return _by_code().get(code, OTHER) if code else OTHER


def continent_label(continent: str) -> str:
    return str(dict(CONTINENTS).get(continent, _("Other")))


@lru_cache(maxsize=1)
def continent_table() -> dict[str, str]:
    """Every stored country name of the list -> its continent (for the roll-up's SQL)."""
    by_code = _by_code()
    return {name: by_code[code] for code, name in chinese_names().items() if code in by_code}


def parts_on(parts, continent: str):
    """The roll-up parts (a queryset) whose exhibitor country is on the continent."""
    names = [name for name, on in continent_table().items() if on == continent]
    if continent == OTHER:
        return parts.exclude(country__in=list(continent_table()))
    return parts.filter(country__in=names)
