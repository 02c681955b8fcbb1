"""Emails in every language of the product, Chinese first, then English, in one message."""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .languages import language_codes


def render_bilingual(templates: str, context: Callable[[], dict]) -> tuple[str, str, str]:
    """Subject, text and HTML of ``<templates>_subject.txt``, ``<templates>.txt`` and
    ``<templates>.html``, one part a language; ``context`` is called in each language, so
    that lazy labels in it come out in that language."""
    subjects, texts, htmls = [], [], []
    for language in language_codes():
        with translation.override(language):
            ctx = context()
            subjects.append(" ".join(render_to_string(f"{templates}_subject.txt", ctx).split()))
            texts.append(render_to_string(f"{templates}.txt", ctx).strip())
            htmls.append(mark_safe(render_to_string(f"{templates}.html", ctx)))
    subject = " / ".join(subjects)
    text = "\n\n------------------------------\n\n".join(texts) + "\n"
    html = render_to_string("emails/bilingual.html", {"parts": htmls, "title": subject})
    return subject, text, html
