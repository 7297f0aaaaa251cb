"""``{{ checks|trace_items }}``: the conditions of a pathway result's trace as nested list items.

Rendered in Python, not by a template that includes itself once per condition: a result has
some sixty conditions, and that recursive include took a fifth of the result page's time.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop

from welcome.bidi import isolate_text

register = template.Library()

_STATES = {"held": ("✓", gettext_noop("met")), "failed": ("✗", gettext_noop("not met"))}
_OPEN = ("?", gettext_noop("open"))


@register.filter
def trace_items(checks) -> SafeString:
    """``<li>`` per check: its state, reason (left-to-right runs isolated) and § citation, and
    below it the checks it is made of."""
    return format_html_join("", "{}\n", ((_item(check),) for check in checks))


def _item(check) -> SafeString:
    mark, state = _STATES.get(check["state"], _OPEN)
    children = check.get("children")
    return format_html(
        '<li><span class="pathway-state">{} {}</span>: {} <span class="muted">'
        '(<bdi dir="ltr">{}</bdi>)</span>{}</li>',
        mark,
        gettext(state),
        isolate_text(check["reason"]),
        check["citation"],
        format_html("<ul>{}</ul>", trace_items(children)) if children else "",
    )
