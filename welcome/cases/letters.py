"""Letters from a case: an invitation, a request for missing documents, a confirmation.

Each kind is a Django template, `cases/letters/<kind>.html`, filled from the case: the person's
name, the reference, the next appointment, the documents the checklist misses, and the name and
address of the institution holding the case (from the Region's data). An institution may have
its own wording, `cases/letters/<institution id>/<kind>.html`, and a language its own text,
`…/<kind>.<language>.html`; the first that exists is used. Otherwise the sentences are gettext
strings, translated like the rest of the site.

A letter is written in the person's language (the case's `language`) where the site has a
translation, else in German — and the pages say so. Arabic letters run right to left; names,
references, addresses and § citations are isolated with <bdi>, so a Latin name does not turn a
sentence around.

Nothing here decides who may write a letter or records that one was written: that is
`services.letter_make` / `letter_send` (permission, timeline, audit). The letter's text is never
stored; the timeline keeps its kind, language and channel only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string, select_template
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from welcome.cases.models import Case
from welcome.cases.selectors import CaseAccess, case_checklist
from welcome.consultations.notifications import when, where
from welcome.consultations.selectors import bookings_for_case
from welcome.region.data import region

INVITATION = "invitation"
MISSING_DOCUMENTS = "missing_documents"
CONFIRMATION = "confirmation"

KINDS = {
    INVITATION: _("Invitation to an appointment"),
    MISSING_DOCUMENTS: _("Request for missing documents"),
    CONFIRMATION: _("Confirmation of the request"),
}
SUBJECTS = {
    INVITATION: _("Invitation to an appointment – %(reference)s"),
    MISSING_DOCUMENTS: _("Documents missing for your request %(reference)s"),
    CONFIRMATION: _("Confirmation of your request %(reference)s"),
}
PDF = "pdf"
EMAIL = "email"
CHANNELS = {PDF: _("made as a PDF"), EMAIL: _("sent by e-mail")}

# The person's duty to bring the evidence for their matter, cited by the foreigners' authorities
# when they ask for missing documents: § 82 Abs. 1 Satz 1 AufenthG ("… die erforderlichen
# Nachweise … unverzüglich beizubringen"), https://www.gesetze-im-internet.de/aufenthg_2004/__82.html
DUTY_TO_COOPERATE = {
    "abh-lhh": "§ 82 Abs. 1 AufenthG",
    "abh-region": "§ 82 Abs. 1 AufenthG",
}


def letter_language(case: Case) -> tuple[str, bool]:
    """The language to write in, and whether it is German only for want of a translation."""
    codes = {code for code, _name in settings.LANGUAGES}
    language = (case.language or "").split("-")[0].lower()
    if language in codes:
        return language, False
    return settings.LANGUAGE_CODE, bool(language) and language != settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    """A language's name in the active language where Django knows it, else the code."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


@dataclass(frozen=True)
class Letter:
    """A rendered letter: its body for the preview, the whole page for the PDF, and what the
    timeline keeps of it (kind, language)."""

    kind: str
    language: str
    direction: str
    fallback: bool  # written in German because the person's language has no translation
    requested_language: str
    subject: str
    content: SafeString
    document: str
    reference: str

    @property
    def filename(self) -> str:
        return f"{self.reference}-{self.kind}-{self.language}.pdf"

    def pdf(self) -> bytes:
        from welcome.pdf import pdf_bytes  # WeasyPrint: loaded when needed

        return pdf_bytes(self.document)


def _bdi(value: str) -> SafeString:
    return format_html("<bdi>{}</bdi>", value) if value else SafeString("")


def _appointment(case: Case) -> dict[str, str] | None:
    """The next appointment of the person behind the case, in words of the active language."""
    now = timezone.now()
    upcoming = [
        booking
        for booking in bookings_for_case(reference=case.reference)
        if booking.is_active and booking.slot.start > now
    ]
    if not upcoming:
        return None
    booking = upcoming[0]
    return {"when": when(booking.slot), "where": where(booking.slot, booking.request)}


def missing_documents(case: Case) -> list[str]:
    """The checklist's items without an upload, named in the active language."""
    access = CaseAccess(case=case, personal=True, can_write=True)
    return [item.label for item in case_checklist(access=access) if not item.done]


def _context(case: Case, kind: str, by) -> dict[str, Any]:
    institution = region().institutions.get(case.inbox_id)
    person = getattr(case, "person", None)
    duty = DUTY_TO_COOPERATE.get(case.inbox_id, "")
    return {
        "kind": kind,
        "case": case,
        "reference": _bdi(case.reference),
        "name": _bdi(person.name if person else ""),
        "institution": institution,
        "institution_name": _bdi(institution.name if institution else case.inbox_id),
        "institution_address": _bdi(institution.address if institution else ""),
        "sender": _bdi((by.get_full_name() or by.get_username()) if by else ""),
        "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        "appointment": _appointment(case),
        "missing": missing_documents(case) if kind == MISSING_DOCUMENTS else [],
        "duty": _bdi(duty),
    }


def letter_render(*, case: Case, kind: str, by) -> Letter:
    """The letter of `kind` for the case, in the person's language (German as the fallback).

    Call only after the permission checks (`services.letter_*`): it reads personal data.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown letter kind {kind!r}.")
    language, fallback = letter_language(case)
    with translation.override(language):
        direction = "rtl" if translation.get_language_bidi() else "ltr"
        context = {**_context(case, kind, by), "language": language, "direction": direction}
        names = [
            f"cases/letters/{case.inbox_id}/{kind}.{language}.html",
            f"cases/letters/{case.inbox_id}/{kind}.html",
            f"cases/letters/{kind}.{language}.html",
            f"cases/letters/{kind}.html",
        ]
        content = SafeString(select_template(names).render(context))
        subject = gettext(str(SUBJECTS[kind])) % {"reference": case.reference}
        document = render_to_string(
            "cases/letters/document.html", {**context, "content": content, "subject": subject}
        )
    return Letter(
        kind=kind,
        language=language,
        direction=direction,
        fallback=fallback,
        requested_language=case.language,
        subject=subject,
        content=content,
        document=document,
        reference=case.reference,
    )


def letter_email_body(letter: Letter, case: Case) -> str:
    """The short e-mail the PDF is attached to, in the letter's language."""
    person = getattr(case, "person", None)
    institution = region().institutions.get(case.inbox_id)
    with translation.override(letter.language):
        return render_to_string(
            "cases/letters/email.txt",
            {
                "name": person.name if person else "",
                "subject": letter.subject,
                "institution": institution.name if institution else case.inbox_id,
            },
        )
