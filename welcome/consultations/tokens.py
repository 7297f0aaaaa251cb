"""Signed values of the consultations app: request links, form timers and pathway-check answers.

Request links
    `request_token(request)` signs the request's `public_id` with a `TimestampSigner`
    (salt "consultations.request"); `request_from_token(token)` accepts it for
    `REQUEST_LINK_MAX_AGE` (30 days from when the link was made). Every e-mail carries a fresh
    link, so the latest e-mail always works for a month. No account is needed.

Form timer (bot check)
    `form_started_token()` signs the moment a form was rendered (salt "consultations.form-time");
    a submission sooner than `settings.CONSULTATIONS_MIN_FILL_SECONDS` (default 3 s) or with a
    missing, forged or day-old timer is refused, and so is a timer sent before (single use, kept
    in the shared cache). Together with a honeypot field this keeps scripts out without
    JavaScript or an external captcha. While the shared cache cannot be reached, the single use
    is not checked (logged): the form stays open to people, with the timer, the honeypot and
    nothing else between it and a script that replays one rendering.

Pathway-check hand-over (`?from=<token>`)
    The pathway-check page links to the request form with
    `?from=` + `welcome.sealing.seal(profile_dict, purpose="pathway-check")` (encrypted:
    the answers must not be readable from a link).
    `profile_dict` is a JSON-serialisable dict of the pathway-check answers. Keys read to prefill
    the form (all optional, unknown keys are kept, nothing is required):
    `nationality` (str), `qualification` (plain text, or the check's qualification object,
    which the form describes in words: level, recognition, occupation code), `occupation_isco`
    (ISCO-08 code, str; else the one in the qualification), `municipality` (one of the Region's
    21 names), `language` (ISO code), `topic` (one of the request topics). Link to
    /consultation/worker/ or /consultation/employer/ as fits the person. The whole dict becomes
    `data["pathway_check"]` of the case, with the result its facts give and the rules version
    (`data["pathway_result"]`, see pathway.py); the token is accepted for 30 days.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from welcome.sealing import seal, unseal

REQUEST_LINK_SALT = "consultations.request"
REQUEST_LINK_MAX_AGE = dt.timedelta(days=30)
FORM_TIME_SALT = "consultations.form-time"
FORM_TIME_MAX_AGE = dt.timedelta(hours=12)
PATHWAY_CHECK_SALT = "pathway-check"
PATHWAY_CHECK_MAX_AGE = dt.timedelta(days=30)

logger = logging.getLogger("welcome.consultations")


def request_token(request) -> str:
    return signing.TimestampSigner(salt=REQUEST_LINK_SALT).sign(str(request.public_id))


def public_id_from_token(token: str) -> uuid.UUID | None:
    """The request id the token names, or None when it is forged, malformed or expired."""
    try:
        value = signing.TimestampSigner(salt=REQUEST_LINK_SALT).unsign(
            token, max_age=REQUEST_LINK_MAX_AGE
        )
        return uuid.UUID(value)
    except (signing.BadSignature, ValueError):
        return None


def form_started_token() -> str:
    """The signed render time, with a random nonce that makes the token single-use."""
    return signing.dumps([time.time(), uuid.uuid4().hex], salt=FORM_TIME_SALT)


def min_fill_seconds() -> float:
    return float(getattr(settings, "CONSULTATIONS_MIN_FILL_SECONDS", 3))


def form_fill_problem(token: str) -> str | None:
    """None when the form was filled by a plausible human; otherwise "expired" (also a token
    sent before: each rendering of a form carries a new one) or "too_fast".

    A token that passes is spent in the shared cache (Redis in production), so a script cannot
    replay one rendering's token for many submissions."""
    try:
        started, nonce = signing.loads(token or "", salt=FORM_TIME_SALT, max_age=FORM_TIME_MAX_AGE)
        started = float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return "expired"
    if time.time() - started < min_fill_seconds():
        return "too_fast"
    spent = cache.add(f"consultations:form-token:{nonce}", 1, FORM_TIME_MAX_AGE.total_seconds())
    if spent is None:
        # Neither True nor False: the Redis cache could not be reached (django-redis answers
        # None when IGNORE_EXCEPTIONS swallows the outage). Failing closed would refuse every
        # request and booking until Redis is back; the bot check fails open instead, loudly.
        logger.warning("Form timer accepted without its single-use check: no shared cache.")
        return None
    if not spent:
        return "expired"
    return None


def make_pathway_token(profile: dict) -> str:
    """What the pathway-check page puts into `?from=` (also used by the tests)."""
    return seal(profile, purpose=PATHWAY_CHECK_SALT)


def pathway_profile(token: str | None) -> dict | None:
    """The pathway-check answers in a `?from=` token, or None when absent or not genuine."""
    profile = unseal(
        token, purpose=PATHWAY_CHECK_SALT, max_age=PATHWAY_CHECK_MAX_AGE.total_seconds()
    )
    return profile if isinstance(profile, dict) else None
