"""``{% field_html field %}``: a form field rendered with includes/field.html (or another
include), remembered per process while its form is unbound.

Django's widget templates (one template per ``<option>``) cost more than the rest of a form page
together. A form opts in with ``static_choices = True``: its choices depend on nothing but the
language, so an unbound field renders the same for the same language, label, help text and
initial value. Other forms, and bound fields (data or errors), are rendered live.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

MAX_FIELDS = 5000  # a guard; keys are language × form × field × the few initial values
_rendered: dict[tuple, SafeString] = {}


def field_html(field, template_name: str = "includes/field.html") -> SafeString:
    if field.form.is_bound or not getattr(field.form, "static_choices", False):
        return render_to_string(template_name, {"field": field})
    key = (
        get_language(),
        template_name,
        type(field.form).__name__,
        field.html_name,
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
