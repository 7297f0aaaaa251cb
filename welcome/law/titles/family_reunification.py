"""Family reunification with a skilled worker, §§ 29–32 AufenthG.

A spouse or registered civil partner (§ 30) or a minor, unmarried child (§ 32) joins a family
member who holds (or receives) a residence title in Germany. Holders of §§ 18a, 18b, 18d, 18g,
19c (2) and 21 are privileged: their spouses need no German (§ 30 (1) S. 3 Nr. 5), their
children none from 16 either (§ 32 (2) S. 2 Nr. 2), and the living space is not checked
(§ 29 (5)). Living costs must be secured (§ 5 (1) Nr. 1). Joining together with the worker in the
accelerated procedure (§ 81a) is planned in the roadmap.
"""

from __future__ import annotations

from dataclasses import replace

from ..conditions import Check, failed, figure_or_none, held, no_figure, unknown
from ..i18n import Message, _
from ..outcome import Outcome, assess
from ..profile import SPONSOR_TITLES, Profile, language_rank
from .common import in_force, living_costs, needs_residence_title

KEY = "family_reunification"
PARAGRAPH = "§§ 29–32 AufenthG"
SPOUSE = "§ 30 Abs. 1 AufenthG"
CHILD = "§ 32 Abs. 1 AufenthG"
SPONSOR = "§ 29 Abs. 1 AufenthG"
NO_GERMAN_SPOUSE = "§ 30 Abs. 1 Satz 3 Nr. 5 AufenthG"
NO_GERMAN_CHILD = "§ 32 Abs. 2 Satz 2 Nr. 2 AufenthG"
CHILD_GERMAN = "§ 32 Abs. 2 Satz 1 AufenthG"
LIVING_SPACE = "§ 29 Abs. 1 Nr. 2 AufenthG"
NO_LIVING_SPACE = "§ 29 Abs. 5 AufenthG"
PRIVILEGED = tuple(title for title in SPONSOR_TITLES if title != "other")  # § 30 (1) S. 3 Nr. 5


def privileged(profile: Profile) -> bool | None:
    sponsor = profile.family.sponsor_title
    return None if sponsor is None else sponsor in PRIVILEGED


def relation(profile: Profile) -> Check:
    family = profile.family
    if not family.given:
        return failed(
            "relation",
            PARAGRAPH,
            Message(
                _(
                    "This route is for a spouse or a child who joins a family member in Germany; "
                    "you have not said that you do."
                )
            ),
            would_change=(Message(_("a spouse or parent who lives in Germany")),),
            gate=True,
        )
    if family.relation is None:
        return unknown(
            "relation",
            PARAGRAPH,
            Message(_("Whether you are the spouse or the child is not given.")),
            missing=("family.relation",),
        )
    if family.relation == "spouse":
        return held(
            "relation",
            SPOUSE,
            Message(_("You join your spouse or registered civil partner.")),
        )
    figure = figure_or_none("family_reunification_ages", profile.on)
    if figure is None:
        return no_figure("relation", "family_reunification_ages", profile.on)
    minor = {"age": figure.value["minor"]}
    if profile.age is None:
        return unknown(
            "relation",
            CHILD,
            Message(
                _("Your age is needed: children can join while they are under %(age)s."), minor
            ),
            missing=("age",),
        )
    if profile.age < figure.value["minor"]:
        return held(
            "relation", CHILD, Message(_("As a child under %(age)s you can join a parent."), minor)
        )
    return failed(
        "relation",
        CHILD,
        Message(
            _("Children can join a parent under this rule only while they are under %(age)s."),
            minor,
        ),
    )


def sponsor(profile: Profile) -> Check:
    if profile.family.sponsor_title is None:
        return unknown(
            "sponsor",
            SPONSOR,
            Message(_("The residence title of your family member in Germany is not given.")),
            missing=("family.sponsor_title",),
        )
    if privileged(profile):
        return held(
            "sponsor",
            SPONSOR,
            Message(
                _(
                    "Your family member holds a title as a skilled worker, researcher or "
                    "self-employed person: family members have eased conditions."
                )
            ),
        )
    return held(
        "sponsor",
        SPONSOR,
        Message(_("Your family member holds a residence title in Germany.")),
    )


def german(profile: Profile) -> Check:
    spouse = profile.family.relation == "spouse"
    if privileged(profile):
        return held(
            "german",
            NO_GERMAN_SPOUSE if spouse else NO_GERMAN_CHILD,
            Message(_("No German is required of family members of a skilled worker.")),
        )
    level = language_rank(profile.german_level)
    if not spouse:
        ages = figure_or_none("family_reunification_ages", profile.on)
        if ages is None:
            return no_figure("german", "family_reunification_ages", profile.on)
        language_age = {"age": ages.value["child_language"]}
        if profile.age is not None and profile.age < ages.value["child_language"]:
            return held(
                "german",
                CHILD_GERMAN,
                Message(_("Children under %(age)s need no German to join."), language_age),
                cited=False,
            )
        if level is not None and level >= language_rank("C1"):
            return held("german", CHILD_GERMAN, Message(_("German at level C1 is shown.")))
        return unknown(
            "german",
            CHILD_GERMAN,
            Message(
                _(
                    "From %(age)s, a child needs German at C1 or must be expected to integrate; "
                    "the authority decides."
                ),
                language_age,
            ),
            missing=("german_level",) if level is None else (),
            would_change=(Message(_("German %(level)s"), {"level": "C1"}),),
        )
    if level is None:
        return unknown(
            "german",
            SPOUSE,
            Message(_("Your German level is not given.")),
            missing=("german_level",),
        )
    if level >= language_rank("A1"):
        return held(
            "german",
            SPOUSE,
            Message(_("German at level %(level)s or better is shown."), {"level": "A1"}),
        )
    return unknown(
        "german",
        SPOUSE,
        Message(
            _(
                "German at level %(level)s is required as a rule; the authority may make "
                "an exception."
            ),
            {"level": "A1"},
        ),
        would_change=(Message(_("German %(level)s"), {"level": "A1"}),),
    )


def living_space(profile: Profile) -> Check:
    if privileged(profile):
        return held(
            "living_space",
            NO_LIVING_SPACE,
            Message(_("For family members of a skilled worker the living space is not checked.")),
        )
    adequate = profile.family.living_space_adequate
    if adequate is None:
        return unknown(
            "living_space",
            LIVING_SPACE,
            Message(_("Whether there is enough living space for the family is not given.")),
            missing=("family.living_space_adequate",),
        )
    if adequate:
        return held("living_space", LIVING_SPACE, Message(_("There is enough living space.")))
    return failed(
        "living_space",
        LIVING_SPACE,
        Message(_("There must be enough living space for the family.")),
        would_change=(Message(_("enough living space for the family")),),
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    relation,
    sponsor,
    german,
    living_space,
    living_costs(),
)


def family_reunification(profile: Profile) -> Outcome:
    outcome = assess(KEY, PARAGRAPH, CONDITIONS, profile)
    if not profile.family.given:
        return outcome
    extra = {
        "privileged": privileged(profile),
        "applies_with_worker": profile.family.applies_with_worker,
    }
    return replace(outcome, details={**outcome.details, **extra})
