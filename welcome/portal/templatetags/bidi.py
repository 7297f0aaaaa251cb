"""``{{ text|isolated }}``: left-to-right runs of a text in a right-to-left page, each in its own
``<bdi dir="ltr">`` (see welcome/bidi.py)."""

from django import template

from welcome.bidi import isolate_text

register = template.Library()


@register.filter(is_safe=True)
def isolated(value):
    return isolate_text(value)
