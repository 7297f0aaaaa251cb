"""What an application needs: the documents on its checklist, per person, with what of them is
there; and whether recognition and the BA's approval are part of its procedure. Reads only —
the services, the pages and the PDFs ask the same questions here.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from welcome.law import ProfileError
from welcome.law.roadmap import plan
from welcome.pathway import check
from welcome.procedures.models import Application, Document, FamilyMember
from welcome.region.directory import directory

# Documents every § 81a application needs at the agreement (FACTS.md § 3; `law.documents` keys).
# The power of attorney is here too; the worker may instead confirm it by the e-mailed link.
REQUIRED_DOCUMENTS = (
    "power_of_attorney",
    "passport_copy",
    "employment_declaration",
    "qualification_certificates",
    "cv_german",
)
FAMILY_DOCUMENTS = ("passport_copy",)
# A notice the employer received from an authority that works outside the platform and
# uploaded; not on the checklist — the Welcome Center records the step it reports.
AUTHORITY_NOTICE = "authority_notice"

# The law's recognition offices (`law.roadmap`) as the application's recognition bodies.
RECOGNITION_BODIES = {
    "ihk-fosa": Application.RecognitionBody.IHK_FOSA,
    "hwk-hannover": Application.RecognitionBody.HWK,
    "zab": Application.RecognitionBody.ZAB,
    "state-recognition-body": Application.RecognitionBody.STATE_BODY,
}


def age(born: dt.date, on: dt.date) -> int:
    """Completed years on ``on`` (the pathway check's age; a child's minority)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def required_documents(
    application: Application, family_member: FamilyMember | None = None
) -> tuple[str, ...]:
    """The checklist keys for the worker (FACTS.md § 3) or for a family member."""
    if family_member is not None:
        return FAMILY_DOCUMENTS
    keys = list(REQUIRED_DOCUMENTS)
    profile = application.profile or {}
    qualification = profile.get("qualification") or {}
    if qualification.get("regulated_profession"):
        keys.append("practice_permit")
    if qualification.get("recognition") in ("full", "partial"):
        keys.append("recognition_evidence")
    else:
        keys.append("no_recognition_application_declaration")
    return tuple(keys)


def checklist(application: Application) -> list[dict]:
    """Each required document (per person) with its newest version, or None when missing."""
    newest: dict[tuple[int | None, str], Document] = {}
    for document in application.documents.order_by("key", "-version"):
        newest.setdefault((document.family_member_id, document.key), document)
    items = []
    for key in required_documents(application):
        document = newest.get((None, key))
        if key == "power_of_attorney" and application.power_of_attorney_confirmed_at:
            document = document or "confirmed"
        items.append({"key": key, "family_member": None, "document": document})
    for member in application.family_members.all():
        for key in required_documents(application, member):
            items.append(
                {"key": key, "family_member": member, "document": newest.get((member.pk, key))}
            )
    return items


def incomplete(application: Application, *, reviewed: bool) -> list[str]:
    """Keys that are missing (or, when ``reviewed``, not yet checked or rejected)."""
    checked = (Document.Review.PRE_CHECKED, Document.Review.ACCEPTED)
    problems = []
    for item in checklist(application):
        document = item["document"]
        if document is None or (
            reviewed and document != "confirmed" and document.review not in checked
        ):
            problems.append(item["key"])
    return problems


def application_needs(*, title: str, profile: dict, on: dt.date | None = None) -> dict:
    """What the procedure will need, read from the pathway check of the worker's facts.

    Rule: the law's own plan for the chosen title (`law.roadmap.plan`, the steps the pathway
    check's roadmap shows) decides —
    - ``needs_recognition``: the plan has the recognition step before work starts (not when the
      qualification is fully recognised or German; for a recognition partnership it follows
      entry, so not in this procedure);
    - ``needs_ba_approval``: the plan has the BA approval step;
    - ``recognition_body``: the recognition step's body (IHK FOSA, Handwerkskammer, ZAB or the
      state body of a regulated profession); empty when no recognition is needed.
    When no title is chosen or the facts cannot be checked, the safe default stands: both are
    needed and the body is left open for the Welcome Center to name.
    """
    safe = {"needs_recognition": True, "needs_ba_approval": True, "recognition_body": ""}
    if not title:
        return safe
    try:
        parsed = check.parse(profile, today=on or timezone.localdate())
    except ProfileError:
        return safe
    evaluation = check.evaluation_of(parsed)
    outcome = next((o for o in evaluation.outcomes if o.title == title), None)
    if outcome is None:
        return safe
    steps = plan(outcome, parsed, directory)
    recognition = next(
        (s for s in steps if s.key == "recognition" and s.before_start_of_work), None
    )
    office = recognition.office.id if recognition and recognition.office else ""
    return {
        "needs_recognition": recognition is not None,
        "needs_ba_approval": any(s.key == "ba_approval" for s in steps),
        "recognition_body": RECOGNITION_BODIES.get(office, ""),
    }
