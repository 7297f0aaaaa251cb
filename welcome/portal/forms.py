from django import forms
from django.utils.translation import gettext_lazy as _

from welcome.region.data import region
from welcome.widgets import LongSelect


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
        label=_("or municipality"), required=False, choices=municipality_choices, widget=LongSelect
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


class SaveResultForm(forms.Form):
    """Saving a pathway-check result: the signed answers, and optionally an e-mail address to be
    told when a change in the rules changes the result."""

    a = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_(
            "Optional. If you enter your e-mail address, we write to you when a change in the "
            "rules changes this result, with your private link. We use it for nothing else "
            "and delete it together with the result; you can delete it earlier on the result's "
            "page."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Please enter a valid e-mail address, or leave it empty.")},
    )
