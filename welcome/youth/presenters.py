"""The finder page's assembly: matches with their texts and translated reasons, and the
contacts shown when nothing fits or a newcomer came for vocational training."""

from dataclasses import dataclass

from django.utils.translation import gettext

from welcome.youth import contacts, finder
from welcome.youth.selectors import Published, as_finder_programme, training_offers_for


@dataclass(frozen=True)
class Card:
    """One programme on the results page."""

    published: Published
    reasons: list[str]
    cautions: list[str]


def _texts(reasons) -> list[str]:
    return [reason.render(gettext) for reason in reasons]


def contact_cards(items: list[contacts.Contact]) -> list[dict]:
    return [
        {
            "name": c.name,
            "description": gettext(c.description),
            "website": c.website,
            "address": c.address,
        }
        for c in items
    ]


def results(profile: finder.Profile, published: dict[int, Published]) -> dict:
    """What the results part of the page shows for this profile."""
    programmes = [as_finder_programme(p.version) for p in published.values()]
    matches = finder.rank(profile, programmes)
    cards = [
        Card(published[m.programme.key], _texts(m.reasons), _texts(m.cautions)) for m in matches
    ]
    return {
        "cards": cards,
        "agency": contact_cards(contacts.agency_for(profile.municipality)),
        "chambers": contact_cards(contacts.training_place_services())
        if profile.came_for_training
        else [],
        # Companies' training places: for whoever has none yet, and newcomers under § 16a.
        "training_offers": training_offers_for(
            municipality=profile.municipality, newcomer=profile.came_for_training
        )
        if profile.came_for_training or not profile.has_training_place
        else [],
        "profile": profile,
    }
