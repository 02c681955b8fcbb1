"""Every page of every role reads in the language chosen.

The demo's logins, one per role, walk from their home page through every kind of page linked
from what they see (the enumeration of tests/browsing.py, here with the test client). What
the page says, its visible text and its placeholders, labels and titles, is read without
the data (every text stored in the database: names, products, notes) and without the
language switch. In English no Chinese character may remain; in Chinese no English word
may remain but codes, units and names of the allow-list.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from ciie_delegations.demo import DEMO_PASSWORD
from purchasers.badges.layouts import DEFAULT_COLUMNS, DEFAULT_ID_TYPE_CODES

from .browsing import DEMO_ROLES, NOT_A_PAGE, kind_of, load_demo

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Codes, units, product and standard names that Chinese pages write in Latin letters.
ALLOWED_WORDS = {
    *[
        "USD",
        "CNY",
        "EUR",
        "JPY",
        "GBP",
        "HKD",
        "CIIE",
        "API",
        "JSON",
        "CSV",
        "xlsx",
        "Excel",
        "PDF",
        "ID",
        "QR",
        "CT",
        "MRI",
        "PET",
        "HTTP",
    ],
    *["Email", "email", "OpenAPI", "ReDoc", "Swagger", "MB", "KB"],
}
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-confirm")


class _Text(HTMLParser):
    """The words a reader sees: text and the attributes read out, not scripts or styles,
    not the language switch."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and "download" not in attrs:
            self.links.append(attrs["href"])
        if self.skipping:
            if tag == self.skipping[-1][0]:
                self.skipping[-1][1] += 1
            return
        if tag in self.SKIP or attrs.get("id") == "language":
            self.skipping.append([tag, 1])
            return
        self.parts += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1][0]:
            self.skipping[-1][1] -= 1
            if not self.skipping[-1][1]:
                self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


URL = re.compile(r"https?://\S+")


def stored_texts() -> list[str]:
    """Every text the database holds (the data), longest first."""
    texts = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            texts.update(value.strip() for value in row if value and value.strip())
    # The languages' own names, as the language switches (the header's, the export's) show.
    texts.update(["简体中文", "English"])
    # The official registration system's own column headers and ID-type values (in Chinese
    # in every language: the workbook must match that system), the default badge layout.
    texts.update(column["header"] for column in DEFAULT_COLUMNS)
    texts.update(DEFAULT_ID_TYPE_CODES.values())
    return sorted(texts, key=len, reverse=True)


def _without_data(text: str, data: list[str]) -> str:
    # Links shown to be copied (an invitation's) are addresses, not words of a language.
    text = URL.sub(" ", text)
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    return text


def walk(client: Client, *, limit: int = 80):
    queue, seen = ["/"], set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if kind_of(path) in seen:
            continue
        seen.add(kind_of(path))
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        yield path, " ".join(parser.parts)
        for href in parser.links:
            url = urlparse(urljoin("http://testserver" + path, href))
            if url.netloc not in ("", "testserver") or NOT_A_PAGE.search(url.path):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if kind_of(target) not in seen:
                queue.append(target)


def _leftovers(language: str, text: str) -> set[str]:
    if language == "en":
        return set(CJK.findall(text))
    return {word for word in WORD.findall(text) if word not in ALLOWED_WORDS}


@pytest.fixture
def demo(db):
    load_demo()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_of_every_role_reads_in_the_chosen_language(demo, language):
    data = stored_texts()
    found, pages = {}, 0
    for role, username in DEMO_ROLES.items():
        client = Client(headers={"accept-language": language})
        assert client.login(username=username, password=DEMO_PASSWORD)
        for path, text in walk(client):
            pages += 1
            for leftover in _leftovers(language, _without_data(text, data)):
                found.setdefault(leftover, f"{role} {path}")
    assert pages > 7 * 8, f"only {pages} pages reached"
    report = "\n".join(f"{word!r} first on {where}" for word, where in sorted(found.items()))
    assert not found, f"{len(found)} words not in {language}:\n{report}"
