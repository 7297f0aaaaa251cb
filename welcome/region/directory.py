"""The law package's ``Directory`` answered from the Region's data (data/region.yaml).

The law's roadmap asks "who is competent for this municipality on this date?"; the answer here
comes from the dated competences the jurisdiction API uses, so the roadmap, the
who-is-responsible page and /api/v1/jurisdiction never disagree. ``contact`` adds the address
and website of an office the roadmap names, where the Region's data holds them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from welcome.law import Office
from welcome.region.data import Institution, region
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    RESIDENCE,
    competent_institution,
    find_municipality,
)


def office(institution: Institution) -> Office:
    return Office(id=institution.id, name=institution.name, url=institution.website or None)


@lru_cache(maxsize=4096)
def _competent(municipality: str | None, matter: str, on: dt.date) -> Office | None:
    data = region()
    if municipality:
        found = find_municipality(municipality, data)
        if found is None:
            return None
        institution = competent_institution(found, matter, on, data)
        return office(institution) if institution else None
    # No municipality given: answer only when every municipality has the same office (as for
    # § 81a procedures at the Zentralstelle since 1 Jan 2026); otherwise it depends on the place.
    answers = {competent_institution(m, matter, on, data) for m in data.municipalities}
    if len(answers) == 1 and None not in answers:
        return office(answers.pop())
    return None


class RegionDirectory:
    """Residence authority and § 81a authority for a municipality of the Region on a date."""

    def residence_authority(self, municipality: str | None, on: dt.date) -> Office | None:
        return _competent(municipality, RESIDENCE, on)

    def accelerated_procedure_authority(
        self, municipality: str | None, on: dt.date
    ) -> Office | None:
        return _competent(municipality, ACCELERATED_PROCEDURE, on)


def contact(office_id: str | None) -> Institution | None:
    """The institution behind an office id (address, website), or None for offices outside
    the Region's data (ZAB, IHK FOSA, the mission abroad)."""
    if not office_id:
        return None
    return region().institutions.get(office_id)


def known_municipality(name: str) -> str | None:
    """The canonical name of a Region municipality (for ``law.parse_profile``), else None."""
    found = find_municipality(name)
    return found.name if found else None


directory = RegionDirectory()
