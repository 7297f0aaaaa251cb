"""Access rules for pages: staff and employer pages need a login *and* a verified second factor."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse


def staff_required(view):
    """Only partner staff who passed the second factor (TOTP) get through.

    Everyone else is sent to the step they are missing: login, then second factor.
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
            return redirect("accounts:home")
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
            return redirect("accounts:home")
        return view(request, *args, **kwargs)

    return wrapper
