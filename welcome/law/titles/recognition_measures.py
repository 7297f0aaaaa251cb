"""Residence for recognition measures, § 16d (1) AufenthG.

The recognition body found deficits that a measure (adaptation course, exam preparation) can
close — a partial recognition — and the person has German at A2 as a rule.
"""

from __future__ import annotations

from ..conditions import Check, failed, held, unknown
from ..i18n import Message, _
from ..outcome import Outcome, assess
from ..profile import Profile
from .common import german_at_least, in_force, needs_residence_title

KEY = "recognition_measures"
PARAGRAPH = "§ 16d Abs. 1 AufenthG"

DEFICIT_NOTICE = Message(
    _("a recognition notice stating the deficits a measure can close (partial recognition)")
)


def deficit_notice(profile: Profile) -> Check:
    recognition = profile.qualification.recognition
    if recognition == "partial":
        return held(
            "deficit_notice",
            PARAGRAPH,
            Message(_("The recognition body found deficits that a measure can close.")),
        )
    if recognition == "full":
        return failed(
            "deficit_notice",
            PARAGRAPH,
            Message(_("Not needed: the qualification is already fully recognised.")),
        )
    if recognition == "none":
        return failed(
            "deficit_notice",
            PARAGRAPH,
            Message(
                _("Recognition measures need a recognition notice that found closable deficits.")
            ),
            would_change=(DEFICIT_NOTICE,),
        )
    reason = (
        Message(_("The recognition decision is still pending."))
        if recognition == "pending"
        else Message(_("Whether a recognition body found closable deficits is not given."))
    )
    return unknown(
        "deficit_notice",
        PARAGRAPH,
        reason,
        missing=("qualification.recognition",),
        would_change=(DEFICIT_NOTICE,),
    )


CONDITIONS = (
    needs_residence_title,
    in_force(KEY, PARAGRAPH),
    deficit_notice,
    german_at_least("german_language_minimum_for_recognition", PARAGRAPH, as_a_rule=True),
)


def recognition_measures(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
