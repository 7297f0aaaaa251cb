"""Experience-based employment, § 19c (2) AufenthG with § 6 BeschV (since 1 Mar 2024).

A qualification state-recognised where it was obtained (≥ 2 years' training, or a degree) — no
German recognition needed — or, for IT specialists, none at all; ≥ 2 years' experience in the
last 5; qualified employment; a salary of at least 45 % of the BBG or an employer bound by a
collective agreement who pays by it; the practice permit of a regulated profession (§ 18 (2)
Nr. 3). § 1 (2) BeschV applies the age-45 rule to this BA approval.
"""

from __future__ import annotations

from ..conditions import Check, any_of, failed, figure_or_none, held, no_figure, unknown
from ..i18n import Message, Money, _
from ..outcome import Outcome, assess
from ..profile import Profile
from .common import (
    age_rule,
    in_force,
    job_offer_given,
    needs_residence_title,
    practice_permit,
    state_recognised,
)

KEY = "experienced_professional"
PARAGRAPH = "§ 19c Abs. 2 AufenthG"
BESCHV = "§ 19c Abs. 2 AufenthG i. V. m. § 6 BeschV"


def it_specialist(profile: Profile) -> Check:
    it_job = profile.job_offer.it_specialist
    if it_job is None:
        return unknown(
            "it_specialist",
            BESCHV,
            Message(_("Whether the job is an IT specialist job is not given.")),
            missing=("job_offer.it_specialist",),
        )
    if it_job:
        return held(
            "it_specialist",
            BESCHV,
            Message(_("IT specialists need no formal qualification for this title.")),
        )
    return failed("it_specialist", BESCHV, Message(_("The job is not an IT specialist job.")))


def qualification(profile: Profile) -> Check:
    return any_of(
        "qualification",
        BESCHV,
        Message(_("State-recognised qualification or IT specialist")),
        [state_recognised(BESCHV)(profile), it_specialist(profile)],
    )


def experience(profile: Profile) -> Check:
    figure = figure_or_none("experienced_professional_experience_years", profile.on)
    if figure is None:
        return no_figure("experience", "experienced_professional_experience_years", profile.on)
    needed = Message(
        _("at least %(years)s years' professional experience in the last 5 years"),
        {"years": figure.value},
    )
    years = profile.experience_years_last_5
    if years is None:
        return unknown(
            "experience",
            BESCHV,
            Message(_("Your experience in the last 5 years is not given.")),
            figures=(figure,),
            missing=("experience_years_last_5",),
            would_change=(needed,),
        )
    if years >= figure.value:
        return held(
            "experience",
            BESCHV,
            Message(
                _("%(years)s years' experience in the last 5 years are enough."), {"years": years}
            ),
            figures=(figure,),
        )
    return failed(
        "experience",
        BESCHV,
        Message(_("This title needs %(needed)s."), {"needed": needed}),
        figures=(figure,),
        would_change=(needed,),
    )


def salary_or_collective_agreement(profile: Profile) -> Check:
    figure = figure_or_none("experienced_professional_salary", profile.on)
    amount = profile.job_offer.annual_gross_salary_eur
    bound = profile.job_offer.employer_bound_by_collective_agreement
    if figure is None:
        if bound:  # pay by a collective agreement needs no figure of the year
            return held(
                "salary",
                BESCHV,
                Message(_("The employer is bound by a collective agreement and pays by it.")),
            )
        return no_figure("salary", "experienced_professional_salary", profile.on)
    threshold = figure.value
    details = {"threshold_eur": threshold}
    if amount is not None and amount >= threshold:
        return held(
            "salary",
            BESCHV,
            Message(
                _("The salary of %(salary)s reaches %(threshold)s."),
                {"salary": Money(amount), "threshold": Money(threshold)},
            ),
            figures=(figure,),
            details=details,
        )
    if bound:
        return held(
            "salary",
            BESCHV,
            Message(_("The employer is bound by a collective agreement and pays by it.")),
            figures=(figure,),
            details=details,
        )
    requirement = Message(
        _(
            "a gross annual salary of at least %(threshold)s, or an employer bound by a collective "
            "agreement who pays by it"
        ),
        {"threshold": Money(threshold)},
    )
    reason = Message(
        _(
            "A gross annual salary of at least %(threshold)s is required, "
            "unless the employer is bound by a collective agreement and pays by it."
        ),
        {"threshold": Money(threshold)},
    )
    missing = tuple(
        name
        for name, fact in (
            ("job_offer.annual_gross_salary_eur", amount),
            ("job_offer.employer_bound_by_collective_agreement", bound),
        )
        if fact is None
    )
    build = unknown if missing else failed
    return build(
        "salary",
        BESCHV,
        reason,
        figures=(figure,),
        missing=missing,
        would_change=(requirement,),
        details=details,
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    qualification,
    experience,
    job_offer_given(BESCHV),
    salary_or_collective_agreement,
    practice_permit,
    age_rule("§ 1 Abs. 2 BeschV", "§ 1 Abs. 2 Satz 2 BeschV", first_grant_only=None),
)


def experienced_professional(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
