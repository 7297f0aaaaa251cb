"""Forms of the employer portal (§ 81a procedure). They turn text into values; the services and
the law package decide. The worker's job facts reuse the pathway check's questions (same field
names, ``qualification__level`` for the profile path ``qualification.level``), so the saved
``Application.profile`` has exactly the shape the pathway check API accepts.
"""

from __future__ import annotations

import copy
import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from welcome.accounts.models import User
from welcome.countries import country_names
from welcome.law import parameters
from welcome.pathway.forms import (
    ExperienceForm,
    JobOfferForm,
    LanguagesForm,
    OtherForm,
    QualificationForm,
    StayForm,
    StepForm,
)
from welcome.pathway.labels import title_name
from welcome.procedures.actors import PRE_CHECKERS
from welcome.procedures.labels import EMPLOYER_ACTORS
from welcome.procedures.machine import State
from welcome.procedures.models import FamilyMember
from welcome.region.data import region
from welcome.widgets import LongSelect

PLEASE_CHOOSE = ("", _("Please choose"))


def _language_choices():
    return [(code, name) for code, name in settings.LANGUAGES]


def _municipality_choices():
    return [PLEASE_CHOOSE, *((m.name, m.name) for m in region().municipalities)]


def _country_choices():
    return [PLEASE_CHOOSE, *country_names(get_language() or "de").items()]


def title_choices():
    """The residence titles the accelerated procedure covers today (§ 81a Abs. 1 AufenthG)."""
    covered = parameters.value("accelerated_procedure_titles", timezone.localdate()).value
    return [PLEASE_CHOOSE, *((key, title_name(key)) for key in covered)]


def _not_in_future(day: dt.date | None) -> dt.date | None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date lies in the future. Please check it."))
    return day


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date like 1990-06-30.")},
        **kwargs,
    )


# --- company and users ---------------------------------------------------------------------------


class CompanyRegistrationForm(forms.Form):
    """A company and its first HR user. ``website`` is a honeypot people never see."""

    name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    address = forms.CharField(
        label=_("Address of the establishment"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    register_number = forms.CharField(
        label=_("Commercial register number"),
        max_length=40,
        help_text=_("For example HRB 12345 (Amtsgericht Hannover)."),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality of the establishment"),
        choices=_municipality_choices,
        help_text=_("It decides which authority is competent for your applications."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language for e-mails"), choices=_language_choices, initial="de"
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[User.username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Please choose another one."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("We could not accept this form. Please try again."))
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Please type them again."))
        elif first:
            candidate = User(
                username=data.get("username") or "",
                email=data.get("email") or "",
                first_name=data.get("contact_name") or "",
            )
            try:
                password_validation.validate_password(first, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ColleagueForm(forms.Form):
    """A further HR user of the same company; they choose their own password by e-mail."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[User.username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the link to choose a password to this address."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Please choose another one."))
        return username


# --- dashboard -----------------------------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Step"),
        required=False,
        choices=[("", _("All steps")), *State.choices],
    )
    actor = forms.ChoiceField(
        label=_("Who acts next"),
        required=False,
        choices=[("", _("Anyone")), *EMPLOYER_ACTORS.items()],
    )
    q = forms.CharField(
        label=_("Worker's name or reference"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def filters(self) -> dict:
        """The chosen filters; none at all while any of them is invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "state": data.get("state", ""),
            "actor": data.get("actor", ""),
            "q": data.get("q", ""),
        }


# --- applications --------------------------------------------------------------------------------


class WorkerForm(forms.Form):
    """The worker and the job: the Application's own fields."""

    worker_name = forms.CharField(label=_("Worker's full name"), max_length=200)
    worker_email = forms.EmailField(
        label=_("Worker's e-mail address"),
        required=False,
        help_text=_(
            "For the confirmation of the power of attorney and for news about the application."
        ),
    )
    worker_language = forms.ChoiceField(
        label=_("Worker's language for e-mails"), choices=_language_choices, initial="en"
    )
    worker_nationality = forms.ChoiceField(
        label=_("Nationality"), choices=_country_choices, widget=LongSelect
    )
    worker_birth_date = _date_field(
        _("Date of birth"), help_text=_("Format: 1990-06-30."), required=True
    )
    occupation = forms.CharField(
        label=_("Occupation in the job"),
        max_length=200,
        help_text=_("For example: Pflegefachkraft, software developer, electrician."),
    )
    occupation_isco = forms.CharField(
        label=_("Occupation code (ISCO-08, 4 digits)"),
        max_length=4,
        required=False,
        validators=[
            RegexValidator(r"^\d{4}$", _("Please enter the 4 digits of the ISCO-08 code."))
        ],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Leave it empty and we take the best match for the occupation above. "
            "Examples: 2512 software developer, 2221 nurse, 7126 plumber."
        ),
    )
    title = forms.ChoiceField(
        label=_("Residence title applied for"),
        choices=title_choices,
        help_text=_(
            "The check below shows for each title whether the facts given meet it. "
            "You can change the title while the application is being prepared."
        ),
    )

    def clean(self):
        """Nobody has to know a code: the occupation as typed finds its ISCO-08 unit group."""
        cleaned = super().clean()
        occupation = cleaned.get("occupation")
        if (
            occupation
            and not cleaned.get("occupation_isco")
            and "occupation_isco" not in self.errors
        ):
            from welcome.occupations import search

            try:
                best = search.suggest(occupation, get_language() or "de", limit=1)
            except search.QueryError:
                best = []
            if best and best[0].score >= search.CONFIDENT_SCORE:
                cleaned["occupation_isco"] = best[0].isco
        return cleaned

    def clean_worker_birth_date(self):
        born = _not_in_future(self.cleaned_data["worker_birth_date"])
        if born and born.year < 1900:
            raise forms.ValidationError(_("Please check the year of birth."))
        return born


def _reused(form: type[StepForm], name: str, label=None) -> forms.Field:
    """A pathway-check question, with a label that speaks about the worker."""
    field = copy.deepcopy(form.base_fields[name])
    if label is not None:
        field.label = label
    return field


class FactsForm(StepForm):
    """The worker's facts the pathway check needs, in its profile shape (see module doc)."""

    GROUPS = (
        (
            _("Qualification"),
            (
                "qualification__level",
                "qualification__recognition",
                "qualification__german_degree",
                "qualification__state_recognised_abroad",
                "qualification__completed_on",
                "qualification__regulated_profession",
            ),
        ),
        (
            _("Experience and languages"),
            ("experience_years_last_5", "german_level", "english_level"),
        ),
        (
            _("The job"),
            (
                "job_offer__annual_gross_salary_eur",
                "job_offer__matches_qualification",
                "job_offer__contract_months",
                "job_offer__employer_bound_by_collective_agreement",
                "job_offer__it_specialist",
            ),
        ),
        (
            _("Other facts"),
            ("previous_title", "pension_provision_adequate"),
        ),
    )

    qualification__level = _reused(
        QualificationForm, "qualification__level", _("The worker's highest qualification")
    )
    qualification__recognition = _reused(QualificationForm, "qualification__recognition")
    qualification__german_degree = _reused(
        QualificationForm, "qualification__german_degree", _("Was it obtained in Germany?")
    )
    qualification__state_recognised_abroad = _reused(
        QualificationForm,
        "qualification__state_recognised_abroad",
        _("Is it state-recognised in the country where it was obtained?"),
    )
    qualification__completed_on = _reused(
        QualificationForm, "qualification__completed_on", _("When was it completed?")
    )
    qualification__regulated_profession = _reused(
        QualificationForm,
        "qualification__regulated_profession",
        _("Is the profession regulated in Germany (for example doctor, nurse, teacher)?"),
    )
    experience_years_last_5 = _reused(ExperienceForm, "experience_years_last_5")
    german_level = _reused(LanguagesForm, "german_level")
    english_level = _reused(LanguagesForm, "english_level")
    job_offer__annual_gross_salary_eur = _reused(JobOfferForm, "job_offer__annual_gross_salary_eur")
    job_offer__matches_qualification = _reused(
        JobOfferForm,
        "job_offer__matches_qualification",
        _("Does the job match the worker's qualification?"),
    )
    job_offer__contract_months = _reused(JobOfferForm, "job_offer__contract_months")
    job_offer__employer_bound_by_collective_agreement = _reused(
        JobOfferForm,
        "job_offer__employer_bound_by_collective_agreement",
        _("Do you pay by a collective agreement (Tarifvertrag)?"),
    )
    job_offer__it_specialist = _reused(JobOfferForm, "job_offer__it_specialist")
    previous_title = _reused(
        StayForm,
        "previous_title",
        _("Which residence title has the worker held in Germany so far?"),
    )
    pension_provision_adequate = _reused(
        OtherForm,
        "pension_provision_adequate",
        _("Does the worker have an adequate pension provision?"),
    )

    def groups(self):
        """(legend, bound fields) per fieldset, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]


class FamilyMemberForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    relation = forms.ChoiceField(
        label=_("Relation to the worker"),
        choices=[PLEASE_CHOOSE, *FamilyMember.Relation.choices],
    )
    birth_date = _date_field(_("Date of birth"), help_text=_("Format: 2015-06-30."))

    def clean_birth_date(self):
        return _not_in_future(self.cleaned_data["birth_date"])


class UploadForm(forms.Form):
    """One checklist item's file; the key (and family member) come from the item's hidden
    fields and are checked by the service against the checklist."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=50)
    member = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        error_messages={"required": _("Please choose a file.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class NoticeForm(forms.Form):
    file = forms.FileField(
        label=_("Notice from the authority"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        error_messages={"required": _("Please choose a file.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


def _pre_checker_choices():
    names = {key: region().institutions[key].short_name for key in PRE_CHECKERS}
    return [PLEASE_CHOOSE, *names.items()]


class PreCheckForm(forms.Form):
    pre_checker = forms.ChoiceField(
        label=_("Who pre-checks the documents?"),
        choices=_pre_checker_choices,
        help_text=_(
            "The Welcome Center for any occupation; the IHK for industry and commerce; "
            "the Handwerkskammer for crafts."
        ),
        error_messages={"required": _("Please choose who pre-checks the documents.")},
    )


class FileForm(forms.Form):
    fee_acknowledged = forms.BooleanField(
        label=_("We will pay the fee for the accelerated procedure."),
        error_messages={"required": _("Please confirm that you will pay the fee.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=pgettext_lazy("withdraw", "Yes, withdraw this application. This cannot be undone."),
        error_messages={"required": _("Please confirm that you want to withdraw.")},
    )


# The forms of the employer's steps (machine.allowed(state, "employer")), by step.
TRANSITION_FORMS = {"request_pre_check": PreCheckForm, "file": FileForm, "withdraw": WithdrawForm}
