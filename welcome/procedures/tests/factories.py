"""Factories with named business states for § 81a applications.

`ApplicationFactory(state="ba_requested")` walks the real services through every step up to that
state (so steps, deadlines and versions are as in life); `ready=True` gives a complete draft.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from welcome.accounts.tests.factories import CompanyFactory, EmployerFactory, StaffFactory
from welcome.procedures import services
from welcome.procedures.machine import State
from welcome.procedures.models import Application

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The shortest path through the table to each state (transition names), after filing.
PATH = {
    State.FILED: [],
    State.AGREEMENT_CONCLUDED: ["conclude_agreement"],
    State.RECOGNITION_REQUESTED: ["conclude_agreement", "request_recognition"],
    State.RECOGNITION_DECIDED: [
        "conclude_agreement",
        "request_recognition",
        ("decide_recognition", "full"),
    ],
    State.BA_REQUESTED: ["conclude_agreement", "request_ba_approval"],
    State.BA_APPROVED: ["conclude_agreement", "request_ba_approval", "record_ba_approval"],
    State.PRE_APPROVAL_SENT: ["conclude_agreement", "send_pre_approval"],
    State.VISA_APPOINTMENT: [
        "conclude_agreement",
        "send_pre_approval",
        "record_visa_appointment",
    ],
    State.VISA_DECIDED: [
        "conclude_agreement",
        "send_pre_approval",
        "record_visa_appointment",
        ("decide_visa", "granted"),
    ],
}


def pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class VerifiedCompanyFactory(CompanyFactory):
    municipality = "Garbsen"
    verified_at = factory.LazyFunction(timezone.now)
    contact_email = factory.Sequence(lambda n: f"hr{n}@company.example")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; pass ``ready=True`` for all documents uploaded, or ``state=`` for later steps."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    company = factory.SubFactory(VerifiedCompanyFactory)
    created_by = factory.LazyAttribute(lambda a: EmployerFactory(company=a.company))
    reference = factory.Sequence(lambda n: f"BF-2026-{n:06d}")
    state_since = factory.LazyFunction(timezone.localdate)
    worker_name = "Amina Haddad"
    worker_email = "amina@example.net"
    worker_language = "ar"
    worker_nationality = "MA"
    worker_birth_date = dt.date(1994, 5, 17)
    occupation = "Pflegefachkraft"
    occupation_isco = "2221"
    title = "skilled_vocational"
    recognition_body = Application.RecognitionBody.STATE_BODY

    @factory.post_generation
    def ready(self, create, extracted, **kwargs):
        if create and extracted:
            upload_all(self)

    @factory.post_generation
    def state(self, create, extracted, **kwargs):
        if create and extracted and extracted != State.DRAFT:
            advance(self, extracted)


def upload_all(application: Application) -> None:
    for key in services.required_documents(application):
        services.document_upload(
            application=application, key=key, upload=pdf(f"{key}.pdf"), by=application.created_by
        )
    for member in application.family_members.all():
        for key in services.required_documents(application, member):
            services.document_upload(
                application=application,
                key=key,
                upload=pdf(f"{key}.pdf"),
                by=application.created_by,
                family_member=member,
            )


def pre_check(application: Application, by=None) -> None:
    """Upload what is missing, ask the Welcome Center to pre-check, approve every document."""
    if not application.documents.exists():
        upload_all(application)
    services.application_transition(
        application=application,
        name="request_pre_check",
        by=application.created_by,
        pre_checker="welcome-center",
    )
    by = by or StaffFactory(institution_id="welcome-center")
    for document in application.documents.all():
        services.document_review(document=document, approve=True, by=by)
    services.application_transition(application=application, name="confirm_pre_check", by=by)


def authority_user(application: Application):
    """A user who takes the authority's steps: its own staff, or the Welcome Center recording."""
    institution = services.authority_actor(application)
    return StaffFactory(institution_id=institution)


def advance(application: Application, state: str) -> Application:
    """Walk ``application`` through the real services to ``state``."""
    if state in (State.PRE_CHECK, State.PRE_CHECKED):
        if not application.documents.exists():
            upload_all(application)
        services.application_transition(
            application=application,
            name="request_pre_check",
            by=application.created_by,
            pre_checker="welcome-center",
        )
        if state == State.PRE_CHECK:
            return application
        by = StaffFactory(institution_id="welcome-center")
        for document in application.documents.all():
            services.document_review(document=document, approve=True, by=by)
        services.application_transition(application=application, name="confirm_pre_check", by=by)
        return application
    pre_check(application)
    services.application_transition(application=application, name="file", by=application.created_by)
    by = authority_user(application)
    for item in PATH[state]:
        name, outcome = item if isinstance(item, tuple) else (item, "")
        services.application_transition(application=application, name=name, by=by, outcome=outcome)
    return application
