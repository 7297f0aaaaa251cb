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
