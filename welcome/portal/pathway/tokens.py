"""Sealed answers: the wizard carries them in a hidden field and the result link in ``?a=``.

Nothing is stored on the server until the visitor asks to save: the answers travel with the
page, sealed (encrypted and authenticated, see welcome.sealing), so they can be neither
altered nor read from the link, its history entry or a log.
"""

from __future__ import annotations

from typing import Any

from welcome.sealing import seal, unseal

ANSWERS_SALT = "portal.pathway.answers"
HANDOVER_SALT = "pathway-check"  # agreed with welcome.consultations (its tokens.py)


def dump_answers(profile: dict[str, Any]) -> str:
    return seal(profile, purpose=ANSWERS_SALT)


def load_answers(token: str | None) -> dict[str, Any] | None:
    """The answers in a token, or None when it is absent, forged or malformed."""
    profile = unseal(token, purpose=ANSWERS_SALT)
    return profile if isinstance(profile, dict) else None


def handover_token(profile: dict[str, Any], *, language: str) -> str:
    """What the consultation request form reads from ``?from=``: the answers, plus the keys it
    prefills (occupation code at the top level, the visitor's language, the topic)."""
    data = dict(profile)
    isco = (profile.get("qualification") or {}).get("occupation_isco")
    if isco:
        data["occupation_isco"] = isco
    data.update({"language": language, "topic": "residence", "requester_kind": "worker"})
    return seal(data, purpose=HANDOVER_SALT)
