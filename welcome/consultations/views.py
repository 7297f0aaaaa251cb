"""Pages of the consultations app: the public request and booking pages (signed link, no
account) and the staff pages for slots. Thin: parse input, call a service or selector, render."""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache, wraps
from html import escape
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from welcome.accounts.decorators import staff_required
from welcome.audit.services import audit_log
from welcome.cases.selectors import case_get_for_user
from welcome.cases.vocabulary import Channel, RequesterKind, public_label, slot_choices
from welcome.consultations import notifications, pathway, ratelimit, selectors, services
from welcome.consultations.forms import (
    LANGUAGE_CHOICES,
    BookingForm,
    RequestChangeForm,
    RequestForm,
    SlotSeriesForm,
    StaffBookingForm,
    StaffMoveForm,
)
from welcome.consultations.models import ConsultationRequest
from welcome.consultations.tokens import pathway_profile, request_token
from welcome.region.data import region

logger = logging.getLogger("welcome.consultations")


def too_many(request):
    """429 with a page that says what happened and when to try again."""
    return render(request, "consultations/too_many.html", status=429)


def index(request):
    return render(request, "consultations/index.html")


@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request, kind: str):
    """The public request form for a skilled worker (`worker`) or an employer (`employer`)."""
    if kind not in RequesterKind.values:
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
                occupation=data["occupation"],
                occupation_isco=_occupation_isco(request, data, profile),
                municipality=data["municipality"],
                language=data["language"],
                channel=data["channel"],
                summary=data["summary"],
                consents=form.consents(),
                partner_purposes=form.partner_purposes(),
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
        {
            "form": form,
            "kind": kind,
            "from_pathway_check": bool(profile),
            # Every answer of the check travels with the request, also those without a field.
            "carried_facts": pathway.fact_rows(profile),
        },
    )


def _occupation_isco(request, data: dict, profile: dict) -> str:
    """The occupation chosen in the form ("None of these" included), else the one the check
    knew (a form sent without the field, as by a client of its own)."""
    if "occupation_isco" in request.POST:
        return data["occupation_isco"]
    return pathway.occupation_code(profile)


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
        public_label(Channel, channel),
    )


def _request_page(request, consultation, token, booking_form=None, status=200):
    booking = selectors.active_booking(request=consultation)
    slots = (
        selectors.free_slots_for_request(
            request=consultation, per_institution=SLOTS_PER_INSTITUTION
        )
        if consultation.is_open
        else []
    )
    waiting = list(selectors.waiting_entries(request=consultation))
    waiting_ids = {e.institution_id for e in waiting}
    chosen = str((booking_form.data.get("slot") if booking_form else "") or "")
    names = _institution_names()
    slots_by_institution: dict[str, list[dict]] = {}  # institution's name → its slots
    for slot in slots:
        name = names.get(slot.institution_id, slot.institution_id)
        slots_by_institution.setdefault(name, []).append(_slot_choice(slot, chosen))
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


@require_safe
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


@require_http_methods(["GET", "HEAD", "POST"])
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


@require_http_methods(["GET", "HEAD", "POST"])
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


@require_http_methods(["GET", "HEAD", "POST"])
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
@require_http_methods(["GET", "HEAD", "POST"])
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


# --- the staff calendar ---------------------------------------------------------------------------

# Dates the calendar accepts: far enough for any planning, near enough that a day and a week
# after it always exist (a date near 9999-12-31 would overflow).
CALENDAR_FIRST_DAY = dt.date(2000, 1, 1)
CALENDAR_LAST_DAY = dt.date(2099, 12, 31)
WEEK_DAYS = 7


def _calendar_date(request) -> tuple[dt.date, str]:
    """The day asked for by `?date=YYYY-MM-DD` (today without one), and a sentence saying why
    it was not taken when it was not a usable date (then today)."""
    raw = (request.GET.get("date") or "").strip()
    today = timezone.localdate()
    if not raw:
        return today, ""
    try:
        day = dt.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return today, _("“%(date)s” is not a date. Please give a date like %(example)s.") % {
            "date": raw[:30],
            "example": today.isoformat(),
        }
    if not CALENDAR_FIRST_DAY <= day <= CALENDAR_LAST_DAY:
        return today, _("Please choose a date between %(first)s and %(last)s.") % {
            "first": CALENDAR_FIRST_DAY.isoformat(),
            "last": CALENDAR_LAST_DAY.isoformat(),
        }
    return day, ""


def _link_base(request) -> str:
    """The site that served this staff request (scheme and host, validated against
    ALLOWED_HOSTS by Django), for the links in the e-mails the action sends."""
    return request.build_absolute_uri("/").rstrip("/")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _prefix(name: str) -> str:
    """The path of a staff booking URL without its id: reversed once, then `prefix + id + /`."""
    return reverse(name, kwargs={"booking_id": 0})[: -len("0/")]


# One row of the calendar's table. A busy week lists hundreds of slots a page; made with the
# template language, each row's dozen variables, translations and escapes cost more than all
# the queries, so the rows are put together here from escaped values (`html.escape`) and the
# labels translated once per page. The table around them is in the template.
_ROW = (
    '<tr><th scope="row"><time datetime="{iso}">{time}</time></th><td>{channel}{location}</td>'
    "<td>{seats}</td><td>{who}</td><td>{actions}</td></tr>"
)
_WHO = '<p><bdi>{name}</bdi>{case}<br><span class="muted">{language}{phone}</span></p>'
_MANAGE = '<p><a href="{url}">{text}<span class="visually-hidden"> – {name}, {time}</span></a></p>'
_BOOK = '<p><a href="{url}">{text}<span class="visually-hidden"> – {time}</span></a></p>'


def _calendar_sections(page, *, now) -> list[dict]:
    """The page's slots grouped by day, each day's rows as one piece of HTML (see _ROW)."""
    languages = {code: escape(name) for code, name in LANGUAGE_CHOICES}
    channels = {value: escape(str(label)) for value, label in slot_choices()}
    manage = escape(_prefix("consultations:staff_booking"))
    book = escape(reverse("consultations:staff_book"))
    find = escape(reverse("cases:find"))
    move_text, book_text = escape(_("Move or cancel")), escape(_("Book"))
    zone = timezone.get_current_timezone()  # once: each lookup goes through a context local
    sections: list[dict] = []
    rows: list[str] = []
    for slot in page.slots:
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        day = start.date()
        if not sections or sections[-1]["day"] != day:
            rows = []
            sections.append(
                {
                    "day": day,
                    "heading": formats.date_format(day, "l, j F Y"),
                    "id": f"day-{day.isoformat()}",
                    "rows": rows,
                }
            )
        time = f"{start:%H:%M}–{end:%H:%M}"
        who, actions = [], []
        for booking in slot.bookings:
            name = escape(booking.name)
            reference = escape(booking.reference)
            who.append(
                _WHO.format(
                    name=name,
                    case=f' (<a href="{find}?reference={escape(quote(booking.reference))}">'
                    f"{reference}</a>)"
                    if reference
                    else "",
                    language=languages.get(booking.language) or escape(booking.language),
                    phone=f" · <bdi>{escape(booking.phone)}</bdi>" if booking.phone else "",
                )
            )
            actions.append(
                _MANAGE.format(url=f"{manage}{booking.id}/", text=move_text, name=name, time=time)
            )
        if slot.free > 0 and slot.start > now:
            actions.append(_BOOK.format(url=f"{book}?slot={slot.id}", text=book_text, time=time))
        rows.append(
            _ROW.format(
                iso=start.isoformat(),
                time=time,
                channel=channels.get(slot.channel) or escape(slot.channel),
                location=f'<br><span class="muted">{escape(slot.location)}</span>'
                if slot.location
                else "",
                seats=f"{slot.booked_count} / {slot.capacity}",
                who="".join(who) or "–",
                actions="".join(actions),
            )
        )
    for section in sections:
        section["rows"] = SafeString("".join(section["rows"]))
    return sections


def _page_url(here: str, first_day: dt.date, cursor: str) -> str:
    if not cursor:
        return ""
    return f"{here}?{urlencode({'date': first_day.isoformat(), 'after': cursor})}"


def _case_url(reference: str) -> str:
    """The case behind a booking, through the back office's lookup by reference (which decides
    whether the user may open it)."""
    return f"{reverse('cases:find')}?{urlencode({'reference': reference})}" if reference else ""


def _calendar(request, *, period: str):
    day, problem = _calendar_date(request)
    if problem:
        messages.error(request, problem)
    if period == "week":
        first_day, days, step = day - dt.timedelta(days=day.weekday()), WEEK_DAYS, WEEK_DAYS
    else:
        first_day, days, step = day, 1, 1
    after = "" if problem else request.GET.get("after", "")
    page = selectors.calendar_for_user(
        user=request.user,
        first_day=first_day,
        days=days,
        after=after,
        # The seats per day head the week's first page; later pages and a day list the slots.
        summary=period == "week" and not after,
    )
    here = reverse(f"consultations:staff_calendar{'_week' if period == 'week' else ''}")
    day_url = reverse("consultations:staff_calendar")
    last_day = first_day + dt.timedelta(days=days - 1)
    previous_day = first_day - dt.timedelta(days=step)
    next_day = first_day + dt.timedelta(days=step)
    summary = [
        {
            "day": item.day,
            "label": formats.date_format(item.day, "D j M"),
            "url": f"{day_url}?date={item.day.isoformat()}",
            "slots": item.slots,
            "booked": item.booked,
            "free": item.free,
        }
        for item in page.days
    ]
    return render(
        request,
        "consultations/staff_calendar.html",
        {
            "period": period,
            "first_day": first_day,
            "last_day": last_day,
            "heading": formats.date_format(first_day, "l, j F Y")
            if period == "day"
            else _("Week of %(first)s to %(last)s")
            % {
                "first": formats.date_format(first_day, "j F Y"),
                "last": formats.date_format(last_day, "j F Y"),
            },
            "previous_url": f"{here}?date={previous_day.isoformat()}"
            if previous_day >= CALENDAR_FIRST_DAY
            else "",
            "next_url": f"{here}?date={next_day.isoformat()}"
            if next_day <= CALENDAR_LAST_DAY
            else "",
            "today_url": here,
            "day_url": f"{day_url}?date={first_day.isoformat()}",
            "week_url": f"{reverse('consultations:staff_calendar_week')}?date="
            f"{first_day.isoformat()}",
            "more_url": _page_url(here, first_day, page.next_cursor),
            "paged": bool(request.GET.get("after")) and not problem,
            "summary": summary,
            "sections": _calendar_sections(page, now=timezone.now()),
            "institution_name": _institution_names().get(request.user.institution_id, ""),
        },
        status=400 if problem else 200,
    )


@staff_required
@require_safe
def staff_calendar(request):
    """One day of the institution's appointments: slots, who booked them, free seats."""
    return _calendar(request, period="day")


@staff_required
@require_safe
def staff_calendar_week(request):
    """One week (Monday to Sunday) of the institution's appointments, a page at a time."""
    return _calendar(request, period="week")


def _staff_slot_choices(request, *, chosen: str, exclude: int | None = None) -> list[dict]:
    """The free slots to choose from: the earliest from `?date=` (or now) on, and the one
    chosen even if it is later."""
    day, _problem = _calendar_date(request)
    start_from = _local_start(day) if request.GET.get("date") else None
    slots = selectors.free_slots_for_user(user=request.user, start_from=start_from)
    if chosen.isdigit() and len(chosen) < 16 and all(str(slot.pk) != chosen for slot in slots):
        slot = selectors.slot_get_for_user(user=request.user, slot_id=int(chosen))
        if slot is not None and slot.seats_left > 0 and slot.start > timezone.now():
            slots = [slot, *slots]
    return [_slot_choice(slot, chosen) for slot in slots if slot.pk != exclude]


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _case_for_booking(request, case_id: str):
    """The case a booking is made from, through the cases selector (404 and audited when it is
    not visible); None without one."""
    if not case_id:
        return None
    return case_get_for_user(user=request.user, case_id=case_id, purpose="appointment_booking")


def _booking_initial(access) -> dict:
    """The person's contact details from the case's open request, else from the case."""
    if access is None:
        return {"language": "de"}
    case = access.case
    open_request = selectors.open_request_for_case(reference=case.reference)
    if open_request is not None:
        return {
            "name": open_request.name,
            "email": open_request.email,
            "phone": open_request.phone,
            "language": open_request.language,
        }
    person = getattr(case, "person", None)
    return {
        "name": person.name if person else "",
        "email": person.email if person else "",
        "phone": person.phone if person else "",
        "language": case.language,
    }


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_book(request):
    """Book an appointment for a person on the phone: from a case page (`?case=`) for that
    case's request, else for a new request (which opens a case, as the public form does)."""
    case_id = (request.POST.get("case") or request.GET.get("case") or "").strip()
    access = _case_for_booking(request, case_id)
    case_url = reverse("cases:detail", kwargs={"case_id": access.case.pk}) if access else ""
    if access is not None and not (access.can_write and access.personal):
        messages.error(
            request,
            _(
                "Only staff of the institution holding the case can book for it, and only with "
                "the person's consent."
            ),
        )
        return redirect(case_url)
    institution_name = _institution_names().get(request.user.institution_id, "")
    form = StaffBookingForm(
        request.POST or None,
        initial=_booking_initial(access),
        for_case=access is not None,
        institution_name=institution_name,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.staff_booking_create(
                by=request.user,
                slot_id=data["slot"],
                person={"name": data["name"], "email": data["email"], "phone": data["phone"]},
                language=data["language"],
                case=access.case if access else None,
                topic=data.get("topic") or "general",
                requester_kind=data.get("requester_kind") or "worker",
                municipality=data.get("municipality") or "",
                link_base=_link_base(request),
            )
        except services.BookingError as error:
            form.add_error("slot" if error.code in SLOT_PROBLEMS else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The appointment on %(when)s is booked for %(name)s (%(reference)s). The "
                    "confirmation goes to %(email)s."
                )
                % {
                    "when": _when(booking.slot),
                    "name": booking.request.name,
                    "reference": booking.request.case_reference,
                    "email": booking.request.email,
                },
            )
            if case_url:
                return redirect(case_url)
            day = timezone.localtime(booking.slot.start).date().isoformat()
            return redirect(f"{reverse('consultations:staff_calendar')}?date={day}")
    chosen = str(form.data.get("slot") or request.GET.get("slot") or "")
    return render(
        request,
        "consultations/staff_book.html",
        {
            "form": form,
            "slots": _staff_slot_choices(request, chosen=chosen),
            "case": access.case if access else None,
            "case_url": case_url,
            "institution_name": institution_name,
        },
        status=400 if form.errors else 200,
    )


# Problems with the chosen slot (shown at the slot list); the others concern the request.
SLOT_PROBLEMS = {"taken", "past", "unknown", "not_offered"}


def _booking_page(request, booking, *, move_form=None, status=200):
    slot = booking.slot
    request_ = booking.request
    upcoming = booking.is_active and slot.start > timezone.now()
    chosen = str((move_form.data.get("slot") if move_form else "") or "")
    return render(
        request,
        "consultations/staff_booking.html",
        {
            "booking": booking,
            "consultation": request_,
            "when": _when(slot),
            "where": notifications.where(slot, request_),
            "language": dict(LANGUAGE_CHOICES).get(request_.language, request_.language),
            "upcoming": upcoming,
            "move_form": move_form or StaffMoveForm(),
            "slots": _staff_slot_choices(request, chosen=chosen, exclude=slot.pk)
            if upcoming
            else [],
            "next": _safe_next(request),
            "case_url": _case_url(request_.case_reference),
            "calendar_url": f"{reverse('consultations:staff_calendar')}?date="
            f"{timezone.localtime(slot.start).date().isoformat()}",
        },
        status=status,
    )


@staff_required
@require_safe
def staff_booking(request, booking_id: int):
    """One appointment of the institution: who, when, and the forms to move or cancel it."""
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id)
    if booking is None:
        raise Http404
    return _booking_page(request, booking)


def _after_booking_action(request, booking):
    target = _safe_next(request)
    if target:
        return redirect(target)
    day = timezone.localtime(booking.slot.start).date().isoformat()
    return redirect(f"{reverse('consultations:staff_calendar')}?date={day}")


@staff_required
@require_POST
def staff_booking_move(request, booking_id: int):
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id, purpose=None)
    if booking is None:
        raise Http404
    form = StaffMoveForm(request.POST)
    if form.is_valid():
        try:
            moved = services.staff_booking_move(
                booking=booking,
                slot_id=form.cleaned_data["slot"],
                by=request.user,
                link_base=_link_base(request),
            )
        except services.BookingError as error:
            form.add_error("slot", error.message)
        else:
            if moved.pk != booking.pk:
                messages.success(
                    request,
                    _(
                        "The appointment has been moved to %(when)s. %(name)s gets an e-mail "
                        "with the new time."
                    )
                    % {"when": _when(moved.slot), "name": moved.request.name},
                )
            return _after_booking_action(request, moved)
    return _booking_page(request, booking, move_form=form, status=400)


@staff_required
@require_POST
def staff_booking_cancel(request, booking_id: int):
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id, purpose=None)
    if booking is None:
        raise Http404
    try:
        cancelled = services.staff_booking_cancel(
            booking=booking, by=request.user, link_base=_link_base(request)
        )
    except services.BookingError as error:
        messages.error(request, error.message)
        return redirect("consultations:staff_booking", booking_id=booking.pk)
    if cancelled:
        messages.success(
            request,
            _("The appointment has been cancelled. %(name)s gets an e-mail about it.")
            % {"name": booking.request.name},
        )
    else:
        messages.info(request, _("This appointment had been cancelled already."))
    return _after_booking_action(request, booking)
