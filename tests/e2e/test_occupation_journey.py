"""Journey (issue 13): a nurse from the Philippines types "nurse" in the wizard — no ISCO code —
picks her occupation, is told it is regulated and which body recognises it, and finds the
recognition step with that body in her roadmap. Also without JavaScript."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = "Niedersächsisches Landesamt für Soziales, Jugend und Familie"


def walk(page, base_url):
    page.goto(base_url + "/en/pathway/")
    page.get_by_label("Your nationality").select_option("PH")
    page.get_by_label("Your age in years").fill("29")
    page.get_by_label("Where in the Region Hannover will you live?").select_option("Hannover")
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Your highest qualification").select_option("vocational")
    page.get_by_label("Your occupation, in your own words").fill("nurse")
    page.get_by_role("button", name="Next").click()
    main = page.locator("main")
    assert "Step 2 of 8" in main.inner_text()  # the same step, now with suggestions
    options = page.get_by_role("group", name="Which occupation fits best?")
    assert "regulated in Germany; recognition: " + BODY in options.inner_text()
    options.get_by_role("radio").first.check()
    page.get_by_role("button", name="Next").click()
    for _ in range(5):  # experience, languages, job offer, family, stay: not given
        page.get_by_role("button", name="Next").click()
    assert "Step 8 of 8" in main.inner_text()
    page.get_by_role("button", name="Show my result").click()
    page.wait_for_url("**/en/pathway/result/**")
    return main.inner_text()


def test_a_nurse_types_nurse_and_finds_her_recognition_body_and_step(page, axe_check):
    text = walk(page, page.base_url)
    assert "The profession is regulated in Germany" in text
    assert "Recognition of the foreign qualification" in text
    assert BODY in text
    assert "It decides within 3 months of complete documents" in text
    axe_check(page)


def test_the_occupation_choice_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        assert BODY in walk(page, live_server.url)
    finally:
        context.close()


def test_a_cook_asks_in_turkish_and_the_ihk_receives_the_case_via_the_welcome_center(
    page, browser, live_server, axe_check, settings
):
    """Across institutions: the request form's occupation finder (Turkish words, a choice of
    ranked occupations), the Welcome Center's triage with the IHK proposed for a cook, the
    IHK reading the chosen occupation beside the person's own words, and the sender seeing the
    IHK as the office responsible now."""
    from tests.e2e.test_front_door import staff_page
    from welcome.accounts.tests.factories import StaffFactory
    from welcome.cases.models import Case

    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    center = StaffFactory(institution_id="welcome-center", username="wc-cook")
    chamber = StaffFactory(institution_id="ihk-hannover", username="ihk-cook")

    page.goto(page.base_url + "/tr/consultation/worker/")
    page.select_option("#id_topic", "recognition")
    page.fill("#id_nationality", "Türkiye")
    page.fill("#id_occupation", "aşçı")
    page.select_option("#id_language", "tr")
    page.select_option("#id_channel", "video")
    page.fill("#id_name", "Emre Yılmaz")
    page.fill("#id_email", "emre@example.org")
    page.check("#id_consent__welcome-center__advice")
    page.click("form.consult-form button[type=submit]")
    # Not sent yet: the same form, everything kept, the suggestions to choose from.
    assert page.locator("#form-errors").is_visible()
    assert page.input_value("#id_name") == "Emre Yılmaz"
    assert page.input_value("#id_occupation") == "aşçı"
    assert not Case.objects.exists()
    axe_check(page)
    page.check('input[name="occupation_isco"][value="5120"]')
    page.click("form.consult-form button[type=submit]")
    page.wait_for_url("**/consultation/r/**")
    assert "Cooks" in page.locator("main").inner_text()  # the occupation recorded, shown back
    case = Case.objects.get()
    assert case.inbox_id == "welcome-center" and case.proposed_inbox_id == "ihk-hannover"

    wc_context, wc = staff_page(browser, live_server, center)
    try:
        wc.goto(f"{live_server.url}/en/office/{case.pk}/")
        person = wc.locator("section", has=wc.get_by_role("heading", name="Person and request"))
        assert "Cooks (ISCO-08 5120) – aşçı" in person.inner_text()
        routing = wc.locator("section", has=wc.get_by_role("heading", name="Routing"))
        assert "IHK Hannover" in routing.inner_text()
        wc.get_by_role("button", name="Accept the proposal").click()
        wc.wait_for_url("**/office/**")
        assert Case.objects.get().inbox_id == "ihk-hannover"
    finally:
        wc_context.close()

    ihk_context, ihk = staff_page(browser, live_server, chamber)
    try:
        ihk.goto(f"{live_server.url}/de/office/{case.pk}/".replace("/de/", "/"))
        person = ihk.locator("section", has=ihk.get_by_role("heading", name="Person und Anliegen"))
        assert "Köche (ISCO-08 5120) – aşçı" in person.inner_text()
        axe_check(ihk)
    finally:
        ihk_context.close()

    # The sender sees who is responsible now.
    page.reload()
    assert "Industrie- und Handelskammer Hannover" in page.locator("main").inner_text()
