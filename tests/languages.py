"""The one way tests pin the language: the pages (through ``LANGUAGE_CODE``, what a browser
asking for nothing in particular gets), the API, the messages and the emails alike.

A whole test in English asks for the ``english`` fixture (``tests/conftest.py``); a test that
reads the product in both languages in turn says ``with speaking("zh-hans"):``.
"""

from contextlib import contextmanager

from django.test import override_settings
from django.utils import translation


@contextmanager
def speaking(language: str):
    with override_settings(LANGUAGE_CODE=language), translation.override(language):
        yield
