"""Settlement permit for skilled workers, § 18c AufenthG.

Abs. 1: after 3 years with a title under § 18a or § 18b (2 years after vocational training or
studies in Germany), as many months of pension contributions, German B1, basic knowledge of the
legal and social order and secured living costs. Abs. 2: EU Blue Card holders after 27 months
with German A1, or 21 months with B1 (FACTS.md § 2).
"""

from __future__ import annotations

from decimal import Decimal

from ..conditions import Check, all_of, failed, figure_or_none, held, no_figure, unknown
from ..i18n import Message, _
from ..outcome import Outcome, assess
from ..profile import Profile, language_rank
from .common import in_force, living_costs, needs_residence_title

KEY = "settlement_permit"
PARAGRAPH = "§ 18c AufenthG"
SKILLED = "§ 18c Abs. 1 AufenthG"
BLUE_CARD = "§ 18c Abs. 2 AufenthG"
BASIC_KNOWLEDGE = "§ 9 Abs. 2 Satz 1 Nr. 8 AufenthG"
LIVING_COSTS = "§ 9 Abs. 2 Satz 1 Nr. 2 AufenthG"


def current_title(profile: Profile) -> Check:
    title = profile.previous_title
    if title == "skilled_worker":
        return held(
            "current_title",
            SKILLED,
            Message(_("You hold a title as a skilled worker (§ 18a or § 18b AufenthG).")),
            details={"route": "skilled_worker"},
        )
    if title == "blue_card":
        return held(
            "current_title",
            BLUE_CARD,
            Message(_("You hold an EU Blue Card.")),
            details={"route": "blue_card"},
        )
    return failed(
        "current_title",
        PARAGRAPH,
        Message(
            _(
                "This settlement permit is for holders of a title as a skilled worker "
                "(§ 18a, § 18b AufenthG) or of an EU Blue Card."
            )
        ),
        gate=True,
    )


def months_needed(profile: Profile, months: dict) -> tuple[int, str, str]:
    """(months, German level, §) the person's route asks for."""
    if profile.previous_title == "blue_card":
        rank = language_rank(profile.german_level)
        if rank is not None and rank >= language_rank("B1"):
            return months["blue_card_b1"], "B1", BLUE_CARD
        return months["blue_card_a1"], "A1", BLUE_CARD
    if profile.qualification.german_degree:
        return months["skilled_worker_german_qualification"], "B1", SKILLED
    return months["skilled_worker"], "B1", SKILLED


def _months_check(
    name: str, value: Decimal | None, needed: int, reference: str, fact: str
) -> Check:
    target = Message(_("at least %(months)s months"), {"months": needed})
    labels = {
        "title_months": (
            _("Months with the title are not given."),
            _("%(months)s months with the title are enough."),
            _("The title must have been held for %(target)s."),
        ),
        "contribution_months": (
            _("Months of pension contributions are not given."),
            _("%(months)s months of pension contributions are enough."),
            _("Pension contributions are needed for %(target)s."),
        ),
    }
    missing_text, held_text, failed_text = labels[name]
    if value is None:
        return unknown(name, reference, Message(missing_text), missing=(fact,))
    if value >= needed:
        return held(name, reference, Message(held_text, {"months": value}))
    return failed(name, reference, Message(failed_text, {"target": target}), would_change=(target,))


def period(profile: Profile) -> Check:
    figure = figure_or_none("settlement_months", profile.on)
    if figure is None:
        return no_figure("period", "settlement_months", profile.on)
    needed, level, reference = months_needed(profile, figure.value)
    checks = [
        _months_check(
            "title_months", profile.title_held_months, needed, reference, "title_held_months"
        ),
        _months_check(
            "contribution_months",
            profile.pension_contribution_months,
            needed,
            reference,
            "pension_contribution_months",
        ),
    ]
    rank = language_rank(profile.german_level)
    german_needed = Message(_("German %(level)s"), {"level": level})
    if rank is None:
        checks.append(
            unknown(
                "german",
                reference,
                Message(_("Your German level is not given.")),
                missing=("german_level",),
                would_change=(german_needed,),
            )
        )
    elif rank >= language_rank(level):
        checks.append(
            held(
                "german",
                reference,
                Message(_("German at level %(level)s or better is shown."), {"level": level}),
            )
        )
    else:
        checks.append(
            failed(
                "german",
                reference,
                Message(_("German at level %(level)s or better is required."), {"level": level}),
                would_change=(german_needed,),
            )
        )
    check = all_of(
        "period",
        reference,
        Message(_("Months with the title, contributions and German")),
        checks,
    )
    return check.but(figures=(figure,), details={"months_needed": needed, "german_needed": level})


def basic_knowledge(profile: Profile) -> Check:
    shown = profile.basic_knowledge_shown
    needed = Message(_('the test "Leben in Deutschland" or an integration course'))
    if shown is None:
        return unknown(
            "basic_knowledge",
            BASIC_KNOWLEDGE,
            Message(_("Whether you have shown basic knowledge of life in Germany is not given.")),
            missing=("basic_knowledge_shown",),
            would_change=(needed,),
        )
    if shown:
        return held(
            "basic_knowledge",
            BASIC_KNOWLEDGE,
            Message(_("Basic knowledge of the legal and social order is shown.")),
        )
    return failed(
        "basic_knowledge",
        BASIC_KNOWLEDGE,
        Message(_("Basic knowledge of the legal and social order in Germany is required.")),
        would_change=(needed,),
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    current_title,
    period,
    basic_knowledge,
    living_costs(LIVING_COSTS),
)


def settlement_permit(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
