"""What the browser journeys share: logging in with password and TOTP code, the 320 px check."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.tests.factories import PASSWORD


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(page, user, target="/en/office/"):
    page.goto(f"{page.base_url}/en/accounts/login/?next={target}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/login/code/**")
    page.fill("#id_token", current_code(user))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{target}")


def too_wide_at_320(page) -> list[str]:
    """Elements that make the page scroll sideways on a 320 px screen (empty when it fits)."""
    page.set_viewport_size({"width": 320, "height": 700})
    wide = []
    if not page.evaluate("document.documentElement.scrollWidth <= 320"):
        wide = page.evaluate(
            "[...document.querySelectorAll('main *')]"
            ".filter(e => e.getBoundingClientRect().right > 321)"
            ".slice(0, 8).map(e => e.tagName + '.' + e.className)"
        )
        wide = wide or ["(page wider than 320 px)"]
    page.set_viewport_size({"width": 390, "height": 844})
    return wide
