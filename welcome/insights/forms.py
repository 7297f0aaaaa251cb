from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.insights.period import Period, PeriodError, resolve


class PeriodForm(forms.Form):
    """The period a statistics page covers; the parameters are ``from`` and ``to`` as in the
    API (the names are Python keywords, so the fields are added here, not declared)."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": _("Please enter a date like 2026-03-01.")},
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["period"] = resolve(data.get("from"), data.get("to"), today=timezone.localdate())
        except PeriodError as error:
            self.add_error(error.field or None, error.message)
        return data

    def period(self) -> Period:
        """The chosen period when valid; else (or when none is chosen) the last twelve months."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return resolve(None, None, today=timezone.localdate())
