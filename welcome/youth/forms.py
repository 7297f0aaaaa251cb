"""The finder's questions (a GET form, nothing stored) and the editors' programme draft form.

The draft form speaks to the generic edit view (welcome.knowledge.views.editor_edit) through
`for_editor`, `is_valid`, `add_error`, `draft_values` and `context` (see knowledge/forms.py).
"""

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from welcome.youth.finder import MAX_AGE, MIN_AGE, Profile, School, TrainingPlace
from welcome.youth.models import Organisation
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
