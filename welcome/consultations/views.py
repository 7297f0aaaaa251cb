"""Pages of the consultations app: the public request and booking pages (signed link, no
account) and the staff pages for slots. Thin: parse input, call a service or selector, render."""

from __future__ import annotations

import logging
from functools import lru_cache, wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from welcome.accounts.decorators import staff_required
from welcome.audit.services import audit_log
from welcome.consultations import notifications, ratelimit, selectors, services
from welcome.consultations.forms import (
    BookingForm,
    RequestChangeForm,
    RequestForm,
    SlotSeriesForm,
)
from welcome.consultations.models import ConsultationRequest, SlotChannel
from welcome.consultations.tokens import pathway_profile, request_token
from welcome.region.data import region

logger = logging.getLogger("welcome.consultations")


def too_many(request):
    """429 with a page that says what happened and when to try again."""
    return render(request, "consultations/too_many.html", status=429)


def index(request):
    return render(request, "consultations/index.html")


@require_http_methods(["GET", "POST"])
def request_form(request, kind: str):
    """The public request form for a skilled worker (`worker`) or an employer (`employer`)."""
    if kind not in ConsultationRequest.RequesterKind.values:
        raise Http404
    if request.method == "POST":
        if ratelimit.exceeded(request, "request"):
            return too_many(request)
        form = RequestForm(request.POST, requester_kind=kind)
        from_token = request.POST.get("from_token", "")
        profile = pathway_profile(from_token) or {}
        if form.is_valid():
            data = form.cleaned_data
            consultation = services.request_submit(
                requester_kind=kind,
                topic=data["topic"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                nationality=data["nationality"],
                company=data.get("company", ""),
                qualification=data["qualification"],
                occupation_isco=str(profile.get("occupation_isco") or "")[:4],
                municipality=data["municipality"],
                language=data["language"],
                channel=data["channel"],
                summary=data["summary"],
                consents=form.consents(),
                profile=profile,
                ui_language=translation.get_language() or "de",
            )
            ratelimit.count(request, "request")
            messages.success(
                request,
                _(
                    "Thank you. Your request has the reference %(reference)s. We have sent you "
                    "an e-mail with your personal link."
                )
                % {"reference": consultation.case_reference},
            )
            return redirect(_request_url(consultation))
        if form.bot_suspected:
            ratelimit.count(request, "request")
    else:
        from_token = request.GET.get("from", "")
        profile = pathway_profile(from_token)
        initial = {}
        if profile is not None:
            initial = RequestForm.initial_from_profile(profile)
            initial["from_token"] = from_token
        elif from_token:
            messages.warning(
                request,
                _("We could not take over your pathway-check answers. Please fill in the form."),
            )
        form = RequestForm(initial=initial, requester_kind=kind)
    return render(
        request,
        "consultations/request_form.html",
        {"form": form, "kind": kind, "from_pathway_check": bool(profile)},
    )


def _request_url(consultation: ConsultationRequest, name: str = "consultations:request") -> str:
    return reverse(name, kwargs={"token": request_token(consultation)})


def link_invalid(request):
    return render(request, "consultations/link_invalid.html", status=404)


def with_request(view):
    """Resolve the signed link to its request; a forged, expired or unknown one is a 404 page."""

    @wraps(view)
    def wrapper(request, token: str, **kwargs):
        consultation = selectors.request_get_by_token(token=token)
        if consultation is None:
            return link_invalid(request)
        return view(request, consultation, token, **kwargs)

    return wrapper


# The earliest free appointments per institution; a longer list helps nobody choose.
SLOTS_PER_INSTITUTION = 40


def _slot_choice(slot, chosen: str) -> dict:
    return {
        "pk": slot.pk,
        "checked": chosen == str(slot.pk),
        "label": _slot_label(slot.start, slot.end, slot.channel, translation.get_language()),
    }


@lru_cache(maxsize=4096)
def _slot_label(start, end, channel: str, language: str | None) -> str:
    """A slot's label, made in Python (far cheaper than three template filters per radio
    button) and remembered: the same slots are listed to every requester."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    return "%s %s, %s–%s · %s" % (  # noqa: UP031 - punctuation only, no words to translate
        formats.date_format(start, "D"),
        formats.date_format(start, "SHORT_DATE_FORMAT"),
        formats.time_format(start, "TIME_FORMAT"),
        formats.time_format(end, "TIME_FORMAT"),
        SlotChannel(channel).label,
    )


def _request_page(request, consultation, token, booking_form=None, status=200):
    booking = selectors.active_booking(request=consultation)
    slots = (
        list(
            selectors.free_slots_for_request(
                request=consultation, per_institution=SLOTS_PER_INSTITUTION
            )
        )
        if consultation.is_open
        else []
    )
    waiting = list(selectors.waiting_entries(request=consultation))
    waiting_ids = {e.institution_id for e in waiting}
    chosen = str((booking_form.data.get("slot") if booking_form else "") or "")
    slots_by_institution: dict = {}
    for slot in slots:
        slots_by_institution.setdefault(slot.institution, []).append(_slot_choice(slot, chosen))
    names = _institution_names()
    join_options = [
        (i, names.get(i, i))
        for i in selectors.bookable_institution_ids(consultation)
        if i not in waiting_ids
    ]
    return render(
        request,
        "consultations/request_detail.html",
        {
            "consultation": consultation,
            "token": token,
            "booking": booking,
            "slots_by_institution": slots_by_institution,
            "booking_form": booking_form or BookingForm(),
            "waiting": waiting,
            "join_options": join_options,
        },
        status=status,
    )


def _institution_names() -> dict:
    return {i.id: i.name for i in region().institutions.values()}


@require_http_methods(["GET"])
@with_request
def request_detail(request, consultation, token: str):
    """The requester's page: the request, the appointment, free slots, change and withdraw."""
    return _request_page(request, consultation, token)


@require_POST
@with_request
def book(request, consultation, token: str):
    if ratelimit.exceeded(request, "booking"):
        return too_many(request)
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            booking = services.slot_book(request=consultation, slot_id=form.cleaned_data["slot"])
        except services.BookingError as error:
            form.add_error("slot", error.message)
        else:
            ratelimit.count(request, "booking")
            messages.success(
                request,
                _("Your appointment is booked: %(when)s. We have sent you a confirmation.")
                % {"when": _when(booking.slot)},
            )
            return redirect("consultations:request", token=token)
    elif form.bot_suspected:
        ratelimit.count(request, "booking")
    return _request_page(request, consultation, token, booking_form=form, status=400)


def _when(slot) -> str:
    return notifications.when(slot)


@require_POST
@with_request
def cancel(request, consultation, token: str):
    booking = selectors.active_booking(request=consultation)
    if booking is not None and services.booking_cancel(booking=booking):
        messages.success(request, _("Your appointment has been cancelled."))
    else:
        messages.info(request, _("There was no appointment to cancel."))
    return redirect("consultations:request", token=token)


@require_POST
@with_request
def wait(request, consultation, token: str):
    institution_id = request.POST.get("institution", "")
    if institution_id not in selectors.bookable_institution_ids(consultation):
        messages.error(request, _("Please choose one of the institutions listed."))
    else:
        try:
            services.waiting_list_join(request=consultation, institution_id=institution_id)
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You are on the waiting list. We will write to you when an appointment is free."),
            )
    return redirect("consultations:request", token=token)


@require_POST
@with_request
def leave_waiting_list(request, consultation, token: str):
    services.waiting_list_leave(
        request=consultation, institution_id=request.POST.get("institution", "")
    )
    messages.success(request, _("You have left the waiting list."))
    return redirect("consultations:request", token=token)


@require_http_methods(["GET", "POST"])
@with_request
def offer(request, consultation, token: str, offer_id: int):
    """A freed slot offered from the waiting list: accept it, first come first served."""
    slot_offer = selectors.offer_get_for_request(request=consultation, offer_id=offer_id)
    if slot_offer is None:
        return link_invalid(request)
    problem = None
    if request.method == "POST":
        try:
            booking = services.slot_offer_accept(request=consultation, offer_id=slot_offer.pk)
        except services.BookingError as error:
            problem = error.message
        else:
            messages.success(
                request,
                _("Your appointment is booked: %(when)s. We have sent you a confirmation.")
                % {"when": _when(booking.slot)},
            )
            return redirect("consultations:request", token=token)
    return render(
        request,
        "consultations/offer.html",
        {
            "consultation": consultation,
            "offer": slot_offer,
            "token": token,
            "problem": problem,
            "when": _when(slot_offer.slot),
            "still_free": slot_offer.slot.seats_left > 0 and slot_offer.slot.start > timezone.now(),
        },
        status=409 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
@with_request
def change(request, consultation, token: str):
    if not consultation.is_open:
        messages.info(request, _("This request has been withdrawn and cannot be changed."))
        return redirect("consultations:request", token=token)
    form = RequestChangeForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.Meta.fields}
        # The form has already set the values on the instance; the service saves from a fresh copy.
        services.request_update(
            request=ConsultationRequest.objects.get(pk=consultation.pk), **changes
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("consultations:request", token=token)
    return render(
        request,
        "consultations/request_change.html",
        {"form": form, "consultation": consultation, "token": token},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@with_request
def withdraw(request, consultation, token: str):
    if request.method == "POST":
        services.request_withdraw(request=consultation)
        messages.success(request, _("Your request has been withdrawn."))
        return redirect("consultations:request", token=token)
    return render(
        request,
        "consultations/request_withdraw.html",
        {"consultation": consultation, "token": token},
    )


# --- staff ---------------------------------------------------------------------------------------


@staff_required
def staff_slots(request):
    """The institution's coming slots with who booked them (personal data: the read is audited)."""
    slots = list(selectors.slot_list_for_user(user=request.user))
    booked = sum(len(s.active_bookings) for s in slots)
    if booked:
        audit_log(
            actor=request.user,
            action="consultations.bookings_viewed",
            reason="slot overview",
            bookings=booked,
        )
    return render(request, "consultations/staff_slots.html", {"slots": slots})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_slot_series(request):
    form = SlotSeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.slot_series_create(
            institution_id=request.user.institution_id,
            by=request.user,
            first_day=data["first_day"],
            last_day=data["last_day"],
            weekdays={int(d) for d in data["weekdays"]},
            day_start=data["day_start"],
            day_end=data["day_end"],
            duration_minutes=data["duration_minutes"],
            channel=data["channel"],
            capacity=data["capacity"],
            location=data["location"],
            skip_holidays=data["skip_holidays"],
        )
        messages.success(
            request,
            _(
                "%(created)s appointments created; %(existing)s existed already; "
                "%(holidays)s holidays skipped."
            )
            % {
                "created": result.created,
                "existing": result.skipped_existing,
                "holidays": result.skipped_holidays,
            },
        )
        return redirect("consultations:staff_slots")
    return render(
        request,
        "consultations/staff_slot_series.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def staff_slot_delete(request, slot_id: int):
    slot = selectors.slot_get_for_user(user=request.user, slot_id=slot_id)
    if slot is None:
        raise Http404
    if services.slot_delete(slot=slot, by=request.user):
        messages.success(request, _("The appointment slot has been removed."))
    else:
        messages.error(request, _("This slot has bookings and cannot be removed."))
    return redirect("consultations:staff_slots")
