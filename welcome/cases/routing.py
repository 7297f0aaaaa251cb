"""Which institution a new case belongs to — rules as data, dated where competences change.

- residence → the foreigners' authority of the municipality (region.jurisdiction, dated there);
- recognition → HWK for craft occupations, IHK for IHK occupations, by ISCO-08 group (table below,
  longest matching prefix wins; groups where both chambers train are left out on purpose);
- labour_market → Agentur für Arbeit Hannover;
- accelerated_procedure → prepared at the Welcome Center; the competent authority comes from
  region.jurisdiction (the Zentralstelle Niedersachsen since 2026-01-01, § 81a AufenthG);
- anything unclear → the Welcome Center triage inbox.

`route()` answers twice: `inbox`, where a case lands when it is routed directly (cases opened by
staff or partner systems), and `proposed`, the institution the rule proposes to hand it to. Public
requests land in the Welcome Center's triage inbox with that proposal and its reason
(`reason()`: "Residence in Garbsen → ABH Region Hannover"), unless a pass-through rule of the
Region's data lets their topic go straight on (`region.data.passes_through`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from welcome.region.data import region
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    RESIDENCE,
    JurisdictionError,
    competent_institution,
    responsible,
)

TRIAGE = "welcome-center"
LABOUR_MARKET_INBOX = "ba-hannover"
HWK = "hwk-hannover"
IHK = "ihk-hannover"

# ISCO-08 groups → recognition body (reference occupations of the chambers, BQFG). Dated: a change
# (e.g. a new training regulation moving an occupation) is a new entry, never an edit of an old one.
RECOGNITION_BY_ISCO: list[tuple[dt.date, dict[str, str]]] = [
    (
        dt.date(2012, 4, 1),  # BQFG in force
        {
            # Crafts (Handwerksordnung, Anlage A/B): Handwerkskammer.
            "71": HWK,  # building and related trades (masons, carpenters, plumbers, painters)
            "7231": HWK,  # motor vehicle mechanics (Kfz-Mechatroniker)
            "751": HWK,  # food processing: butchers, bakers, confectioners
            "752": HWK,  # wood treaters, cabinet-makers
            "7531": HWK,  # tailors, dressmakers
            "7536": HWK,  # shoemakers
            "7311": HWK,  # precision-instrument makers
            "7313": HWK,  # jewellers, goldsmiths
            "5141": HWK,  # hairdressers
            "5142": HWK,  # beauticians
            "3214": HWK,  # dental technicians
            # Industry and commerce (IHK FOSA via IHK Hannover).
            "4": IHK,  # clerical support workers (Kaufleute)
            "52": IHK,  # sales workers (retail)
            "5120": IHK,  # cooks
            "5131": IHK,  # waiters
            "5132": IHK,  # bartenders
            "8": IHK,  # plant and machine operators, assemblers, drivers
            "3512": IHK,  # ICT operations technicians (Fachinformatiker)
            "3513": IHK,  # network and systems technicians
            "3514": IHK,  # web technicians
            "7223": IHK,  # machine-tool setters (Zerspanungsmechaniker)
            "7412": IHK,  # electrical mechanics (Elektroniker für Betriebstechnik)
            "3115": IHK,  # mechanical engineering technicians
            "4321": IHK,  # stock clerks (Fachkraft für Lagerlogistik) — also covered by "4"
        },
    )
]


@dataclass(frozen=True)
class Route:
    inbox: str  # where the case lands when routed directly
    rule: str  # which rule decided (a key of REASONS)
    competent_authority: str = ""
    details: dict = field(default_factory=dict)  # the facts that decided: codes, never a person
    proposed: str = ""  # the institution the rule proposes; "" when unclear (triage decides)


# Why a rule proposes what it proposes, one sentence per rule naming the fact that decided.
# Placeholders: %(inbox)s the proposed institution, %(municipality)s, %(isco)s.
REASONS = {
    "residence_by_municipality": _("Residence in %(municipality)s → %(inbox)s"),
    "triage_municipality_unclear": _(
        "Residence, but the municipality is not known → the Welcome Center decides"
    ),
    "recognition_by_isco": _("Recognition for the occupation ISCO-08 %(isco)s → %(inbox)s"),
    "triage_occupation_unclear": _(
        "Recognition, but the occupation is not clearly a craft or an IHK occupation → the "
        "Welcome Center decides"
    ),
    "labour_market": _("Work permit or labour market question → %(inbox)s"),
    "accelerated_procedure_prepared": _(
        "Accelerated skilled-worker procedure (§ 81a AufenthG) for %(municipality)s → %(inbox)s"
    ),
    "triage_accelerated_unclear": _(
        "Accelerated skilled-worker procedure (§ 81a AufenthG), but the municipality is not "
        "known → the Welcome Center decides"
    ),
    "triage": _("General question → the Welcome Center decides"),
}


def reason(*, rule: str, details: dict | None = None, proposed: str | None = "") -> str:
    """The rule's sentence in the active language, with the facts and the institution filled in."""
    template = REASONS.get(rule)
    if template is None:
        return rule
    institutions = region().institutions
    details = details or {}
    names = {
        "inbox": institutions[proposed].short_name if proposed in institutions else "",
        "municipality": details.get("municipality", ""),
        "isco": details.get("isco", ""),
    }
    return str(template) % names


def proposable(on: dt.date) -> dict[str, tuple[str, ...]]:
    """Every institution the rules may propose on `on`, per topic (named in the public consent)."""
    data = region()
    competent = {RESIDENCE: [], ACCELERATED_PROCEDURE: []}
    for matter, found in competent.items():
        for municipality in data.municipalities:
            institution = competent_institution(municipality, matter, on, data)
            if institution and institution.id not in found:
                found.append(institution.id)
    tables = [table for valid_from, table in RECOGNITION_BY_ISCO if valid_from <= on]
    chambers = sorted(set(tables[-1].values())) if tables else []
    return {
        "residence": tuple(competent[RESIDENCE]),
        "recognition": tuple(chambers),
        "labour_market": (LABOUR_MARKET_INBOX,),
        "accelerated_procedure": tuple(competent[ACCELERATED_PROCEDURE]),
    }


def recognition_body(isco: str | None, on: dt.date) -> str | None:
    """HWK or IHK for an ISCO-08 code, or None when unclear (both train, or not a chamber job)."""
    code = (isco or "").strip()
    if not code.isdigit():
        return None
    tables = [table for valid_from, table in RECOGNITION_BY_ISCO if valid_from <= on]
    if not tables:
        return None
    table = tables[-1]
    for length in range(len(code), 0, -1):
        body = table.get(code[:length])
        if body:
            return body
    return None


def route(
    *, topic: str, municipality: str | None, occupation_isco: str | None, on: dt.date
) -> Route:
    """The inbox for a new case and the institution proposed for it; unclear cases go to the
    Welcome Center triage inbox with no proposal."""
    if topic == "residence":
        try:
            answers = responsible(municipality=municipality, on=on) if municipality else []
        except JurisdictionError:
            answers = []
        if len(answers) == 1 and answers[0].residence_authority:
            authority = answers[0].residence_authority.id
            return Route(
                inbox=authority,
                rule="residence_by_municipality",
                details={"municipality": answers[0].municipality.name},
                proposed=authority,
            )
        return Route(inbox=TRIAGE, rule="triage_municipality_unclear")
    if topic == "recognition":
        body = recognition_body(occupation_isco, on)
        if body:
            return Route(
                inbox=body,
                rule="recognition_by_isco",
                details={"isco": occupation_isco},
                proposed=body,
            )
        return Route(inbox=TRIAGE, rule="triage_occupation_unclear")
    if topic == "labour_market":
        return Route(inbox=LABOUR_MARKET_INBOX, rule="labour_market", proposed=LABOUR_MARKET_INBOX)
    if topic == "accelerated_procedure":
        try:
            answers = responsible(municipality=municipality, on=on) if municipality else []
        except JurisdictionError:
            answers = []
        if len(answers) == 1 and answers[0].accelerated_procedure_authority:
            # Prepared at the Welcome Center either way; the proposal is the competent authority.
            authority = answers[0].accelerated_procedure_authority.id
            return Route(
                inbox=TRIAGE,
                rule="accelerated_procedure_prepared",
                competent_authority=authority,
                details={"municipality": answers[0].municipality.name},
                proposed=authority,
            )
        return Route(inbox=TRIAGE, rule="triage_accelerated_unclear")
    return Route(inbox=TRIAGE, rule="triage")
