"""Access rules for pages: staff, employer and programme pages need a login *and* a verified
second factor; whoever is signed in but of another kind meets "not found" (audited by
audit.middleware), as for a page that does not exist."""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse


def _verified(entitled, refusal: str):
    """A decorator: signed out → login, unverified → second factor, not `entitled(user)` → 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:login')}?{query}")
            if not user.is_verified():
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:otp')}?{query}")
            if not entitled(user):
                raise Http404(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Partner staff of the service centre's institutions (TOTP verified).
staff_required = _verified(
    lambda user: user.is_partner_staff, "Staff pages exist for partner staff only."
)

# An employer's users: they handle the workers' personal data and documents, like staff do.
employer_required = _verified(
    lambda user: user.kind == user.Kind.EMPLOYER and user.company_id is not None,
    "Employer pages exist for employers only.",
)

# Staff of a body running youth programmes: they read the referrals to their programmes.
programme_staff_required = _verified(
    lambda user: user.is_programme_staff, "Referral pages exist for programme staff only."
)

# Whoever may read the youth programme's figures (aggregates, small groups suppressed): the
# service centre's partners and the programmes' own staff.
youth_figures_required = _verified(
    lambda user: user.is_partner_staff or user.is_programme_staff,
    "The youth figures are for partner and programme staff only.",
)
