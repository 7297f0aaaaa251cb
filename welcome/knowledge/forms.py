"""The editors' forms. Each content type's draft form speaks to the generic edit view
(views.editor_edit) through `for_editor(data, *, item, version, query)`, `is_valid()`,
`add_error(None, message)`, `draft_values()` (what its workflow's draft_save takes) and
`context()` (what its form template shows)."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.knowledge.models import Audience, RoadmapStep

REQUIRED_LANGUAGES = ("de", "en")  # a guide and each of its steps need at least these titles
MARKDOWN_HELP = _("Markdown: **bold**, lists with -, links as [text](https://…).")


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
                help_text=MARKDOWN_HELP,
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

    @classmethod
    def for_editor(cls, data, *, item, version, query) -> "EntryDraftForm":
        """A new entry starts as reviewed today; a known one from `version` (draft or published)."""
        if item is None:
            return cls(data, new_entry=True, initial={"reviewed_on": timezone.localdate()})
        return cls(data, new_entry=False, initial=cls.initial_from(version) if version else {})

    def draft_values(self) -> dict:
        data = self.cleaned_data
        fields = ["slug", "topic", "audience", "source", "reviewed_on", "popular", "note"]
        values = {field: data[field] for field in fields if field in self.fields}
        values["translations"] = {
            code: (data[f"question_{code}"], data[f"answer_{code}"])
            for code, _name in settings.LANGUAGES
            if data.get(f"question_{code}")
        }
        return values

    def context(self) -> dict:
        return {"form": self}

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


def guide_languages(content: dict | None, extra=()) -> list[tuple[str, str]]:
    """The languages the guide form offers: German, English, every language the guide has, and
    any the editor asked to add; in the order of settings.LANGUAGES."""
    wanted = set(REQUIRED_LANGUAGES) | set(extra)
    if content:
        wanted |= set(content["title"])
        for step in content["steps"]:
            wanted |= set(step["title"])
    return [(code, name) for code, name in settings.LANGUAGES if code in wanted]


class GuideDraftForm(forms.Form):
    """A process guide draft: source, review date, then title and summary per language."""

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

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for code, name in languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=code in REQUIRED_LANGUAGES,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
                error_messages={"required": _("Please write the title in this language.")},
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code, "dir": "auto"}),
                help_text=MARKDOWN_HELP,
            )

    @property
    def language_fields(self):
        return [
            (code, name, self[f"title_{code}"], self[f"summary_{code}"])
            for code, name in self.languages
        ]

    def clean(self):
        data = super().clean()
        for code, _name in self.languages:
            missing = not data.get(f"title_{code}") and f"title_{code}" not in self.errors
            if data.get(f"summary_{code}") and missing:
                self.add_error(f"title_{code}", _("Please write the title to this summary."))
        return data

    @staticmethod
    def initial_from(content: dict) -> dict:
        initial = {"source": content["source"], "reviewed_on": content["reviewed_on"]}
        for code, title in content["title"].items():
            initial[f"title_{code}"] = title
            initial[f"summary_{code}"] = content["summary"].get(code, "")
        return initial


class GuideStepForm(forms.Form):
    """One step of a guide draft: its place, its roadmap step, title and text per language."""

    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        max_value=99,
        required=False,
    )
    roadmap_step = forms.ChoiceField(
        label=_("Roadmap step"),
        choices=[("", _("No roadmap step"))] + RoadmapStep.choices,
        required=False,
        help_text=_("The step of the pathway check's roadmap this step belongs to."),
    )

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for code, name in languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=code in REQUIRED_LANGUAGES,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
                error_messages={"required": _("Please write the title in this language.")},
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code, "dir": "auto"}),
                help_text=MARKDOWN_HELP,
            )

    @property
    def language_fields(self):
        return [
            (code, name, self[f"title_{code}"], self[f"body_{code}"])
            for code, name in self.languages
        ]

    def clean(self):
        data = super().clean()
        for code, _name in self.languages:
            title, body = data.get(f"title_{code}"), data.get(f"body_{code}")
            if title and not body:
                self.add_error(f"body_{code}", _("Please write the text of this step."))
            if body and not title and f"title_{code}" not in self.errors:
                self.add_error(f"title_{code}", _("Please write the title of this step."))
        return data

    def step(self) -> dict:
        data = self.cleaned_data
        return {
            "roadmap_step": data["roadmap_step"] or None,
            "title": {c: data[f"title_{c}"] for c, _n in self.languages if data[f"title_{c}"]},
            "body": {c: data[f"body_{c}"] for c, _n in self.languages if data[f"body_{c}"]},
        }

    @staticmethod
    def initial_from(content: dict) -> list[dict]:
        initial = []
        for position, step in enumerate(content["steps"], 1):
            row = {"position": position, "roadmap_step": step["roadmap_step"] or ""}
            for code, title in step["title"].items():
                row[f"title_{code}"] = title
                row[f"body_{code}"] = step["body"].get(code, "")
            initial.append(row)
        return initial


class BaseGuideStepFormSet(forms.BaseFormSet):
    """The steps of a guide: one empty extra step to add, a checkbox to remove, and the order
    given by the position numbers. A step given the number of another goes before it, so
    "move step 5 to 2" is one change; other ties keep the order on the page."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[DELETION_FIELD_NAME].label = _("Remove this step")

    def kept_forms(self) -> list[GuideStepForm]:
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.has_changed() or index < self.initial_form_count()
            if not self._should_delete_form(form)
        ]
        kept.sort(
            key=lambda item: (
                item[1].cleaned_data.get("position") or 100,
                "position" not in item[1].changed_data,  # moved here: goes before the one here
                item[0],
            )
        )
        return [form for _index, form in kept]

    def clean(self):
        if not any(self.errors) and not self.kept_forms():
            raise forms.ValidationError(_("A guide needs at least one step."))

    def steps(self) -> list[dict]:
        return [form.step() for form in self.kept_forms()]


GuideStepFormSet = forms.formset_factory(
    GuideStepForm, formset=BaseGuideStepFormSet, extra=1, can_delete=True
)


class GuideEditForm:
    """The guide form and its steps as one draft form: German, English and every language of the
    guide are offered; ?language=tr adds one."""

    def __init__(self, data, *, content: dict | None, requested: list[str]):
        self.requested = requested
        self.languages = guide_languages(content, extra=requested)
        initial = GuideDraftForm.initial_from(content) if content else {}
        self.form = GuideDraftForm(data, languages=self.languages, initial=initial)
        self.steps = GuideStepFormSet(
            data,
            prefix="steps",
            initial=GuideStepForm.initial_from(content) if content else [],
            form_kwargs={"languages": self.languages},
        )

    @classmethod
    def for_editor(cls, data, *, item, version, query) -> "GuideEditForm":
        content = version.content if version else None
        return cls(data, content=content, requested=query.getlist("language"))

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.steps.is_valid()])

    def add_error(self, field, error) -> None:
        self.form.add_error(field, error)

    def draft_values(self) -> dict:
        """The content document (the shape of one YAML item)."""
        data, form = self.form.cleaned_data, self.form
        titles = {c: data[f"title_{c}"] for c, _n in form.languages if data[f"title_{c}"]}
        content = {
            "source": data["source"],
            "reviewed_on": data["reviewed_on"].isoformat(),
            "title": titles,
            "summary": {c: data[f"summary_{c}"] for c in titles if data[f"summary_{c}"]},
            "steps": self.steps.steps(),
        }
        return {"content": content}

    def context(self) -> dict:
        shown = {code for code, _name in self.languages}
        more = [
            (name, urlencode({"language": [*self.requested, code]}, doseq=True))
            for code, name in settings.LANGUAGES
            if code not in shown
        ]
        return {"form": self.form, "steps": self.steps, "more_languages": more}
