"""The case table of the inbox and the search, written by the `case_rows` tag: every value
escaped, labels in the reader's language, and no query per row (the list reads only the columns
it shows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.cases.models import Case
from welcome.cases.services import case_assign
from welcome.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db


def browser(client, user):
    login_verified(client, user)
    return client


def rows(html: str) -> list[str]:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]


def test_each_row_escapes_its_values_and_says_what_it_may_not_show(client, lhh_worker):
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    named = open_case(person={"name": '<b>Zoë</b> & "Co"', "email": "z@example.org"})
    case_assign(
        case=named, assignee=StaffFactory(institution_id="abh-lhh", first_name="Ö<i>"), by=lead
    )
    unconsented = open_case(consent_for=("welcome-center",))

    html = browser(client, lhh_worker).get(reverse("cases:inbox")).content.decode()

    by_reference = {r.split('/">', 1)[1].split("<", 1)[0]: r for r in rows(html)}
    row = by_reference[named.reference]
    assert "&lt;b&gt;Zoë&lt;/b&gt; &amp; &quot;Co&quot;" in row and "<b>" not in row
    assert "Ö&lt;i&gt;" in row
    assert f'href="{reverse("cases:detail", kwargs={"case_id": named.pk})}"' in row
    assert f'name="cases" value="{named.pk}"' in row  # the bulk actions' checkbox
    assert '<span class="muted">No consent</span>' in by_reference[unconsented.reference]
    assert '<span class="muted">nobody</span>' in by_reference[unconsented.reference]
    assert "<td>ABH Landeshauptstadt Hannover</td>" in row  # the inbox's short name


def test_the_rows_read_german_for_a_german_reader(client, lhh_worker):
    case = open_case(consent_for=("welcome-center",))
    Case.objects.filter(pk=case.pk).update(due_on="2020-01-31")
    with translation.override("de"):
        url = reverse("cases:inbox")
    html = browser(client, lhh_worker).get(url).content.decode()
    (row,) = rows(html)
    assert "Keine Einwilligung" in row and "nicht zugewiesen" in row
    assert "31.01.2020" in row and "überfällig" in row


def test_a_proposal_awaiting_triage_shows_in_the_inbox_and_in_the_search(client, wc_worker):
    case = open_case(municipality="Garbsen", triage=True)
    assert case.inbox_id == "welcome-center" and case.proposed_inbox_id == "abh-region"
    wc = browser(client, wc_worker)
    proposal = "Proposed: Residence in Garbsen → ABH Region Hannover"
    assert proposal in wc.get(reverse("cases:inbox")).content.decode()
    found = wc.get(reverse("cases:search"), {"text": case.reference}).content.decode()
    assert case.reference in found and proposal in found


def test_the_inbox_asks_no_query_per_row(client, lhh_worker):
    """A column the list leaves out, read by the table, would cost a query for every row."""
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    inbox = browser(client, lhh_worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert inbox.get(reverse("cases:inbox")).status_code == 200
        return len(captured)

    case_assign(case=open_case(), assignee=lhh_worker, by=lead)
    one = queries()
    for _ in range(5):
        case_assign(case=open_case(), assignee=lead, by=lead)
    assert queries() == one


def test_the_inbox_s_fixed_parts_follow_the_reader_s_language_and_role(client, lhh_worker):
    """The parts rendered once per process ({% memo %}) are kept per language and role: a page in
    one language or for one role never gives its text to the next."""
    open_case()
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    expected = {
        "en": ("Show cases", "Open a case by reference", '<th scope="col">Due</th>'),
        "de": (
            "Vorgänge anzeigen",
            "Vorgang per Aktenzeichen öffnen",
            '<th scope="col">Fällig</th>',
        ),
        "ar": ("عرض الملفات", "فتح ملف بالرقم المرجعي", '<th scope="col">الاستحقاق</th>'),
    }
    for user, team_link in ((lhh_worker, False), (lead, True), (lhh_worker, False)):
        inbox = browser(client, user)
        for language, texts in expected.items():
            with translation.override(language):
                url, team = reverse("cases:inbox"), reverse("cases:team")
            html = inbox.get(url).content.decode()
            assert all(text in html for text in texts), (language, user.role)
            assert (f'href="{team}"' in html) is team_link
