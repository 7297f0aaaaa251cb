"""``{% field_html field %}``: a form field rendered with includes/field.html (or another
include), remembered per process for fields that hold nothing anyone typed.

Django's widget templates (one template per ``<option>``) cost more than the rest of a form page
together. A form opts in with ``static_choices = True``: its choices depend on nothing but the
language, so an unbound field renders the same for the same language, label and help text —
for every visitor. A bound field (even of a valid form) holds what a person typed and is
rendered live, never kept.
"""

import threading

from cachetools import LRUCache, cached
from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Keys are language × form × field × label: a few hundred; the bound is a guard.
_rendered: LRUCache = LRUCache(maxsize=2000)


def _key(field, template_name: str) -> tuple:
    form = field.form
    return (
        get_language(),
        template_name,
        type(form).__module__,
        type(form).__qualname__,
        field.html_name,
        field.auto_id,
        str(field.label),
        str(field.help_text),
    )


@cached(_rendered, key=_key, lock=threading.Lock())
def _static_field(field, template_name: str) -> SafeString:
    return render_to_string(template_name, {"field": field})


def field_html(field, template_name: str = "includes/field.html") -> SafeString:
    form = field.form
    if getattr(form, "static_choices", False) and not form.is_bound:
        return _static_field(field, template_name)
    return render_to_string(template_name, {"field": field})


register.simple_tag(field_html)
