"""The reminder emails, rendered in Chinese then English in one message."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

LANGUAGES = ("zh-hans", "en")


def render_bilingual(name: str, context) -> tuple[str, str, str]:
    """Subject, text and HTML: Chinese first, then English, in one message."""
    subjects, texts, htmls = [], [], []
    for language in LANGUAGES:
        with translation.override(language):
            ctx = context()
            subjects.append(
                " ".join(render_to_string(f"emails/reminders/{name}_subject.txt", ctx).split())
            )
            texts.append(render_to_string(f"emails/reminders/{name}.txt", ctx).strip())
            htmls.append(mark_safe(render_to_string(f"emails/reminders/{name}.html", ctx)))
    subject = " / ".join(subjects)
    text = "\n\n------------------------------\n\n".join(texts) + "\n"
    html = render_to_string("emails/reminders/bilingual.html", {"parts": htmls, "title": subject})
    return subject, text, html
