"""Journey: a content editor changes a process guide in the browser; the same editor may not
publish it (the page says so and offers no button); a second editor publishes it, and the
public guide page shows the new text. The editor pages pass the axe check and fit 320 px."""

import pytest

from tests.e2e.helpers import log_in, too_wide_at_320
from welcome.knowledge.tests.factories import EditorFactory, published_guide

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_guide_change_is_published_by_a_second_editor(page, browser, live_server, axe_check):
    published_guide("visa-entry")
    author = EditorFactory(username="editor-ada")
    reviewer = EditorFactory(username="editor-bo")

    log_in(page, author, target="/en/faq/editor/")
    page.get_by_role("link", name="Edit visa-entry").click()
    page.wait_for_url("**/faq/editor/guides/visa-entry/edit/")
    assert too_wide_at_320(page) == []
    axe_check(page)
    page.fill("#id_steps-0-body_de", "Den Antrag jetzt **online** stellen.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/faq/editor/guide-versions/*/")
    version_url = page.url
    assert "A second content editor has to publish it." in page.locator("main").inner_text()
    axe_check(page)
    assert page.get_by_role("button", name="Publish this draft").count() == 0
    page.goto(f"{live_server.url}/faq/guides/visa-entry/")
    assert "online" not in page.locator("main").inner_text()  # the public sees the old text

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(15_000)
    second = context.new_page()
    second.base_url = live_server.url
    log_in(second, reviewer, target="/en/faq/editor/")
    second.goto(version_url)
    with second.expect_navigation():
        second.get_by_role("button", name="Publish this draft").click()
    assert "published" in second.locator("main").inner_text().lower()
    second.goto(f"{live_server.url}/faq/guides/visa-entry/")
    assert "Den Antrag jetzt online stellen." in second.locator("main").inner_text()
    context.close()
