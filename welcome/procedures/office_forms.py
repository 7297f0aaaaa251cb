"""Thin forms of the staff pages for § 81a applications: parse and validate input, the services
decide. Every error is a sentence the person can act on."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.procedures.labels import outcome_label
from welcome.procedures.machine import State, Transition

INBOX_GROUPS = [
    ("", _("All applications")),
    ("pre_check", _("To pre-check")),
    ("act", _("To act on")),
]


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), required=False, choices=INBOX_GROUPS)
    state = forms.ChoiceField(
        label=_("Step"), required=False, choices=[("", _("All steps")), *State.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue deadlines only"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "show": data.get("show", ""),
            "state": data.get("state", ""),
            "overdue": bool(data.get("overdue")),
        }


class TransitionForm(forms.Form):
    """One step the person may take now. ``version`` is the version of the application the page
    showed: a step decided on an older version is refused (someone else acted meanwhile).
    ``on`` is asked only when the step is recorded from the notice of an authority that works
    outside the platform; its date then drives the deadlines."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    on = forms.DateField(
        label=_("Date on the authority's notice"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The deadlines are counted from this date, as the law counts them."),
        error_messages={
            "invalid": _("Please enter the date of the notice, for example 27.03.2026."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        error_messages={"invalid_choice": _("Please choose one of the decisions listed.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Please keep the note under 2,000 characters.")},
    )

    def __init__(self, *args, transition: Transition, recorded: bool, **kwargs):
        super().__init__(*args, prefix=transition.name, **kwargs)
        self.transition = transition
        if recorded:
            self.fields["on"].required = True
            self.fields["on"].error_messages["required"] = _(
                "Please enter the date on the authority's notice."
            )
        else:
            del self.fields["on"]
        if transition.outcomes:
            field = self.fields["outcome"]
            field.required = True
            field.choices = [
                ("", _("Please choose")),
                *((o, outcome_label(transition.name, o)) for o in transition.outcomes),
            ]
            field.error_messages["required"] = _("Please choose the decision.")
        else:
            del self.fields["outcome"]
        self.fields["version"].error_messages.update(
            {
                "required": _("The page was incomplete. Please reload it and try again."),
                "invalid": _("The page was incomplete. Please reload it and try again."),
            }
        )

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("The date on the notice cannot lie in the future."))
        return on


class ReviewForm(forms.Form):
    """Approve a document or reject it with a reason (two buttons, one form, no script)."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        error_messages={
            "required": _("Please choose whether to approve or reject the document."),
            "invalid_choice": _("Please choose whether to approve or reject the document."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for a rejection"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you reject: the employer sees it and can fix the document."),
        error_messages={"max_length": _("Please keep the reason under 2,000 characters.")},
    )

    def __init__(self, *args, document_id: int, **kwargs):
        super().__init__(*args, prefix=f"document-{document_id}", **kwargs)
