"""Which authority is responsible for a place in the Region Hannover on a given date.

Answers from the dated competences in data/region.yaml: a change of competence (such as § 81a
procedures moving to the Zentralstelle on 1 Jan 2026) is a new dated entry there, not a branch
here. Messages are marked for translation and translated by the caller. A postal code is a hint,
the municipality decides: 30669 is shared by Hannover and Langenhagen, so it yields both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from welcome.region.data import Institution, Municipality, RegionData, region

RESIDENCE = "residence"
ACCELERATED_PROCEDURE = "accelerated_procedure"
MATTERS = (RESIDENCE, ACCELERATED_PROCEDURE)
POSTAL_CODE = re.compile(r"^\d{5}$")


class JurisdictionError(ValueError):
    """The question cannot be answered; `code` tells the caller why (for the HTTP status)."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code  # "invalid" (bad input) or "outside" (a place outside the Region)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Answer:
    municipality: Municipality
    residence_authority: Institution | None
    accelerated_procedure_authority: Institution | None


def competent_institution(
    municipality: Municipality, matter: str, on: dt.date, data: RegionData | None = None
) -> Institution | None:
    """The institution competent for `matter` in `municipality` on `on` (latest valid entry)."""
    data = data or region()
    candidates = [
        c
        for c in data.competences
        if c.matter == matter and municipality.name in c.municipality_names and c.valid_from <= on
    ]
    if not candidates:
        return None
    latest = max(candidates, key=lambda c: c.valid_from)
    return data.institutions[latest.institution_id]


def _normalise(name: str) -> str:
    return " ".join(name.casefold().replace("ü", "ue").split())


def find_municipality(name: str, data: RegionData | None = None) -> Municipality | None:
    data = data or region()
    wanted = _normalise(name)
    for municipality in data.municipalities:
        names = (municipality.name, municipality.official_name, *municipality.aliases)
        if wanted in {_normalise(n) for n in names}:
            return municipality
    return None


def municipalities_for(
    *, postal_code: str | None = None, municipality: str | None = None, on: dt.date
) -> list[Municipality]:
    """The municipalities meant by a postal code and/or a name; raises JurisdictionError."""
    data = region()
    if not postal_code and not municipality:
        raise JurisdictionError("invalid", _("Please give a postal code or a municipality."))
    found: list[Municipality] = []
    if municipality:
        match = find_municipality(municipality, data)
        if match is None:
            raise JurisdictionError(
                "outside",
                _("%(name)s is not a municipality of the Region Hannover."),
                name=municipality,
            )
        found = [match]
    if postal_code:
        code = postal_code.strip()
        if not POSTAL_CODE.match(code):
            raise JurisdictionError(
                "invalid", _("A German postal code has exactly five digits."), postal_code=code
            )
        by_code = [m for m in data.municipalities if code in m.codes_on(on)]
        if not by_code:
            if code in data.lookalikes:
                raise JurisdictionError(
                    "outside",
                    _(
                        "The postal code %(postal_code)s belongs to %(place)s, outside the Region "
                        "Hannover."
                    ),
                    postal_code=code,
                    place=data.lookalikes[code],
                )
            raise JurisdictionError(
                "outside",
                _("The postal code %(postal_code)s is not in the Region Hannover."),
                postal_code=code,
            )
        if found:
            if found[0] not in by_code:
                raise JurisdictionError(
                    "invalid",
                    _("The postal code %(postal_code)s does not belong to %(name)s."),
                    postal_code=code,
                    name=found[0].name,
                )
        else:
            found = by_code
    return found


def responsible(
    *, postal_code: str | None = None, municipality: str | None = None, on: dt.date
) -> list[Answer]:
    """Who is responsible, per municipality meant, for residence matters and § 81a procedures."""
    return [
        Answer(
            municipality=m,
            residence_authority=competent_institution(m, RESIDENCE, on),
            accelerated_procedure_authority=competent_institution(m, ACCELERATED_PROCEDURE, on),
        )
        for m in municipalities_for(postal_code=postal_code, municipality=municipality, on=on)
    ]
