"""Emails in every language of the product, Chinese first, then English, in one message."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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


def send_email(*, templates: str, context, to: str, language: str = "") -> None:
    """One email in one language (the site's when none is given): ``<templates>_subject.txt``,
    ``<templates>.txt`` and ``<templates>.html``. ``context`` is a dict or a function
    returning one, called in that language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        ctx = context() if callable(context) else context
        subject = render_to_string(f"{templates}_subject.txt", ctx)
        text = render_to_string(f"{templates}.txt", ctx)
        html = render_to_string(f"{templates}.html", ctx)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(html, "text/html")
    message.send()
