"""The check's questions: the wizard's steps, one topic per step, every question optional, each
one explained. Shared by the portal's wizard, the employer's application (which asks the same
facts) and the request form (which names carried-over facts by their question).

A form field's name is the profile path with ``__`` for the dot (``job_offer__contract_months``),
so the law package's messages (keyed by dotted path) land at the right field. Forms only turn
text into values; the law package then checks the whole profile (ranges, known municipality,
facts that contradict each other) and its messages are shown at the fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from welcome.countries import country_names
from welcome.occupations.choices import (
    OccupationFinder,
    occupation_choice_field,
    occupation_words_field,
)
from welcome.pathway.check import figure_text
from welcome.region.data import region
from welcome.widgets import LongSelect

DONT_KNOW = ("", _("I don't know / not sure"))
YES_NO = [DONT_KNOW, ("yes", _("Yes")), ("no", _("No"))]
LANGUAGE_CHOICES = [
    DONT_KNOW,
    ("none", pgettext_lazy("language level", "None")),
    ("A1", _("A1 – beginner")),
    ("A2", _("A2 – elementary")),
    ("B1", _("B1 – intermediate")),
    ("B2", _("B2 – upper intermediate")),
    ("C1", _("C1 – advanced")),
    ("C2", _("C2 – near native or native")),
]


def country_choices():
    return [DONT_KNOW, *country_names(get_language() or "de").items()]


def municipality_choices():
    return [("", _("I don't know yet"))] + [(m.name, m.name) for m in region().municipalities]


class YesNoField(forms.ChoiceField):
    """Yes, no or "I don't know" as a select — True, False or None."""

    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return {"yes": True, "no": False}.get(value)

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


class StepForm(forms.Form):
    """A wizard step: reads its part of the profile and writes it back."""

    title = ""
    intro = ""

    @classmethod
    def path(cls, name: str) -> tuple[str, ...]:
        return tuple(name.split("__"))

    @classmethod
    def initial_from(cls, profile: dict[str, Any]) -> dict[str, Any]:
        initial = {}
        for name in cls.base_fields:
            value: Any = profile
            for part in cls.path(name):
                value = value.get(part) if isinstance(value, dict) else None
            if value is not None:
                if isinstance(cls.base_fields[name], forms.DateField):
                    value = dt.date.fromisoformat(value)
                initial[name] = value
        return initial

    transient: tuple[str, ...] = ()  # fields that help to answer but are no fact of the profile

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # figures of the law come from the parameters
            field.label = figure_text(field.label)
            field.help_text = figure_text(field.help_text)

    def merge_into(self, profile: dict[str, Any]) -> dict[str, Any]:
        """A copy of the profile with this step's answers (an empty answer removes the fact)."""
        merged = {
            key: dict(value) if isinstance(value, dict) else value for key, value in profile.items()
        }
        for name, value in self.cleaned_data.items():
            if name in self.transient:
                continue
            *parents, leaf = self.path(name)
            target = merged
            for parent in parents:
                target = target.setdefault(parent, {})
            if value in (None, ""):
                target.pop(leaf, None)
            else:
                target[leaf] = _plain(value)
        for group in ("qualification", "job_offer", "family"):
            if group in merged and not merged[group]:
                del merged[group]
        return merged


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _number(label, help_text, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class PersonForm(StepForm):
    title = _("About you")
    intro = _("Tell us a little about yourself. Every answer is optional.")

    nationality = forms.ChoiceField(
        label=_("Your nationality"),
        required=False,
        choices=country_choices,
        widget=LongSelect,
        help_text=_(
            "Why we ask: citizens of the EU, the EEA and Switzerland need no residence title."
        ),
    )
    age = forms.IntegerField(
        label=_("Your age in years"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Why we ask: from age [[age_rule_age]], a first residence title for work needs a "
            "higher salary or a pension provision; the opportunity card gives points for age."
        ),
    )
    municipality = forms.ChoiceField(
        label=_("Where in the Region Hannover will you live?"),
        required=False,
        choices=municipality_choices,
        widget=LongSelect,
        help_text=_(
            "Why we ask: the city of Hannover has its own foreigners' authority; the Region's "
            "serves the other 20 towns."
        ),
    )


class QualificationForm(OccupationFinder, StepForm):
    title = _("Your qualification")
    intro = _("Your highest professional qualification, and whether it is recognised in Germany.")

    qualification__level = forms.ChoiceField(
        label=_("Your highest qualification"),
        required=False,
        choices=[
            DONT_KNOW,
            ("academic", _("University degree")),
            ("vocational", _("Vocational training of at least 2 years")),
            ("none", _("No formal qualification")),
        ],
        help_text=_("Why we ask: most residence titles for work need a qualification."),
    )
    qualification__recognition = forms.ChoiceField(
        label=_("Is it recognised in Germany?"),
        required=False,
        choices=[
            DONT_KNOW,
            ("full", _("Yes, fully (or anabin / the ZAB says it is comparable)")),
            ("partial", _("Partly: the notice names deficits")),
            ("pending", _("I have applied; the decision is pending")),
            ("none", _("No, or I have not applied yet")),
        ],
        help_text=_("Why we ask: skilled-worker titles need a recognised qualification."),
    )
    qualification__german_degree = YesNoField(
        label=_("Did you obtain it in Germany?"),
        help_text=_("Why we ask: a German qualification needs no recognition."),
    )
    qualification__state_recognised_abroad = YesNoField(
        label=_("Is it state-recognised in the country where you obtained it?"),
        help_text=_(
            "Why we ask: some routes need no German recognition, only a qualification that "
            "the state recognises where it was obtained."
        ),
    )
    qualification__completed_on = forms.DateField(
        label=_("When did you complete it?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Why we ask: with a degree from the last [[career_starter_years]] years a lower Blue "
            "Card salary applies. Format: 2024-06-30."
        ),
        error_messages={"invalid": _("Please enter a date like 2024-06-30.")},
    )
    occupation = occupation_words_field()
    occupation_searched = forms.CharField(required=False, widget=forms.HiddenInput)
    qualification__occupation_isco = occupation_choice_field()
    qualification__regulated_profession = YesNoField(
        label=_("Is your profession regulated in Germany (for example doctor, nurse, teacher)?"),
        help_text=_(
            "Why we ask: a regulated profession needs a permit to practise. If you choose "
            "your occupation above, we know it."
        ),
    )
    qualification__practice_permit = YesNoField(
        label=_(
            "If your profession is regulated: do you have the German permit to practise it, "
            "or a promise of it?"
        ),
        help_text=_("Why we ask: a doctor or nurse needs it before working in the profession."),
    )

    transient = ("occupation", "occupation_searched")

    occupation_choice = "qualification__occupation_isco"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_occupations()


class ExperienceForm(StepForm):
    title = _("Your experience")
    intro = _("Years of work in your profession, counted back from today.")

    experience_years_last_5 = _number(
        _("Years of professional experience in the last 5 years"),
        _(
            "Why we ask: employment based on experience needs "
            "[[experienced_professional_experience_years]] years in the last 5."
        ),
        max_value=5,
    )
    experience_years_last_7 = _number(
        _("Years of professional experience in the last 7 years"),
        _("Why we ask: the opportunity card gives points for 5 years in the last 7."),
        max_value=7,
    )


class LanguagesForm(StepForm):
    title = _("Your languages")
    intro = _("Your level on the European scale (A1 to C2), as in a certificate if you have one.")

    german_level = forms.ChoiceField(
        label=_("German"),
        required=False,
        choices=LANGUAGE_CHOICES,
        help_text=_(
            "Why we ask: some routes need German [[german_language_minimum_for_recognition]]; "
            "the opportunity card gives points."
        ),
    )
    english_level = forms.ChoiceField(
        label=_("English"),
        required=False,
        choices=LANGUAGE_CHOICES,
        help_text=_(
            "Why we ask: English [[opportunity_card_language_minimum.english]] can replace "
            "German [[opportunity_card_language_minimum.german]] for the opportunity card."
        ),
    )


class JobOfferForm(StepForm):
    title = _("Your job offer")
    intro = _(
        "If you have no concrete job offer in Germany yet, answer No and leave the rest empty."
    )

    has_job_offer = YesNoField(
        label=_("Do you have a concrete job offer in Germany?"),
        help_text=_(
            "Why we ask: most titles for work need one; without one, the opportunity card "
            "lets you look for work in Germany."
        ),
    )
    job_offer__annual_gross_salary_eur = _number(
        _("Annual gross salary in euros"),
        _("Why we ask: the Blue Card and other titles need a minimum salary."),
        max_digits=12,
    )
    job_offer__matches_qualification = YesNoField(
        label=_("Does the job match your qualification?"),
        help_text=_("Why we ask: the job must be appropriate to your qualification."),
    )
    job_offer__contract_months = forms.IntegerField(
        label=_("Length of the contract in months (0 = permanent)"),
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Why we ask: the Blue Card needs a contract of at least "
            "[[blue_card_minimum_contract_months]] months."
        ),
    )
    job_offer__employer_bound_by_collective_agreement = YesNoField(
        label=_("Does the employer pay by a collective agreement (Tarifvertrag)?"),
        help_text=_("Why we ask: it can replace the minimum salary for experience-based work."),
    )
    job_offer__it_specialist = YesNoField(
        label=_("Is it a job as an IT specialist?"),
        help_text=_("Why we ask: IT specialists may come without a degree."),
    )
    training_place = YesNoField(
        label=_("Do you have a contract for vocational training in Germany (Ausbildung)?"),
        help_text=_("Why we ask: vocational training in Germany is a route of its own."),
    )


class FamilyForm(StepForm):
    title = _("Joining your family")
    intro = _(
        "Only if you want to join your spouse or a parent who lives (or will live) in Germany. "
        "Otherwise leave this step empty."
    )

    family__relation = forms.ChoiceField(
        label=_("Who do you want to join?"),
        required=False,
        choices=[
            ("", _("Nobody: I do not come to join family")),
            ("spouse", _("My spouse or registered civil partner")),
            ("child", _("My parent (I am their child)")),
        ],
        help_text=_(
            "Why we ask: spouses and children under [[family_reunification_ages.minor]] can join a "
            "family member."
        ),
    )
    family__sponsor_title = forms.ChoiceField(
        label=_("Which residence title does your family member have in Germany?"),
        required=False,
        choices=[
            DONT_KNOW,
            ("skilled_worker", _("Skilled worker (§ 18a or § 18b AufenthG)")),
            ("blue_card", _("EU Blue Card")),
            ("experienced_professional", _("Employment based on professional experience")),
            ("researcher", _("Researcher (§ 18d AufenthG)")),
            ("self_employed", _("Self-employed (§ 21 AufenthG)")),
            ("other", _("Another title")),
        ],
        help_text=_(
            "Why we ask: families of skilled workers need no German and no proof of living space."
        ),
    )
    family__living_space_adequate = YesNoField(
        label=_("Is there enough living space for the family?"),
        help_text=_("Why we ask: for some titles the authority checks the living space."),
    )
    family__applies_with_worker = YesNoField(
        label=_("Do you apply together with the worker in the accelerated procedure?"),
        help_text=_("Why we ask: the employer's accelerated procedure can include the family."),
    )


class StayForm(StepForm):
    title = _("Your stay in Germany so far")
    intro = _("Only if you already live in Germany. Otherwise leave this step empty.")

    previous_title = forms.ChoiceField(
        label=_("Which residence title have you held in Germany so far?"),
        required=False,
        choices=[
            DONT_KNOW,
            ("none", _("None: this would be my first residence title in Germany")),
            ("skilled_worker", _("A title as a skilled worker (§ 18a or § 18b AufenthG)")),
            ("blue_card", _("An EU Blue Card")),
            ("other", _("Another title, for example for studies or training")),
        ],
        help_text=_(
            "Why we ask: from the age of [[age_rule_age]] the first title as a skilled worker "
            "needs a higher salary or a pension provision."
        ),
    )
    title_held_months = _number(
        _("For how many months have you held this title?"),
        _(
            "Why we ask: a settlement permit is possible after "
            "[[settlement_months.blue_card_b1]] to [[settlement_months.skilled_worker]] months."
        ),
        max_digits=5,
    )
    pension_contribution_months = _number(
        _("For how many months have you paid into the German pension insurance?"),
        _("Why we ask: the settlement permit needs as many months of contributions."),
        max_digits=5,
    )
    basic_knowledge_shown = YesNoField(
        label=_('Have you passed the test "Leben in Deutschland" (or the integration course)?'),
        help_text=_("Why we ask: the settlement permit needs basic knowledge of life in Germany."),
    )


class OtherForm(StepForm):
    title = _("Other facts")
    intro = _("A few more facts that can open a route.")

    previous_stay_in_germany_months_last_5_years = _number(
        _("Months you lived in Germany in the last 5 years (not as a tourist)"),
        _(
            "Why we ask: a stay of [[opportunity_card_minimum_stay_months]] months gives a "
            "point for the opportunity card."
        ),
        max_digits=5,
    )
    spouse_eligible_for_opportunity_card = YesNoField(
        label=_("Does your spouse also meet the opportunity-card requirements and apply with you?"),
        help_text=_("Why we ask: it gives a point for the opportunity card."),
    )
    financial_means_secured = YesNoField(
        label=_("Can you pay your living costs (for example with a blocked account)?"),
        help_text=_("Why we ask: the opportunity card needs secured living costs."),
    )
    asylum_benefits_last_24_months = YesNoField(
        label=_(
            "Have you received benefits under the Asylum Seekers' Benefits Act in the last "
            "[[western_balkans_benefits_exclusion_months]] months?"
        ),
        help_text=_("Why we ask: they exclude the Western Balkans regulation."),
    )
    pension_provision_adequate = YesNoField(
        label=_("Do you have an adequate pension provision?"),
        help_text=_("Why we ask: from age [[age_rule_age]] it can replace the higher salary."),
    )
    evaluation_date = forms.DateField(
        label=_("When do you plan to apply? (leave empty for today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Why we ask: salary thresholds change every year on 1 January."),
        error_messages={"invalid": _("Please enter a date like 2026-03-01.")},
    )


STEPS: tuple[type[StepForm], ...] = (
    PersonForm,
    QualificationForm,
    ExperienceForm,
    LanguagesForm,
    JobOfferForm,
    FamilyForm,
    StayForm,
    OtherForm,
)


# The law names a whole group as missing when none of its facts is known.
GROUP_LABELS = {
    "qualification": _("Your qualification: what you learned and whether it is recognised"),
    "job_offer": _("Your job offer in Germany, if you have one: salary and contract"),
    "family": _("The family member in Germany you want to join"),
}


def field_labels() -> dict[str, Any]:
    """Profile path ("job_offer.contract_months", or a whole group) to the question asking it."""
    return {
        **GROUP_LABELS,
        # the API still accepts the older yes/no fact; the wizard asks the question that says more
        "first_residence_title_in_germany": StayForm.base_fields["previous_title"].label,
        **{
            name.replace("__", "."): figure_text(field.label)
            for form in STEPS
            for name, field in form.base_fields.items()
            if name not in form.transient
        },
    }
