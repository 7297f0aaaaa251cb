"""Creating and editing an application (drafts only), the check of the residence title, family
members, the fee, and the employer's steps."""

import datetime as dt

import pytest
from django.utils import timezone

from welcome.accounts.tests.factories import CompanyFactory, EmployerFactory, StaffFactory
from welcome.pathway import check
from welcome.procedures import services
from welcome.procedures.machine import State
from welcome.procedures.models import Application
from welcome.procedures.tests.factories import ApplicationFactory
from welcome.procedures.tests.test_employer_support import APPLICATION, employer_client, en

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_application_is_created_as_a_draft_with_the_check_facts(client):
    employer_client(client)
    response = client.post(en("new"), APPLICATION)
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == en("detail", application_id=application.pk)
    assert application.state == State.DRAFT
    assert application.company == client.user.company
    assert application.reference.startswith("BF-")
    assert application.worker_birth_date == dt.date(1994, 5, 17)
    # The profile has the pathway check's shape: the check accepts it as it is.
    assert application.profile["qualification"]["level"] == "vocational"
    assert application.profile["qualification"]["occupation_isco"] == "2221"
    assert application.profile["nationality"] == "MA"
    assert application.profile["job_offer"]["annual_gross_salary_eur"] == 42000
    check.parse(application.profile)
    # Fully recognised: no recognition step; § 18a needs the BA.
    assert application.needs_recognition is False
    assert application.needs_ba_approval is True
    assert application.recognition_body == ""


def test_the_occupation_is_shown_by_its_title_not_only_its_code(client):
    employer_client(client)
    client.post(en("new"), APPLICATION)
    url = en("detail", application_id=Application.objects.get().pk)
    page = client.get(url).content.decode()
    assert "Pflegefachkraft (Nursing professionals, ISCO-08 2221)" in page
    german = client.get(url.replace("/en/", "/", 1)).content.decode()
    assert "Pflegefachkraft (Pflegedienstleiter und Pflegefachkräfte, ISCO-08 2221)" in german


def test_a_craft_without_recognition_needs_the_handwerkskammer(client):
    employer_client(client)
    data = {**APPLICATION, "qualification__recognition": "none", "occupation_isco": "7126"}
    client.post(en("new"), data)
    application = Application.objects.get()
    assert application.needs_recognition is True
    assert application.recognition_body == Application.RecognitionBody.HWK


def test_invalid_entries_are_refused_and_nothing_typed_is_lost(client):
    employer_client(client)
    data = {
        **APPLICATION,
        "worker_birth_date": "2999-01-01",
        "occupation_isco": "12",
        "job_offer__contract_months": "-3",
    }
    response = client.post(en("new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please check your entries." in page
    assert 'value="Amina Haddad"' in page
    assert 'value="Pflegefachkraft"' in page
    assert 'value="42000"' in page
    assert "The date lies in the future" in page
    assert not Application.objects.exists()


def test_a_draft_can_be_changed(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    form = client.get(en("edit", application_id=application.pk))
    assert form.status_code == 200
    assert 'value="Amina Haddad"' in form.content.decode()
    response = client.post(
        en("edit", application_id=application.pk), {**APPLICATION, "worker_name": "Amina H."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.worker_name == "Amina H."


def test_only_a_draft_can_be_changed(client):
    application = ApplicationFactory(state=State.PRE_CHECK)
    employer_client(client, user=application.created_by)
    response = client.post(
        en("edit", application_id=application.pk), {**APPLICATION, "worker_name": "Changed"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "only be changed while it is being prepared" in page
    application.refresh_from_db()
    assert application.worker_name == "Amina Haddad"
    assert "Change the facts" not in page


def test_the_page_warns_when_the_chosen_title_is_not_eligible(client):
    employer_client(client)
    data = {**APPLICATION, "title": "blue_card", "qualification__level": "vocational"}
    client.post(en("new"), data)
    application = Application.objects.get()
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "Warning: on the facts given, the worker does not meet the conditions of" in page
    assert "EU Blue Card" in page
    assert "This title needs a university degree." in page


def test_the_page_does_not_warn_when_the_title_is_eligible(client):
    employer_client(client)
    client.post(en("new"), APPLICATION)
    application = Application.objects.get()
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "Warning:" not in page
    assert "the worker meets the conditions of" in page


def test_the_fee_is_shown_before_filing(client):
    application = ApplicationFactory(state=State.PRE_CHECKED)
    employer_client(client, user=application.created_by)
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "The fee for the accelerated procedure is 411 €" in page
    assert "§ 47 Abs. 1 Nr. 15 AufenthV" in page
    assert 'value="file"' in page


def test_a_spouse_is_added_and_an_adult_child_refused(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    url = en("family_add", application_id=application.pk)
    response = client.post(
        url, {"name": "Karim Haddad", "relation": "spouse", "birth_date": "1990-01-01"}
    )
    assert response.status_code == 302
    assert application.family_members.get().name == "Karim Haddad"

    adult = (timezone.localdate() - dt.timedelta(days=18 * 366)).isoformat()
    response = client.post(url, {"name": "Sara Haddad", "relation": "child", "birth_date": adult})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Only minor children can apply together" in page
    assert 'value="Sara Haddad"' in page
    assert application.family_members.count() == 1


def test_a_family_member_is_removed(client):
    application = ApplicationFactory()
    member = services.family_member_add(
        application=application,
        by=application.created_by,
        name="Karim",
        relation="spouse",
        birth_date=dt.date(1990, 1, 1),
    )
    employer_client(client, user=application.created_by)
    client.post(en("family_remove", application_id=application.pk, member_id=member.pk))
    assert not application.family_members.exists()


def test_asking_for_the_pre_check_needs_a_choice_and_the_documents(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    url = en("transition", application_id=application.pk)
    response = client.post(url, {"transition": "request_pre_check", "pre_checker": ""})
    assert response.status_code == 400
    assert "Please choose who pre-checks the documents." in response.content.decode()
    response = client.post(url, {"transition": "request_pre_check", "pre_checker": "ihk-hannover"})
    assert response.status_code == 400
    assert "These documents are still missing" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_asking_for_the_pre_check(client):
    application = ApplicationFactory(ready=True)
    employer_client(client, user=application.created_by)
    response = client.post(
        en("transition", application_id=application.pk),
        {"transition": "request_pre_check", "pre_checker": "hwk-hannover"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.PRE_CHECK
    assert application.pre_checker_id == "hwk-hannover"


def test_filing_is_refused_for_an_unverified_company(client):
    company = CompanyFactory()  # not verified
    application = ApplicationFactory(
        company=company, created_by=EmployerFactory(company=company), state=State.PRE_CHECKED
    )
    employer_client(client, user=application.created_by)
    response = client.post(
        en("transition", application_id=application.pk),
        {"transition": "file", "fee_acknowledged": "on"},
    )
    assert response.status_code == 400
    assert "has not yet verified your company" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.PRE_CHECKED


def test_filing_needs_the_fee_acknowledged_and_then_files(client):
    application = ApplicationFactory(state=State.PRE_CHECKED)
    employer_client(client, user=application.created_by)
    url = en("transition", application_id=application.pk)
    response = client.post(url, {"transition": "file"})
    assert response.status_code == 400
    assert "Please confirm that you will pay the fee." in response.content.decode()
    response = client.post(url, {"transition": "file", "fee_acknowledged": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.FILED
    page = client.get(response["Location"]).content.decode()
    assert "File the application" in page  # the timeline names the step
    assert "Filed with the authority" in page


def test_a_stale_or_unknown_step_never_gives_a_500(client):
    application = ApplicationFactory(state=State.FILED)
    employer_client(client, user=application.created_by)
    url = en("transition", application_id=application.pk)
    response = client.post(url, {"transition": "file", "fee_acknowledged": "on"})
    assert response.status_code == 400
    assert "This step is not possible while the application is" in response.content.decode()
    response = client.post(url, {"transition": "conclude_agreement"}, follow=True)
    assert "This step is not possible here." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.FILED


def test_withdrawing_needs_a_confirmation(client):
    application = ApplicationFactory()
    employer_client(client, user=application.created_by)
    url = en("transition", application_id=application.pk)
    assert client.post(url, {"transition": "withdraw"}).status_code == 400
    assert client.post(url, {"transition": "withdraw", "confirm": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN


def test_the_page_shows_the_running_deadlines_and_the_steps_taken(client):
    application = ApplicationFactory(state=State.BA_REQUESTED)
    employer_client(client, user=application.created_by)
    page = client.get(en("detail", application_id=application.pk)).content.decode()
    assert "§ 36 Abs. 2 BeschV" in page
    assert "BA approval requested (§ 39 AufenthG)" in page
    assert "Agreement concluded (§ 81a Abs. 2 AufenthG)" in page


def test_staff_of_the_pre_checker_cannot_use_the_employer_page(client):
    from welcome.accounts.tests.factories import login_verified

    application = ApplicationFactory(state=State.PRE_CHECK)
    login_verified(client, StaffFactory(institution_id="welcome-center"))
    response = client.get(en("detail", application_id=application.pk))
    assert response.status_code == 404


def test_the_needs_rule_keeps_the_safe_default_without_a_title():
    assert services.application_needs(title="", profile={}) == {
        "needs_recognition": True,
        "needs_ba_approval": True,
        "recognition_body": "",
    }
    needs = services.application_needs(
        title="blue_card",
        profile={
            "nationality": "IN",
            "age": 30,
            "qualification": {"level": "academic", "recognition": "none"},
            "job_offer": {"annual_gross_salary_eur": 52000, "contract_months": 0},
        },
    )
    assert needs["recognition_body"] == Application.RecognitionBody.ZAB
