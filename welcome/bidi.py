"""In a right-to-left language, every embedded left-to-right run — money, § citations, codes,
Latin names — becomes its own ``<bdi dir="ltr">``, so "50,700 €" or "IHK FOSA" inside an Arabic
sentence keeps its order on the screen ("€ 50,700" and "FOSA IHK" otherwise). For plain text
(`isolate_text`, the `isolated` template filter) and for sanitised HTML (`isolate_html`, FAQ
answers and guides)."""

import re

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

# A run starts and ends with a Latin letter, a digit, § or €, and may hold spaces and the
# punctuation of numbers, citations and names in between — never a right-to-left letter.
_LTR_RUN = re.compile(
    r"[A-Za-zÀ-ÿ0-9§€][A-Za-zÀ-ÿ0-9§€.,:/()%'’\-–\u00a0\u202f ]*[A-Za-zÀ-ÿ0-9€)%]|[0-9€§]"
)


_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")


def isolate_html(html: str) -> str:
    """The same for sanitised HTML (an FAQ answer): only the text between tags and entities is
    looked at, so no tag, attribute or entity is cut."""
    if not html or not get_language_bidi():
        return html
    pieces = _TAG_OR_ENTITY.split(html)
    for index in range(0, len(pieces), 2):  # even pieces are text, odd ones tags or entities
        pieces[index] = _LTR_RUN.sub(_wrap, pieces[index])
    return "".join(pieces)


def _wrap(match: re.Match) -> str:
    run = match.group(0)
    if run.endswith(")") and "(" not in run:
        return f'<bdi dir="ltr">{run[:-1]}</bdi>)'
    return f'<bdi dir="ltr">{run}</bdi>'


def isolate_text(value) -> SafeString:
    """Plain text, escaped, with its left-to-right runs isolated (in a bidi language only)."""
    escaped = conditional_escape("" if value is None else str(value))
    return mark_safe(isolate_html(escaped))  # noqa: S308 - escaped just above
