"""Which inbox a new case lands in — rules as data, dated where competences change.

- residence → the foreigners' authority of the municipality (region.jurisdiction, dated there);
- recognition → HWK for craft occupations, IHK for IHK occupations, by ISCO-08 group (table below,
  longest matching prefix wins; groups where both chambers train are left out on purpose);
- labour_market → Agentur für Arbeit Hannover;
- accelerated_procedure → prepared at the Welcome Center; the competent authority comes from
  region.jurisdiction (the Zentralstelle Niedersachsen since 2026-01-01, § 81a AufenthG);
- anything unclear → the Welcome Center triage inbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from welcome.region.jurisdiction import JurisdictionError, responsible

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
    inbox: str
    rule: str
    competent_authority: str = ""
    details: dict = field(default_factory=dict)


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
    """The inbox for a new case; unclear cases go to the Welcome Center triage inbox."""
    if topic == "residence":
        try:
            answers = responsible(municipality=municipality, on=on) if municipality else []
        except JurisdictionError:
            answers = []
        if len(answers) == 1 and answers[0].residence_authority:
            return Route(
                inbox=answers[0].residence_authority.id,
                rule="residence_by_municipality",
                details={"municipality": answers[0].municipality.name},
            )
        return Route(inbox=TRIAGE, rule="triage_municipality_unclear")
    if topic == "recognition":
        body = recognition_body(occupation_isco, on)
        if body:
            return Route(inbox=body, rule="recognition_by_isco", details={"isco": occupation_isco})
        return Route(inbox=TRIAGE, rule="triage_occupation_unclear")
    if topic == "labour_market":
        return Route(inbox=LABOUR_MARKET_INBOX, rule="labour_market")
    if topic == "accelerated_procedure":
        authority = ""
        try:
            answers = responsible(municipality=municipality, on=on) if municipality else []
        except JurisdictionError:
            answers = []
        if len(answers) == 1 and answers[0].accelerated_procedure_authority:
            authority = answers[0].accelerated_procedure_authority.id
        return Route(
            inbox=TRIAGE, rule="accelerated_procedure_prepared", competent_authority=authority
        )
    return Route(inbox=TRIAGE, rule="triage")
