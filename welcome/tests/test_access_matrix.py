"""Every page × every kind of user: allowed where the rules say, "not found" and audited where not.

`RULES` names every URL pattern of the URL configuration with who may use it; the first test fails
when a pattern has no rule, so a new view cannot ship without saying who may open it. Then each
principal — anonymous, each role of each institution, two employers, the platform administrator —
requests every page (GET; POST where a page only takes POST, with an empty form) and the answer must
be what its rule says:

- allowed: any answer but 403/404/5xx, and no detour to the login, second-factor or start page;
- signed out on a page that needs a login: a redirect to the login;
- signed in but not entitled: 404, exactly as for something that does not exist, and an
  `access_denied` entry in the audit log naming the user.

Every request runs in a savepoint that is rolled back, so a POST leaves nothing for the next one.
The API's operations have their own matrix (tokens per institution) at the end.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import User
from welcome.accounts.tests.factories import EmployerFactory, StaffFactory, login_verified
from welcome.api.clients import api_client_create
from welcome.audit.models import AuditEntry
from welcome.cases.models import Notification
from welcome.cases.services import document_upload
from welcome.cases.tests.factories import PDF_BYTES, FakeUpload, open_case
from welcome.consultations.models import SlotOffer, WaitingListEntry
from welcome.consultations.tests.factories import BookingFactory, SlotFactory
from welcome.consultations.tokens import request_token
from welcome.knowledge.tests.factories import (
    EditorFactory,
    draft,
    guide_draft,
    published_entry,
    published_guide,
)
from welcome.portal.tests.factories import SavedResultFactory, profile
from welcome.procedures.machine import State
from welcome.procedures.tests.factories import ApplicationFactory
from welcome.procedures.tokens import worker_token
from welcome.region.data import region
from welcome.region.models import Institution
from welcome.youth.models import TrainingOffer
from welcome.youth.referrals import organisation_inbox_ensure
from welcome.youth.tests.factories import (
    organisation,
    programme_draft,
    programme_taking_referrals,
    published_programme,
    referral,
)
from welcome.youth.tests.factories import programme_staff as programme_staff_of
from welcome.youth.tokens import referral_token

pytestmark = pytest.mark.django_db

INSTITUTIONS = tuple(region().institutions)  # all partners, from the Region's data
ROLES = tuple(User.Role.values)


# --- principals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    kind: str  # anonymous, staff, employer, other_employer, programme, other_programme, …
    institution: str = ""
    role: str = ""

    def __str__(self) -> str:
        return "-".join(filter(None, (self.kind, self.institution, self.role)))

    @property
    def signed_in(self) -> bool:
        return self.kind != "anonymous"

    @property
    def staff(self) -> bool:
        return self.kind == "staff"


PRINCIPALS = [
    Principal("anonymous"),
    Principal("employer"),
    Principal("other_employer"),
    Principal("platform_admin"),
    # Staff of the body running the world's youth programme, and of another such body.
    Principal("programme"),
    Principal("other_programme"),
    *(Principal("staff", i, r) for i in INSTITUTIONS for r in ROLES),
]

# The one staff member whose notice the matrix opens (a notice is its recipient's alone).
NOTICE_OWNER = Principal("staff", "abh-lhh", "case_worker")


# --- rules: who may open what ------------------------------------------------------------------

Rule = Callable[[Principal], bool | None]  # True allowed, False 404 + audit, None: log in first

ADMIN = "admin"  # Django's admin: its own login page for everyone but the platform administrator


def public(p: Principal) -> bool:
    return True


def nowhere(p: Principal) -> bool:
    """A route that only exists for building others (the API's root): 404 for all."""
    return False


def login_step(p: Principal) -> bool | None:
    """The second-factor steps: sign in first; afterwards they lead on to wherever fits."""
    return True if p.signed_in else None


def signed_in(p: Principal) -> bool | None:
    return True if p.signed_in else None


def staff(*, roles=ROLES, institutions=INSTITUTIONS) -> Rule:
    def rule(p: Principal) -> bool | None:
        if not p.signed_in:
            return None
        return p.staff and p.role in roles and p.institution in institutions

    return rule


def employer(*, own_only: bool = False) -> Rule:
    def rule(p: Principal) -> bool | None:
        if not p.signed_in:
            return None
        return p.kind == "employer" or (p.kind == "other_employer" and not own_only)

    return rule


def programme_staff(*, own_only: bool = False) -> Rule:
    def rule(p: Principal) -> bool | None:
        if not p.signed_in:
            return None
        return p.kind == "programme" or (p.kind == "other_programme" and not own_only)

    return rule


def youth_figures(p: Principal) -> bool | None:
    return ANY_STAFF(p) or programme_staff()(p)


def notice_owner(p: Principal) -> bool | None:
    return p == NOTICE_OWNER if p.signed_in else None


ANY_STAFF = staff()
CASE_HOLDER = staff(institutions=("abh-lhh",))  # the world's case lies in the LHH's inbox
SLOT_HOLDER = staff(institutions=("welcome-center",))  # the world's slots are the Welcome Center's
EDITOR = staff(roles=("content_editor",))
TEAM_LEAD = staff(roles=("team_lead", "administrator"))
# The world's application was pre-checked by the Welcome Center, which also records the steps of
# the Zentralstelle (the authority for § 81a since 2026, not on the platform: "recorded" mode).
APPLICATION_STAFF = staff(institutions=("welcome-center",))
OWN_APPLICATION = employer(own_only=True)

RULES: dict[str, Rule | str] = {
    "healthz": public,
    "livez": public,
    "api:openapi-json": public,
    "api:openapi-view": public,
    "api:api-root": nowhere,
    "api:not_found": nowhere,  # any other address under the API: a JSON 404
    # The API's operations: see the API matrix below.
    **dict.fromkeys(
        (
            "api:jurisdiction",
            "api:pathway_check",
            "api:procedure_deadline",
            "api:faq_search",
            "api:occupation_search",
            "api:statistics_processing_times",
            "api:case_list",
            "api:case_detail",
            "api:case_note",
            "api:case_handover",
            "api:case_export",
        ),
        "api",
    ),
    # public portal, with private links for saved results
    **dict.fromkeys(
        (
            "portal:home",
            "portal:pathway",
            "portal:pathway_result",
            "portal:pathway_pdf",
            "portal:pathway_save",
            "portal:pathway_saved",
            "portal:pathway_saved_pdf",
            "portal:pathway_saved_delete",
            "portal:pathway_saved_forget_email",
            "portal:responsible",
            "portal:imprint",
            "portal:privacy",
            "portal:accessibility",
        ),
        public,
    ),
    # accounts
    "accounts:login": public,
    "accounts:otp": login_step,
    "accounts:otp_setup": login_step,
    "accounts:logout": public,
    "accounts:home": signed_in,
    "accounts:password_reset": public,
    "accounts:password_reset_done": public,
    "accounts:password_reset_confirm": public,
    "accounts:password_reset_complete": public,
    # FAQ and its editors
    "knowledge:index": public,
    "knowledge:guide": public,
    "knowledge:entry": public,
    "knowledge:topic": public,
    "knowledge:feedback": public,
    **dict.fromkeys(
        (
            "knowledge:editor_home",
            "knowledge:editor_new",
            "knowledge:editor_gaps",
            "knowledge:editor_history",
            "knowledge:editor_edit",
            "knowledge:editor_version",
            "knowledge:editor_publish",
            "knowledge:editor_discard",
            "knowledge:editor_restore",
            "knowledge:editor_guide",
            "knowledge:editor_guide_edit",
            "knowledge:editor_guide_version",
            "knowledge:editor_guide_publish",
            "knowledge:editor_guide_discard",
            "knowledge:editor_guide_restore",
        ),
        EDITOR,
    ),
    # youth programmes: the finder for young people, and the catalogue's editors
    "youth:finder": public,
    "youth:referral_new": public,
    "youth:referral": public,  # the young person's private link
    "youth:referral_withdraw": public,
    "youth:referrals": programme_staff(),  # each body its own inbox
    "youth:referral_detail": programme_staff(own_only=True),
    "youth:referral_status": programme_staff(own_only=True),
    "youth:training_offers": employer(),
    "youth:training_offer_remove": OWN_APPLICATION,  # the company's own offer
    "youth:figures": youth_figures,
    "youth:figures_csv": youth_figures,
    **dict.fromkeys(
        (
            "youth:editor_home",
            "youth:editor_new",
            "youth:editor_programme",
            "youth:editor_edit",
            "youth:editor_version",
            "youth:editor_publish",
            "youth:editor_discard",
            "youth:editor_restore",
        ),
        EDITOR,
    ),
    # pre-consultation: public forms, private request links, the institutions' calendars
    **dict.fromkeys(
        (
            "consultations:index",
            "consultations:request_worker",
            "consultations:request_employer",
            "consultations:request",
            "consultations:book",
            "consultations:cancel",
            "consultations:wait",
            "consultations:leave",
            "consultations:offer",
            "consultations:change",
            "consultations:withdraw",
        ),
        public,
    ),
    **dict.fromkeys(
        (
            "consultations:staff_slots",
            "consultations:staff_slot_series",
            "consultations:staff_calendar",
            "consultations:staff_calendar_week",
            "consultations:staff_book",
        ),
        ANY_STAFF,
    ),
    **dict.fromkeys(
        (
            "consultations:staff_slot_delete",
            "consultations:staff_booking",
            "consultations:staff_booking_move",
            "consultations:staff_booking_cancel",
        ),
        SLOT_HOLDER,
    ),
    # § 81a: the authorities' side
    "procedures_office:inbox": ANY_STAFF,
    "procedures_office:companies": staff(institutions=("welcome-center",)),
    "procedures_office:company_verify": staff(institutions=("welcome-center",)),
    **dict.fromkeys(
        (
            "procedures_office:detail",
            "procedures_office:step",
            "procedures_office:document",
            "procedures_office:review",
        ),
        APPLICATION_STAFF,
    ),
    # the back office
    **dict.fromkeys(
        (
            "cases:inbox",
            "cases:find",
            "cases:search",
            "cases:bulk",
            "cases:notifications",
            "cases:notifications_read",
        ),
        ANY_STAFF,
    ),
    "cases:notification": notice_owner,
    "cases:team": TEAM_LEAD,
    **dict.fromkeys(
        (
            "cases:detail",
            "cases:take",
            "cases:assign",
            "cases:status",
            "cases:note",
            "cases:handover",
            "cases:accept_proposal",
            "cases:pathway_recheck",
            "cases:consent",
            "cases:withdraw_consent",
            "cases:upload",
            "cases:document",
            "cases:export",
            "cases:letter_preview",
            "cases:letter_pdf",
            "cases:letter_send",
        ),
        CASE_HOLDER,
    ),
    # statistics
    "insights:public": public,
    "insights:csv": public,
    "insights:json": public,
    "insights:office": ANY_STAFF,
    # § 81a: the employer's side and the worker's private links
    "procedures:register": public,
    "procedures:worker_status": public,
    "procedures:poa_confirm": public,
    "procedures:dashboard": employer(),
    "procedures:colleagues": employer(),
    "procedures:new": employer(),
    **dict.fromkeys(
        (
            "procedures:detail",
            "procedures:edit",
            "procedures:transition",
            "procedures:family_add",
            "procedures:family_remove",
            "procedures:upload",
            "procedures:document",
            "procedures:notice",
            "procedures:poa_send",
            "procedures:poa_pdf",
            "procedures:agreement_pdf",
        ),
        OWN_APPLICATION,
    ),
}


# --- the URL configuration, walked ---------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the admin's route for unnamed admin patterns
    pattern: str
    admin: bool


def routes() -> list[Route]:
    found = []

    def walk(patterns, prefix: str, namespace: str, admin: bool):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    ":".join(filter(None, (namespace, inner))) if inner else namespace,
                    admin or inner == "admin",
                )
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                full = prefix + str(pattern.pattern)
                found.append(Route(name or full, full, admin))

    walk(get_resolver().url_patterns, "", "", False)
    return found


def test_every_url_pattern_has_an_access_rule():
    """A view added without a rule here fails: say who may open it."""
    missing = sorted(r.name for r in routes() if not r.admin and r.name not in RULES)
    assert missing == []
    stale = sorted(set(RULES) - {r.name for r in routes()})
    assert stale == []


def test_uploaded_files_are_never_served_by_url(settings):
    """Documents are read through their views (access check and audit), never as /media/…, not
    even with DEBUG on (the demo's setting)."""
    import importlib

    import welcome.urls

    settings.DEBUG = True
    try:
        patterns = [str(p.pattern) for p in importlib.reload(welcome.urls).urlpatterns]
    finally:
        settings.DEBUG = False
        importlib.reload(welcome.urls)
    assert not [p for p in patterns if "media" in p]


# --- the world every principal meets -------------------------------------------------------------


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = {}
    for p in PRINCIPALS:
        if p.staff:
            users[p] = StaffFactory(institution_id=p.institution, role=p.role)
    application = ApplicationFactory(state=State.FILED)
    users[Principal("employer")] = application.created_by
    users[Principal("other_employer")] = EmployerFactory()
    admin = User.objects.create_superuser("platform-admin", "admin@example.org", "x" * 20)
    TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True)
    users[Principal("platform_admin")] = admin

    case = open_case(
        municipality="Hannover", consent_for=["abh-lhh"], data={"pathway_check": profile()}
    )
    assert case.inbox_id == "abh-lhh"
    document = document_upload(
        case=case,
        upload=FakeUpload("passport.pdf", PDF_BYTES),
        kind="passport",
        by=users[Principal("staff", "abh-lhh", "case_worker")],
    )
    notice = Notification.objects.create(
        recipient=users[NOTICE_OWNER], case=case, kind=Notification.Kind.NEW_CASE
    )
    booking = BookingFactory()
    entry = WaitingListEntry.objects.create(
        institution_id="welcome-center", request=booking.request
    )
    offer = SlotOffer.objects.create(entry=entry, slot=SlotFactory())
    token = request_token(booking.request)
    editor = EditorFactory()
    faq = published_entry()
    guide = published_guide()
    youth_programme = published_programme()
    referred_to = programme_taking_referrals("world-referrals")
    youth_referral = referral(referred_to)
    users[Principal("programme")] = programme_staff_of(referred_to)
    other_body = organisation("other-body")
    organisation_inbox_ensure(other_body)
    other_programme = published_programme("other-referrals", organisation=other_body)
    users[Principal("other_programme")] = programme_staff_of(other_programme)
    member = application.family_members.create(
        relation="spouse", name="Karim Haddad", birth_date="1990-01-01"
    )
    anyone = users[Principal("other_employer")]
    kwargs = {
        "uidb64": urlsafe_base64_encode(force_bytes(anyone.pk)),
        "token": default_token_generator.make_token(anyone),
        "result_id": SavedResultFactory().pk,
        "slug": faq.slug,
        "pk": draft(by=editor, entry=faq).pk,
        "case_id": case.pk,
        "document_id": document.pk,
        "consent_id": case.consents.first().pk,
        "notification_id": notice.pk,
        "slot_id": booking.slot.pk,
        "booking_id": booking.pk,
        "offer_id": offer.pk,
        "application_id": application.pk,
        "company_id": application.company_id,
        "member_id": member.pk,
        "name": "conclude_agreement",
        "table": "steps",
        "referral_id": youth_referral.pk,
    }
    special = {
        "knowledge:guide": {"slug": guide.slug},
        "knowledge:topic": {"topic": faq.published_version.topic},
        "knowledge:editor_guide": {"slug": guide.slug},
        "knowledge:editor_guide_edit": {"slug": guide.slug},
        "knowledge:editor_guide_version": {"pk": guide_draft(by=editor, guide=guide).pk},
        "procedures_office:document": {"document_id": application.documents.first().pk},
        "procedures_office:review": {"document_id": application.documents.first().pk},
        "procedures:document": {"document_id": application.documents.first().pk},
        "procedures:worker_status": {"token": worker_token(application.pk, "status")},
        "procedures:poa_confirm": {"token": worker_token(application.pk, "power_of_attorney")},
    }
    special["youth:referral_new"] = {"slug": referred_to.slug}
    special["youth:referral"] = {"token": referral_token(youth_referral)}
    special["youth:referral_withdraw"] = special["youth:referral"]
    special["youth:figures_csv"] = {"table": "programmes"}
    training_offer = TrainingOffer.objects.create(
        company=application.company,
        occupation="Bäcker/in",
        places=2,
        starts="1.8.2027",
        municipality="Garbsen",
        contact="bewerbung@example.org",
    )
    special["youth:training_offer_remove"] = {"offer_id": training_offer.pk}
    special["youth:editor_programme"] = {"slug": youth_programme.slug}
    special["youth:editor_edit"] = {"slug": youth_programme.slug}
    youth_draft = {"pk": programme_draft(by=editor, programme=youth_programme).pk}
    for name in ("version", "publish", "discard", "restore"):
        special[f"youth:editor_{name}"] = youth_draft
    for name in (
        "editor_guide_publish",
        "editor_guide_discard",
        "editor_guide_restore",
    ):
        special[f"knowledge:{name}"] = special["knowledge:editor_guide_version"]
    for name in ("request", "book", "cancel", "wait", "leave", "offer", "change", "withdraw"):
        special[f"consultations:{name}"] = {"token": token}
    return {"users": users, "kwargs": kwargs, "special": special}


def url_for(route: Route, world) -> str:
    pattern = route.pattern
    wanted = [part.split(">")[0].split(":")[-1] for part in pattern.split("<")[1:]]
    values = {**world["kwargs"], **world["special"].get(route.name, {})}
    return reverse(route.name, kwargs={key: values[key] for key in wanted})


# --- the matrix ----------------------------------------------------------------------------------


def _request(client, url: str):
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url, {})
            denied = AuditEntry.objects.filter(action="access_denied").count()
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response, denied


def _detour(response) -> str:
    location = response.headers.get("Location", "") if response.status_code in (301, 302) else ""
    for step in ("accounts:login", "accounts:otp", "accounts:home", "admin:login"):
        if location.split("?")[0] == reverse(step):
            return step
    return ""


@pytest.mark.parametrize("principal", PRINCIPALS, ids=str)
def test_each_page_answers_each_principal_as_its_rule_says(client, world, principal):
    user = world["users"].get(principal)
    if user is not None:
        login_verified(client, user)
    wrong = []
    for route in routes():
        rule = RULES.get(route.name)
        if rule == "api" or (route.admin and route.name != "admin:index"):
            continue
        if rule in (public, nowhere) and principal.role not in ("", "case_worker"):
            continue  # public pages answer all alike: each institution meets them once
        url = url_for(route, world)
        response, denied = _request(client, url)
        if route.admin:
            expected = True if principal.kind == "platform_admin" else ADMIN
        else:
            expected = rule(principal)
        outcome = _outcome(response, denied, principal)
        if outcome in ("302 accounts:otp", "302 accounts:home") and rule in (login_step, public):
            outcome = True  # a login step leads on; registering needs no second account
        if outcome != expected:
            wrong.append(f"{route.name} {url}: expected {expected}, got {outcome}")
    assert not wrong, "\n".join(wrong)


def _outcome(response, denied: int, principal: Principal) -> bool | str | None:
    detour = _detour(response)
    if detour == "accounts:login":
        return None
    if detour == "admin:login":
        return ADMIN
    if response.status_code == 404:
        return False if denied or not principal.signed_in else "404 without an audit entry"
    if response.status_code == 403 or response.status_code >= 500 or detour:
        return f"{response.status_code} {detour}".strip()
    return True


# --- the API: operations × tokens ----------------------------------------------------------------

PUBLIC_OPERATIONS = {
    "get /api/v1/jurisdiction",
    "post /api/v1/pathway-check",
    "get /api/v1/procedure-deadline",
    "get /api/v1/faq/search",
    "get /api/v1/occupations",
    "get /api/v1/statistics/processing-times",
}


def _operations():
    from welcome.api.urls import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield f"{method} {path}"


def test_every_api_operation_is_either_public_or_needs_a_token(client):
    """An operation added without a decision here fails."""
    operations = set(_operations())
    token_operations = {op for op in operations if "/cases" in op}
    assert operations - token_operations == PUBLIC_OPERATIONS
    for operation in token_operations:
        method, path = operation.split(" ")
        url = path.replace("{case_id}", "1")
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 401, operation
        assert response["Content-Type"].startswith("application/json"), operation


@pytest.mark.parametrize("institution", INSTITUTIONS)
def test_a_token_reads_only_its_institutions_cases_and_every_refusal_is_audited(
    client, institution
):
    case = open_case(municipality="Hannover", consent_for=["abh-lhh"])
    _client, secret = api_client_create(
        institution=Institution.objects.get(pk=institution),
        name="partner system",
        scopes=["cases:read", "cases:write"],
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    own = institution == case.inbox_id
    listed = client.get("/api/v1/cases", **headers).json()
    assert [c["id"] for c in listed["items"]] == ([case.pk] if own else [])
    for method, suffix, body in (
        ("get", "", None),
        ("post", "/notes", {"text": "Called the person back."}),
        ("post", "/handover", {"to_institution": "welcome-center", "reason": "Question"}),
        ("post", "/export", {}),
    ):
        before = AuditEntry.objects.filter(action="access_denied").count()
        url = f"/api/v1/cases/{case.pk}{suffix}"
        with transaction.atomic():
            response = (
                client.get(url, **headers)
                if method == "get"
                else client.post(url, body, content_type="application/json", **headers)
            )
            denied = AuditEntry.objects.filter(action="access_denied").count() - before
            transaction.set_rollback(True)
        if own:
            assert response.status_code < 400, (url, response.content)
        else:
            assert (response.status_code, denied) == (404, 1), url
