"""Forms of the consultations app: input checks only; the rules live in services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.consultations.models import Channel, ConsultationRequest, SlotChannel, Topic
from welcome.consultations.tokens import form_fill_problem, form_started_token
from welcome.portal.countries import country_name
from welcome.region.data import region

# Consent per partner institution and purpose, in plain language. The first is needed to
# handle a request at all; the others are each a free choice.
REQUIRED_CONSENT = ("welcome-center", "advice")
CONSENT_OPTIONS: list[tuple[str, str, str]] = [
    (
        "welcome-center",
        "advice",
        _(
            "The Welcome Center Region Hannover may use my details to advise me and to pass my "
            "request to the office responsible for it. (Needed to handle your request.)"
        ),
    ),
    (
        "abh-region",
        "case_handling",
        _(
            "The foreigners' authority of the Region Hannover may see my request and work on my "
            "residence matter (for all towns of the Region except the city of Hannover)."
        ),
    ),
    (
        "abh-lhh",
        "case_handling",
        _(
            "The foreigners' authority of the City of Hannover may see my request and work on "
            "my residence matter (if I live or will live in the city of Hannover)."
        ),
    ),
    (
        "ihk-hannover",
        "pre_check",
        _(
            "IHK Hannover may advise me on the recognition of my qualification and check my "
            "documents for completeness."
        ),
    ),
    (
        "hwk-hannover",
        "pre_check",
        _(
            "Handwerkskammer Hannover may advise me on the recognition of my craft "
            "qualification and check my documents for completeness."
        ),
    ),
    (
        "ba-hannover",
        "advice",
        _("The Agentur für Arbeit Hannover may advise me on work permits and finding a job."),
    ),
    (
        "zentralstelle-nds",
        "case_handling",
        _(
            "The Zentralstelle for the accelerated skilled-worker procedure of Lower Saxony may "
            "receive my request to prepare an accelerated procedure."
        ),
    ),
]

LANGUAGE_CHOICES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("es", "Español"),
    ("fr", "Français"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
    ("hi", "हिन्दी"),
]


def consent_field_name(institution_id: str, purpose: str) -> str:
    return f"consent__{institution_id}__{purpose}"


def municipality_choices():
    return [("", _("Not decided yet"))] + [(m.name, m.name) for m in region().municipalities]


class BotCheckForm(forms.Form):
    """A honeypot field people never see and a signed render time; no JavaScript needed.

    The honeypot is hidden with CSS (display: none), so screen readers skip it as well.
    """

    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bot_suspected = False
        # A fresh timer on every rendering, also when the form is shown again with errors.
        self.initial["started"] = form_started_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        data = super().clean()
        if data.get("website"):
            self.bot_suspected = True
            raise forms.ValidationError(
                _("We could not accept this form. Please try again."), code="bot"
            )
        problem = form_fill_problem(self.data.get(self.add_prefix("started"), ""))
        if problem == "too_fast":
            self.bot_suspected = True
            raise forms.ValidationError(
                _("That was very fast. Please check your entries and send the form again."),
                code="too_fast",
            )
        if problem == "expired":
            raise forms.ValidationError(
                _("The form has expired. Please check your entries and send it again."),
                code="expired",
            )
        return data

    def bound_started(self):
        """The timer to render: always fresh (bound forms would echo the old one)."""
        return self.initial["started"]


class RequestForm(BotCheckForm):
    """The public pre-consultation request, for a skilled worker or an employer."""

    static_choices = True  # unbound fields may be rendered once per language ({% field_html %})

    topic = forms.ChoiceField(label=_("What do you need help with?"), choices=Topic.choices)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    nationality = forms.CharField(
        label=_("Country of origin or nationality"), max_length=100, required=False
    )
    qualification = forms.CharField(
        label=_("Qualification"),
        max_length=300,
        required=False,
        help_text=_("For example: nurse, vocational training as an electrician, degree in IT."),
    )
    municipality = forms.ChoiceField(
        label=_("Planned place of work or residence"),
        choices=municipality_choices,
        required=False,
        help_text=_("One of the 21 towns and municipalities of the Region Hannover."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    channel = forms.ChoiceField(
        label=_("How would you like to be advised?"), choices=Channel.choices
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation and your personal link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Please enter an e-mail address like name@example.org.")},
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    summary = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    from_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, requester_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.requester_kind = requester_kind
        if requester_kind == ConsultationRequest.RequesterKind.EMPLOYER:
            self.fields["company"].required = True
            self.fields["nationality"].label = _("Country of the person you want to hire")
            self.fields["qualification"].label = _("Qualification of the person")
            self.fields["municipality"].label = _("Place of work in the Region Hannover")
            self.fields["name"].label = _("Contact person")
        else:
            del self.fields["company"]
        for institution_id, purpose, text in CONSENT_OPTIONS:
            required = (institution_id, purpose) == REQUIRED_CONSENT
            self.fields[consent_field_name(institution_id, purpose)] = forms.BooleanField(
                label=text,
                required=required,
                error_messages={
                    "required": _(
                        "Please agree, so that the Welcome Center may handle your request."
                    )
                },
            )

    def consent_fields(self):
        return [self[consent_field_name(i, p)] for i, p, _t in CONSENT_OPTIONS]

    def detail_fields(self):
        names = ["topic", "company", "nationality", "qualification", "municipality"]
        return [self[n] for n in names if n in self.fields]

    def contact_fields(self):
        return [self[n] for n in ["name", "email", "phone", "language", "channel", "summary"]]

    def consents(self) -> list[tuple[str, str]]:
        return [
            (i, p)
            for i, p, _t in CONSENT_OPTIONS
            if self.cleaned_data.get(consent_field_name(i, p))
        ]

    @staticmethod
    def initial_from_profile(profile: dict) -> dict:
        """Prefill from pathway-check answers, keeping only values the form can show."""
        initial = {}
        if isinstance(profile.get("nationality"), str):  # an ISO code from the pathway check
            initial["nationality"] = country_name(profile["nationality"])[:100]
        if isinstance(profile.get("qualification"), str):
            initial["qualification"] = profile["qualification"][:300]
        if profile.get("municipality") in {m.name for m in region().municipalities}:
            initial["municipality"] = profile["municipality"]
        if profile.get("topic") in Topic.values:
            initial["topic"] = profile["topic"]
        if profile.get("language") in {c for c, _n in LANGUAGE_CHOICES}:
            initial["language"] = profile["language"]
        return initial


class RequestChangeForm(forms.ModelForm):
    """What a requester may change later through their link."""

    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = ConsultationRequest
        fields = ["name", "email", "phone", "language", "channel", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        labels = {"summary": _("Your question"), "name": _("Your name")}


class BookingForm(BotCheckForm):
    """Choose one of the free appointments (radio buttons rendered by the template)."""

    slot = forms.IntegerField(
        label=_("Appointment"),
        error_messages={"required": _("Please choose an appointment.")},
    )


WEEKDAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class SlotSeriesForm(forms.Form):
    """Staff: a series of slots on chosen weekdays between two times, back to back."""

    first_day = forms.DateField(
        label=_("First day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-03-01.")},
    )
    last_day = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-03-31.")},
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["0", "1", "2", "3", "4"],
        error_messages={"required": _("Please choose at least one weekday.")},
    )
    day_start = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial=dt.time(9, 0),
        error_messages={"invalid": _("Please enter a time like 09:00.")},
    )
    day_end = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial=dt.time(12, 0),
        error_messages={"invalid": _("Please enter a time like 12:00.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Length of one appointment (minutes)"), min_value=5, max_value=240, initial=30
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=SlotChannel.choices)
    capacity = forms.IntegerField(
        label=_("People per appointment"), min_value=1, max_value=50, initial=1
    )
    location = forms.CharField(
        label=_("Place (for appointments in person)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the institution's address."),
    )
    skip_holidays = forms.BooleanField(
        label=_("Skip public holidays in Lower Saxony"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and first < timezone.localdate():
            self.add_error("first_day", _("The first day must not be in the past."))
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day must not be before the first day."))
            elif (last - first).days > 120:
                self.add_error("last_day", _("A series may cover at most 120 days."))
        start, end = data.get("day_start"), data.get("day_end")
        if start and end and end <= start:
            self.add_error("day_end", _("The end time must be after the start time."))
        return data
