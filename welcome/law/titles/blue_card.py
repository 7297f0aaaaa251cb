"""EU Blue Card, § 18g AufenthG.

Degree route (§ 18g (1)) or IT specialist without a degree (§ 18g (2)); appropriate employment;
contract ≥ 6 months; salary ≥ the standard threshold, or ≥ the reduced one for shortage
occupations (ISCO groups), career starters (degree ≤ 3 years before the application) and IT
specialists. No BA approval at the standard threshold; BA approval at the reduced one and for IT
specialists without a degree. The age-45 rule does not apply.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..conditions import (
    HELD,
    Check,
    all_of,
    any_of,
    failed,
    figure_or_none,
    held,
    no_figure,
    reading_states_only,
    routes_state,
    unknown,
)
from ..i18n import Message, Money, _
from ..outcome import Outcome, assess
from ..profile import Profile
from .common import (
    in_force,
    job_offer_given,
    needs_residence_title,
    practice_permit,
    recognised_qualification,
    salary_at_least,
)

KEY = "blue_card"
PARAGRAPH = "§ 18g AufenthG"
DEGREE = "§ 18g Abs. 1 Satz 1 AufenthG"
REDUCED = "§ 18g Abs. 1 Satz 2 AufenthG"
IT_ROUTE = "§ 18g Abs. 2 AufenthG"
CONTRACT = "§ 18g Abs. 3 AufenthG"


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 Feb becomes 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_shortage_occupation(isco: str | None, groups: list[str]) -> bool | None:
    if isco is None:
        return None
    return any(isco.startswith(group) for group in groups)


def appropriate_employment(profile: Profile) -> Check:
    matches = profile.job_offer.matches_qualification
    if matches is None:
        return unknown(
            "appropriate_employment",
            DEGREE,
            Message(_("Whether the job is appropriate to your qualification is not given.")),
            missing=("job_offer.matches_qualification",),
        )
    if matches:
        return held(
            "appropriate_employment",
            DEGREE,
            Message(_("The job is appropriate to the qualification.")),
        )
    return failed(
        "appropriate_employment",
        DEGREE,
        Message(_("The job must be appropriate to the qualification.")),
        would_change=(Message(_("a job appropriate to your qualification")),),
    )


def it_specialist_job(profile: Profile) -> Check:
    it_job = profile.job_offer.it_specialist
    if it_job is None:
        return unknown(
            "it_specialist_job",
            IT_ROUTE,
            Message(_("Whether the job is an IT specialist job is not given.")),
            missing=("job_offer.it_specialist",),
        )
    if it_job:
        return held(
            "it_specialist_job",
            IT_ROUTE,
            Message(_("The job is an IT specialist job (ISCO-08 133 or 25).")),
        )
    return failed(
        "it_specialist_job",
        IT_ROUTE,
        Message(_("Without a degree, the Blue Card is open only to IT specialist jobs.")),
        would_change=(Message(_("a job offer as an IT specialist")),),
    )


def it_experience(profile: Profile) -> Check:
    figure = figure_or_none("blue_card_it_experience_years", profile.on)
    if figure is None:
        return no_figure("it_experience", "blue_card_it_experience_years", profile.on)
    needed = Message(
        _("at least %(years)s years' professional experience in the last 7 years"),
        {"years": figure.value},
    )
    years = profile.experience_years_last_7
    if years is None:
        return unknown(
            "it_experience",
            IT_ROUTE,
            Message(_("Your experience in the last 7 years is not given.")),
            figures=(figure,),
            missing=("experience_years_last_7",),
            would_change=(needed,),
        )
    if years >= figure.value:
        return held(
            "it_experience",
            IT_ROUTE,
            Message(
                _("%(years)s years' experience in the last 7 years are enough."), {"years": years}
            ),
            figures=(figure,),
        )
    return failed(
        "it_experience",
        IT_ROUTE,
        Message(_("IT specialists without a degree need %(needed)s."), {"needed": needed}),
        figures=(figure,),
        would_change=(needed,),
    )


QUALIFICATION_ROUTES = (  # § 18g (1) with a degree, § 18g (2) IT specialists without one
    (recognised_qualification("academic", DEGREE), appropriate_employment),
    (it_specialist_job, it_experience),
)


def qualification(profile: Profile) -> Check:
    if reading_states_only():
        return routes_state(QUALIFICATION_ROUTES, profile)
    degree, it = ([part(profile) for part in parts] for parts in QUALIFICATION_ROUTES)
    degree_route = all_of("degree_route", DEGREE, Message(_("Degree route")), degree)
    it_route = all_of("it_route", IT_ROUTE, Message(_("IT specialist without a degree")), it)
    check = any_of(
        "qualification", PARAGRAPH, Message(_("Degree or IT experience")), [degree_route, it_route]
    )
    route = next(
        (
            name
            for name, r in (("degree", degree_route), ("it_specialist", it_route))
            if r.state is HELD
        ),
        None,
    )
    return check.but(details={"route": route}) if route else check


def contract_duration(profile: Profile) -> Check:
    figure = figure_or_none("blue_card_minimum_contract_months", profile.on)
    if figure is None:
        return no_figure("contract_duration", "blue_card_minimum_contract_months", profile.on)
    months = profile.job_offer.contract_months
    needed = Message(
        _("an employment contract of at least %(months)s months"), {"months": figure.value}
    )
    if months is None:
        return unknown(
            "contract_duration",
            CONTRACT,
            Message(_("The contract duration is not given.")),
            figures=(figure,),
            missing=("job_offer.contract_months",),
            would_change=(needed,),
        )
    if months == 0 or months >= figure.value:
        return held(
            "contract_duration",
            CONTRACT,
            Message(
                _("The contract runs for at least %(months)s months."), {"months": figure.value}
            ),
            figures=(figure,),
        )
    return failed(
        "contract_duration",
        CONTRACT,
        Message(
            _("The contract must run for at least %(months)s months."), {"months": figure.value}
        ),
        figures=(figure,),
        would_change=(needed,),
    )


def degree_route_open(profile: Profile) -> bool:
    """Whether the degree of § 18g (1) can carry the application (recognised, comparable or not
    yet known); only a degree known to fall short leaves the IT route of § 18g (2)."""
    q = profile.qualification
    return q.level == "academic" and (
        bool(q.german_degree) or q.recognition not in ("none", "partial")
    )


def reduced_threshold_grounds(profile: Profile, on: date) -> dict[str, bool | None]:
    """Which grounds for the reduced threshold hold (True), fail (False) or are unknown (None)."""
    groups = figure_or_none("shortage_occupation_isco_groups", on)
    years = figure_or_none("career_starter_years", on)
    q = profile.qualification
    career_starter: bool | None
    if q.level is not None and q.level != "academic":
        career_starter = False
    elif q.completed_on is None:
        career_starter = None
    else:
        career_starter = q.completed_on >= years_before(on, years.value) if years else None
    return {
        "shortage_occupation": is_shortage_occupation(q.occupation_isco, groups.value)
        if groups
        else None,
        "career_starter": career_starter,
        # with a degree that meets § 18g (1), IT jobs (ISCO 133, 25) count through the shortage
        # groups; the IT ground is the § 18g (2) route, open to everyone who does not meet (1) —
        # an unrecognised degree included
        "it_specialist": False if degree_route_open(profile) else profile.job_offer.it_specialist,
    }


GROUND_LABELS = {
    "shortage_occupation": Message(_("an occupation in a shortage group")),
    "career_starter": Message(_("a career starter")),
    "it_specialist": Message(_("an IT specialist")),
}

GROUND_FACTS = {
    "shortage_occupation": "qualification.occupation_isco",
    "career_starter": "qualification.completed_on",
    "it_specialist": "job_offer.it_specialist",
}


def salary(profile: Profile) -> Check:
    on = profile.on
    standard = figure_or_none("blue_card_standard_salary", on)
    reduced = figure_or_none("blue_card_reduced_salary", on)
    if standard is None or reduced is None:
        return no_figure("salary", "blue_card_standard_salary", on)
    grounds = reduced_threshold_grounds(profile, on)
    holding = [name for name, state in grounds.items() if state]
    open_grounds = [name for name, state in grounds.items() if state is None]
    amount = profile.job_offer.annual_gross_salary_eur
    nearest = reduced if holding else standard
    if amount is None:
        return unknown(
            "salary",
            DEGREE,
            Message(_("The gross annual salary is not given.")),
            figures=(nearest,),
            missing=("job_offer.annual_gross_salary_eur",),
            would_change=(salary_at_least(nearest.value),),
            details={"threshold_eur": nearest.value},
        )
    if amount >= standard.value:
        return held(
            "salary",
            DEGREE,
            Message(
                _("The salary of %(salary)s reaches the standard threshold of %(threshold)s."),
                {"salary": Money(amount), "threshold": Money(standard.value)},
            ),
            figures=(standard,),
            details={"threshold_eur": standard.value, "threshold_kind": "standard"},
        )
    if amount >= reduced.value and holding:
        return held(
            "salary",
            REDUCED,
            Message(
                _(
                    "The salary of %(salary)s reaches the reduced threshold of %(threshold)s for "
                    "%(ground)s; the Federal Employment Agency must approve."
                ),
                {
                    "salary": Money(amount),
                    "threshold": Money(reduced.value),
                    "ground": GROUND_LABELS[holding[0]],
                },
            ),
            figures=(reduced,),
            details={
                "threshold_eur": reduced.value,
                "threshold_kind": "reduced",
                "reduced_grounds": holding,
            },
        )
    if amount >= reduced.value and open_grounds:
        return unknown(
            "salary",
            REDUCED,
            Message(
                _(
                    "The salary of %(salary)s is below the standard threshold of %(threshold)s; "
                    "the reduced threshold of %(reduced)s may apply."
                ),
                {
                    "salary": Money(amount),
                    "threshold": Money(standard.value),
                    "reduced": Money(reduced.value),
                },
            ),
            figures=(standard, reduced),
            missing=tuple(GROUND_FACTS[name] for name in open_grounds),
            would_change=(salary_at_least(standard.value),),
            details={"threshold_eur": standard.value},
        )
    kind = "reduced" if holding else "standard"
    return failed(
        "salary",
        REDUCED if holding else DEGREE,
        Message(
            _("The salary of %(salary)s is below the threshold of %(threshold)s."),
            {"salary": Money(amount), "threshold": Money(nearest.value)},
        ),
        figures=(nearest,),
        would_change=(salary_at_least(nearest.value),),
        details={"threshold_eur": nearest.value, "threshold_kind": kind},
    )


def ba_approval(details: dict) -> bool | None:
    """BA approval is needed at the reduced threshold and for IT specialists without a degree."""
    if details.get("route") == "it_specialist" or details.get("threshold_kind") == "reduced":
        return True
    if details.get("route") == "degree" and details.get("threshold_kind") == "standard":
        return False
    return None


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    qualification,
    job_offer_given(DEGREE),
    contract_duration,
    salary,
    practice_permit,
)


def blue_card(profile: Profile) -> Outcome:
    outcome = assess(KEY, PARAGRAPH, CONDITIONS, profile)
    if "threshold_eur" not in outcome.details:
        return outcome
    return replace(
        outcome, details={**outcome.details, "ba_approval_required": ba_approval(outcome.details)}
    )
