"""Recognition partnership, § 16d (3) AufenthG (since 1 Mar 2024).

A qualification state-recognised where it was obtained, a job offer for qualified employment and
German at A2. The written agreement with the employer to start recognition after entry and the
employer's suitability are settled in the procedure (roadmap; the BA checks suitability), so
they are steps, not conditions on the person's facts.
"""

from __future__ import annotations

from ..outcome import Outcome, assess
from ..profile import Profile
from .common import (
    german_at_least,
    in_force,
    job_offer_given,
    needs_residence_title,
    state_recognised,
)

KEY = "recognition_partnership"
PARAGRAPH = "§ 16d Abs. 3 AufenthG"


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    state_recognised(PARAGRAPH),
    job_offer_given(PARAGRAPH),
    german_at_least("german_language_minimum_for_recognition", PARAGRAPH, as_a_rule=False),
)


def recognition_partnership(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
