"""The finder for young people (public, GET, nothing stored) and the programme editors' pages.

The editor pages of a version, its history and its edit form are the generic ones of
welcome.knowledge.views, given this content type's `EditorPages`.
"""

from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language

from welcome.accounts.decorators import staff_required
from welcome.knowledge.views import EditorPages
from welcome.youth import presenters, selectors
from welcome.youth.forms import FinderForm, ProgrammeDraftForm
from welcome.youth.services import PROGRAMMES


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def finder(request):
    """Five questions and, once answered, the programmes that fit, each with its reasons."""
    answered = any(name in request.GET for name in FinderForm.base_fields)
    form = FinderForm(request.GET if answered else None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        published = selectors.programme_list_published(language=_language())
        context |= presenters.results(form.profile(), published)
        # Where a text is an unchecked translation: every programme has a German text.
        context["german_url"] = translate_url(request.get_full_path(), "de")
    return render(request, "youth/finder.html", context)


@staff_required
def editor_home(request):
    """Drafts waiting for a second editor, and every programme."""
    return render(
        request,
        "youth/editor/home.html",
        {
            "drafts": PROGRAMMES.drafts_awaiting_publication(user=request.user),
            "programmes": selectors.programme_list_for_editor(user=request.user),
        },
    )


def _preview(version) -> dict:
    return {"translations": list(version.translations.all())}


PROGRAMME_PAGES = EditorPages(
    content=PROGRAMMES,
    url_name="youth:editor",
    history_url="youth:editor_programme",
    templates="youth/editor/",
    form=ProgrammeDraftForm.for_editor,
    preview=_preview,
)
