"""Login with a second factor for everyone (staff and employers), logout, and the landing page."""

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.forms import TokenForm
from welcome.audit.services import audit_log


def _next_url(request, default: str = "accounts:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _with_next(url: str, target: str | None) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


class LoginView(auth_views.LoginView):
    """Step one: user name and password (throttled by django-axes). Everyone goes on to the
    code: staff reach personal data, employers apply for workers with their personal data."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def form_valid(self, form):
        super().form_valid(form)
        user = form.get_user()
        audit_log(actor=user, action="login", obj=user)
        return redirect(_with_next(reverse("accounts:otp"), self.get_redirect_url()))


def _verified(request, device) -> None:
    """The second factor passed: a new session key (whoever knew the one of the password step
    gains nothing), then the device is recorded in the session."""
    request.session.cycle_key()
    otp_login(request, device)


def _refusal(devices, token: str, *, throttled: bool) -> str:
    """Why a code that did not verify was refused, in words the person can act on.

    A code is good once (RFC 6238, 5.2): the code of the step that was just used to sign in —
    say, a second login within the same 30 seconds — is refused, and so is any code while the
    device is throttled after wrong ones. Both used to read "wrong", which is why a correct first
    code after a login sometimes seemed to be refused.
    """
    if throttled:
        return _(
            "Too many wrong codes in a row. Please wait half a minute, then enter the code your "
            "app shows."
        )
    for device in devices:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        for offset in range(-device.tolerance, device.tolerance + 1):
            totp.drift = device.drift + offset
            if token.isdigit() and totp.t() <= device.last_t and totp.token() == int(token):
                return _(
                    "This code has already been used. Please wait until your app shows the next "
                    "code (at most 30 seconds) and enter that one."
                )
    return _("This code is wrong or has expired. Please try the current one.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def otp_verify(request):
    """Step two: the code from the authenticator app; first-time users set the app up here."""
    devices = [d for d in devices_for_user(request.user, confirmed=True)]
    if not devices:
        return redirect(_with_next(reverse("accounts:otp_setup"), request.GET.get("next")))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Throttled after wrong codes (django-otp doubles the wait with each): asked before trying.
        throttled = not any(device.verify_is_allowed()[0] for device in devices)
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                _verified(request, device)
                audit_log(actor=request.user, action="second_factor_verified", obj=request.user)
                return redirect(_next_url(request))
        audit_log(actor=request.user, action="second_factor_failed", obj=request.user)
        form.add_error("token", _refusal(devices, form.cleaned_data["token"], throttled=throttled))
    return render(request, "accounts/otp.html", {"form": form, "next": request.GET.get("next")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def otp_setup(request):
    """Set up TOTP: show the secret as QR code and text; confirm with the first code."""
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect("accounts:otp")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _verified(request, device)
            audit_log(actor=request.user, action="second_factor_set_up", obj=request.user)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("This code is wrong or has expired. Please try the current one."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    context = {
        "form": form,
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode(),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": request.GET.get("next"),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def home(request):
    """Where a login lands: staff see their workplace, employers their portal."""
    return render(request, "accounts/home.html")
