"""The matchmaking of procurement needs with exhibitors."""

import re

from ..directory.models import Exhibitor
from .models import ProcurementNeed

# Words are split at spaces and punctuation, Chinese included; one-letter words are noise.
_SPLIT = re.compile(r"[\s,，、;；/|()（）·.。:：]+")


def keywords(text: str) -> set[str]:
    return {word for word in _SPLIT.split((text or "").casefold()) if len(word) >= 2}


def matching_exhibitors(need: ProcurementNeed) -> list[tuple[Exhibitor, list[str]]]:
    """Exhibitors of the need's edition and zone whose products match the need, with the
    words that matched.

    Deliberately simple: a word of the need matches when it occurs, ignoring case, in the
    exhibitor's products (so "CT" finds "CT scanners" and "医疗器械" finds "进口医疗器械"),
    or a word of the exhibitor's products occurs in the need. No stemming, no synonyms.
    """
    wanted = keywords(need.product)
    result = []
    exhibitors = Exhibitor.objects.filter(
        edition=need.registration.edition_id, zone=need.zone_id
    ).select_related("zone")
    for exhibitor in exhibitors:
        products = (exhibitor.products or "").casefold()
        offered = keywords(exhibitor.products)
        need_text = need.product.casefold()
        matched = sorted(
            {w for w in wanted if w in products} | {w for w in offered if w in need_text}
        )
        if matched:
            result.append((exhibitor, matched))
    return sorted(result, key=lambda pair: (-len(pair[1]), pair[0].name))
