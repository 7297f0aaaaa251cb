"""Demo content for the back office: staff users per institution and a handful of cases.

Users `demo-<institution-id>` (case workers) and `demo-lead-welcome-center` (team lead), password
from DEMO_PASSWORD (default "welcome-demo-2026"), each with a confirmed TOTP device on one fixed,
printed demo key — only here, only for the demo. Idempotent: users are updated, cases are created
only once (recognised by source "demo").
"""

import base64
import os

from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import User
from welcome.cases.models import Case
from welcome.cases.services import (
    case_change_status,
    case_hand_over,
    case_take,
    document_upload,
    note_add,
)
from welcome.region.models import Institution
from welcome.region.services import institutions_sync

# 20 bytes, fixed and public on purpose: the demo must be reachable with a known code generator.
DEMO_TOTP_KEY = b"welcome-demo-totp-26".hex()
DEMO_SOURCE = "demo"
DEMO_PDF = b"%PDF-1.4\n% Welcome Center demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ALL = ("advice", "pre_check", "case_handling")


def _consents(*institutions):
    return [(i, p) for i in institutions for p in ALL]


DEMO_CASES = [
    {
        "topic": "residence",
        "requester_kind": "worker",
        "person": {
            "name": "Amina El Idrissi",
            "email": "amina.demo@example.org",
            "phone": "+212 600 000001",
            "nationality": "Morocco",
        },
        "municipality": "Hannover",
        "occupation_isco": "2221",
        "language": "fr",
        "channel": "video",
        "summary": "Nurse, job offer at a Hannover hospital. Which residence permit do I need?",
        "data": {"checklist": ["passport", "employment_contract", "recognition_notice"]},
        "consents": _consents("welcome-center", "abh-lhh"),
    },
    {
        "topic": "residence",
        "requester_kind": "worker",
        "person": {
            "name": "Mehmet Yılmaz",
            "email": "mehmet.demo@example.org",
            "phone": "",
            "nationality": "Türkiye",
        },
        "municipality": "Garbsen",
        "occupation_isco": "7231",
        "language": "tr",
        "channel": "in_person",
        "summary": "Kfz-Mechatroniker, moving to Garbsen in March.",
        "data": {},
        "consents": _consents("welcome-center", "abh-region"),
    },
    {
        "topic": "recognition",
        "requester_kind": "worker",
        "person": {
            "name": "Lucía Fernández",
            "email": "lucia.demo@example.org",
            "phone": "",
            "nationality": "Colombia",
        },
        "municipality": "Laatzen",
        "occupation_isco": "7512",
        "language": "es",
        "channel": "email",
        "summary": "Bakery training in Colombia (3 years). How do I get it recognised?",
        "data": {},
        "consents": _consents("welcome-center", "hwk-hannover"),
    },
    {
        "topic": "recognition",
        "requester_kind": "employer",
        "person": {
            "name": "Logistik Nord GmbH (Frau Becker)",
            "email": "hr.demo@example.com",
            "phone": "+49 511 000000",
            "nationality": "",
        },
        "municipality": "Langenhagen",
        "occupation_isco": "4321",
        "language": "de",
        "channel": "phone",
        "summary": "We want to hire a warehouse specialist trained in Tunisia.",
        "data": {},
        "consents": _consents("welcome-center", "ihk-hannover"),
    },
    {
        "topic": "labour_market",
        "requester_kind": "employer",
        "person": {
            "name": "Tischlerei Beispiel (Herr Kraus)",
            "email": "kraus.demo@example.com",
            "phone": "",
            "nationality": "",
        },
        "municipality": "Wunstorf",
        "occupation_isco": "7522",
        "language": "de",
        "channel": "email",
        "summary": "Does a cabinet-maker from Bosnia need BA approval?",
        "data": {},
        "consents": _consents("welcome-center", "ba-hannover"),
    },
    {
        "topic": "accelerated_procedure",
        "requester_kind": "employer",
        "person": {
            "name": "Klinikum Demo (Personalabteilung)",
            "email": "personal.demo@example.com",
            "phone": "",
            "nationality": "",
        },
        "municipality": "Hannover",
        "occupation_isco": "2221",
        "language": "de",
        "channel": "video",
        "summary": "Accelerated procedure for three nurses from the Philippines.",
        "data": {},
        "consents": _consents("welcome-center", "zentralstelle-nds"),
    },
    {
        "topic": "general",
        "requester_kind": "worker",
        "person": {
            "name": "Omar Haddad",
            "email": "omar.demo@example.org",
            "phone": "",
            "nationality": "Egypt",
        },
        "municipality": None,
        "occupation_isco": None,
        "language": "ar",
        "channel": "email",
        "summary": "I am a software developer. Where do I start?",
        "data": {},
        "consents": _consents("welcome-center"),
    },
    {
        "topic": "general",
        "requester_kind": "worker",
        "person": {"name": "Anonymous demo", "email": "", "phone": "", "nationality": ""},
        "municipality": None,
        "occupation_isco": None,
        "language": "en",
        "channel": "phone",
        "summary": "Listed without consent: the inbox sees reference and topic only.",
        "data": {},
        "consents": [],
    },
]


class Command(BaseCommand):
    help = "Create demo staff users (with a fixed demo TOTP key) and demo cases (idempotent)."

    def handle(self, *args, **options):
        institutions_sync()
        password = os.environ.get("DEMO_PASSWORD", "welcome-demo-2026")
        users = {}
        for institution in Institution.objects.order_by("pk"):
            users[institution.pk] = self._user(
                f"demo-{institution.pk}", institution, User.Role.CASE_WORKER, password
            )
        lead = self._user(
            "demo-lead-welcome-center",
            Institution.objects.get(pk="welcome-center"),
            User.Role.TEAM_LEAD,
            password,
        )
        welcome_center = Institution.objects.get(pk="welcome-center")
        admin = self._user("demo-admin", welcome_center, User.Role.ADMINISTRATOR, password)
        User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
        for n in (1, 2):  # two editors: a draft needs a second person to publish it
            self._user(f"demo-editor-{n}", welcome_center, User.Role.CONTENT_EDITOR, password)
        secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        self.stdout.write(
            f"Demo users: demo-<institution-id>, {lead.username}, demo-admin (Django admin), "
            "demo-editor-1 and demo-editor-2 (FAQ editors); password from DEMO_PASSWORD "
            "(default welcome-demo-2026)."
        )
        self.stdout.write(f"Demo TOTP secret for all of them (base32, 30 s, 6 digits): {secret}")

        if Case.objects.filter(source=DEMO_SOURCE).exists():
            self.stdout.write("Demo cases exist already; nothing added.")
            return
        self._cases(users)

    def _user(self, username, institution, role, password):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"kind": User.Kind.STAFF, "institution": institution, "role": role},
        )
        user.kind, user.institution, user.role = User.Kind.STAFF, institution, role
        user.first_name = "Demo"
        user.last_name = institution.short_name
        user.email = f"{username}@example.org"
        user.set_password(password)
        user.save()
        TOTPDevice.objects.update_or_create(
            user=user,
            name="demo authenticator",
            defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
        )
        self.stdout.write(f"  {'created' if created else 'updated'} user {username}")
        return user

    @transaction.atomic
    def _cases(self, users):
        from welcome.cases.services import case_open

        opened = []
        for spec in DEMO_CASES:
            case = case_open(**spec, source=DEMO_SOURCE, by=None)
            opened.append(case)
            self.stdout.write(f"  opened {case.reference} in {case.inbox_id} ({case.topic})")
        nurse, mechanic, baker, warehouse, *_ = opened
        case_take(case=nurse, by=users["abh-lhh"])
        note_add(
            case=nurse,
            text="Recognition notice for the nursing qualification is still missing.",
            by=users["abh-lhh"],
        )
        document_upload(
            case=nurse,
            kind="passport",
            upload=_Upload("passport.pdf", DEMO_PDF),
            by=users["abh-lhh"],
        )
        case_change_status(case=nurse, status="waiting", by=users["abh-lhh"])
        case_take(case=baker, by=users["hwk-hannover"])
        note_add(
            case=baker,
            text="Certificates in Spanish; translation requested.",
            by=users["hwk-hannover"],
        )
        # The employer also needs visa help: the IHK hands the case on to the Welcome Center.
        case_take(case=mechanic, by=users["abh-region"])
        case_hand_over(
            case=warehouse,
            to_institution=Institution.objects.get(pk="welcome-center"),
            by=users["ihk-hannover"],
            reason="Employer also asks about the visa; the Welcome Center coordinates.",
        )
        self.stdout.write(self.style.SUCCESS(f"Done: {len(opened)} demo cases."))


class _Upload:
    def __init__(self, name, content):
        import io

        self.name, self.size, self._buffer = name, len(content), io.BytesIO(content)

    def read(self, *args):
        return self._buffer.read(*args)

    def seek(self, *args):
        return self._buffer.seek(*args)
