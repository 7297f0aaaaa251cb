from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import User
from welcome.cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_demo_command_is_idempotent_and_prints_the_totp_secret(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-2026")
    out = StringIO()
    call_command("demo_cases", stdout=out)
    count = Case.objects.count()
    assert count >= 5
    assert "Demo TOTP secret" in out.getvalue()
    call_command("demo_cases", stdout=StringIO())
    assert Case.objects.count() == count
    assert set(Case.objects.values_list("inbox_id", flat=True)) >= {
        "welcome-center",
        "abh-lhh",
        "abh-region",
        "hwk-hannover",
    }
    lead = User.objects.get(username="demo-lead-welcome-center")
    assert lead.role == "team_lead" and lead.check_password("a-demo-password-2026")
    worker = User.objects.get(username="demo-ihk-hannover")
    device = TOTPDevice.objects.get(user=worker)
    assert device.confirmed
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    assert device.verify_token(f"{token:06d}")
