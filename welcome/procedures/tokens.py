"""Signed links for the worker, who has no account: confirm the power of attorney, follow the
status. A link names the application and its purpose; it cannot be altered or reused for the
other purpose. Status links last as long as a procedure runs (a year); confirmation links 30 days.
"""

from django.core import signing

SALT = "procedures.worker"
MAX_AGE = {"status": 365 * 24 * 3600, "power_of_attorney": 30 * 24 * 3600}


def worker_token(application_id: int, purpose: str) -> str:
    return signing.dumps({"a": application_id, "p": purpose}, salt=SALT, compress=True)


def read_worker_token(token: str, purpose: str) -> int | None:
    """The application id, or None for a wrong, altered or expired link."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE[purpose])
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != purpose:
        return None
    application_id = data.get("a")
    return application_id if isinstance(application_id, int) else None
