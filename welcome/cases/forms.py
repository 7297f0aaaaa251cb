"""Thin forms of the back office: parse and validate input, the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from welcome.accounts.models import User
from welcome.cases.files import MAX_UPLOAD_BYTES
from welcome.cases.models import Case, DocumentKind, Purpose, Topic
from welcome.region.data import region
from welcome.region.models import Institution


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search in notes"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Case.Status.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES]
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Cases in our inbox")), ("sent", _("Cases we handed over"))],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    # From the Region's data in memory (no query per render), as the handover choices.
    institution = forms.ChoiceField(
        label=_("Currently at"),
        required=False,
        choices=lambda: [("", _("All")), *institution_choices(short=True)[1:]],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role not in ("team_lead", "administrator"):
            del self.fields["institution"]

    def as_filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        institution = data.get("institution")
        return {
            "q": data.get("q", ""),
            "scope": data.get("scope", ""),
            "status": data.get("status", ""),
            "language": data.get("language", ""),
            "overdue": "1" if data.get("overdue") else "",
            "mine": "1" if data.get("mine") else "",
            "institution": institution or "",
        }


def institution_choices(*, exclude: str | None = None, short: bool = False) -> list:
    """Institutions from the Region's data in memory (no query), sorted by name."""
    items = sorted(region().institutions.values(), key=lambda item: item.name)
    return [
        ("", _("Please choose")),
        *(
            (item.id, item.short_name if short else item.name)
            for item in items
            if item.id != exclude
        ),
    ]


class InstitutionField(forms.ChoiceField):
    """A choice of institution that cleans to the Institution row (one query, on submit only)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return Institution.objects.get(pk=value)
        except Institution.DoesNotExist as error:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"] % {"value": value}
            ) from error


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a note.")},
    )


class HandoverForm(forms.Form):
    to_institution = InstitutionField(
        label=_("Hand over to"),
        error_messages={"required": _("Please choose the institution to hand over to.")},
    )
    reason = forms.CharField(
        label=_("Reason for the handover"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The receiving institution reads this first."),
        error_messages={"required": _("Please give a reason for the handover.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, auto_id="id_handover_%s", **kwargs)
        self.fields["to_institution"].choices = institution_choices(exclude=case.inbox_id)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        empty_label=_("Please choose"),
        error_messages={"required": _("Please choose a case worker.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            institution_id=case.inbox_id, is_active=True, kind=User.Kind.STAFF
        ).order_by("username")
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (Case.Status.IN_PROGRESS, Case.Status.IN_PROGRESS.label),
            (Case.Status.WAITING, Case.Status.WAITING.label),
            (Case.Status.CLOSED, Case.Status.CLOSED.label),
        ],
    )


class ConsentForm(forms.Form):
    institution = InstitutionField(
        label=_("Institution"),
        choices=institution_choices,
        error_messages={"required": _("Please choose an institution.")},
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_consent_%s", **kwargs)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", _("Please choose")), *DocumentKind.choices],
        error_messages={"required": _("Please choose the kind of document.")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        error_messages={"required": _("Please choose a file.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Please upload a smaller file.")
            )
        return upload


def municipality_choices() -> list:
    """The Region's municipalities from its data in memory (no query), sorted by name."""
    return [("", _("All")), *sorted((m.name, m.name) for m in region().municipalities)]


class SearchForm(forms.Form):
    """Search across the cases the user may see (selectors.case_search_for_user decides)."""

    text = forms.CharField(
        label=_("Name, e-mail or reference"),
        required=False,
        max_length=200,
        help_text=_(
            "Parts are enough (“müller”, “2026-0001”); accents and capital letters do not matter."
        ),
    )
    opened_from = forms.DateField(
        label=_("Opened from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opened_to = forms.DateField(
        label=_("Opened until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Case.Status.choices]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All")), *Topic.choices]
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"), required=False, choices=municipality_choices
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES]
    )
    scope = forms.ChoiceField(
        label=_("Search in"),
        required=False,
        choices=[
            ("", _("All cases we can see")),
            ("inbox", _("Cases in our inbox")),
            ("sent", _("Cases we handed over")),
        ],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start of the period is after its end. Please check the dates.")
            )
        return data

    def as_filters(self) -> dict:
        """The valid input as strings for selectors.SearchFilters (and for the page links)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else (value or "")
            for name, value in ((name, data.get(name)) for name in self.fields)
        }


class CaseIdsField(forms.Field):
    """The ids of the selected cases (checkboxes named alike); at most 100 per submit."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Please select at least one case."),
        "invalid": _("The selection is not valid. Please select the cases again."),
        "too_many": _("Please select at most %(limit)d cases at once."),
    }
    limit = 100

    def to_python(self, value):
        if not value:
            return []
        try:
            ids = list(dict.fromkeys(int(item) for item in value))
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if len(ids) > self.limit:
            raise forms.ValidationError(
                self.error_messages["too_many"] % {"limit": self.limit}, code="too_many"
            )
        return ids


class BulkActionForm(forms.Form):
    """One action for several cases of a list; each case then goes through its own service."""

    ASSIGN, STATUS, HANDOVER = "assign", "status", "handover"

    cases = CaseIdsField()
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("", _("Please choose")),
            (ASSIGN, _("Assign to a case worker")),
            (STATUS, _("Change the status")),
            (HANDOVER, _("Hand over to another institution")),
        ],
        error_messages={"required": _("Please choose what to do with the selected cases.")},
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Please choose"),
    )
    status = forms.ChoiceField(
        label=_("New status"), required=False, choices=[("", _("Please choose"))]
    )
    to_institution = InstitutionField(label=_("Hand over to"), required=False)
    reason = forms.CharField(
        label=_("Reason for the handover"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The same reason for every selected case; the receiving inbox reads it."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, auto_id="id_bulk_%s", **kwargs)
        self.fields["status"].choices = [
            ("", _("Please choose")),
            *((value, label) for value, label in StatusForm.base_fields["status"].choices),
        ]
        self.fields["to_institution"].choices = institution_choices(exclude=user.institution_id)
        if user.has_role("team_lead", "administrator"):
            self.fields["assignee"].queryset = User.objects.filter(
                institution_id=user.institution_id, is_active=True, kind=User.Kind.STAFF
            ).order_by("username")
            self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
        else:
            # Only team leads assign (the service says so too); case workers are not offered it.
            del self.fields["assignee"]
            self.fields["action"].choices = [
                choice for choice in self.fields["action"].choices if choice[0] != self.ASSIGN
            ]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.ASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Please choose a case worker."))
        if action == self.STATUS and not data.get("status"):
            self.add_error("status", _("Please choose the new status."))
        if action == self.HANDOVER:
            if not data.get("to_institution"):
                self.add_error(
                    "to_institution", _("Please choose the institution to hand over to.")
                )
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Please give a reason for the handover."))
        return data


class DigestForm(forms.Form):
    digest = forms.BooleanField(
        label=_("Also send me my new notifications as a daily e-mail (working days, 6–7 am)"),
        help_text=_("The e-mail names case references only, never a person's data."),
        required=False,
    )
