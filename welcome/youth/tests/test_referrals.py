"""Referrals: a young person (or an adviser) asks a programme to get in touch; the programme's
staff work it in their own inbox; consent, audit and retention as for cases."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from welcome.accounts.tests.factories import StaffFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.youth import notifications, referrals
from welcome.youth.models import Referral, ReferralPerson
from welcome.youth.tests.factories import (
    organisation,
    programme_staff,
    programme_taking_referrals,
    published_programme,
    referral,
)
from welcome.youth.tokens import referral_token

pytestmark = pytest.mark.django_db

FINDER = "age=19&municipality=Garbsen&school=left_with_certificate&training_place=no"


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0


def form_data(client, url, **overrides):
    """The form's fields as a browser would send them after filling in the basics."""
    page = client.get(url)
    started = page.context["form"].bound_started()
    return {
        "started": started,
        "sent_by": "young_person",
        "name": "Aylin Demir",
        "age": "19",
        "municipality": "Garbsen",
        "school": "left_with_certificate",
        "training_place": "no",
        "phone": "0511 123456",
        "email": "",
        "message": "",
        "consent": "on",
        **overrides,
    }


def request_url(programme, query=FINDER):
    return reverse("youth:referral_new", kwargs={"slug": programme.slug}) + f"?{query}"


def test_finder_links_to_the_request_with_the_answers_carried_over(client):
    programme = programme_taking_referrals("workshop-garbsen")
    page = client.get(reverse("youth:finder") + "?" + FINDER)
    assert request_url(programme).replace("&", "&amp;") in page.content.decode()
    form = client.get(request_url(programme)).context["form"]
    assert {k: v for k, v in form.initial.items() if k != "started"} == {
        "age": 19,
        "municipality": "Garbsen",
        "school": "left_with_certificate",
        "training_place": "no",
    }


def test_a_programme_without_an_inbox_shows_no_request_link_and_refuses_requests(client):
    programme = published_programme("no-inbox", organisation=organisation("not-on-platform"))
    page = client.get(reverse("youth:finder") + "?" + FINDER)
    assert "/request/" not in page.content.decode()
    assert client.get(request_url(programme)).status_code == 404


def test_sending_a_request_stores_the_consent_as_given_and_shows_the_private_link(client):
    programme = programme_taking_referrals("workshop-garbsen")
    url = request_url(programme)
    response = client.post(url, form_data(client, url))
    sent = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("youth:referral", kwargs={"token": referral_token(sent)})
    assert sent.inbox == programme.published_version.organisation.institution
    assert (sent.municipality, sent.status, sent.version_id) == (
        "Garbsen",
        "received",
        programme.published_version_id,
    )
    assert sent.reference == f"JR-{timezone.now().year}-{sent.pk:06d}"
    person = sent.person
    assert (person.name, person.age, person.has_training_place) == ("Aylin Demir", 19, False)
    assert "Werkstatt (Demo) receives my name" in person.consent_text
    assert AuditEntry.objects.filter(action="youth.referral_sent").count() == 1
    page = client.get(response["Location"])
    assert "Received" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": ""}, "phone", "Please give a phone number or an e-mail address."),
        ({"consent": ""}, "consent", "Please agree, so that the programme may contact you."),
        ({"age": "11"}, "age", "Please enter your age as a whole number from 12 to 35."),
        # Art. 8 Abs. 1 DSGVO: under 16, a parent's or guardian's agreement
        ({"age": "15"}, "guardian", "Under 16, a parent or guardian must agree to the request."),
        ({"sent_by": "adviser"}, "recorded_how", "Please say how the young person agreed."),
        ({"sent_by": "adviser"}, "adviser_name", "Please enter your name."),
        # The programme is for 15 to 24-year-olds: a 25-year-old is told so, not sent on.
        ({"age": "25"}, "__all__", "This programme is for 15 to 24-year-olds"),
    ],
)
def test_bad_input_is_named_and_nothing_entered_is_lost(client, overrides, field, message):
    programme = programme_taking_referrals("workshop-garbsen")
    url = request_url(programme)
    data = form_data(client, url, message="Ich suche eine Ausbildung.", **overrides)
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert "Ich suche eine Ausbildung." in html and "Aylin Demir" in html
    assert html.count("<title>Error:") == 1
    assert not Referral.objects.exists()


def test_at_16_no_guardian_is_needed_and_an_adviser_sends_for_a_15_year_old(client):
    programme = programme_taking_referrals("workshop-garbsen", min_age=14)
    url = request_url(programme)
    assert client.post(url, form_data(client, url, age="16")).status_code == 302
    adviser = form_data(
        client,
        url,
        age="15",
        sent_by="adviser",
        adviser_name="Frau Berater",
        adviser_organisation="JBA Garbsen",
        adviser_contact="0511 999",
        recorded_how="in_person",
    )
    assert client.post(url, adviser).status_code == 302
    person = ReferralPerson.objects.get(age=15)
    assert person.adviser_name == "Frau Berater"
    assert person.consent_recorded_how == "The young person agreed in person"
    assert "The young person agreed that" in person.consent_text


def test_the_request_form_in_german_speaks_german(client):
    programme = programme_taking_referrals("workshop-garbsen")
    with translation.override("de"):
        url = reverse("youth:referral_new", kwargs={"slug": programme.slug})
    html = client.get(url).content.decode()
    assert "Anfrage senden" in html and "Send request" not in html


def test_the_young_person_withdraws_and_the_data_is_gone_but_the_figures_stay(client):
    programme = programme_taking_referrals("workshop-garbsen")
    sent = referral(programme)
    token = referral_token(sent)
    response = client.post(reverse("youth:referral_withdraw", kwargs={"token": token}))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.is_erased and not ReferralPerson.objects.exists()
    assert "Aylin" not in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="youth.referral_erased", reason="withdrawn").exists()


def test_a_forged_link_is_not_found(client):
    url = reverse("youth:referral", kwargs={"token": "x:forged"})
    assert client.get(url).status_code == 404


# --- the programme's staff ---------------------------------------------------------------------


def test_programme_staff_see_their_inbox_and_each_read_is_audited(client):
    programme = programme_taking_referrals("workshop-garbsen")
    sent = referral(programme)
    worker = programme_staff(programme)
    login_verified(client, worker)
    inbox = client.get(reverse("youth:referrals"))
    assert "Aylin Demir" in inbox.content.decode()
    listed = AuditEntry.objects.get(action="youth.referral_list_viewed")
    assert listed.details["referrals"] == [sent.pk]
    detail = client.get(reverse("youth:referral_detail", kwargs={"referral_id": sent.pk}))
    html = detail.content.decode()
    assert "0511 123456" in html and "I left school with a certificate" in html
    assert "<dd>German</dd>" in html  # the language named, not its code
    assert AuditEntry.objects.filter(
        action="youth.referral_viewed", object_id=str(sent.pk)
    ).exists()


def test_another_organisation_and_the_service_centre_meet_not_found_and_a_denial_is_audited(
    client,
):
    programme = programme_taking_referrals("workshop-garbsen")
    sent = referral(programme)
    other = published_programme("elsewhere", organisation=organisation("other-org"))
    referrals.organisation_inbox_ensure(other.published_version.organisation)
    url = reverse("youth:referral_detail", kwargs={"referral_id": sent.pk})
    for user in (programme_staff(other), StaffFactory(institution_id="welcome-center")):
        login_verified(client, user)
        assert client.get(url).status_code == 404
        assert AuditEntry.objects.filter(action="access_denied", actor=user).exists()
    assert not AuditEntry.objects.filter(action="youth.referral_viewed").exists()


def test_programme_staff_cannot_reach_the_service_centres_back_office(client):
    programme = programme_taking_referrals("workshop-garbsen")
    login_verified(client, programme_staff(programme))
    assert client.get(reverse("cases:inbox")).status_code == 404


def post_status(client, sent, status, on):
    url = reverse("youth:referral_status", kwargs={"referral_id": sent.pk})
    return client.post(url, {"status": status, "on": on.isoformat()})


def test_statuses_move_forward_with_their_dates(client):
    programme = programme_taking_referrals("workshop-garbsen")
    sent = referral(programme)
    login_verified(client, programme_staff(programme))
    today = timezone.localdate()
    assert post_status(client, sent, "contacted", today).status_code == 302
    assert post_status(client, sent, "started", today).status_code == 302
    assert post_status(client, sent, "completed", today).status_code == 302
    sent.refresh_from_db()
    assert (sent.status, sent.contacted_on, sent.started_on, sent.ended_on) == (
        "completed",
        today,
        today,
        today,
    )
    assert [c.status for c in sent.changes.all()] == [
        "received",
        "contacted",
        "started",
        "completed",
    ]


def test_starting_directly_counts_as_the_first_contact(client):
    programme = programme_taking_referrals("workshop-garbsen")
    sent = referral(programme)
    login_verified(client, programme_staff(programme))
    post_status(client, sent, "started", timezone.localdate())
    sent.refresh_from_db()
    assert sent.contacted_on == sent.started_on == timezone.localdate()


@pytest.mark.parametrize(
    ("first", "then", "days", "message"),
    [
        (None, "contacted", 1, "The date cannot be in the future."),
        (None, "contacted", -1, "The date cannot be before the previous step."),
        (None, "completed", 0, "Select a valid choice."),
        ("dropped_out", "started", 0, "Select a valid choice."),
    ],
)
def test_a_refused_step_is_explained_kept_and_audited(client, first, then, days, message):
    programme = programme_taking_referrals("workshop-garbsen")
    sent = referral(programme)
    worker = programme_staff(programme)
    login_verified(client, worker)
    today = timezone.localdate()
    if first:
        post_status(client, sent, first, today)
    response = post_status(client, sent, then, today + dt.timedelta(days=days))
    assert response.status_code == 400
    assert message in response.content.decode()
    if "valid choice" not in message:
        assert AuditEntry.objects.filter(action="action_refused", actor=worker).exists()


def test_retention_erases_inactive_referrals_only(settings):
    programme = programme_taking_referrals("workshop-garbsen")
    old, recent = referral(programme), referral(programme, name="Jonas")
    long_ago = timezone.now() - dt.timedelta(days=settings.RETENTION_DAYS + 1)
    Referral.objects.filter(pk=old.pk).update(last_activity_at=long_ago)
    assert referrals.referrals_erase_expired() == 1
    assert referrals.referrals_erase_expired() == 0  # idempotent
    old.refresh_from_db(), recent.refresh_from_db()
    assert old.is_erased and not recent.is_erased
    assert list(ReferralPerson.objects.values_list("name", flat=True)) == ["Jonas"]


def test_the_nightly_job_is_registered_with_the_embedded_runner():
    from welcome.procedures.management.commands.run_due_jobs import periodic_tasks

    assert "erase_expired_referrals" in {task.name.split(".")[-1] for task in periodic_tasks()}


# --- e-mails -----------------------------------------------------------------------------------


def test_the_young_person_gets_the_link_in_their_language_and_staff_a_notice_naming_no_one(
    mailoutbox, django_capture_on_commit_callbacks
):
    programme = programme_taking_referrals("workshop-garbsen")
    worker = programme_staff(programme, email="mira@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        sent = referral(programme, email="aylin@example.org")
    confirmation, notice = sorted(mailoutbox, key=lambda m: m.to != ["aylin@example.org"])
    assert confirmation.to == ["aylin@example.org"]
    assert confirmation.subject == f"Deine Anfrage an ein Angebot: {sent.reference}"  # German
    assert referral_token(sent) in confirmation.body
    assert notice.to == [worker.email] and sent.reference in notice.subject
    assert "Aylin" not in notice.subject + notice.body
    assert notifications.send_unsent() == 0  # each once


def test_without_an_address_only_the_staff_are_told_and_the_sweep_sends_what_was_lost(
    mailoutbox,
):
    programme = programme_taking_referrals("workshop-garbsen")
    programme_staff(programme, email="mira@example.org")
    referral(programme)  # no e-mail address; the jobs were never queued (no commit here)
    withdrawn = referral(programme, email="gone@example.org")
    referrals.referral_withdraw(referral=withdrawn)
    assert notifications.send_unsent() == 1
    assert [m.to for m in mailoutbox] == [["mira@example.org"]]
