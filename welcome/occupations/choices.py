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
        choices = [(item.isco, suggestion_label(item)) for item in suggestions]
    groups = catalogue.unit_groups()
    if chosen and chosen in groups and chosen not in dict(choices):
        choices.insert(0, (chosen, groups[chosen].title(language)))
    if choices:
        choices.append(("", _("None of these")))
    return choices


def suggestion_label(item: search.Suggestion) -> str:
    if item.regulated:
        text = _("%(title)s – regulated in Germany; recognition: %(body)s")
    else:
        text = _("%(title)s – recognition or comparison: %(body)s")
    return text % {"title": item.title, "body": item.recognition_body_name}
