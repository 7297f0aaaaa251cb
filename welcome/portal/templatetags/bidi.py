"""``{{ text|isolated }}``: in a right-to-left page, every embedded left-to-right run — money,
§ citations, codes, Latin names — is its own ``<bdi dir="ltr">``, so "50,700 €" or "IHK FOSA"
inside an Arabic sentence keeps its order ("€ 50,700" and "FOSA IHK" otherwise)."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

register = template.Library()

# A run starts and ends with a Latin letter, a digit, § or €, and may hold spaces and the
# punctuation of numbers, citations and names in between — never a right-to-left letter.
_LTR_RUN = re.compile(
    r"[A-Za-zÀ-ÿ0-9§€][A-Za-zÀ-ÿ0-9§€.,:/()%'’\-–\u00a0\u202f ]*[A-Za-zÀ-ÿ0-9€)%]|[0-9€§]"
)


@register.filter(needs_autoescape=True)
def isolated(value, autoescape=True):
    text = "" if value is None else str(value)
    if not text or not get_language_bidi():
        return conditional_escape(text) if autoescape else text
    parts, last = [], 0
    for match in _LTR_RUN.finditer(text):
        start, end = match.span()
        if text[end - 1] == ")" and "(" not in match.group(0):
            end -= 1  # "(Bürgeramt)": the brackets belong to the sentence around it
        parts.append(conditional_escape(text[last:start]))
        parts.append(format_html('<bdi dir="ltr">{}</bdi>', text[start:end]))
        last = end
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped
