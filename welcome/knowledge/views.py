"""FAQ pages for the public, and the editors' workplace (drafts, publication, history, gaps).

The editor pages of a version, its history, its edit form and the workflow's actions are written
once, for any content type: urls.py passes each its `EditorPages` (ENTRY_PAGES, GUIDE_PAGES).
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlencode

from babel import Locale
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcome.accounts.decorators import staff_required
from welcome.knowledge import selectors, services
from welcome.knowledge.forms import EntryDraftForm, FeedbackForm, GuideEditForm, SearchForm
from welcome.knowledge.models import RoadmapStep, Version, VersionedItem
from welcome.knowledge.search import current_stamp, search
from welcome.knowledge.text import render_markdown, words
from welcome.knowledge.workflow import VersionedContent, WorkflowError, editor_or_404


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
            "topics_html": "" if outcome else _topics_html(language),
            "guides": [] if outcome else selectors.guide_titles(language=language),
            "language": language,
            "count_forms": _count_forms(language),
        },
    )


# The front page's topic lists are the same for every reader of a language until something is
# published or withdrawn (which changes the index stamp), so they are made once and kept in the
# shared cache (at 10,090 entries they took 22 of the page's 28 ms); for a while only, so that
# labels changed by a new release show soon.
TOPICS_CACHE_SECONDS = 600


def _topics_html(language: str) -> str:
    key = f"knowledge:topics:{language}:{current_stamp()}"
    html = cache.get(key)
    if html is None:
        topics = selectors.entry_topics_published(language=language)
        html = render_to_string(
            "knowledge/_topics.html",
            {"topics": [(topic_label(topic.key), topic) for topic in topics]},
        )
        cache.set(key, html, TOPICS_CACHE_SECONDS)
    return html


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


def german_url(request, translations) -> str:
    """This page in German, for a reader of an unchecked translation; "" if it has no German."""
    if not any(row.language == "de" for row in translations):
        return ""
    return translate_url(request.get_full_path(), "de")


def topic_label(topic: str) -> str:
    label = TOPIC_LABELS.get(topic)
    return str(label) if label else topic.replace("_", " ").capitalize()


def topic(request, topic: str):
    """All published questions of one topic, a page at a time (the FAQ's front page shows the
    first few of each)."""
    language = _language()
    page = selectors.entry_page_for_topic(
        topic=topic, language=language, page=request.GET.get("page")
    )
    return render(
        request,
        "knowledge/topic.html",
        {"topic": topic_label(topic), "page": page},
    )


def entry(request, slug: str):
    """One published entry in the reader's language, or visibly in English, then German."""
    translations = selectors.entry_page_translations(slug=slug)
    language = _language()
    localised = selectors.localise(translations, language)
    if localised is None:
        raise Http404
    query = request.GET.get("q", "")[:300]
    return render(
        request,
        "knowledge/entry.html",
        {
            "slug": slug,
            "version": localised.translation.version,
            "localised": localised,
            "answer_html": render_markdown(localised.translation.answer),
            "requested_name": _language_name(language),
            "shown_name": _language_name(localised.language),
            "shown_bidi": get_language_info(localised.language)["bidi"],
            "feedback_form": FeedbackForm(initial={"q": query}),
            # called by the template only when it shows the note of an unchecked translation
            "german_url": partial(german_url, request, translations),
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
            "german_url": german_url(request, item.translations.all()),
        },
    )


# --- editors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditorPages:
    """What the editor views need of a content type besides its workflow.

    `url_name` prefixes the URL names (_edit, _version, _publish, _discard, _restore; the list of
    versions is `history_url`); `templates` prefixes form.html, version.html and history.html,
    the last two extending version_base.html and history_base.html (used when they are missing);
    `form` builds its draft form (see forms.py); `preview` and `history_context` add what its own
    templates show.
    """

    content: VersionedContent
    url_name: str
    history_url: str
    templates: str
    form: Callable
    preview: Callable[[Version], dict] = field(default=lambda version: {})
    history_context: Callable[[VersionedItem], dict] = field(default=lambda item: {})

    @property
    def version_url(self) -> str:
        return f"{self.url_name}_version"

    def template(self, page: str) -> list[str]:
        return [f"{self.templates}{page}.html", f"knowledge/editor/{page}_base.html"]

    def urls(self, version: Version) -> dict[str, str]:
        """The links and actions of a version page."""
        slug = version.owner.slug
        return {
            "history": reverse(self.history_url, kwargs={"slug": slug}),
            "edit": reverse(f"{self.url_name}_edit", kwargs={"slug": slug}),
            **{a: reverse(f"{self.url_name}_{a}", kwargs={"pk": version.pk}) for a in ACTIONS},
        }


@staff_required
def editor_home(request):
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
            "drafts": services.ENTRIES.drafts_awaiting_publication(user=request.user),
            "entries": selectors.entry_list_for_editor(user=request.user),
            "guide_drafts": services.GUIDES.drafts_awaiting_publication(user=request.user),
            "guides": guides,
            "language": language,
        },
    )


@staff_required
def editor_edit(request, slug: str | None = None, *, pages: EditorPages):
    """Change the open draft of an item, or start one from the published version; without a
    slug, write the first draft of a new item."""
    content, user = pages.content, request.user
    item = content.item_get_for_editor(user=user, slug=slug) if slug else None
    if item is None:
        editor_or_404(user, f"new {content.name}")
    version = content.version_to_edit(user=user, item=item) if item else None
    data = request.POST if request.method == "POST" else None
    form = pages.form(data, item=item, version=version, query=request.GET)
    if data is not None and form.is_valid():
        try:
            draft = content.draft_save(
                by=user, **{content.owner_field: item}, **form.draft_values()
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft is saved. A second editor can publish it."))
            return redirect(pages.version_url, pk=draft.pk)
    return render(request, f"{pages.templates}form.html", {content.name: item, **form.context()})


@staff_required
def editor_version(request, pk: int, *, pages: EditorPages):
    """One version, what changed from the published one, and the workflow's buttons."""
    content = pages.content
    version = content.version_get_for_editor(user=request.user, version_id=pk)
    published = content.version_published(item=version.owner)
    diff = None
    if published and published.pk != version.pk:
        diff = content.version_diff(published, version)
    return render(
        request,
        pages.template("version"),
        {
            "version": version,
            "urls": pages.urls(version),
            "published": published,
            "diff": diff,
            "can_publish": version.state == "draft"
            and request.user.pk not in content.contributors(version),
            "language_reviews": content.language_reviews(version),
            **pages.preview(version),
        },
    )


ACTIONS = {
    "publish": ("version_publish", gettext_lazy("The version is published.")),
    "discard": ("draft_discard", gettext_lazy("The draft is discarded.")),
    "restore": (
        "version_restore",
        gettext_lazy(
            "A new draft with the content of this version is ready. A second editor can publish it."
        ),
    ),
}


@require_POST
@staff_required
def editor_action(request, pk: int, *, pages: EditorPages, action: str):
    """Publish, discard or restore a version (ACTIONS), then show the resulting version."""
    service, success = ACTIONS[action]
    version = pages.content.version_get_for_editor(user=request.user, version_id=pk)
    # Publishing: the languages whose text the publisher ticked as checked.
    extra = {"reviewed": request.POST.getlist("reviewed")} if action == "publish" else {}
    try:
        result = getattr(pages.content, service)(version=version, by=request.user, **extra)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(pages.version_url, pk=version.pk)
    messages.success(request, str(success))
    return redirect(pages.version_url, pk=result.pk)


@staff_required
def editor_history(request, slug: str, *, pages: EditorPages):
    """All versions of an item; compare any two (?a=&b=), or one with the published (?compare=)."""
    content = pages.content
    item = content.item_get_for_editor(user=request.user, slug=slug)
    versions = content.version_list_for_editor(user=request.user, item=item)
    for version in versions:
        version.reviewed_languages = sorted(content.review_marks(version))
    by_number = {str(v.number): v for v in versions}
    published = next((v for v in versions if v.state == "published"), None)
    pair = request.GET.get("a"), request.GET.get("b")
    if request.GET.get("compare"):
        pair = str(published.number) if published else "-", request.GET["compare"]
    diff, old, new = None, None, None
    if all(pair):
        old, new = by_number.get(pair[0]), by_number.get(pair[1])
        if old and new:
            diff = content.version_diff(old, new)
        else:
            messages.error(request, content.choose_versions)
    return render(
        request,
        pages.template("history"),
        {
            "item": item,
            "version_url": pages.version_url,
            "versions": versions,
            "published": published,
            "diff": diff,
            "old": old,
            "new": new,
            "published_reviews": content.language_reviews(published) if published else [],
            **pages.history_context(item),
        },
    )


@staff_required
def editor_gaps(request):
    gaps = selectors.gap_list_for_editor(user=request.user)
    return render(
        request,
        "knowledge/editor/gaps.html",
        {"gaps": gaps, "new_url": reverse("knowledge:editor_new")},
    )


def _guide_preview(version) -> dict:
    """The content of a guide version per language as the public page would show it."""
    content = version.content
    names, roadmap = dict(settings.LANGUAGES), dict(RoadmapStep.choices)
    languages = [
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
    reviewed_on = dt.date.fromisoformat(content["reviewed_on"])
    return {"languages": languages, "reviewed_on": reviewed_on}


ENTRY_PAGES = EditorPages(
    content=services.ENTRIES,
    url_name="knowledge:editor",
    history_url="knowledge:editor_history",
    templates="knowledge/editor/",
    form=EntryDraftForm.for_editor,
    preview=lambda version: {
        "translations": [(row, render_markdown(row.answer)) for row in version.translations.all()]
    },
)
GUIDE_PAGES = EditorPages(
    content=services.GUIDES,
    url_name="knowledge:editor_guide",
    history_url="knowledge:editor_guide",
    templates="knowledge/editor/guide_",
    form=GuideEditForm.for_editor,
    preview=_guide_preview,
    history_context=lambda guide: {
        "localised": selectors.localise(guide.translations.all(), _language())
    },
)
