"""``{{ items|question_links }}``: a list of FAQ questions, each linking to its entry.

Written in Python: the FAQ's front page lists a hundred questions, and a ``{% url %}`` and a
dozen lookups per question in a template loop were a third of the page's time. The entry's
address is reversed once and each slug put in its place (slugs are URL-safe by their field).
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SLUG = "slug-placeholder"


@register.filter
def question_links(items) -> SafeString:
    """``<li>`` per (entry or row with its slug, localised question); a question in another
    language than the reader's says which, and is marked as left-to-right text in it."""
    before, after = reverse("knowledge:entry", kwargs={"slug": _SLUG}).split(_SLUG)
    lines = []
    for entry, localised in items:
        url = escape(f"{before}{entry.slug}{after}")
        question = escape(localised.translation.question)
        if localised.is_fallback:
            code = escape(localised.language)
            lines.append(
                f'<li><a href="{url}" lang="{code}" dir="ltr">{question}</a> '
                f'<span class="muted">({code.upper()})</span></li>'
            )
        else:
            lines.append(f'<li><a href="{url}">{question}</a></li>')
    return mark_safe("\n".join(lines))  # noqa: S308 - every value escaped above
