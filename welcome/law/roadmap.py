"""The roadmap for the best outcome: ordered steps, responsible offices, deadlines, documents.

Durations come from the dated parameters: statutory deadlines where the law sets one (§ 14a
BQFG, § 36 (2) BeschV, § 31a AufenthV, § 17 BMG), otherwise planning figures marked
``statutory: false``. Steps before entry add up to the earliest realistic start of work; the
registration and the residence permit follow entry and do not delay it (the national visa
already allows the employment it was issued for).

Offices in the Region come from a ``Directory`` (the region app implements it from its data);
``DefaultDirectory`` encodes the jurisdiction for tests and the command line.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

from . import occupations, parameters
from .documents import Document, documents
from .i18n import Localize, Message, Money, Translate, _, identity, localize_default, render
from .outcome import NOT_ELIGIBLE, Outcome
from .parameters import Figure
from .places import CAPITAL, region_municipality
from .profile import Profile


@dataclass(frozen=True)
class Office:
    id: str
    name: str | Message
    url: str | None = None

    def as_dict(
        self, translate: Translate = identity, localize: Localize = localize_default
    ) -> dict:
        return {"id": self.id, "name": render(self.name, translate, localize)}


class Directory(Protocol):
    """Who is competent where and when; the region app answers from its institution data."""

    def residence_authority(self, municipality: str | None, on: date) -> Office | None: ...

    def accelerated_procedure_authority(
        self, municipality: str | None, on: date
    ) -> Office | None: ...


ABH_LHH = Office("abh-lhh", "Ausländerbehörde der Landeshauptstadt Hannover")
ABH_REGION = Office("abh-region", "Ausländerbehörde der Region Hannover (Team Zuwanderung)")
ZENTRALSTELLE = Office(
    "zentralstelle-nds",
    "Zentralstelle für das beschleunigte Fachkräfteverfahren, Landesaufnahmebehörde Niedersachsen",
)
BA = Office("ba-hannover", "Bundesagentur für Arbeit (Agentur für Arbeit Hannover)")
HWK = Office("hwk-hannover", "Handwerkskammer Hannover")
IHK_FOSA = Office("ihk-fosa", "IHK FOSA (Foreign Skills Approval), Nürnberg")
ZAB = Office("zab", "Zentralstelle für ausländisches Bildungswesen (ZAB)")
STATE_BODY = Office(
    "state-recognition-body", Message(_("The competent state body for your profession"))
)
MISSION = Office("mission-abroad", Message(_("The German mission (embassy or consulate) abroad")))


class DefaultDirectory:
    """Lhh has its own foreigners' authority; the Region's serves the other 20 municipalities.
    § 81a: the ABH until 30 Jun 2025, the ABH or the Zentralstelle until 31 Dec 2025, then only
    the Zentralstelle (parameter ``accelerated_procedure_competence``)."""

    def residence_authority(self, municipality: str | None, on: date) -> Office | None:
        canonical = region_municipality(municipality) if municipality else None
        if canonical is None:
            return None
        return ABH_LHH if canonical == CAPITAL else ABH_REGION

    def accelerated_procedure_authority(self, municipality: str | None, on: date) -> Office | None:
        if parameters.value("accelerated_procedure_competence", on).value == "zentralstelle":
            return ZENTRALSTELLE
        return self.residence_authority(municipality, on)


@dataclass(frozen=True)
class Step:
    key: str
    title: Message
    office: Office | None
    periods: tuple[Figure, ...]
    statutory: bool
    documents: tuple[Document, ...] = ()
    note: Message | None = None
    fee: Any = None
    before_start_of_work: bool = True
    starts_on: date | None = None
    ends_on: date | None = None

    @property
    def citation(self) -> str | None:
        references = list(dict.fromkeys(figure.reference for figure in self.periods))
        return "; ".join(references) or None

    @property
    def duration_days(self) -> int:
        return (self.ends_on - self.starts_on).days if self.starts_on and self.ends_on else 0

    def as_dict(
        self, translate: Translate = identity, localize: Localize = localize_default
    ) -> dict:
        return {
            "key": self.key,
            "title": self.title.render(translate, localize),
            "office": self.office.as_dict(translate, localize) if self.office else None,
            "note": self.note.render(translate, localize) if self.note else None,
            "duration_days": self.duration_days,
            "statutory": self.statutory,
            "citation": self.citation,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
            "before_start_of_work": self.before_start_of_work,
            "fee": localize(self.fee) if self.fee is not None else None,
            "documents": [document.as_dict(translate, localize) for document in self.documents],
        }


@dataclass(frozen=True)
class Roadmap:
    title: str | None
    steps: tuple[Step, ...]
    earliest_start: date | None

    @property
    def checklist(self) -> tuple[Document, ...]:
        """Every document the steps ask for, once, in the order first asked."""
        return tuple({doc.key: doc for step in self.steps for doc in step.documents}.values())

    def as_dict(
        self, translate: Translate = identity, localize: Localize = localize_default
    ) -> dict:
        return {
            "title": self.title,
            "steps": [step.as_dict(translate, localize) for step in self.steps],
            "earliest_start": self.earliest_start.isoformat() if self.earliest_start else None,
        }


# --- calendar -----------------------------------------------------------------------------


def add_period(day: date, period: dict[str, int]) -> date:
    """Add {weeks: n} / {days: n} / {months: n} on the calendar (month ends are clamped)."""
    day += timedelta(days=period.get("days", 0) + 7 * period.get("weeks", 0))
    months = period.get("months", 0)
    if months:
        month_index = day.month - 1 + months
        year, month = day.year + month_index // 12, month_index % 12 + 1
        day = day.replace(
            year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
        )
    return day


def schedule(steps: Sequence[Step], start: date) -> tuple[tuple[Step, ...], date]:
    """Steps before work run one after another from ``start``; the rest follow entry in order.

    Returns the dated steps and the earliest start of work (the end of the last step before it).
    """
    before = [step for step in steps if step.before_start_of_work]
    after = [step for step in steps if not step.before_start_of_work]
    dated, cursor = [], start
    for step in before:
        dated.append(_run(step, cursor))
        cursor = dated[-1].ends_on
    start_of_work, cursor = cursor, cursor
    for step in after:
        dated.append(_run(step, cursor))
        cursor = dated[-1].ends_on
    return tuple(dated), start_of_work


def _run(step: Step, starts_on: date) -> Step:
    ends_on = starts_on
    for figure in step.periods:
        ends_on = add_period(ends_on, figure.value)
    return replace(step, starts_on=starts_on, ends_on=ends_on)


# --- steps --------------------------------------------------------------------------------

RESIDENCE_DEPENDS = Message(
    _(
        "Depends on your place of residence: the Landeshauptstadt Hannover has its own foreigners' "
        "authority; the Region Hannover's serves the other 20 municipalities."
    )
)


def _figures(on: date, *names: str) -> tuple[Figure, ...]:
    return tuple(parameters.value(name, on) for name in names)


def _statutory(figures: tuple[Figure, ...]) -> bool:
    return all(figure.verified for figure in figures)


def agreement_step(profile: Profile, directory: Directory) -> Step:
    on = profile.on
    office = directory.accelerated_procedure_authority(profile.municipality, on)
    competence = parameters.value("accelerated_procedure_competence", on)
    note = None
    if competence.value == "optional":
        note = Message(
            _(
                "Since %(date)s the employer may choose the Zentralstelle für das beschleunigte "
                "Fachkräfteverfahren instead of the foreigners' authority."
            ),
            {"date": competence.valid_from},
        )
    elif office is None:
        note = Message(
            _(
                "Depends on where the employer is established: the foreigners' authority of "
                "the Landeshauptstadt Hannover or of the Region Hannover."
            )
        )
    periods = _figures(on, "accelerated_agreement_estimate")
    return Step(
        "accelerated_procedure_agreement",
        Message(
            _("Employer concludes the agreement on the accelerated procedure (§ 81a AufenthG)")
        ),
        office,
        periods,
        _statutory(periods),
        documents(
            "power_of_attorney",
            "passport_copy",
            "employment_declaration",
            "qualification_certificates",
            "cv_german",
            "references",
            "no_recognition_application_declaration",
            "recognition_evidence",
            "language_certificates",
            "contact_details",
            "fee_payment",
        ),
        note=note,
        fee=Money(parameters.value("accelerated_procedure_fee", on).value),
    )


def recognition_office(profile: Profile) -> tuple[Office | None, Message | None]:
    """FACTS.md §4: the state body for regulated professions, the ZAB for degrees,
    IHK FOSA or the HWK for vocational qualifications."""
    q = profile.qualification
    data = q.recognition_data
    if data is not None and (data.regulated or q.regulated is not True):
        body = occupations.bodies()[data.body_id]
        if body.id == ZAB.id:
            return ZAB, Message(
                _("Check anabin first: a degree listed as comparable needs no statement.")
            )
        return Office(body.id, body.name), Message(
            _(
                "%(address)s. It decides within %(months)s months of complete documents, "
                "%(accelerated)s months in the accelerated procedure."
            ),
            {
                "address": body.address,
                "months": body.decision_months,
                "accelerated": body.accelerated_decision_months,
            },
        )
    if q.regulated:
        return STATE_BODY, Message(
            _("The Anerkennungs-Finder names the competent body for your profession.")
        )
    if q.level == "academic":
        return ZAB, Message(
            _("Check anabin first: a degree listed as comparable needs no statement.")
        )
    if q.level == "vocational":
        craft = bool(q.occupation_isco and q.occupation_isco.startswith("7"))
        note = Message(
            _(
                "IHK FOSA for occupations in industry and commerce, the Handwerkskammer for "
                "crafts; the Anerkennungs-Finder names the competent body."
            )
        )
        return (HWK if craft else IHK_FOSA), note
    return None, Message(
        _("Depends on your qualification; the Anerkennungs-Finder names the competent body.")
    )


def recognition_step(profile: Profile, accelerated: bool, *, before_work: bool = True) -> Step:
    on = profile.on
    office, note = recognition_office(profile)
    if office is ZAB:
        periods = _figures(on, "comparability_statement_estimate")
    elif accelerated:
        periods = _figures(
            on, "recognition_receipt_period_accelerated", "recognition_decision_period_accelerated"
        )
    else:
        periods = _figures(on, "recognition_receipt_period", "recognition_decision_period")
    return Step(
        "recognition",
        Message(_("Recognition of the foreign qualification")),
        office,
        periods,
        _statutory(periods),
        documents(
            "recognition_application",
            "passport_copy",
            "qualification_certificates",
            "cv_german",
            "references",
        ),
        note=note,
        before_start_of_work=before_work,
    )


def state_recognition_step(profile: Profile) -> Step:
    periods = _figures(profile.on, "state_recognition_check_estimate")
    return Step(
        "state_recognition_check",
        Message(_("Confirmation that the qualification is state-recognised where it was obtained")),
        ZAB,
        periods,
        _statutory(periods),
        documents("qualification_certificates", "state_recognition_proof"),
    )


def practice_permit_step(profile: Profile) -> Step:
    periods = _figures(profile.on, "practice_permit_estimate")
    data = profile.qualification.recognition_data
    body = occupations.bodies()[data.body_id] if data and data.regulated else None
    return Step(
        "practice_permit",
        Message(_("Professional practice permit for the regulated profession")),
        Office(body.id, body.name) if body else STATE_BODY,
        periods,
        _statutory(periods),
        documents("qualification_certificates", "practice_permit"),
    )


def partnership_agreement_step(profile: Profile) -> Step:
    periods = _figures(profile.on, "recognition_partnership_agreement_estimate")
    return Step(
        "recognition_partnership_agreement",
        Message(_("Written agreement with the employer to start recognition after entry")),
        None,
        periods,
        _statutory(periods),
        documents("recognition_partnership_agreement"),
        note=Message(
            _(
                "Concluded between the worker and the employer; the BA checks the employer's "
                "suitability."
            )
        ),
    )


def ba_step(profile: Profile, accelerated: bool) -> Step:
    name = "ba_deemed_approval_period_accelerated" if accelerated else "ba_deemed_approval_period"
    periods = _figures(profile.on, name)
    return Step(
        "ba_approval",
        Message(_("Approval of the Federal Employment Agency")),
        BA,
        periods,
        _statutory(periods),
        documents("employment_declaration"),
        note=Message(
            _(
                "The authority asks the BA; the approval is deemed given if the BA does not "
                "answer in time."
            )
        ),
    )


def pre_approval_step(profile: Profile, directory: Directory) -> Step:
    periods = _figures(profile.on, "pre_approval_estimate")
    office = directory.accelerated_procedure_authority(profile.municipality, profile.on)
    return Step(
        "pre_approval",
        Message(_("Pre-approval (Vorabzustimmung) is sent to the mission abroad")),
        office,
        periods,
        _statutory(periods),
    )


def visa_step(profile: Profile, title: str, accelerated: bool) -> Step:
    on = profile.on
    if accelerated:
        periods = _figures(
            on, "visa_appointment_period_accelerated", "visa_decision_period_accelerated"
        )
    else:
        periods = _figures(on, "visa_estimate")
    keys = ["visa_application_form", "biometric_photos", "passport"]
    keys += ["pre_approval"] if accelerated else []
    keys += VISA_DOCUMENTS.get(
        title, ["employment_contract", "qualification_certificates", "health_insurance"]
    )
    return Step(
        "visa",
        Message(_("National visa at the German mission abroad")),
        MISSION,
        periods,
        _statutory(periods),
        documents(*keys),
        note=HOME_MISSION if title == "western_balkans" else None,
    )


VISA_DOCUMENTS = {
    "opportunity_card": [
        "qualification_certificates",
        "language_certificates",
        "proof_of_means",
        "health_insurance",
    ],
    "western_balkans": ["employment_contract", "health_insurance"],
    "vocational_training": [
        "training_contract",
        "language_certificates",
        "proof_of_means",
        "health_insurance",
    ],
    "family_reunification": [
        "family_certificates",
        "sponsor_title_copy",
        "proof_of_means",
        "health_insurance",
    ],
}
HOME_MISSION = Message(
    _(
        "Under the Western Balkans regulation the first application goes to the German mission in "
        "your home country (§ 26 Abs. 2 BeschV)."
    )
)


def registration_step(profile: Profile) -> Step:
    periods = _figures(profile.on, "registration_period")
    municipality = region_municipality(profile.municipality) if profile.municipality else None
    office = (
        Office(
            f"registration-{municipality.casefold().replace(' ', '-')}",
            Message(
                _("Registration office (Bürgeramt) of %(municipality)s"),
                {"municipality": municipality},
            ),
        )
        if municipality
        else None
    )
    return Step(
        "entry_registration",
        Message(_("Register your address after moving in")),
        office,
        periods,
        _statutory(periods),
        documents("passport", "landlord_confirmation"),
        note=None
        if office
        else Message(_("At the registration office of the municipality you move to.")),
        before_start_of_work=False,
    )


def residence_permit_step(
    profile: Profile, directory: Directory, *, settlement: bool = False
) -> Step:
    periods = _figures(profile.on, "residence_permit_estimate")
    office = directory.residence_authority(profile.municipality, profile.on)
    if settlement:
        key, title = (
            "settlement_permit",
            Message(_("Settlement permit at the foreigners' authority")),
        )
        keys = ("pension_record", "language_certificates", "basic_knowledge_certificate")
    else:
        key, title = "residence_permit", Message(_("Residence permit at the foreigners' authority"))
        keys = ("registration_certificate",)
    return Step(
        key,
        title,
        office,
        periods,
        _statutory(periods),
        documents("passport", "biometric_photos", *keys, "employment_contract", "health_insurance"),
        note=None if office else RESIDENCE_DEPENDS,
        before_start_of_work=False,
    )


def _needs_recognition(outcome: Outcome, profile: Profile) -> bool:
    q = profile.qualification
    if q.german_degree or q.recognition == "full":
        return False
    if outcome.title == "blue_card":
        return outcome.details.get("route") != "it_specialist"
    return outcome.title in ("skilled_vocational", "skilled_academic")


def _needs_ba(outcome: Outcome) -> bool:
    if outcome.title == "blue_card":
        return outcome.details.get("ba_approval_required") is not False
    return outcome.title in (
        "skilled_vocational",
        "skilled_academic",
        "experienced_professional",
        "recognition_partnership",
        "western_balkans",
        "vocational_training",
    )


def plan(outcome: Outcome, profile: Profile, directory: Directory) -> list[Step]:
    """The steps of one title for one person, in order."""
    on, title = profile.on, outcome.title
    if title == "eu_free_movement":
        return [registration_step(profile)]
    if title == "settlement_permit":
        # applied for in Germany, at the authority of the place of residence
        return [residence_permit_step(profile, directory, settlement=True)]
    accelerated = title in parameters.value("accelerated_procedure_titles", on).value or bool(
        title == "family_reunification" and profile.family.applies_with_worker
    )
    steps: list[Step] = []
    if accelerated:
        steps.append(agreement_step(profile, directory))
    if _needs_recognition(outcome, profile):
        steps.append(recognition_step(profile, accelerated))
    needs_state_recognition = (
        (title == "experienced_professional" and outcome.details.get("route") != "it_specialist")
        or title == "recognition_partnership"
        or (
            title == "opportunity_card"
            and outcome.details.get("route") != "fachkraft"
            and profile.qualification.recognition != "partial"
        )
    )
    if needs_state_recognition:
        steps.append(state_recognition_step(profile))
    if profile.qualification.regulated and title in (
        "skilled_vocational",
        "skilled_academic",
        "blue_card",
        "experienced_professional",
    ):
        steps.append(practice_permit_step(profile))
    if title == "recognition_partnership":
        steps.append(partnership_agreement_step(profile))
    if _needs_ba(outcome):
        steps.append(ba_step(profile, accelerated))
    if accelerated:
        steps.append(pre_approval_step(profile, directory))
    steps.append(visa_step(profile, title, accelerated))
    steps.append(registration_step(profile))
    steps.append(residence_permit_step(profile, directory))
    if title == "recognition_partnership":
        steps.append(recognition_step(profile, accelerated=False, before_work=False))
    return steps


def build_roadmap(
    outcomes: Sequence[Outcome], profile: Profile, directory: Directory | None = None
) -> Roadmap:
    """Roadmap for the best outcome (outcomes sorted best first); empty if none is open."""
    best = next((outcome for outcome in outcomes if outcome.status is not NOT_ELIGIBLE), None)
    if best is None:
        return Roadmap(None, (), None)
    steps, start_of_work = schedule(
        plan(best, profile, directory or DefaultDirectory()), profile.on
    )
    return Roadmap(best.title, steps, start_of_work)
