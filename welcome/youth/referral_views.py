"""Referrals: the public request to a programme, the young person's private link, and the
programme staff's inbox with the status steps; and the training places employers offer."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from welcome.accounts.decorators import employer_required, programme_staff_required
from welcome.audit.services import audit_log
from welcome.consultations import ratelimit
from welcome.consultations.views import too_many
from welcome.youth import referrals, selectors
from welcome.youth.forms import (
    SCHOOL_CHOICES,
    FinderForm,
    ReferralForm,
    ReferralStatusForm,
    TrainingOfferForm,
)
from welcome.youth.models import Referral
from welcome.youth.tokens import referral_token


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def _programme_taking_referrals(slug: str):
    """The published programme and its text, if its organisation takes referrals here."""
    published = selectors.programme_published(slug=slug, language=_language())
    if published is None or published.version.organisation.institution_id is None:
        raise Http404("This programme takes no referrals here.")
    return published


@require_http_methods(["GET", "HEAD", "POST"])
def referral_new(request, slug: str):
    """Send a request to one programme; the finder's answers come prefilled from the link."""
    published = _programme_taking_referrals(slug)
    organisation = published.version.organisation.name
    if request.method == "POST":
        if ratelimit.exceeded(request, "referral"):
            return too_many(request)
        form = ReferralForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                referral = referrals.referral_send(
                    programme=published.programme,
                    municipality=form.cleaned_data["municipality"],
                    sent_by=form.cleaned_data["sent_by"],
                    language=_language(),
                    person=form.person(),
                    consent=form.consent_given(),
                )
            except referrals.ReferralError as error:
                form.add_error(None, error.message)
            else:
                ratelimit.count(request, "referral")
                messages.success(
                    request,
                    _(
                        "Your request has been sent. %(organisation)s will get in touch. Keep "
                        "this page's address: it is your private link to your request."
                    )
                    % {"organisation": organisation},
                )
                return redirect("youth:referral", token=referral_token(referral))
    else:
        finder = FinderForm(request.GET)
        finder.is_valid()  # the answers that are valid prefill the form; the rest stay empty
        carried = ("age", "municipality", "school", "training_place")
        initial = {k: v for k, v in finder.cleaned_data.items() if k in carried}
        form = ReferralForm(initial=initial, organisation=organisation)
    return render(
        request,
        "youth/referral_form.html",
        {
            "form": form,
            "published": published,
            "consent_texts": form.consent_texts(),
            "retention_days": settings.RETENTION_DAYS,
        },
    )


@require_safe
def referral_public(request, token: str):
    """The young person's view of their request: where it stands; withdraw it."""
    referral = selectors.referral_for_token(token)
    if referral is None:
        raise Http404("Unknown referral link.")
    title = selectors.programme_titles(language=_language()).get(referral.programme_id)
    return render(
        request,
        "youth/referral.html",
        {"referral": referral, "title": title, "token": token},
    )


@require_POST
def referral_withdraw(request, token: str):
    referral = selectors.referral_for_token(token)
    if referral is None:
        raise Http404("Unknown referral link.")
    referrals.referral_withdraw(referral=referral)
    messages.success(request, _("Your request was withdrawn and your details deleted."))
    return redirect("youth:referral", token=token)


@programme_staff_required
@require_safe
def inbox(request):
    """The referrals to the organisation's programmes, newest first, filtered by status."""
    status = request.GET.get("status", "")
    if status not in Referral.Status.values:
        status = ""
    page = selectors.referral_page_for_inbox(
        user=request.user, status=status, page=request.GET.get("page", 1)
    )
    titles = selectors.programme_titles(language=_language())
    for referral in page:
        referral.programme_title = titles.get(referral.programme_id, "")
    return render(
        request,
        "youth/staff/inbox.html",
        {"page": page, "status": status, "statuses": Referral.Status.choices},
    )


def _render_referral(request, referral, form=None, status=200):
    person = getattr(referral, "person", None)  # None once erased
    return render(
        request,
        "youth/staff/referral.html",
        {
            "referral": referral,
            "title": selectors.programme_titles(language=_language()).get(referral.programme_id),
            "school": dict(SCHOOL_CHOICES).get(person.school) if person else None,
            "form": form or ReferralStatusForm(referral=referral),
            "final": not referrals.NEXT[Referral.Status(referral.status)],
        },
        status=status,
    )


@programme_staff_required
@require_safe
def referral_detail(request, referral_id: int):
    referral = selectors.referral_for_staff(user=request.user, referral_id=referral_id)
    return _render_referral(request, referral)


@programme_staff_required
@require_POST
def referral_status(request, referral_id: int):
    """Record the next step; a refused step is shown with the form as entered."""
    referral = selectors.referral_for_staff(user=request.user, referral_id=referral_id)
    form = ReferralStatusForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            referrals.referral_status_set(
                referral=referral,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except referrals.ReferralError as error:
            audit_log(
                actor=request.user,
                action="action_refused",
                obj=referral,
                reason=str(error),
                step="youth:referral_status",
            )
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Saved: %(reference)s is now “%(status)s”.")
                % {
                    "reference": referral.reference,
                    "status": Referral.Status(form.cleaned_data["status"]).label,
                },
            )
            return redirect(reverse("youth:referral_detail", kwargs={"referral_id": referral.pk}))
    return _render_referral(request, referral, form, status=400)


# --- the employer side: training places ---------------------------------------------------------


@employer_required
@require_http_methods(["GET", "HEAD", "POST"])
def training_offers(request):
    """The company's training places, shown to young people in the finder once it is verified."""
    company = request.user.company
    form = TrainingOfferForm(request.POST or None, initial={"municipality": company.municipality})
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        offer.company = company
        offer.save()
        audit_log(actor=request.user, action="youth.training_offer_added", obj=offer)
        messages.success(request, _("Your training places are saved."))
        return redirect("youth:training_offers")
    return render(
        request,
        "youth/employer/training_offers.html",
        {"form": form, "company": company, "offers": company.training_offers.all()},
        status=400 if form.is_bound else 200,
    )


@employer_required
@require_POST
def training_offer_remove(request, offer_id: int):
    offer = selectors.training_offer_for_employer(user=request.user, offer_id=offer_id)
    audit_log(actor=request.user, action="youth.training_offer_removed", obj=offer)
    offer.delete()
    messages.success(request, _("The training places are removed."))
    return redirect("youth:training_offers")
