"""The product's languages, in the order it shows them: Chinese first, then English."""

from django.conf import settings


def language_codes() -> list[str]:
    """The codes of ``settings.LANGUAGES``, the one list of the languages the product speaks."""
    return [code for code, _name in settings.LANGUAGES]
