"""Western Balkans regulation, § 19c Abs. 1 AufenthG with § 26 Abs. 2 BeschV.

Nationals of Albania, Bosnia and Herzegovina, Kosovo, Montenegro, North Macedonia and Serbia may
take any employment — no formal qualification — with the BA's approval (a labour-market test)
within a yearly quota. Not for anyone who received benefits under the Asylum Seekers' Benefits Act
in the 24 months before; the age-45 rule of § 1 (2) BeschV applies. The first application goes to
the German mission in the home country (FACTS.md § 7, as amended 22 Dec 2025).
"""

from __future__ import annotations

from ..conditions import Check, failed, figure_or_none, held, no_figure, unknown
from ..i18n import Country, Message, _
from ..outcome import Outcome, assess
from ..profile import Profile
from .common import age_rule, in_force, job_offer_given, needs_residence_title

KEY = "western_balkans"
PARAGRAPH = "§ 19c Abs. 1 AufenthG i. V. m. § 26 Abs. 2 BeschV"
REGULATION = "§ 26 Abs. 2 BeschV"


def nationality(profile: Profile) -> Check:
    figure = figure_or_none("western_balkans_states", profile.on)
    if figure is None:
        return no_figure("western_balkans_state", "western_balkans_states", profile.on)
    if profile.nationality is None:
        return unknown(
            "western_balkans_state",
            REGULATION,
            Message(_("Your nationality is not given.")),
            missing=("nationality",),
        )
    if profile.nationality in figure.value:
        return held(
            "western_balkans_state",
            REGULATION,
            Message(
                _("As a national of %(country)s you can use the Western Balkans regulation."),
                {"country": Country(profile.nationality)},
            ),
            figures=(figure,),
        )
    return failed(
        "western_balkans_state",
        REGULATION,
        Message(
            _(
                "The Western Balkans regulation is open only to nationals of Albania, Bosnia and "
                "Herzegovina, Kosovo, Montenegro, North Macedonia and Serbia."
            )
        ),
        figures=(figure,),
        gate=True,
    )


def no_asylum_benefits(profile: Profile) -> Check:
    figure = figure_or_none("western_balkans_benefits_exclusion_months", profile.on)
    if figure is None:
        return no_figure("asylum_benefits", "western_balkans_benefits_exclusion_months", profile.on)
    months = figure.value
    received = profile.asylum_benefits_last_24_months
    if received is None:
        return unknown(
            "asylum_benefits",
            REGULATION,
            Message(
                _(
                    "Whether you received benefits under the Asylum Seekers' Benefits Act in the "
                    "last %(months)s months is not given."
                ),
                {"months": months},
            ),
            figures=(figure,),
            missing=("asylum_benefits_last_24_months",),
        )
    if received:
        return failed(
            "asylum_benefits",
            REGULATION,
            Message(
                _(
                    "The regulation is closed to anyone who received benefits under the Asylum "
                    "Seekers' Benefits Act in the %(months)s months before the application."
                ),
                {"months": months},
            ),
            figures=(figure,),
        )
    return held(
        "asylum_benefits",
        REGULATION,
        Message(
            _("No benefits under the Asylum Seekers' Benefits Act in the last %(months)s months."),
            {"months": months},
        ),
        figures=(figure,),
    )


def quota(profile: Profile) -> Check:
    """Not a fact of the person: the yearly cap is said, so nobody is surprised by a wait."""
    figure = figure_or_none("western_balkans_annual_cap", profile.on)
    if figure is None:
        return no_figure("quota", "western_balkans_annual_cap", profile.on)
    return held(
        "quota",
        REGULATION,
        Message(
            _(
                "The Federal Employment Agency approves at most %(cap)s employments a year under "
                "this regulation; once they are used up, approvals wait for the next year."
            ),
            {"cap": figure.value},
        ),
        figures=(figure,),
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    nationality,
    job_offer_given(REGULATION, qualified=False),
    no_asylum_benefits,
    age_rule("§ 1 Abs. 2 BeschV", "§ 1 Abs. 2 Satz 2 BeschV", first_grant_only=None),
    quota,
)


def western_balkans(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
