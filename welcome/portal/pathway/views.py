"""The pathway check in the portal: wizard, result page, PDF, saved results.

The wizard keeps the answers in a signed hidden field — no session, no database — so back and
forward never lose an answer and nothing is stored unless the visitor presses "Save".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from welcome.law import RULES_VERSION, ProfileError
from welcome.law.profile import today_in_germany
from welcome.pathway import check
from welcome.pathway.forms import STEPS, StepForm, field_labels
from welcome.portal import selectors, services
from welcome.portal.forms import SaveResultForm
from welcome.portal.pathway import pdf
from welcome.portal.pathway.present import present, present_changes
from welcome.portal.pathway.tokens import dump_answers, handover_token, load_answers


def _step_number(raw: Any) -> int:
    try:
        return min(max(int(raw), 1), len(STEPS))
    except (TypeError, ValueError):
        return 1


def _law_errors(profile: dict[str, Any]) -> dict[str, str]:
    """The law package's messages for the whole profile, keyed by form field name."""
    try:
        check.parse(profile)
    except ProfileError as error:
        return {
            name.replace(".", "__"): check.render(message)
            for name, message in error.messages.items()
        }
    return {}


def _render_step(request, number: int, form: StepForm, profile: dict[str, Any], status=200):
    return render(
        request,
        "portal/pathway/step.html",
        {
            "form": form,
            "number": number,
            "total": len(STEPS),
            "steps": [step.title for step in STEPS],
            "state": dump_answers(profile),
            "last": number == len(STEPS),
        },
        status=status,
    )


# No CSRF token: a step changes nothing on the server (it only answers with the next page), and
# the wizard must keep working when cookies are lost between steps.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def wizard(request):
    if request.method == "GET":
        profile = load_answers(request.GET.get("a")) or {}
        number = _step_number(request.GET.get("step", 1))
        form_class = STEPS[number - 1]
        return _render_step(
            request, number, form_class(initial=form_class.initial_from(profile)), profile
        )

    profile = load_answers(request.POST.get("state"))
    if profile is None:
        profile = {}
        if request.POST.get("state"):
            messages.warning(
                request, _("We could not read your earlier answers. Please start again.")
            )
            return _render_step(request, 1, STEPS[0](), profile)
    number = _step_number(request.POST.get("step"))
    going_back = request.POST.get("action") == "back"
    form = STEPS[number - 1](request.POST)
    if not form.is_valid():
        return _render_step(request, number, form, profile, status=400)
    if not going_back and getattr(form, "awaiting_choice", bool)():
        # no JavaScript needed: the same step again, now with the suggestions to choose from
        return _render_step(request, number, STEPS[number - 1](form.data_to_choose()), profile)
    merged = form.merge_into(profile)
    errors = _law_errors(merged)
    own = {name: text for name, text in errors.items() if name in form.fields}
    if own:
        for name, text in own.items():
            form.add_error(name, text)
        return _render_step(request, number, form, profile, status=400)
    if going_back:
        number -= 1 if number > 1 else 0
    elif number == len(STEPS):
        if errors:
            labels = field_labels()
            for name, text in errors.items():
                label = labels.get(name.replace("__", "."), name)
                form.add_error(
                    None, _("%(question)s: %(problem)s") % {"question": label, "problem": text}
                )
            return _render_step(request, number, form, merged, status=400)
        return redirect(f"{reverse('portal:pathway_result')}?a={dump_answers(merged)}")
    else:
        number += 1
    form_class = STEPS[number - 1]
    return _render_step(
        request, number, form_class(initial=form_class.initial_from(merged)), merged
    )


def _consultation_url(profile: dict[str, Any]) -> str | None:
    try:
        url = reverse("consultations:request_worker")
    except NoReverseMatch:
        return None
    return f"{url}?from={handover_token(profile, language=translation.get_language() or 'de')}"


def _evaluate(profile: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """The result with its trace, in the active language; raises ProfileError."""
    return check.as_json(check.evaluation_of(check.parse(profile, today=today)), trace=True)


def _page_parts(data: dict[str, Any], trace: dict[str, Any] | None) -> dict[str, Any]:
    """The result's body as HTML (outcomes, roadmap, checklist, offices, trace) and the
    few facts the page shows around it."""
    context = present(data, trace)
    return {
        "body": render_to_string("portal/pathway/_body.html", context),
        "summary": context["summary"],
        "evaluated_on": context["evaluated_on"],
    }


def _bad_link(request):
    return render(request, "portal/pathway/bad_link.html", status=400)


@require_safe
def result(request):
    language = translation.get_language() or "de"
    content = _live_content(request.GET.get("a") or "", language, today_in_germany())
    if content is None:
        return _bad_link(request)
    return render(request, "portal/pathway/result.html", {"content": content})


def _live_content(
    token: str, language: str, today: dt.date, save_form: SaveResultForm | None = None
) -> str | None:
    """The result page's content for the answers in a link, or None when the link is not
    genuine or its answers are not valid.

    Made afresh for every request: the answers are a person's facts, and kept nowhere.
    """
    profile = load_answers(token)
    if profile is None:
        return None
    with translation.override(language):
        try:
            data = _evaluate(profile, today)
        except ProfileError:
            return None
        trace = data.pop("trace")
        context = {
            **_page_parts(data, trace),
            "token": token,
            "consultation_url": _consultation_url(profile),
            "pdf_url": f"{reverse('portal:pathway_pdf')}?a={token}",
            "change_url": f"{reverse('portal:pathway')}?a={token}",
            "save_form": save_form or SaveResultForm(initial={"a": token}),
        }
        return render_to_string("portal/pathway/_result.html", context)


def _pdf_response(request, data: dict[str, Any], trace: dict[str, Any] | None) -> HttpResponse:
    context = present(data, trace)
    response = HttpResponse(
        pdf.pdf_bytes(pdf.pdf_html(context, request)), content_type="application/pdf"
    )
    name = f"pathway-check-{data['evaluated_on']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def result_pdf(request):
    profile = load_answers(request.GET.get("a"))
    if profile is None:
        return _bad_link(request)
    try:
        data = _evaluate(profile)
    except ProfileError:
        return _bad_link(request)
    trace = data.pop("trace")
    return _pdf_response(request, data, trace)


# No CSRF token: saving acts on nothing of the visitor's — no session, no account, only the
# signed answers in the form — so a forged request gains nothing, and the result page stays
# free of cookies (and cacheable as a whole, see _live_content).
@csrf_exempt
@require_POST
def save(request):
    token = request.POST.get("a") or ""
    profile = load_answers(token)
    if profile is None:
        return _bad_link(request)
    language = translation.get_language() or "de"
    form = SaveResultForm(request.POST)
    if not form.is_valid():
        content = _live_content(token, language, today_in_germany(), save_form=form)
        if content is None:
            return _bad_link(request)
        return render(request, "portal/pathway/result.html", {"content": content}, status=400)
    try:
        saved = services.saved_result_create(
            profile=profile, language=language, email=form.cleaned_data["email"]
        )
    except ProfileError:
        return _bad_link(request)
    messages.success(
        request,
        _(
            "Your result is saved. Keep the private link on this page: whoever has it can see "
            "the result."
        ),
    )
    return redirect("portal:pathway_saved", result_id=saved.pk)


@require_safe
def saved(request, result_id):
    saved = selectors.saved_result_get(result_id=result_id)
    with translation.override(saved.language):
        context = _page_parts(saved.evaluation, saved.trace)
    context.update(
        {
            "saved": saved,
            "private_link": request.build_absolute_uri(
                reverse("portal:pathway_saved", kwargs={"result_id": saved.pk})
            ),
            "rules_changed": saved.rules_version != RULES_VERSION,
            "recheck": _recheck(saved),
            "consultation_url": _consultation_url(saved.profile),
            "pdf_url": reverse("portal:pathway_saved_pdf", kwargs={"result_id": saved.pk}),
            "change_url": f"{reverse('portal:pathway')}?a={dump_answers(saved.profile)}",
            "rerun_url": f"{reverse('portal:pathway_result')}?a={dump_answers(saved.profile)}",
        }
    )
    return render(request, "portal/pathway/result.html", context)


def _recheck(saved) -> dict[str, Any] | None:
    """The last re-check under new rules, and what it changed (old and new side by side)."""
    if saved.rechecked_at is None:
        return None
    changed = None
    if saved.previous_evaluation is not None:
        with translation.override(saved.language):
            changed = present_changes(saved.previous_evaluation, saved.evaluation)
    return {"rechecked_at": saved.rechecked_at, "changed_at": saved.changed_at, "changes": changed}


@require_safe
def saved_pdf(request, result_id):
    saved = selectors.saved_result_get(result_id=result_id)
    with translation.override(saved.language):
        return _pdf_response(request, saved.evaluation, saved.trace)


@require_POST
def saved_delete(request, result_id):
    services.saved_result_delete(saved=selectors.saved_result_get(result_id=result_id))
    messages.success(request, _("Your saved result has been deleted."))
    return redirect("portal:pathway")


@require_POST
def saved_forget_email(request, result_id):
    saved = selectors.saved_result_get(result_id=result_id)
    services.saved_result_forget_email(saved=saved)
    messages.success(request, _("Your e-mail address has been deleted. We will not write to you."))
    return redirect("portal:pathway_saved", result_id=saved.pk)
