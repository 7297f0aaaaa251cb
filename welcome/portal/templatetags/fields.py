"""``{% field_html field %}``: a form field rendered with includes/field.html (or another
include), remembered per process.

Django's widget templates (one template per ``<option>``) cost more than the rest of a form page
together. A form opts in with ``static_choices = True``: its choices depend on nothing but the
language, so a field renders the same for the same language, label, help text and value —
unbound, or bound to a valid form (a search form showing its answer). Fields of a form with
errors, and of other forms, are rendered live (so typed-in personal data is never kept).
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

MAX_FIELDS = 5000  # a guard; keys are language × form × field × the values asked for
_rendered: dict[tuple, SafeString] = {}


def field_html(field, template_name: str = "includes/field.html") -> SafeString:
    form = field.form
    if not getattr(form, "static_choices", False) or (form.is_bound and form.errors):
        return render_to_string(template_name, {"field": field})
    key = (
        get_language(),
        template_name,
        type(form).__module__,
        type(form).__qualname__,
        form.is_bound,
        field.html_name,
        field.auto_id,
        str(field.label),
        str(field.help_text),
        repr(field.value()),
    )
    html = _rendered.get(key)
    if html is None:
        if len(_rendered) >= MAX_FIELDS:
            _rendered.clear()
        html = _rendered[key] = render_to_string(template_name, {"field": field})
    return html


register.simple_tag(field_html)
