"""Documents the roadmap asks for, by stable key (FACTS.md §3), so a checklist can de-duplicate
them and the web layer can attach uploads to a key."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Localize, Message, Translate, _, identity, localize_default


@dataclass(frozen=True)
class Document:
    key: str
    name: Message

    def as_dict(
        self, translate: Translate = identity, localize: Localize = localize_default
    ) -> dict:
        return {"key": self.key, "name": self.name.render(translate, localize)}


_NAMES = {
    "power_of_attorney": _("Power of attorney from the worker for the employer"),
    "passport_copy": _("Copy of the passport"),
    "passport": _("Valid passport"),
    "employment_declaration": _(
        'Employment contract or job offer with the BA form "Erklärung zum Beschäftigungsverhältnis"'
    ),
    "qualification_certificates": _("Qualification certificates and transcripts"),
    "cv_german": _("Tabular CV in German"),
    "references": _("References and proof of professional experience"),
    "no_recognition_application_declaration": _(
        "Declaration that no recognition application has been filed yet"
    ),
    "recognition_evidence": _(
        "Recognition notice, anabin printout or ZAB statement, where available"
    ),
    "practice_permit": _("Professional practice permit (regulated professions)"),
    "language_certificates": _("Language certificates, where required"),
    "contact_details": _("Contact details of the worker and the employer"),
    "fee_payment": _("Payment of the fee for the accelerated procedure"),
    "visa_application_form": _("Visa application forms"),
    "biometric_photos": _("Biometric passport photos"),
    "pre_approval": _("Pre-approval (Vorabzustimmung) of the authority"),
    "employment_contract": _("Employment contract"),
    "health_insurance": _("Proof of health insurance"),
    "landlord_confirmation": _("Landlord's confirmation of moving in (Wohnungsgeberbestätigung)"),
    "registration_certificate": _("Registration certificate (Meldebescheinigung)"),
    "proof_of_means": _("Proof of secured living costs, for example a blocked account"),
    "state_recognition_proof": _(
        "Proof that the qualification is state-recognised where it was obtained (ZAB information)"
    ),
    "recognition_partnership_agreement": _(
        "Written recognition-partnership agreement with the employer"
    ),
    "recognition_application": _("Recognition application form of the competent body"),
    "deficit_notice": _("Recognition notice stating the deficits (partial recognition)"),
    "training_contract": _("Contract for vocational training (Ausbildungsvertrag)"),
    "family_certificates": _("Marriage certificate or birth certificate, translated"),
    "sponsor_title_copy": _("Copy of the residence title of your family member in Germany"),
    "pension_record": _("Pension insurance record (Versicherungsverlauf)"),
    "basic_knowledge_certificate": _(
        'Certificate of the test "Leben in Deutschland" or of the integration course'
    ),
}

DOCUMENTS: dict[str, Document] = {key: Document(key, Message(text)) for key, text in _NAMES.items()}


def documents(*keys: str) -> tuple[Document, ...]:
    return tuple(DOCUMENTS[key] for key in keys)
