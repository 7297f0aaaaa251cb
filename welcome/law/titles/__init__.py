"""One module per residence title; each exposes a function ``Profile -> Outcome``.

The order of ``TITLES`` is the order of preference among titles with the same status: the
roadmap follows the first. ``TITLE_CONDITIONS`` holds the conditions each title's function
assesses (its module's ``CONDITIONS``): ``evaluate_statuses`` runs the same condition functions
for the status alone.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..conditions import Condition
from ..i18n import Message, _
from ..outcome import Outcome
from ..profile import Profile
from .blue_card import blue_card
from .eu_free_movement import eu_free_movement
from .experienced_professional import experienced_professional
from .family_reunification import family_reunification
from .opportunity_card import opportunity_card
from .recognition_measures import recognition_measures
from .recognition_partnership import recognition_partnership
from .settlement_permit import settlement_permit
from .skilled_academic import skilled_academic
from .skilled_vocational import skilled_vocational
from .vocational_training import vocational_training
from .western_balkans import western_balkans

TITLES: dict[str, Callable[[Profile], Outcome]] = {
    "eu_free_movement": eu_free_movement,
    "blue_card": blue_card,
    "skilled_academic": skilled_academic,
    "skilled_vocational": skilled_vocational,
    "experienced_professional": experienced_professional,
    "recognition_partnership": recognition_partnership,
    "recognition_measures": recognition_measures,
    "opportunity_card": opportunity_card,
    "western_balkans": western_balkans,
    "vocational_training": vocational_training,
    "family_reunification": family_reunification,
    "settlement_permit": settlement_permit,
}

# The module of each title is named by its key.
TITLE_CONDITIONS: dict[str, tuple[Condition, ...]] = {
    key: import_module(f"{__name__}.{key}").CONDITIONS for key in TITLES
}

TITLE_NAMES: dict[str, Message] = {
    "eu_free_movement": Message(_("Free movement for citizens of the EU, the EEA and Switzerland")),
    "blue_card": Message(_("EU Blue Card")),
    "skilled_academic": Message(_("Skilled worker with a degree")),
    "skilled_vocational": Message(_("Skilled worker with vocational training")),
    "experienced_professional": Message(_("Employment based on professional experience")),
    "recognition_partnership": Message(_("Recognition partnership")),
    "recognition_measures": Message(_("Measures for the recognition of a foreign qualification")),
    "opportunity_card": Message(_("Opportunity card (Chancenkarte)")),
    "western_balkans": Message(_("Western Balkans regulation")),
    "vocational_training": Message(_("Vocational training in Germany")),
    "family_reunification": Message(_("Joining a family member (family reunification)")),
    "settlement_permit": Message(_("Settlement permit for skilled workers")),
}
