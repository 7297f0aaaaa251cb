"""Qualified vocational training in Germany, § 16a AufenthG.

A contract (or firm place) for qualified vocational training; German at B1 as a rule, unless the
school or company has tested the language or a preparatory German course comes first (§ 16a (3));
secured living costs (§ 5 (1) Nr. 1). The BA approves in-company training as a rule (§ 16a (1),
§ 39) — a procedural step in the roadmap. The Region's youth and training offers belong here.
"""

from __future__ import annotations

from ..conditions import Check, failed, held
from ..i18n import Message, _
from ..outcome import Outcome, assess
from ..profile import Profile
from .common import german_at_least, in_force, living_costs, needs_residence_title

KEY = "vocational_training"
PARAGRAPH = "§ 16a AufenthG"
TRAINING = "§ 16a Abs. 1 AufenthG"
LANGUAGE = "§ 16a Abs. 3 AufenthG"

TRAINING_PLACE = Message(_("a contract for vocational training in Germany (Ausbildungsvertrag)"))


def training_place(profile: Profile) -> Check:
    place = profile.training_place
    if place is None:  # not asked of everyone: a worker's check should not list it as missing
        return failed(
            "training_place",
            TRAINING,
            Message(
                _(
                    "This route is for a place for vocational training in Germany; you have not "
                    "said that you have one."
                )
            ),
            would_change=(TRAINING_PLACE,),
            gate=True,
        )
    if place:
        return held(
            "training_place",
            TRAINING,
            Message(_("A contract for qualified vocational training in Germany is given.")),
        )
    return failed(
        "training_place",
        TRAINING,
        Message(_("This title needs a contract or a firm place for vocational training.")),
        would_change=(TRAINING_PLACE,),
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    training_place,
    german_at_least("german_language_minimum_for_training", LANGUAGE, as_a_rule=True),
    living_costs(),
)


def vocational_training(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
