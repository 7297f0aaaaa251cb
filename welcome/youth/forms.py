"""The finder's questions (a GET form, nothing stored), the referral a young person sends, the
programme staff's status step, and the editors' programme draft form.

The draft form speaks to the generic edit view (welcome.knowledge.views.editor_edit) through
`for_editor`, `is_valid`, `add_error`, `draft_values` and `context` (see knowledge/forms.py).
"""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from welcome.consultations.forms import BotCheckForm
from welcome.widgets import LongSelect
from welcome.youth.finder import MAX_AGE, MIN_AGE, Profile, School, TrainingPlace
from welcome.youth.models import Organisation, Referral, TrainingOffer
from welcome.youth.referrals import DIGITAL_CONSENT_AGE, NEXT, Consent
from welcome.youth.services import PROGRAMMES, REQUIRED_LANGUAGES, municipality_names

SCHOOL_CHOICES = [
    (School.IN_SCHOOL, _("I still go to school")),
    (School.NO_CERTIFICATE, _("I left school without a certificate")),
    (School.CERTIFICATE, _("I left school with a certificate")),
]
SITUATION_CHOICES = [
    ("newly_arrived", _("I am new in Germany")),
    ("came_for_training", _("I came to Germany for vocational training")),
    ("language_support", _("I would like help with German")),
    ("single_parent", _("I bring up a child alone")),
    ("housing_problem", _("I have problems with housing")),
]


def _age_error() -> str:
    return gettext("Please enter your age as a whole number from %(min)s to %(max)s.") % {
        "min": MIN_AGE,
        "max": MAX_AGE,
    }


AGE_ERROR = lazy(_age_error, str)()


def municipality_choices():
    return [(name, name) for name in municipality_names()]


class FinderForm(forms.Form):
    """Five short questions; every answer can be changed and sent again."""

    age = forms.IntegerField(
        label=_("How old are you?"),
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
        error_messages={
            "required": _("Please enter your age."),
            "invalid": AGE_ERROR,
            "min_value": AGE_ERROR,
            "max_value": AGE_ERROR,
        },
    )
    municipality = forms.ChoiceField(
        label=_("Where do you live?"),
        widget=LongSelect,
        error_messages={
            "required": _("Please choose the town where you live."),
            "invalid_choice": _("Please choose a town of the Region Hannover from the list."),
        },
    )
    school = forms.ChoiceField(
        label=_("School"),
        choices=SCHOOL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please tell us where you stand at school."),
            "invalid_choice": _("Please choose one of the answers about school."),
        },
    )
    training_place = forms.ChoiceField(
        label=_("Do you have a training place?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please answer whether you have a training place."),
            "invalid_choice": _("Please answer Yes or No about the training place."),
        },
    )
    situation = forms.MultipleChoiceField(
        label=_("Is any of this true for you? (optional)"),
        choices=SITUATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Please choose only answers from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Please choose"))] + municipality_choices()

    def profile(self) -> Profile:
        data = self.cleaned_data
        situation = set(data["situation"])
        return Profile(
            age=data["age"],
            municipality=data["municipality"],
            school=School(data["school"]),
            has_training_place=data["training_place"] == "yes",
            **{key: key in situation for key, _label in SITUATION_CHOICES},
        )


class ProgrammeDraftForm(forms.Form):
    """A programme draft: organisation, whom and where, what; title and description per language."""

    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=100,
        help_text=_("Lower-case letters, digits and hyphens, e.g. youth-workshop-lehrte."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=10, max_value=40)
    max_age = forms.IntegerField(label=_("Maximum age"), min_value=10, max_value=40)
    school_statuses = forms.MultipleChoiceField(
        label=_("School status (none chosen: any)"),
        choices=[(s.value, label) for s, label in SCHOOL_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    training_place = forms.ChoiceField(
        label=_("Training place"),
        choices=[
            (TrainingPlace.ANY, _("With or without a training place")),
            (TrainingPlace.WITHOUT, _("For young people without a training place")),
            (TrainingPlace.WITH, _("For young people in training")),
        ],
        widget=forms.RadioSelect,
    )
    newly_arrived = forms.BooleanField(label=_("For young people new in Germany"), required=False)
    language_support = forms.BooleanField(label=_("German language support"), required=False)
    single_parents = forms.BooleanField(label=_("For single parents"), required=False)
    housing = forms.BooleanField(label=_("Help with housing problems"), required=False)
    training_related = forms.BooleanField(
        label=_("Helps to find, prepare for or keep a training place"), required=False
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities served"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose the municipalities the programme serves.")},
    )
    reachability = forms.CharField(label=_("How to get there"), max_length=300, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300)
    start_dates = forms.CharField(label=_("Start dates"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=0, required=False)
    free_places = forms.IntegerField(label=_("Free places"), min_value=0, required=False)
    demo = forms.BooleanField(label=_("Demo content (an invented example)"), required=False)
    note = forms.CharField(label=_("What did you change?"), max_length=300, required=False)

    FIELDS = (*PROGRAMMES.content_fields, "note")

    def __init__(self, *args, new_programme: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not new_programme:
            del self.fields["slug"]
        self.fields["municipalities"].choices = municipality_choices()
        for code, name in settings.LANGUAGES:
            required = code in REQUIRED_LANGUAGES
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=required,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
                error_messages={"required": _("Please write the title in this language.")},
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("What it offers (%(language)s)") % {"language": name},
                required=required,
                widget=forms.Textarea(attrs={"rows": 5, "lang": code, "dir": "auto"}),
                help_text=_("German in plain language: short sentences, one idea each.")
                if code == "de"
                else "",
                error_messages={"required": _("Please write what the programme offers.")},
            )

    @property
    def language_fields(self):
        return [
            (code, name, self[f"title_{code}"], self[f"description_{code}"])
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        data = super().clean()
        if data.get("min_age") and data.get("max_age") and data["min_age"] > data["max_age"]:
            self.add_error("max_age", _("The minimum age must not be above the maximum age."))
        for code, _name in settings.LANGUAGES:
            title, description = data.get(f"title_{code}"), data.get(f"description_{code}")
            if description and not title and f"title_{code}" not in self.errors:
                self.add_error(f"title_{code}", _("Please write the title in this language."))
            if title and not description and f"description_{code}" not in self.errors:
                self.add_error(f"description_{code}", _("Please write what the programme offers."))
        return data

    @classmethod
    def for_editor(cls, data, *, item, version, query) -> "ProgrammeDraftForm":
        if item is None:
            initial = {"training_place": TrainingPlace.ANY, "min_age": 15, "max_age": 24}
            return cls(data, new_programme=True, initial=initial)
        return cls(data, new_programme=False, initial=cls.initial_from(version) if version else {})

    def draft_values(self) -> dict:
        data = self.cleaned_data
        values = {field: data[field] for field in ("slug", *self.FIELDS) if field in self.fields}
        values["translations"] = {
            code: {"title": data[f"title_{code}"], "description": data[f"description_{code}"]}
            for code, _name in settings.LANGUAGES
            if data.get(f"title_{code}")
        }
        return values

    def context(self) -> dict:
        return {"form": self}

    @classmethod
    def initial_from(cls, version) -> dict:
        initial = {field: getattr(version, field) for field in cls.FIELDS}
        initial["note"] = ""
        for row in version.translations.all():
            initial[f"title_{row.language}"] = row.title
            initial[f"description_{row.language}"] = row.description
        return initial


SENDER_CHOICES = [
    (Referral.Sender.YOUNG_PERSON, _("I send it for myself")),
    (Referral.Sender.ADVISER, _("I am an adviser and send it for a young person")),
]
RECORDED_HOW_CHOICES = [
    ("", _("Please choose")),
    ("in_person", _("The young person agreed in person")),
    ("in_writing", _("The young person agreed in writing")),
    ("phone", _("The young person agreed on the phone")),
]


def consent_text(*, organisation: str, sent_by: str) -> str:
    """The words the sender agrees to, in the active language (stored as given)."""
    if sent_by == Referral.Sender.ADVISER:
        text = gettext(
            "The young person agreed that %(organisation)s receives their name, contact details "
            "and the answers in this form to get in touch about this programme. They can "
            "withdraw this at any time."
        )
    else:
        text = gettext(
            "I agree that %(organisation)s receives my name, contact details and the answers in "
            "this form to get in touch with me about this programme. I can withdraw this at any "
            "time with my private link."
        )
    return text % {"organisation": organisation}


class ReferralForm(BotCheckForm):
    """A request to one programme: the finder's answers (prefilled), how to reach the young
    person, and the consent — sent by the young person or by an adviser for them."""

    sent_by = forms.ChoiceField(
        label=_("Who sends this request?"),
        choices=SENDER_CHOICES,
        initial=Referral.Sender.YOUNG_PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say who sends this request.")},
    )
    age = FinderForm.base_fields["age"]
    municipality = FinderForm.base_fields["municipality"]
    school = FinderForm.base_fields["school"]
    training_place = FinderForm.base_fields["training_place"]
    name = forms.CharField(
        label=_("Name of the young person"),
        max_length=200,
        error_messages={"required": _("Please enter the young person's name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        error_messages={"invalid": _("Please enter a valid e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("What should the programme know? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    adviser_name = forms.CharField(label=_("Your name (adviser)"), max_length=200, required=False)
    adviser_organisation = forms.CharField(
        label=_("Your organisation"), max_length=200, required=False
    )
    adviser_contact = forms.CharField(
        label=_("Your phone or e-mail"), max_length=200, required=False
    )
    recorded_how = forms.ChoiceField(
        label=_("How did the young person agree?"), choices=RECORDED_HOW_CHOICES, required=False
    )
    guardian = forms.BooleanField(
        label=_("I am under 16: a parent or guardian agrees to this request."), required=False
    )
    consent = forms.BooleanField(
        label=_("I agree to the text above."),
        error_messages={"required": _("Please agree, so that the programme may contact you.")},
    )

    def __init__(self, *args, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["municipality"].choices = [("", _("Please choose"))] + municipality_choices()

    def consent_texts(self) -> dict[str, str]:
        return {
            value: consent_text(organisation=self.organisation, sent_by=value)
            for value, _label in SENDER_CHOICES
        }

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and "email" not in self.errors:
            self.add_error("phone", _("Please give a phone number or an e-mail address."))
        if data.get("sent_by") == Referral.Sender.ADVISER:
            if not data.get("adviser_name"):
                self.add_error("adviser_name", _("Please enter your name."))
            if not data.get("adviser_contact"):
                self.add_error("adviser_contact", _("Please say how the programme reaches you."))
            if not data.get("recorded_how"):
                self.add_error("recorded_how", _("Please say how the young person agreed."))
        elif (data.get("age") or DIGITAL_CONSENT_AGE) < DIGITAL_CONSENT_AGE and not data.get(
            "guardian"
        ):
            self.add_error(
                "guardian", _("Under 16, a parent or guardian must agree to the request.")
            )
        return data

    def person(self) -> dict:
        data = self.cleaned_data
        adviser = data["sent_by"] == Referral.Sender.ADVISER
        return {
            "name": data["name"],
            "phone": data["phone"],
            "email": data["email"],
            "age": data["age"],
            "school": data["school"],
            "has_training_place": data["training_place"] == "yes",
            "message": data["message"],
            "adviser_name": data["adviser_name"] if adviser else "",
            "adviser_organisation": data["adviser_organisation"] if adviser else "",
            "adviser_contact": data["adviser_contact"] if adviser else "",
        }

    def consent_given(self) -> Consent:
        data = self.cleaned_data
        adviser = data["sent_by"] == Referral.Sender.ADVISER
        return Consent(
            text=consent_text(organisation=self.organisation, sent_by=data["sent_by"]),
            recorded_how=dict(RECORDED_HOW_CHOICES)[data["recorded_how"]] if adviser else "",
            guardian=bool(data["guardian"]) and not adviser,
        )


class ReferralStatusForm(forms.Form):
    """The next step of a referral and the day it happened."""

    status = forms.ChoiceField(
        label=_("New status"),
        error_messages={"required": _("Please choose the new status.")},
    )
    on = forms.DateField(
        label=_("On"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please enter the day."),
            "invalid": _("Please enter the day as a date."),
        },
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.value, s.label) for s in NEXT[Referral.Status(referral.status)]]
        self.fields["status"].choices = choices
        self.fields["on"].initial = timezone.localdate()


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return int(self.fields["year"].choices[0][0])


class TrainingOfferForm(forms.ModelForm):
    """An employer's training places: what, how many, from when, where, how to apply."""

    class Meta:
        model = TrainingOffer
        fields = ["occupation", "places", "starts", "municipality", "newcomers_welcome", "contact"]
        labels = {"starts": _("Start (e.g. 1 August 2027)")}
        error_messages = {
            "occupation": {"required": _("Please name the occupation.")},
            "places": {
                "required": _("Please enter the number of places."),
                "min_value": _("Please enter at least one place."),
                "max_value": _("Please enter at most 500 places."),
                "invalid": _("Please enter the number of places as a whole number."),
            },
            "starts": {"required": _("Please say when the training starts.")},
            "contact": {"required": _("Please say how young people apply.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"] = forms.ChoiceField(
            label=_("Where is the training?"),
            choices=[("", _("Please choose"))] + municipality_choices(),
            error_messages={"required": _("Please choose the town where the training is.")},
        )
