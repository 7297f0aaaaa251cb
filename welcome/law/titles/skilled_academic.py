"""Skilled worker with a degree, § 18b AufenthG.

Same structure as § 18a: a German, recognised or comparable foreign degree (anabin "H+" and
"entspricht/gleichwertig", otherwise a ZAB statement — both count as ``recognition: full``), a
concrete offer of qualified employment, the practice permit for regulated professions and the
age-45 rule for a first title. The BA approval is a procedural step.
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

KEY = "skilled_academic"
PARAGRAPH = "§ 18b AufenthG"

CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    recognised_qualification("academic", "§ 18b AufenthG i. V. m. § 18 Abs. 3 Nr. 2 AufenthG"),
    job_offer_given("§ 18 Abs. 2 Nr. 1 AufenthG"),
    practice_permit,
    age_rule(AGE_RULE, AGE_RULE_EXCEPTION, first_grant_only=True),
)


def skilled_academic(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
