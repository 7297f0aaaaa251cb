"""Form widgets the pages share.

``LongSelect`` writes a flat ``<select>`` in Python. Django's select template includes a
template per ``<option>``: for the 250 countries and 21 towns of the pathway check's first step
that was 9 of the page's 13.6 ms in-process and most of its 34 ms in a gunicorn worker
(bench/README.md) — on every visit: the step shows the visitor's own answers, so the page
cannot be kept and reused.
"""

from __future__ import annotations

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


def _html(value) -> str:
    """A value or label as HTML text: escaped, unless it is HTML already (``conditional_escape``
    without its check for lazy arguments, which cost as much as the escaping)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class LongSelect(forms.Select):
    """``forms.Select`` with the same markup (name, attributes, one option selected), written
    without a template per option. Grouped choices are left to Django's own rendering."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options = []
        chosen = False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in wanted
            chosen |= selected
            options.append(
                f'<option value="{_html(option_value)}"'
                f"{' selected' if selected else ''}>{_html(label)}</option>"
            )
        # name first, as Django writes it; flatatt escapes the other attributes
        select = f'<select name="{_html(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
        return mark_safe(f"{select}{''.join(options)}</select>")  # noqa: S308 - all escaped


class ChoiceRadios(forms.RadioSelect):
    """Radio buttons that check nothing until a person chooses. Django's own check the option
    whose value is "" when there is no value, so "None of these" would be chosen for them."""

    def format_value(self, value):
        return [] if value is None else super().format_value(value)
