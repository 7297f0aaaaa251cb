"""Skilled worker with vocational training, § 18a AufenthG.

An entitlement since 18 Nov 2023: a Fachkraft with a German or fully recognised foreign
vocational qualification, a concrete offer of qualified employment (any, not only in the trained
occupation), the practice permit where the profession is regulated and, for a first title from
the age of 45, the salary or pension condition. The BA approval is a procedural step.
"""

from __future__ import annotations

from ..outcome import Outcome, assess
from ..profile import Profile
from .common import (
    AGE_RULE,
    AGE_RULE_EXCEPTION,
    age_rule,
    in_force,
    job_offer_given,
    needs_residence_title,
    practice_permit,
    recognised_qualification,
)

KEY = "skilled_vocational"
PARAGRAPH = "§ 18a AufenthG"

CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    recognised_qualification("vocational", "§ 18a AufenthG i. V. m. § 18 Abs. 3 Nr. 1 AufenthG"),
    job_offer_given("§ 18 Abs. 2 Nr. 1 AufenthG"),
    practice_permit,
    age_rule(AGE_RULE, AGE_RULE_EXCEPTION, first_grant_only=True),
)


def skilled_vocational(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
