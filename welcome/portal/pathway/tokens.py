"""Signed answers: the wizard carries them in a hidden field and the result link in ``?a=``.

Nothing is stored on the server until the visitor asks to save: the answers travel with the
page, signed so they cannot be altered unnoticed (they are not secret from the visitor).
"""

from __future__ import annotations

from typing import Any

from django.core import signing

ANSWERS_SALT = "portal.pathway.answers"
HANDOVER_SALT = "pathway-check"  # agreed with welcome.consultations (its tokens.py)


def dump_answers(profile: dict[str, Any]) -> str:
    return signing.dumps(profile, salt=ANSWERS_SALT, compress=True)


def load_answers(token: str | None) -> dict[str, Any] | None:
    """The answers in a token, or None when it is absent, forged or malformed."""
    if not token:
        return None
    try:
        profile = signing.loads(token, salt=ANSWERS_SALT)
    except (signing.BadSignature, ValueError):
        return None
    return profile if isinstance(profile, dict) else None


def handover_token(profile: dict[str, Any], *, language: str) -> str:
    """What the consultation request form reads from ``?from=``: the answers, plus the keys it
    prefills (occupation code at the top level, the visitor's language, the topic)."""
    data = dict(profile)
    isco = (profile.get("qualification") or {}).get("occupation_isco")
    if isco:
        data["occupation_isco"] = isco
    data.update({"language": language, "topic": "residence", "requester_kind": "worker"})
    return signing.dumps(data, salt=HANDOVER_SALT)
