"""Where a young person can always turn: the youth employment agency for their municipality,
and the chambers' training-place services for newcomers who came for vocational training.

Pure Python like the Region's data it reads. Names only as FACTS.md § 5 and region.yaml verify
them: the youth employment agencies (Jugendberufsagentur) in Hannover (2017) and Garbsen (2015),
joining Region, city, Agentur für Arbeit and Jobcenter; the Region's Pro-Aktiv-Centers for 14 to
27-year-olds. Their addresses and which agency serves which municipality beyond Hannover and
Garbsen are **unverified**: no address is given, and the other 19 municipalities are sent to the
Region's Pro-Aktiv-Centers and the partners of the agencies, whose data region.yaml holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from welcome.law.i18n import _
from welcome.region.data import region


@dataclass(frozen=True)
class Contact:
    name: str
    description: str  # a gettext msgid
    website: str = ""
    address: str = ""


JBA_HANNOVER = Contact(
    name="Jugendberufsagentur Hannover",
    description=_(
        "The youth employment agency of the Region, the city of Hannover, the Agentur für "
        "Arbeit and the Jobcenter: advice on school, training and work under one roof."
    ),
)
JBA_GARBSEN = Contact(
    name="Jugendberufsagentur Garbsen",
    description=JBA_HANNOVER.description,
)
PRO_AKTIV = Contact(
    name="Pro-Aktiv-Center der Region Hannover",
    description=_(
        "The Region's Pro-Aktiv-Centers advise young people from 14 to 27 on school, training, "
        "work and problems in life. The Jobcenter or the Agentur für Arbeit tells you the "
        "centre near you."
    ),
)
AGENCIES = {"Hannover": JBA_HANNOVER, "Garbsen": JBA_GARBSEN}


def _institution(institution_id: str, description: str) -> Contact:
    institution = region().institutions[institution_id]
    return Contact(
        name=institution.name,
        description=description,
        website=institution.website,
        address=institution.address if institution.checked else "",
    )


def agency_for(municipality: str) -> list[Contact]:
    """Who helps a young person in `municipality` when no programme fits (never nobody)."""
    if municipality in AGENCIES:
        return [AGENCIES[municipality]]
    return [
        PRO_AKTIV,
        _institution(
            "jobcenter-region",
            _("A partner of the youth employment agencies: advice and placement for young people."),
        ),
        _institution(
            "ba-hannover",
            _("A partner of the youth employment agencies: career guidance and training places."),
        ),
    ]


def training_place_services() -> list[Contact]:
    """The chambers' training-place services (names as in the Region's data)."""
    return [
        _institution(
            "ihk-hannover",
            _(
                "Help in finding a training place in industry and commerce; first advice for "
                "people from abroad."
            ),
        ),
        _institution(
            "hwk-hannover",
            _(
                "Help in finding a training place in the crafts; first advice for people from "
                "abroad."
            ),
        ),
    ]
