"""Conditions several titles share: the need for a title, entry into force, the job offer,
the general conditions of § 18 (2) AufenthG (practice permit, the age-45 rule), recognition.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache

from ..conditions import (
    HELD,
    UNKNOWN,
    Check,
    Condition,
    failed,
    figure_or_none,
    held,
    no_figure,
    unknown,
)
from ..i18n import Country, Message, Money, _
from ..outcome import checked
from ..profile import Profile, language_rank

NEEDS_TITLE = "§ 4 Abs. 1 AufenthG"
FREE_MOVEMENT = "§ 2 Abs. 1 FreizügG/EU"
PRACTICE_PERMIT = "§ 18 Abs. 2 Nr. 3 AufenthG"
AGE_RULE = "§ 18 Abs. 2 Nr. 5 AufenthG"
AGE_RULE_EXCEPTION = "§ 18 Abs. 2 Satz 2 AufenthG"


def salary_at_least(threshold: Decimal) -> Message:
    return Message(
        _("a gross annual salary of at least %(threshold)s"), {"threshold": Money(threshold)}
    )


def free_movement(profile: Profile) -> Check:
    """Whether the nationality is one of the EU, the EEA or Switzerland."""
    figure = figure_or_none("free_movement_states", profile.on)
    if figure is None:
        return no_figure("free_movement", "free_movement_states", profile.on)
    if profile.nationality is None:
        return unknown(
            "free_movement",
            FREE_MOVEMENT,
            Message(_("Your nationality is needed to know whether free movement applies to you.")),
            missing=("nationality",),
        )
    if profile.nationality in figure.value:
        return held(
            "free_movement",
            FREE_MOVEMENT,
            Message(
                _(
                    "As a citizen of the EU, the EEA or Switzerland (%(country)s) you may live and "
                    "work in Germany without a residence title."
                ),
                {"country": Country(profile.nationality)},
            ),
            figures=(figure,),
        )
    return failed(
        "free_movement",
        FREE_MOVEMENT,
        Message(
            _(
                "Free movement applies only to citizens of the EU, the EEA and Switzerland, not to "
                "nationals of %(country)s."
            ),
            {"country": Country(profile.nationality)},
        ),
        figures=(figure,),
    )


def needs_residence_title(profile: Profile) -> Check:
    """Gate: EU, EEA and Swiss citizens need none of the work titles."""
    free = checked(free_movement, profile)  # the free movement title asks it too
    if free.state is HELD:
        return failed(
            "residence_title_needed",
            FREE_MOVEMENT,
            Message(
                _(
                    "Not needed: citizens of the EU, the EEA and Switzerland need no residence "
                    "title to work in Germany."
                )
            ),
            figures=free.figures,
            gate=True,
        )
    if free.state is UNKNOWN:
        return unknown(
            "residence_title_needed",
            NEEDS_TITLE,
            Message(
                _(
                    "Your nationality is needed: citizens of the EU, the EEA and Switzerland need "
                    "no residence title."
                )
            ),
            missing=free.missing,
        )
    return held(
        "residence_title_needed",
        NEEDS_TITLE,
        Message(
            _("As a national of %(country)s you need a residence title to work in Germany."),
            {"country": Country(profile.nationality)},
        ),
    )


def in_force(title: str, reference: str) -> Condition:
    """Gate: a title cannot be granted before the date it takes effect."""

    def condition(profile: Profile) -> Check:
        on = profile.on
        figure = figure_or_none("title_effective_dates", on)
        if figure is None:
            return no_figure("in_force", "title_effective_dates", on)
        effective = figure.value[title]
        if on < effective:
            return failed(
                "in_force",
                reference,
                Message(
                    _("This title applies only from %(effective)s; the evaluation date is %(on)s."),
                    {"effective": effective, "on": on},
                ),
                gate=True,
            )
        return _applies_since(reference, effective)

    return condition


@cache  # per title, not per date: saved results re-checked at their own dates share it
def _applies_since(reference: str, effective: date) -> Check:
    return held(
        "in_force",
        reference,
        Message(_("The title applies since %(effective)s."), {"effective": effective}),
    )


@cache  # the same arguments, the same condition: a profile's check is then shared
def job_offer_given(reference: str, *, qualified: bool = True) -> Condition:
    """A concrete job offer; ``qualified`` False where any employment will do (§ 26 (2) BeschV)."""
    reason, change = (
        (
            _("A concrete job offer for qualified employment is required; none is given."),
            _("a concrete job offer for qualified employment"),
        )
        if qualified
        else (_("A concrete job offer is required; none is given."), _("a concrete job offer"))
    )

    def condition(profile: Profile) -> Check:
        if profile.has_job_offer is False:
            return failed(
                "job_offer",
                reference,
                Message(_("This title needs a concrete job offer; you have none yet.")),
                would_change=(Message(change),),
            )
        if profile.job_offer.given or profile.has_job_offer:
            return held("job_offer", reference, Message(_("A concrete job offer is given.")))
        return unknown(
            "job_offer",
            reference,
            Message(reason),
            missing=("job_offer",),
            would_change=(Message(change),),
        )

    return condition


LIVING_COSTS = "§ 5 Abs. 1 Nr. 1 AufenthG"


@cache  # the same arguments, the same condition: a profile's check is then shared
def living_costs(reference: str = LIVING_COSTS) -> Condition:
    """Secured living costs, taken as a fact (``financial_means_secured``)."""

    def condition(profile: Profile) -> Check:
        secured = profile.financial_means_secured
        needed = Message(_("proof that your living costs are secured"))
        if secured is None:
            return unknown(
                "living_costs",
                reference,
                Message(_("Whether your living costs are secured is not given.")),
                missing=("financial_means_secured",),
                would_change=(needed,),
            )
        if secured:
            return held("living_costs", reference, Message(_("The living costs are secured.")))
        return failed(
            "living_costs",
            reference,
            Message(_("The living costs must be secured.")),
            would_change=(needed,),
        )

    return condition


def practice_permit(profile: Profile) -> Check:
    """§ 18 (2) Nr. 3: a regulated profession needs its practice permit, granted or promised.

    Whether the profession is regulated comes from the person or, when they do not know, from
    the occupation (ISCO-08 unit group); the competent body is named either way."""
    q = profile.qualification
    regulated = q.regulated
    data = q.recognition_data
    details = {"recognition_body": data.body_id} if data else {}
    if regulated is None:
        return unknown(
            "practice_permit",
            PRACTICE_PERMIT,
            Message(
                _(
                    "Whether your profession is regulated in Germany is not given; a regulated "
                    "profession needs a practice permit."
                )
            ),
            missing=("qualification.regulated_profession",),
        )
    if not regulated:
        return held(
            "practice_permit",
            PRACTICE_PERMIT,
            Message(_("The profession is not regulated in Germany; no practice permit is needed.")),
            cited=False,
        )
    needed = Message(_("a professional practice permit from the competent state body"))
    details = {**details, "regulated_profession": True}
    if q.practice_permit:
        return held(
            "practice_permit",
            PRACTICE_PERMIT,
            Message(_("The practice permit for the regulated profession is granted or promised.")),
            details=details,
        )
    if q.practice_permit is False:
        return failed(
            "practice_permit",
            PRACTICE_PERMIT,
            Message(
                _(
                    "The profession is regulated in Germany: the practice permit must be granted "
                    "or promised first. Recognition measures (§ 16d AufenthG) let you come to "
                    "obtain it."
                )
            ),
            would_change=(needed,),
            details=details,
        )
    return unknown(
        "practice_permit",
        PRACTICE_PERMIT,
        Message(
            _(
                "The profession is regulated in Germany: the practice permit of the competent "
                "state body is needed."
            )
        ),
        missing=("qualification.practice_permit",),
        would_change=(needed,),
        details=details,
    )


@cache  # the same arguments, the same condition: a profile's check is then shared
def age_rule(reference: str, exception: str, *, first_grant_only: bool | None) -> Condition:
    """From 45, a salary of 55 % BBG or adequate pension provision.

    ``first_grant_only`` is True for § 18 (2) Nr. 5 AufenthG: the rule binds the first grant of
    a title under § 18a or § 18b, whatever title came before (a change from § 16b studies is not
    spared). For § 1 (2) BeschV it is None: whether a later title is spared could not be
    verified, so that case stays open. Both allow an exception when the salary misses the figure
    only slightly (``exception``). Under 45 the rule is not cited at all.
    """

    def condition(profile: Profile) -> Check:
        on = profile.on
        age_figure = figure_or_none("age_rule_age", on)
        if age_figure is None:
            return no_figure("age_rule", "age_rule_age", on)
        limit = age_figure.value
        if profile.age is None:
            return unknown(
                "age_rule",
                reference,
                Message(
                    _(
                        "Your age is needed: from the age of %(limit)s a minimum salary or "
                        "adequate pension provision is required."
                    ),
                    {"limit": limit},
                ),
                figures=(age_figure,),
                missing=("age",),
            )
        if profile.age < limit:
            return held(
                "age_rule",
                reference,
                Message(_("Under %(limit)s, the age rule does not apply."), {"limit": limit}),
                cited=False,
            )
        first = (
            profile.first_skilled_worker_title
            if first_grant_only
            else profile.first_title_in_germany
        )
        if profile.pension_provision_adequate:
            return held(
                "age_rule",
                reference,
                Message(_("Adequate pension provision is shown.")),
                figures=(age_figure,),
            )
        if first is False and first_grant_only:
            return held(
                "age_rule",
                reference,
                Message(
                    _(
                        "The age rule applies only to the first title under § 18a or § 18b "
                        "AufenthG; you have held one before."
                    )
                ),
                figures=(age_figure,),
            )
        salary_figure = figure_or_none("age_45_salary", on)
        if salary_figure is None:
            return no_figure("age_rule", "age_45_salary", on)
        threshold = salary_figure.value
        figures = (age_figure, salary_figure)
        details = {"age_rule_threshold_eur": threshold}
        salary = profile.job_offer.annual_gross_salary_eur
        if salary is not None and salary >= threshold:
            return held(
                "age_rule",
                reference,
                Message(
                    _("The salary reaches %(threshold)s, required from the age of %(limit)s."),
                    {"threshold": Money(threshold), "limit": limit},
                ),
                figures=figures,
                details=details,
            )
        requirement = Message(
            _(
                "a gross annual salary of at least %(threshold)s, "
                "or proof of adequate pension provision"
            ),
            {"threshold": Money(threshold)},
        )
        if first is False:
            return unknown(
                "age_rule",
                reference,
                Message(
                    _(
                        "Whether this age rule also applies when this is not your first residence "
                        "title could not be verified; the Federal Employment Agency decides."
                    )
                ),
                figures=figures,
                would_change=(requirement,),
                details=details,
            )
        slight = figure_or_none("age_rule_slight_shortfall_percent", on)
        if (
            salary is not None
            and slight is not None
            and salary * 100 >= threshold * (100 - Decimal(slight.value))
        ):
            return unknown(
                "age_rule",
                exception,
                Message(
                    _(
                        "The salary of %(salary)s misses %(threshold)s, required from the age of "
                        "%(limit)s, only slightly: the authority may accept that as an exception."
                    ),
                    {"salary": Money(salary), "threshold": Money(threshold), "limit": limit},
                ),
                figures=(*figures, slight),
                would_change=(requirement,),
                details=details,
            )
        missing = tuple(
            name
            for name, fact in (
                ("job_offer.annual_gross_salary_eur", salary),
                ("pension_provision_adequate", profile.pension_provision_adequate),
                ("previous_title", first),
            )
            if fact is None
        )
        reason = Message(
            _(
                "From the age of %(limit)s a gross annual salary of at least %(threshold)s "
                "or adequate pension provision is required."
            ),
            {"limit": limit, "threshold": Money(threshold)},
        )
        build = unknown if missing else failed
        return build(
            "age_rule",
            reference,
            reason,
            figures=figures,
            missing=missing,
            would_change=(requirement,),
            details=details,
        )

    return condition


@cache  # made once per level and reference: the Blue Card and the opportunity card ask per profile
def recognised_qualification(level: str, reference: str) -> Callable[[Profile], Check]:
    """A Fachkraft (§ 18 (3)): German, recognised or (degrees) comparable qualification."""
    level_needed = {
        "academic": Message(_("a university degree")),
        "vocational": Message(_("a vocational qualification with at least 2 years' training")),
    }[level]
    recognition_needed = {
        "academic": Message(_("recognition of your degree, or a ZAB statement of comparability")),
        "vocational": Message(
            _("a recognition notice confirming full equivalence of your qualification")
        ),
    }[level]

    def condition(profile: Profile) -> Check:
        qualification = profile.qualification
        if qualification.level is None:
            return unknown(
                "qualification",
                reference,
                Message(_("The level of your qualification is not given.")),
                missing=("qualification.level",),
            )
        if qualification.level != level:
            return failed(
                "qualification",
                reference,
                Message(_("This title needs %(needed)s."), {"needed": level_needed}),
                would_change=(level_needed,),
            )
        if qualification.german_degree:
            return held(
                "qualification", reference, Message(_("The qualification was obtained in Germany."))
            )
        recognition = qualification.recognition
        if recognition == "full":
            return held(
                "qualification",
                reference,
                Message(_("The foreign qualification is recognised as equivalent.")),
            )
        if recognition == "pending":
            return unknown(
                "qualification",
                reference,
                Message(_("The recognition decision is still pending.")),
                missing=("qualification.recognition",),
                would_change=(recognition_needed,),
            )
        if recognition in (None, "unknown"):
            missing = ("qualification.recognition",)
            if qualification.german_degree is None:
                missing = ("qualification.german_degree", *missing)
            return unknown(
                "qualification",
                reference,
                Message(_("Whether your qualification is recognised in Germany is not given.")),
                missing=missing,
                would_change=(recognition_needed,),
            )
        return failed(
            "qualification",
            reference,
            Message(_("The foreign qualification is not recognised as fully equivalent.")),
            would_change=(recognition_needed,),
        )

    return condition


@cache  # the same arguments, the same condition: a profile's check is then shared
def german_at_least(parameter_name: str, reference: str, *, as_a_rule: bool) -> Condition:
    """German at the level the parameter names, or better.

    ``as_a_rule``: the statute asks it "in der Regel" (§ 16d (1)), so a lower level leaves the
    title open to an exception; otherwise (§ 16d (3): "mindestens") a lower level fails it.
    """

    def condition(profile: Profile) -> Check:
        figure = figure_or_none(parameter_name, profile.on)
        if figure is None:
            return no_figure("german", parameter_name, profile.on)
        level = figure.value
        needed = Message(_("German %(level)s"), {"level": level})
        rank = language_rank(profile.german_level)
        if rank is None:
            return unknown(
                "german",
                reference,
                Message(_("Your German level is not given.")),
                figures=(figure,),
                missing=("german_level",),
                would_change=(needed,),
            )
        if rank >= language_rank(level):
            return held(
                "german",
                reference,
                Message(_("German at level %(level)s or better is shown."), {"level": level}),
                figures=(figure,),
            )
        if as_a_rule:
            return unknown(
                "german",
                reference,
                Message(
                    _(
                        "German at level %(level)s is required as a rule; the authority may make "
                        "an exception."
                    ),
                    {"level": level},
                ),
                figures=(figure,),
                would_change=(needed,),
            )
        return failed(
            "german",
            reference,
            Message(_("German at level %(level)s or better is required."), {"level": level}),
            figures=(figure,),
            would_change=(needed,),
        )

    return condition


@cache  # made once per reference: § 19c (2) and the opportunity card ask per profile
def state_recognised(reference: str) -> Condition:
    """A foreign qualification state-recognised where it was obtained (≥ 2 years' training or a
    degree) — no German recognition needed (§ 19c (2), § 16d (3), § 20a points route)."""

    def condition(profile: Profile) -> Check:
        recognised = profile.qualification.state_recognised_abroad
        needed = Message(
            _("proof that your qualification is state-recognised where you obtained it")
        )
        if recognised is None:
            return unknown(
                "state_recognised_qualification",
                reference,
                Message(
                    _(
                        "Whether your qualification is state-recognised where you obtained "
                        "it is not given."
                    )
                ),
                missing=("qualification.state_recognised_abroad",),
                would_change=(needed,),
            )
        if recognised:
            return held(
                "state_recognised_qualification",
                reference,
                Message(_("The qualification is state-recognised where it was obtained.")),
            )
        return failed(
            "state_recognised_qualification",
            reference,
            Message(
                _(
                    "A qualification state-recognised where it was obtained (at least 2 "
                    "years' training, or a degree) is required."
                )
            ),
            would_change=(needed,),
        )

    return condition
