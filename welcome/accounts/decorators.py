"""Access rules for pages: staff and employer pages need a login *and* a verified second factor."""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse


def staff_required(view):
    """Only partner staff who passed the second factor (TOTP) get through.

    Whoever is signed out or unverified is sent to the step they are missing (login, then second
    factor); any other account meets "not found", as for a page that does not exist (audited by
    audit.middleware).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:login')}?{query}")
        if not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:otp')}?{query}")
        if not user.is_partner_staff:
            raise Http404("Staff pages exist for partner staff only.")
        return view(request, *args, **kwargs)

    return wrapper


def employer_required(view):
    """Only an employer's users who passed the second factor (TOTP) get through: they handle
    the workers' personal data and documents, like staff do."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:login')}?{query}")
        if not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:otp')}?{query}")
        if user.kind != user.Kind.EMPLOYER or user.company_id is None:
            raise Http404("Employer pages exist for employers only.")
        return view(request, *args, **kwargs)

    return wrapper
