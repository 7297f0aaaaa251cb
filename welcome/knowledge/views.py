"""FAQ pages for the public, and the editors' workplace (drafts, publication, history, gaps)."""

import datetime as dt
import json
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcome.accounts.decorators import staff_required
from welcome.knowledge import selectors, services
from welcome.knowledge.forms import (
    EntryDraftForm,
    FeedbackForm,
    GuideDraftForm,
    GuideStepForm,
    GuideStepFormSet,
    SearchForm,
    guide_content_from_forms,
    guide_languages,
)
from welcome.knowledge.models import RoadmapStep
from welcome.knowledge.search import search
from welcome.knowledge.text import render_markdown, words


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def _language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


@lru_cache(maxsize=16)
def _count_forms(language: str) -> str:
    """The live search's "N answers found" in every plural category of `language`, as JSON.

    Keyed by the CLDR category names the browser's Intl.PluralRules gives (Arabic has six:
    zero, one, two, few, many, other); each from ngettext with a number of that category.
    """
    rule = Locale.parse(language).plural_form
    forms: dict[str, str] = {}
    for number in range(200):  # every category of our languages occurs below 200
        forms.setdefault(
            rule(number),
            ngettext("%(count)s answer found.", "%(count)s answers found.", number),
        )
    return json.dumps(forms, ensure_ascii=False)


def index(request):
    """Search (plain GET form; live results where JavaScript runs) and the list of entries."""
    form = SearchForm(request.GET or None)
    language = _language()
    outcome = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        outcome = search(query=query, language=language)
        if not outcome.results:
            services.search_gap_record(query=query, language=language, reason="no_result")
    entries = [] if outcome else selectors.entry_list_published(language=language)
    topics: dict[str, list] = {}
    for entry, localised in entries:
        topics.setdefault(entry.published_version.topic, []).append((entry, localised))
    return render(
        request,
        "knowledge/index.html",
        {
            "form": form,
            "outcome": outcome,
            "query": query,
            "query_string": urlencode({"q": query[:300]}) if query else "",
            "corrected": " ".join(outcome.corrections.get(w, w) for w in words(query)[:24])
            if outcome and outcome.corrections
            else "",
            "topics": [(topic_label(t), items) for t, items in topics.items()],
            "guides": [
                (g, selectors.localise(g.translations.all(), language))
                for g in selectors.guide_list()
            ],
            "language": language,
            "count_forms": _count_forms(language),
        },
    )


TOPIC_LABELS = {
    "accelerated_procedure": gettext_lazy("Accelerated skilled-worker procedure"),
    "arrival": gettext_lazy("Arrival and first steps"),
    "employers": gettext_lazy("For employers"),
    "blue_card": gettext_lazy("EU Blue Card"),
    "recognition": gettext_lazy("Recognition of qualifications"),
    "opportunity_card": gettext_lazy("Opportunity card"),
    "family": gettext_lazy("Family"),
    "visa": gettext_lazy("Visa"),
    "residence": gettext_lazy("Residence permits"),
    "work": gettext_lazy("Work and employment"),
    "language": gettext_lazy("Language"),
    "training": gettext_lazy("Vocational training"),
    "young_people": gettext_lazy("Young people"),
    "costs": gettext_lazy("Costs and fees"),
    "general": gettext_lazy("General"),
}


def topic_label(topic: str) -> str:
    label = TOPIC_LABELS.get(topic)
    return str(label) if label else topic.replace("_", " ").capitalize()


def entry(request, slug: str):
    """One published entry in the reader's language, or visibly in English, then German."""
    item = selectors.entry_get_published(slug=slug)
    language = _language()
    localised = selectors.localise(item.published_version.translations.all(), language)
    if localised is None:
        raise Http404
    query = request.GET.get("q", "")[:300]
    return render(
        request,
        "knowledge/entry.html",
        {
            "entry": item,
            "version": item.published_version,
            "localised": localised,
            "answer_html": render_markdown(localised.translation.answer),
            "requested_name": _language_name(language),
            "shown_name": _language_name(localised.language),
            "shown_bidi": get_language_info(localised.language)["bidi"],
            "feedback_form": FeedbackForm(initial={"q": query}),
        },
    )


@require_POST
def feedback(request, slug: str):
    item = selectors.entry_get_published(slug=slug)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.entry_feedback_record(
            entry=item,
            language=_language(),
            helpful=form.cleaned_data["helpful"] == "yes",
            query=form.cleaned_data["q"],
        )
        messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Please choose Yes or No."))
    return redirect("knowledge:entry", slug=item.slug)


def guide(request, slug: str):
    item = selectors.guide_get(slug=slug)
    language = _language()
    localised = selectors.localise(item.translations.all(), language)
    steps = [
        (step, selectors.localise(step.translations.all(), language)) for step in item.steps.all()
    ]
    return render(
        request,
        "knowledge/guide.html",
        {
            "guide": item,
            "localised": localised,
            "summary_html": render_markdown(localised.translation.summary) if localised else "",
            "steps": [
                (step, loc, render_markdown(loc.translation.body) if loc else "")
                for step, loc in steps
            ],
            "requested_name": _language_name(language),
            "shown_name": _language_name(localised.language) if localised else "",
        },
    )


# --- editors ------------------------------------------------------------------------------------


@staff_required
def editor_home(request):
    drafts = selectors.drafts_awaiting_publication(user=request.user)
    entries = selectors.entry_list_for_editor(user=request.user)
    language = _language()
    guides = [
        (
            guide,
            selectors.localise(guide.translations.all(), language),
            next((v for v in guide.current_versions if v.state == "published"), None),
            next((v for v in guide.current_versions if v.state == "draft"), None),
        )
        for guide in selectors.guide_list_for_editor(user=request.user)
    ]
    return render(
        request,
        "knowledge/editor/home.html",
        {
            "drafts": drafts,
            "entries": entries,
            "guide_drafts": selectors.guide_drafts_awaiting_publication(user=request.user),
            "guides": guides,
            "language": language,
        },
    )


@staff_required
def editor_new(request):
    selectors.drafts_awaiting_publication(user=request.user)  # editors only (404 otherwise)
    form = EntryDraftForm(
        request.POST or None, new_entry=True, initial={"reviewed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.entry_draft_save(
                by=request.user,
                entry=None,
                slug=form.cleaned_data["slug"],
                **_draft_fields(form),
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft is saved. A second editor can publish it."))
            return redirect("knowledge:editor_version", pk=draft.pk)
    return render(request, "knowledge/editor/form.html", {"form": form, "entry": None})


def _draft_fields(form: EntryDraftForm) -> dict:
    data = form.cleaned_data
    return {
        "topic": data["topic"],
        "audience": data["audience"],
        "source": data["source"],
        "reviewed_on": data["reviewed_on"],
        "popular": data["popular"],
        "note": data["note"],
        "translations": form.translations(),
    }


@staff_required
def editor_edit(request, slug: str):
    """Change the open draft of an entry, or start one from the published version."""
    item = selectors.entry_get_for_editor(user=request.user, slug=slug)
    base = item.versions.filter(state="draft").first() or item.published_version
    initial = EntryDraftForm.initial_from(base) if base else {}
    form = EntryDraftForm(request.POST or None, new_entry=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.entry_draft_save(by=request.user, entry=item, **_draft_fields(form))
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft is saved. A second editor can publish it."))
            return redirect("knowledge:editor_version", pk=draft.pk)
    return render(request, "knowledge/editor/form.html", {"form": form, "entry": item})


@staff_required
def editor_version(request, pk: int):
    version = selectors.version_get_for_editor(user=request.user, version_id=pk)
    published = version.entry.published_version
    diff = None
    if published and published.pk != version.pk:
        diff = selectors.version_diff(published, version)
    return render(
        request,
        "knowledge/editor/version.html",
        {
            "version": version,
            "published": published,
            "diff": diff,
            "can_publish": version.state == "draft"
            and request.user.pk not in services.version_contributors(version),
            "translations": [
                (row, render_markdown(row.answer)) for row in version.translations.all()
            ],
        },
    )


def _workflow_action(
    request,
    pk: int,
    action,
    success: str,
    *,
    get=selectors.version_get_for_editor,
    page: str = "knowledge:editor_version",
):
    version = get(user=request.user, version_id=pk)
    try:
        result = action(version=version, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, error.message)
        return redirect(page, pk=version.pk)
    messages.success(request, success)
    return redirect(page, pk=result.pk)


@require_POST
@staff_required
def editor_publish(request, pk: int):
    return _workflow_action(
        request, pk, services.entry_version_publish, _("The version is published.")
    )


@require_POST
@staff_required
def editor_discard(request, pk: int):
    return _workflow_action(request, pk, services.entry_draft_discard, _("The draft is discarded."))


@require_POST
@staff_required
def editor_restore(request, pk: int):
    return _workflow_action(
        request,
        pk,
        services.entry_version_restore,
        _("A new draft with the content of this version is ready. A second editor can publish it."),
    )


@staff_required
def editor_history(request, slug: str):
    """All versions of an entry; compare any two (?a=&b=)."""
    item = selectors.entry_get_for_editor(user=request.user, slug=slug)
    versions = selectors.version_list_for_editor(user=request.user, entry=item)
    by_number = {str(v.number): v for v in versions}
    diff, old, new = None, None, None
    a, b = request.GET.get("a"), request.GET.get("b")
    if a and b:
        old, new = by_number.get(a), by_number.get(b)
        if old and new:
            diff = selectors.version_diff(old, new)
        else:
            messages.error(request, _("Please choose two versions of this entry."))
    return render(
        request,
        "knowledge/editor/history.html",
        {"entry": item, "versions": versions, "diff": diff, "old": old, "new": new},
    )


@staff_required
def editor_gaps(request):
    gaps = selectors.gap_list_for_editor(user=request.user)
    return render(
        request,
        "knowledge/editor/gaps.html",
        {"gaps": gaps, "new_url": reverse("knowledge:editor_new")},
    )


# --- editors: process guides --------------------------------------------------------------------


@staff_required
def editor_guide(request, slug: str):
    """All versions of a guide; compare any of them with the published one (?compare=N)."""
    item = selectors.guide_get_for_editor(user=request.user, slug=slug)
    versions = selectors.guide_version_list_for_editor(user=request.user, guide=item)
    published = next((v for v in versions if v.state == "published"), None)
    chosen, diff = None, None
    if number := request.GET.get("compare"):
        chosen = next((v for v in versions if str(v.number) == number), None)
        if chosen and published:
            diff = selectors.guide_version_diff(published, chosen)
        else:
            messages.error(request, _("Please choose a version of this guide."))
    return render(
        request,
        "knowledge/editor/guide_history.html",
        {
            "guide": item,
            "localised": selectors.localise(item.translations.all(), _language()),
            "versions": versions,
            "published": published,
            "chosen": chosen,
            "diff": diff,
        },
    )


@staff_required
def editor_guide_edit(request, slug: str):
    """Change the open draft of a guide, or start one from the published version.

    German, English and every language of the guide are offered; ?language=tr adds one.
    """
    item = selectors.guide_get_for_editor(user=request.user, slug=slug)
    base = selectors.guide_version_to_edit(user=request.user, guide=item)
    content = base.content if base else None
    requested = request.GET.getlist("language")
    languages = guide_languages(content, extra=requested)
    data = request.POST if request.method == "POST" else None
    form = GuideDraftForm(
        data, languages=languages, initial=GuideDraftForm.initial_from(content) if content else {}
    )
    steps = GuideStepFormSet(
        data,
        prefix="steps",
        initial=GuideStepForm.initial_from(content) if content else [],
        form_kwargs={"languages": languages},
    )
    if data is not None and all([form.is_valid(), steps.is_valid()]):
        try:
            draft = services.guide_draft_save(
                guide=item, content=guide_content_from_forms(form, steps), by=request.user
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft is saved. A second editor can publish it."))
            return redirect("knowledge:editor_guide_version", pk=draft.pk)
    shown = {code for code, _name in languages}
    return render(
        request,
        "knowledge/editor/guide_form.html",
        {
            "guide": item,
            "form": form,
            "steps": steps,
            "more_languages": [
                (name, urlencode({"language": [*requested, code]}, doseq=True))
                for code, name in settings.LANGUAGES
                if code not in shown
            ],
        },
    )


def _guide_preview(content: dict) -> list[dict]:
    """The content of a version per language as the public page would show it."""
    names, roadmap = dict(settings.LANGUAGES), dict(RoadmapStep.choices)
    return [
        {
            "code": code,
            "name": names.get(code, code),
            "title": title,
            "summary_html": render_markdown(content["summary"].get(code, "")),
            "steps": [
                (
                    step["title"].get(code, ""),
                    roadmap.get(step["roadmap_step"], ""),
                    render_markdown(step["body"].get(code, "")),
                )
                for step in content["steps"]
            ],
        }
        for code, title in content["title"].items()
    ]


@staff_required
def editor_guide_version(request, pk: int):
    version = selectors.guide_version_get_for_editor(user=request.user, version_id=pk)
    published = selectors.guide_version_published(guide=version.guide)
    diff = None
    if published and published.pk != version.pk:
        diff = selectors.guide_version_diff(published, version)
    return render(
        request,
        "knowledge/editor/guide_version.html",
        {
            "version": version,
            "published": published,
            "diff": diff,
            "can_publish": version.state == "draft"
            and request.user.pk not in services.guide_version_contributors(version),
            "reviewed_on": dt.date.fromisoformat(version.content["reviewed_on"]),
            "languages": _guide_preview(version.content),
        },
    )


def _guide_action(request, pk: int, action, success: str):
    return _workflow_action(
        request,
        pk,
        action,
        success,
        get=selectors.guide_version_get_for_editor,
        page="knowledge:editor_guide_version",
    )


@require_POST
@staff_required
def editor_guide_publish(request, pk: int):
    return _guide_action(
        request, pk, services.guide_version_publish, _("The version is published.")
    )


@require_POST
@staff_required
def editor_guide_discard(request, pk: int):
    return _guide_action(request, pk, services.guide_draft_discard, _("The draft is discarded."))


@require_POST
@staff_required
def editor_guide_restore(request, pk: int):
    return _guide_action(
        request,
        pk,
        services.guide_version_restore,
        _("A new draft with the content of this version is ready. A second editor can publish it."),
    )
