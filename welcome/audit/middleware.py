"""Every "not found" a signed-in user meets is in the audit log, whichever view raised it."""

from django.http import Http404

from welcome.audit.services import audit_log, denial_recorded


def not_found_audit(request) -> None:
    """Record the "not found" a signed-in user met, unless the request already recorded one.
    Also for views that answer 404 without raising (the API's JSON 404, welcome/api/errors.py)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not denial_recorded.get():
        audit_log(
            actor=user,
            action="access_denied",
            reason="not found or not allowed",
            path=request.path[:200],
        )


class NotFoundAuditMiddleware:
    """A page that is missing and one the user may not open look the same (404); both are
    recorded as "access_denied" for a signed-in user — once per request: the selectors that
    decide access write their own entry with the object asked for, this one catches the rest
    (a wrong kind of account, a missing role, another institution's slot or draft)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = denial_recorded.set(False)
        try:
            return self.get_response(request)
        finally:
            denial_recorded.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            not_found_audit(request)
        return None
