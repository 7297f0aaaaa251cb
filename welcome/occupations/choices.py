"""The occupation finder as form choices: the ranked suggestions for what a person typed, so the
pathway check and the request form ask the same way (no JavaScript: type, send, choose)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from welcome.occupations import catalogue, search


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
    groups = catalogue.unit_groups()
    if chosen and chosen in groups and chosen not in dict(choices):
        choices.insert(0, (chosen, groups[chosen].title(language)))
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
