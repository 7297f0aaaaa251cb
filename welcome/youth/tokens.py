"""The young person's private link to their referral: its `public_id`, signed.

No expiry: the link works for as long as the referral's personal data is kept (until the
person withdraws or the retention period ends), and then shows that nothing is kept any more.
"""

from __future__ import annotations

import uuid

from django.core import signing

SALT = "youth.referral"


def referral_token(referral) -> str:
    return signing.Signer(salt=SALT).sign(str(referral.public_id))


def public_id_from_token(token: str) -> uuid.UUID | None:
    """The referral the token names, or None when it is forged or malformed."""
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
