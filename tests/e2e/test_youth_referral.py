"""The youth programmes' journey across roles, each on a 360 px phone without JavaScript: a
19-year-old without a training place in Garbsen finds a programme in German and asks it to get
in touch; the programme's staff member sees the request in the organisation's own inbox and
records the first contact; the Region's figures count it; the young person's private link shows
where the request stands."""

import re

import pytest
from django.utils import timezone

from tests.e2e.helpers import log_in, too_wide_at_320
from welcome.youth.models import Referral
from welcome.youth.tests.factories import programme_staff, programme_taking_referrals, referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0


def first_contacts(staff) -> str:
    """The "first contacts" of the year in the figures' total row, as the page shows it."""
    staff.goto(f"{staff.base_url}/en/youth/figures/")
    total = staff.locator("#table-months tfoot td")
    return total.nth(1).inner_text()


def test_a_young_person_is_referred_and_the_programme_takes_it_up(browser, live_server, axe_check):
    programme = programme_taking_referrals("werkstatt-garbsen", training_place="without")
    # Five earlier first contacts this year: the figure is shown, not suppressed.
    for _ in range(5):
        earlier = referral(programme, name="Earlier")
        Referral.objects.filter(pk=earlier.pk).update(
            status="contacted", contacted_on=timezone.localdate()
        )
    worker = programme_staff(programme, username="werkstatt-mira")

    # The programme's staff member works on a phone without JavaScript as well.
    staff_context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="en-GB"
    )
    staff_context.set_default_timeout(15_000)
    staff = staff_context.new_page()
    staff.base_url = live_server.url
    log_in(staff, worker, target="/en/youth/referrals/")
    assert first_contacts(staff) == "5"

    # The young person: a phone, German, no JavaScript.
    phone = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="de-DE"
    )
    phone.set_default_timeout(15_000)
    young = phone.new_page()
    try:
        young.goto(f"{live_server.url}/youth/")
        young.fill("#id_age", "19")
        young.select_option("#id_municipality", "Garbsen")
        young.check("input[name=school][value=left_with_certificate]")
        young.check("input[name=training_place][value=no]")
        young.click("form.youth-finder button[type=submit]")
        card = young.locator("article.youth-programme").first
        assert "Garbsen" in card.inner_text()
        card.locator("a[href*='/youth/programmes/werkstatt-garbsen/request/']").click()
        young.wait_for_url("**/request/**")
        assert young.input_value("#id_age") == "19"
        assert young.input_value("#id_municipality") == "Garbsen"
        # Forgot the phone number: the message says so, in German; nothing typed is lost.
        young.fill("#id_name", "Aylin Demir")
        young.check("#id_consent")
        young.click("form.youth-referral button[type=submit]")
        young.locator("#form-errors").wait_for()  # title() does not wait for the new page
        assert young.title().startswith("Fehler:")
        assert "Telefonnummer" in young.locator("#form-errors").inner_text()
        assert young.input_value("#id_name") == "Aylin Demir"
        young.fill("#id_phone", "0511 123456")
        young.check("#id_consent")
        assert not too_wide_at_320(young)
        young.click("form.youth-referral button[type=submit]")
        young.wait_for_url("**/youth/r/**")
        assert young.locator("#referral-status").inner_text() == "Eingegangen"
        private_link = young.url
        sent = Referral.objects.exclude(person__name="Earlier").get()

        # The programme's staff: the request is in their inbox; they record the first contact.
        staff.goto(f"{live_server.url}/en/youth/referrals/")
        staff.get_by_role("link", name=sent.reference).click()
        staff.wait_for_url(f"**/youth/referrals/{sent.pk}/")
        assert "Aylin Demir" in staff.locator("main").inner_text()
        staff.select_option("#id_status", "contacted")
        staff.fill("#id_on", timezone.localdate().isoformat())
        staff.get_by_role("button", name="Save").click()
        staff.wait_for_url(f"**/youth/referrals/{sent.pk}/")
        assert staff.locator("#referral-status").inner_text() == "Contacted"

        # The Region's figures count it; the young person sees it on their private link.
        assert first_contacts(staff) == "6"
        assert re.search(r"<svg[^>]+role=\"img\"", staff.content())
        assert not too_wide_at_320(staff)
        young.goto(private_link)
        assert young.locator("#referral-status").inner_text() == "Kontaktiert"

        # The same pages, signed in as before, pass axe (which needs JavaScript to run).
        checked = browser.new_context(storage_state=staff_context.storage_state())
        try:
            page = checked.new_page()
            for path in (
                "/en/youth/referrals/",
                f"/en/youth/referrals/{sent.pk}/",
                "/en/youth/figures/",
            ):
                page.goto(live_server.url + path)
                assert page.url.endswith(path)
                axe_check(page)
        finally:
            checked.close()
    finally:
        phone.close()
        staff_context.close()
