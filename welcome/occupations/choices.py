"""The occupation finder in a form: the words a person types, the ranked ISCO-08 unit groups to
choose from, so the pathway check and the request form ask the same way (no JavaScript: type,
send, choose)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from welcome.occupations import catalogue, search
from welcome.widgets import ChoiceRadios


def occupation_words_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Your occupation, in your own words"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        help_text=gettext_lazy(
            "Why we ask: it tells whether your profession is regulated in Germany and who "
            "recognises it. Any language, for example nurse, Elektriker or كهربائي. "
            "We then show matching occupations to choose from."
        ),
    )


def occupation_choice_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Which occupation fits best?"),
        required=False,
        widget=ChoiceRadios,
        choices=[],
    )


class OccupationFinder:
    """For a form with ``occupation`` (the words), ``occupation_searched`` (hidden: the words
    whose suggestions were shown) and the choice field named ``occupation_choice``."""

    occupation_choice = "occupation_isco"

    def offer_occupations(self) -> None:
        """The suggestions for the words typed as the choice's options; hidden while none."""
        field = self.fields[self.occupation_choice]
        source = self.data if self.is_bound else self.initial
        field.choices = occupation_choices(
            self.occupation_query(), source.get(self.occupation_choice)
        )
        if not field.choices:  # nothing typed or chosen: no empty group of options
            field.widget = forms.HiddenInput()

    def occupation_query(self) -> str:
        return (self.data.get("occupation") or "").strip()[:100] if self.is_bound else ""

    def awaiting_choice(self) -> bool:
        """New words were typed: their suggestions are to be shown before going on."""
        query = self.occupation_query()
        return bool(query) and query != (self.data.get("occupation_searched") or "").strip()

    def data_to_choose(self):
        """The data to show again with the suggestions: the words marked as shown, and nothing
        chosen for the person — not even "None of these" (the empty hidden field)."""
        data = self.data.copy()
        data["occupation_searched"] = self.occupation_query()
        if not data.get(self.occupation_choice):
            data.pop(self.occupation_choice, None)
        return data


def occupation_choices(query: str, chosen: str | None) -> list[tuple[str, str]]:
    """The ranked suggestions for what a person typed, with the occupation chosen before."""
    language = get_language() or "de"
    choices = []
    if query:
        try:
            suggestions = search.suggest(query, language, limit=6)
        except search.QueryError:
            suggestions = []
        choices = [(item.isco, suggestion_label(item, language)) for item in suggestions]
    title = catalogue.title_of(chosen, language)
    if title and chosen not in dict(choices):
        choices.insert(0, (chosen, title))
    if choices:
        choices.append(("", _("None of these")))
    return choices


def suggestion_label(item: search.Suggestion, language: str) -> str:
    """The unit group's title, regulated or not, and who recognises it. Where the catalogue has
    no titles in the reader's language (only en, de, fr), the everyday name that matched comes
    first when it is in that language: "طباخ (Cooks)", not "Cooks" alone."""
    title = item.title
    if (
        language not in catalogue.TITLE_LANGUAGES
        and item.matched_language == language
        and catalogue.normalise(item.matched) != catalogue.normalise(title)
    ):
        # The title isolated (U+2068 … U+2069), so its parentheses keep their place in Arabic.
        title = f"{item.matched} (\u2068{title}\u2069)"
    if item.regulated:
        text = _("%(title)s – regulated in Germany; recognition: %(body)s")
    else:
        text = _("%(title)s – recognition or comparison: %(body)s")
    return text % {"title": title, "body": item.recognition_body_name}
