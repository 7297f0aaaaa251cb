"""The procedure's documents as PDFs (WeasyPrint, as the pathway check's roadmap PDF): the power
of attorney the worker signs, and the agreement per § 81a Abs. 2 AufenthG from the application's
data. Self-contained HTML, no network fetches (`welcome.pdf.pdf_bytes` refuses them).

Periods come from the dated law parameters (`welcome.law.deadlines`), as on the day the
application was filed (today for a draft), so the agreement cites the figures that bind it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from welcome.countries import country_name
from welcome.law import deadlines as law_deadlines
from welcome.law import parameters
from welcome.law.i18n import Money
from welcome.pathway import check
from welcome.pathway.labels import title_name
from welcome.pdf import pdf_bytes
from welcome.procedures.labels import document_name
from welcome.procedures.models import Application
from welcome.procedures.needs import checklist
from welcome.region.data import region
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    competent_institution,
    find_municipality,
)


def period_text(period: dict[str, int]) -> str:
    """{weeks: 2} as "2 weeks", in the active language."""
    parts = []
    for unit, singular, plural in (
        ("months", "%(count)s month", "%(count)s months"),
        ("weeks", "%(count)s week", "%(count)s weeks"),
        ("days", "%(count)s day", "%(count)s days"),
    ):
        count = period.get(unit)
        if count:
            parts.append(ngettext(singular, plural, count) % {"count": count})
    return ", ".join(parts)


def fee(on: dt.date) -> dict[str, Any]:
    """The fee of the accelerated procedure in force on ``on``, with its §."""
    figure = parameters.value("accelerated_procedure_fee", on)
    return {"amount": check.localize(Money(figure.value)), "reference": figure.reference}


def authority_of(application: Application, on: dt.date):
    """The competent authority: the one recorded at filing, else the one competent on ``on``."""
    institutions = region().institutions
    if application.authority_id:
        return institutions.get(application.authority_id)
    municipality = find_municipality(application.company.municipality or "")
    if municipality is None:
        return None
    return competent_institution(municipality, ACCELERATED_PROCEDURE, on)


def _deadline(step: str, on: dt.date) -> dict[str, str]:
    figure = parameters.value(law_deadlines.RULES[step].parameter, on)
    return {"period": period_text(figure.value), "reference": figure.reference}


def process(application: Application, on: dt.date) -> list[dict[str, Any]]:
    """The procedure's steps with who acts and the statutory period (§ 81a Abs. 2 Nr. 5)."""
    names = region().institutions
    authority = authority_of(application, on)
    authority_name = authority.name if authority else gettext("The competent authority")
    steps = [
        {
            "who": gettext("The employer, with the worker's power of attorney"),
            "what": gettext("Files the complete application and pays the fee."),
            "period": "",
            "reference": "§ 81a Abs. 1 AufenthG",
        },
        {
            "who": authority_name,
            "what": gettext("Concludes this agreement and checks that the documents are complete."),
            "period": "",
            "reference": "§ 81a Abs. 2 AufenthG",
        },
    ]
    if application.needs_recognition:
        body = dict(Application.RecognitionBody.choices).get(application.recognition_body)
        receipt = _deadline("recognition_receipt", on)
        decision = _deadline("recognition_decision", on)
        steps.append(
            {
                "who": str(body or gettext("The competent recognition body")),
                "what": gettext(
                    "Confirms receipt of the recognition application within %(receipt)s and "
                    "decides within %(decision)s of complete documents."
                )
                % {"receipt": receipt["period"], "decision": decision["period"]},
                "period": decision["period"],
                "reference": receipt["reference"],
            }
        )
    if application.needs_ba_approval:
        ba = _deadline("ba_approval", on)
        steps.append(
            {
                "who": names["ba-hannover"].name if "ba-hannover" in names else "BA",
                "what": gettext(
                    "Decides on its approval; the approval is deemed given if the BA does not "
                    "answer within %(period)s."
                )
                % {"period": ba["period"]},
                "period": ba["period"],
                "reference": ba["reference"],
            }
        )
    steps.append(
        {
            "who": authority_name,
            "what": gettext(
                "Issues the pre-approval (Vorabzustimmung) without delay once all conditions "
                "are met, and sends it to the mission abroad."
            ),
            "period": gettext("without delay"),
            "reference": "§ 81a Abs. 3 AufenthG",
        }
    )
    appointment = _deadline("visa_appointment", on)
    decision = _deadline("visa_decision", on)
    steps.append(
        {
            "who": gettext("The German mission abroad"),
            "what": gettext(
                "Offers a visa appointment within %(appointment)s of the pre-approval and "
                "decides, as a rule, within %(decision)s of the complete visa application."
            )
            % {"appointment": appointment["period"], "decision": decision["period"]},
            "period": appointment["period"],
            "reference": appointment["reference"],
        }
    )
    steps.append(
        {
            "who": gettext("The foreigners' authority at the worker's place of residence"),
            "what": gettext("Issues the residence permit after entry."),
            "period": "",
            "reference": "§ 81 AufenthG",
        }
    )
    return steps


def _checklist(application: Application) -> list[dict[str, Any]]:
    items = []
    for item in checklist(application):
        member = item["family_member"]
        items.append(
            {
                "name": document_name(item["key"]),
                "person": member.name if member else application.worker_name,
                "present": item["document"] is not None,
            }
        )
    return items


def agreement_context(application: Application) -> dict[str, Any]:
    on = application.filed_on or timezone.localdate()
    authority = authority_of(application, on)
    return {
        "application": application,
        "company": application.company,
        "authority": authority,
        "welcome_center": region().institutions.get("welcome-center"),
        "title_name": title_name(application.title) if application.title else "",
        "nationality": country_name(application.worker_nationality)
        if application.worker_nationality
        else "",
        "family": list(application.family_members.all()),
        "documents": _checklist(application),
        "process": process(application, on),
        "fee": fee(on),
        "on": on,
        "german": translation.get_language() == "de",
    }


def agreement_pdf(application: Application) -> bytes:
    """The agreement in the active language (the German version is the one concluded)."""
    html = render_to_string(
        "procedures/pdf/agreement.html",
        {**agreement_context(application), **_page_language()},
    )
    return pdf_bytes(html)


def _page_language() -> dict[str, str]:
    return {
        "language": translation.get_language() or "de",
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
    }


def power_of_attorney_pdf(application: Application) -> bytes:
    """The power of attorney in German (for the authority) and, below it, in the worker's
    language, each section in its own language and direction; the worker signs one copy."""
    languages = list(dict.fromkeys(["de", application.worker_language or "de"]))
    sections = []
    for language in languages:
        with translation.override(language):
            sections.append(
                render_to_string(
                    "procedures/pdf/_power_of_attorney_section.html",
                    {
                        "application": application,
                        "company": application.company,
                        "title_name": title_name(application.title) if application.title else "",
                        "nationality": country_name(application.worker_nationality, language)
                        if application.worker_nationality
                        else "",
                        "family": list(application.family_members.all()),
                        **_page_language(),
                    },
                )
            )
    html = render_to_string(
        "procedures/pdf/power_of_attorney.html",
        {"application": application, "sections": sections, **_page_language()},
    )
    return pdf_bytes(html)
