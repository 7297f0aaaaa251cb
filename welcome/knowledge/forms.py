from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from welcome.knowledge.models import Audience


class SearchForm(forms.Form):
    """The FAQ search. Any text is accepted; the search itself copes with long or odd input."""

    q = forms.CharField(
        label=_("Your question"),
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "true"}
        ),
        help_text=_("For example: How do I get my qualification recognised?"),
    )


class FeedbackForm(forms.Form):
    """Was this answer helpful? Two buttons; nothing personal is stored."""

    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    q = forms.CharField(required=False, widget=forms.HiddenInput)


class EntryDraftForm(forms.Form):
    """An FAQ entry draft: metadata, then question and answer per language."""

    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=100,
        help_text=_("Lower-case letters, digits and hyphens, e.g. blue-card-salary."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=80)
    audience = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("The § or the official source, e.g. § 18g AufenthG."),
    )
    reviewed_on = forms.DateField(
        label=_("Last reviewed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-03-01.")},
    )
    popular = forms.BooleanField(label=_("Popular question"), required=False)
    note = forms.CharField(label=_("What did you change?"), max_length=300, required=False)

    def __init__(self, *args, new_entry: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not new_entry:
            del self.fields["slug"]
        for code, name in settings.LANGUAGES:
            self.fields[f"question_{code}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": name},
                max_length=300,
                required=False,
            )
            self.fields[f"answer_{code}"] = forms.CharField(
                label=_("Answer (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Markdown: **bold**, lists with -, links as [text](https://…)."),
            )

    @property
    def language_fields(self):
        return [
            (code, name, self[f"question_{code}"], self[f"answer_{code}"])
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        data = super().clean()
        for code, _name in settings.LANGUAGES:
            question, answer = data.get(f"question_{code}"), data.get(f"answer_{code}")
            if question and not answer:
                self.add_error(f"answer_{code}", _("Please write the answer to this question."))
            if answer and not question:
                self.add_error(f"question_{code}", _("Please write the question to this answer."))
        if not data.get("question_de") and not data.get("question_en"):
            self.add_error(
                "question_de", _("Please write at least the German or the English text.")
            )
        return data

    def translations(self) -> dict[str, tuple[str, str]]:
        return {
            code: (self.cleaned_data[f"question_{code}"], self.cleaned_data[f"answer_{code}"])
            for code, _name in settings.LANGUAGES
            if self.cleaned_data.get(f"question_{code}")
        }

    @staticmethod
    def initial_from(version) -> dict:
        initial = {
            "topic": version.topic,
            "audience": version.audiences,
            "source": version.source,
            "reviewed_on": version.reviewed_on,
            "popular": version.popular,
        }
        for row in version.translations.all():
            initial[f"question_{row.language}"] = row.question
            initial[f"answer_{row.language}"] = row.answer
        return initial
