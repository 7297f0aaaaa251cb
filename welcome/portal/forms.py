from django import forms
from django.utils.translation import gettext_lazy as _

from welcome.region.data import region


def municipality_choices():
    return [("", _("— choose —"))] + [(m.name, m.name) for m in region().municipalities]


class ResponsibleForm(forms.Form):
    """Who is responsible for me? A postal code or a municipality, and optionally a date."""

    static_choices = True  # the Region's municipalities: unbound fields render once per language

    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    municipality = forms.ChoiceField(
        label=_("or municipality"), required=False, choices=municipality_choices
    )
    date = forms.DateField(
        label=_("Date (optional)"),
        required=False,
        help_text=_("Competences change over time; leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-03-01.")},
    )

    def clean(self):
        data = super().clean()
        if not data.get("postal_code") and not data.get("municipality"):
            raise forms.ValidationError(_("Please give a postal code or choose a municipality."))
        return data
