"""Forms of the consultations app: input checks only; the rules live in services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from welcome.cases import routing
from welcome.cases.vocabulary import (
    Channel,
    RequesterKind,
    Topic,
    public_choices,
    public_label,
    slot_choices,
)
from welcome.consultations import pathway
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tokens import form_fill_problem, form_started_token
from welcome.countries import country_name
from welcome.occupations import catalogue
from welcome.occupations.choices import (
    OccupationFinder,
    occupation_choice_field,
    occupation_words_field,
)
from welcome.region.data import region
from welcome.widgets import LongSelect

# Every request reaches the Welcome Center first, which passes it to the partner responsible for
# the matter (the one the routing rules propose). The required consent covers both, each for
# advice and case handling, so that a handover after triage never lacks the person's consent.
REQUIRED_CONSENT = ("welcome-center", "advice")
REQUIRED_PURPOSES = ("advice", "case_handling")


def required_consent_text() -> str:
    """The required consent, naming the Welcome Center and every partner the rules may propose."""
    names = region().institutions
    partners = "; ".join(
        f"{public_label(Topic, topic)}: {', '.join(names[i].name for i in ids)}"
        for topic, ids in routing.proposable(timezone.localdate()).items()
        if ids
    )
    return gettext(
        "The Welcome Center Region Hannover may use my details to advise me and to handle my "
        "request. It passes my request on to the partner responsible for my matter, which may "
        "then also use my details to advise me and to handle my case: %(partners)s. (Needed to "
        "handle your request.)"
    ) % {"partners": partners}


# Consent per partner institution and purpose, in plain language. The first is needed to
# handle a request at all; the others are each a free choice.
CONSENT_OPTIONS: list[tuple[str, str, str]] = [
    ("welcome-center", "advice", lazy(required_consent_text, str)()),
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

# The languages a consultation can be held in (region data: only those staff or interpreters
# speak), each named in itself as the language switch names the portal's own languages.
LANGUAGE_CHOICES = [
    (code, get_language_info(code)["name_local"]) for code in region().consultation_languages
]


# Fields prefilled from the pathway check (personal data: never rendered into shared memory).
PREFILLED = ("nationality", "qualification", "occupation_isco", "municipality")


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
        # A fresh timer on every rendering, also when the form is shown again with errors.
        self.initial["started"] = form_started_token()
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(
                _("We could not accept this form. Please try again."), code="bot"
            )
        problem = form_fill_problem(self.data.get(self.add_prefix("started"), ""))
        if problem == "too_fast":
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


class RequestForm(OccupationFinder, BotCheckForm):
    """The public pre-consultation request, for a skilled worker or an employer."""

    static_choices = True  # unbound fields may be rendered once per language ({% field_html %})

    topic = forms.ChoiceField(label=_("What do you need help with?"), choices=public_choices(Topic))
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
    # The occupation finder, as in the pathway check: words in any language, then a choice of
    # ranked ISCO-08 unit groups, so a recognition request reaches the competent body directly.
    occupation = occupation_words_field()
    occupation_searched = forms.CharField(required=False, widget=forms.HiddenInput)
    occupation_isco = occupation_choice_field()
    municipality = forms.ChoiceField(
        label=_("Planned place of work or residence"),
        choices=municipality_choices,
        widget=LongSelect,
        required=False,
        help_text=_("One of the 21 towns and municipalities of the Region Hannover."),
    )
    language = forms.ChoiceField(
        label=_("Language for the consultation"),
        choices=LANGUAGE_CHOICES,
        widget=LongSelect,
        help_text=_("We advise you in this language and write to you in it."),
    )
    channel = forms.ChoiceField(
        label=_("How would you like to be advised?"), choices=public_choices(Channel)
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
        if requester_kind == RequesterKind.EMPLOYER:
            self.fields["company"].required = True
            self.fields["nationality"].label = _("Country of the person you want to hire")
            self.fields["qualification"].label = _("Qualification of the person")
            self.fields["municipality"].label = _("Place of work in the Region Hannover")
            self.fields["name"].label = _("Contact person")
            self.fields["occupation"].label = _("Occupation in the job")
            self.fields["occupation"].help_text = _(
                "For example: Pflegefachkraft, software developer, electrician."
            )
        else:
            del self.fields["company"]
        if any(key in self.initial for key in PREFILLED):
            # Prefilled facts are the person's: render live, never into the per-process memory.
            self.static_choices = False
        self._offer_occupations()
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

    def _offer_occupations(self) -> None:
        """Suggestions for the occupation typed; a newly typed one must be chosen from them
        before the request goes out, so nobody's matter is routed on a guess."""
        self.offer_occupations()
        self.awaiting_occupation = self.awaiting_choice() and bool(
            self.fields["occupation_isco"].choices
        )
        if self.awaiting_occupation:
            # Shown now: the next submission takes the choice (also when other fields had errors).
            self.data = self.data_to_choose()

    def clean_occupation_isco(self):
        if self.awaiting_occupation:
            raise forms.ValidationError(
                _("Please choose the occupation that fits best, or “None of these”."),
                code="choose_occupation",
            )
        return self.cleaned_data["occupation_isco"]

    def consent_fields(self):
        return [self[consent_field_name(i, p)] for i, p, _t in CONSENT_OPTIONS]

    def detail_fields(self):
        names = [
            "topic",
            "company",
            "nationality",
            "qualification",
            "occupation",
            "occupation_searched",
            "occupation_isco",
            "municipality",
        ]
        return [self[n] for n in names if n in self.fields]

    def contact_fields(self):
        return [self[n] for n in ["name", "email", "phone", "language", "channel", "summary"]]

    def consents(self) -> list[tuple[str, str]]:
        """The consents ticked; the required one covers the Welcome Center for every purpose it
        names (its share for the responsible partner: `partner_purposes`)."""
        given = []
        for i, p, _t in CONSENT_OPTIONS:
            if self.cleaned_data.get(consent_field_name(i, p)):
                if (i, p) == REQUIRED_CONSENT:
                    given += [(i, purpose) for purpose in REQUIRED_PURPOSES]
                else:
                    given.append((i, p))
        return given

    def partner_purposes(self) -> tuple[str, ...]:
        """Purposes consented for "the partner responsible for my matter" (the proposed one)."""
        return (
            REQUIRED_PURPOSES
            if self.cleaned_data.get(consent_field_name(*REQUIRED_CONSENT))
            else ()
        )

    @staticmethod
    def initial_from_profile(profile: dict) -> dict:
        """Prefill from pathway-check answers, keeping only values the form can show."""
        initial = {}
        if isinstance(profile.get("nationality"), str):  # an ISO code from the pathway check
            initial["nationality"] = country_name(profile["nationality"])[:100]
        qualification = pathway.qualification_text(profile)
        if qualification:
            initial["qualification"] = qualification
        occupation = pathway.occupation_code(profile)
        if occupation in catalogue.unit_groups():
            initial["occupation_isco"] = occupation
        if profile.get("municipality") in {m.name for m in region().municipalities}:
            initial["municipality"] = profile["municipality"]
        if profile.get("topic") in Topic.values:
            initial["topic"] = profile["topic"]
        if profile.get("language") in {c for c, _n in LANGUAGE_CHOICES}:
            initial["language"] = profile["language"]
        return initial


class RequestChangeForm(forms.ModelForm):
    """What a requester may change later through their link."""

    language = forms.ChoiceField(
        label=_("Language for the consultation"),
        choices=LANGUAGE_CHOICES,
        widget=LongSelect,
        help_text=_("We advise you in this language and write to you in it."),
    )

    class Meta:
        model = ConsultationRequest
        fields = ["name", "email", "phone", "language", "channel", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        labels = {"summary": _("Your question"), "name": _("Your name")}


class BookingForm(forms.Form):
    """Choose one of the free appointments (radio buttons rendered by the template).

    No bot check: the page is reached only through the private link of a request that passed
    one, a quick person must not be told "too fast", and the per-address limit still holds."""

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
    channel = forms.ChoiceField(label=_("Channel"), choices=slot_choices())
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


# --- the staff calendar ---------------------------------------------------------------------------

MAX_ID = 2**63 - 1  # the largest id a database column holds; more is no slot of ours


def staff_consent_text(institution_name: str) -> str:
    return gettext(
        "The person agreed on the phone that %(institution)s and the Welcome Center Region "
        "Hannover may use these details to arrange the appointment and to advise them, and that "
        "the Welcome Center passes the request on to the partner responsible for their matter."
    ) % {"institution": institution_name}


class StaffBookingForm(forms.Form):
    """Staff book an appointment for a person on the phone (radio buttons for the free slots are
    rendered by the template). Without a case, also what the request is about and the consent."""

    slot = forms.IntegerField(
        label=_("Appointment"),
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": _("Please choose an appointment."),
            "invalid": _("Please choose an appointment."),
            "min_value": _("Please choose an appointment."),
            "max_value": _("Please choose an appointment."),
        },
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The confirmation and the person's personal link go to this address."),
        error_messages={"invalid": _("Please enter an e-mail address like name@example.org.")},
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("The person's language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("E-mails to the person are written in this language where we have it."),
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    requester_kind = forms.ChoiceField(label=_("The person is"), choices=RequesterKind.choices)
    municipality = forms.ChoiceField(
        label=_("Planned place of work or residence"),
        choices=municipality_choices,
        widget=LongSelect,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("The person agreed"),
        error_messages={
            "required": _("Please ask the person for their consent; without it we cannot book.")
        },
    )

    CASE_FIELDS = ("topic", "requester_kind", "municipality", "consent")

    def __init__(self, *args, for_case: bool, institution_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.for_case = for_case
        if for_case:
            # The case knows what it is about, and its consents decide who may see it.
            for name in self.CASE_FIELDS:
                del self.fields[name]
        else:
            self.fields["consent"].label = staff_consent_text(institution_name)

    def contact_fields(self):
        return [self[name] for name in ("name", "email", "phone", "language")]

    def request_fields(self):
        names = ("requester_kind", "topic", "municipality")
        return [self[name] for name in names if name in self.fields]


class StaffMoveForm(forms.Form):
    """Staff move an appointment to another free slot of their institution."""

    slot = forms.IntegerField(
        label=_("New appointment"),
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": _("Please choose the new appointment."),
            "invalid": _("Please choose the new appointment."),
            "min_value": _("Please choose the new appointment."),
            "max_value": _("Please choose the new appointment."),
        },
    )
