"""Staff notifications: who is told of a new, handed-over, assigned or overdue case; the in-app
list; the daily e-mail digest in the reader's language, with references and links only."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from welcome.accounts.tests.factories import StaffFactory
from welcome.audit.models import AuditEntry
from welcome.cases import notices
from welcome.cases.models import Case, Notification
from welcome.cases.services import case_assign, case_change_status, case_hand_over
from welcome.cases.tests.factories import open_case
from welcome.cases.tests.test_triage import browser_of, submit
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_form(settings):
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def kinds(user) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", "case__reference")
    )


def test_a_public_request_tells_the_welcome_centers_staff_and_nobody_else(client):
    wc_lead = StaffFactory(institution_id="welcome-center", role="team_lead")
    wc_worker = StaffFactory(institution_id="welcome-center")
    editor = StaffFactory(institution_id="welcome-center", role="content_editor")
    abh = StaffFactory(institution_id="abh-region")

    case = submit(client, topic="general")

    assert kinds(wc_lead) == kinds(wc_worker) == [("new_case", case.reference)]
    assert kinds(editor) == kinds(abh) == []


def test_a_handover_tells_the_receiving_institution_but_not_the_sender(client):
    case = submit(client, topic="residence", municipality="Garbsen")
    wc = browser_of("welcome-center")
    region_worker = StaffFactory(institution_id="abh-region")

    response = wc.post(reverse("cases:accept_proposal", kwargs={"case_id": case.pk}))

    assert response.status_code == 302
    assert kinds(region_worker) == [("handover", case.reference)]
    assert kinds(wc.user) == []  # the sender is not told of its own handover


def test_assigning_tells_the_assignee_unless_they_assign_themselves():
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    worker = StaffFactory(institution_id="abh-lhh")
    case = open_case()

    case_assign(case=case, assignee=worker, by=lead)
    case_assign(case=case, assignee=lead, by=lead)

    assert ("assigned", case.reference) in kinds(worker)
    assert ("assigned", case.reference) not in kinds(lead)


def test_an_overdue_case_is_told_once_per_due_date_to_its_holder_or_the_team_leads():
    lead = StaffFactory(institution_id="abh-lhh", role="team_lead")
    worker = StaffFactory(institution_id="abh-lhh")
    held = open_case()
    unheld = open_case()
    closed = open_case()
    not_yet = open_case()
    case_assign(case=held, assignee=worker, by=lead)
    case_change_status(case=closed, status=Case.Status.CLOSED, by=lead)
    today = timezone.localdate()
    Case.objects.filter(pk__in=[held.pk, unheld.pk, closed.pk]).update(
        due_on=today - dt.timedelta(days=1)
    )
    Case.objects.filter(pk=not_yet.pk).update(due_on=today)
    Notification.objects.all().delete()

    assert notices.notify_overdue(today=today) == 2
    assert notices.notify_overdue(today=today) == 0  # once per due date
    assert kinds(worker) == [("overdue", held.reference)]
    assert kinds(lead) == [("overdue", unheld.reference)]

    # A new due date (after a handover back and forth, say) is a new notice.
    Case.objects.filter(pk=held.pk).update(due_on=today - dt.timedelta(days=2))
    assert notices.notify_overdue(today=today) == 1
    # Years-old due dates (a first run on an old database) are left to the team overview.
    Case.objects.filter(pk=unheld.pk).update(due_on=today - dt.timedelta(days=400))
    assert notices.notify_overdue(today=today) == 0


def test_the_list_shows_the_users_notices_and_opening_one_marks_it_read():
    browser = browser_of("abh-lhh")
    other = StaffFactory(institution_id="abh-lhh")
    case = open_case(topic="general", municipality=None)
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="abh-lhh"),
        by=StaffFactory(institution_id="welcome-center"),
        reason="Residence in Hannover.",
    )
    mine = Notification.objects.get(recipient=browser.user)
    theirs = Notification.objects.get(recipient=other)

    page = browser.get(reverse("cases:notifications")).content.decode()
    assert case.reference in page
    assert "1 unread notification." in page
    assert "Case handed over to your institution" in page
    inbox = browser.get(reverse("cases:inbox")).content.decode()
    assert "Notifications (1 unread)" in inbox

    # Someone else's notice neither opens nor changes: "not found", and the attempt is audited.
    response = browser.get(reverse("cases:notification", args=[theirs.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="access_denied", actor=browser.user).exists()
    response = browser.get(reverse("cases:notification", args=[mine.pk]))
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert "0 unread notifications." in browser.get(reverse("cases:notifications")).content.decode()


def test_mark_all_as_read_reads_only_the_users_own():
    browser = browser_of("abh-lhh")
    other = StaffFactory(institution_id="abh-lhh")
    open_case()
    open_case()

    browser.post(reverse("cases:notifications_read"))

    assert not Notification.objects.filter(recipient=browser.user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2


def test_the_digest_is_opt_in_in_the_readers_language_and_names_no_person(settings):
    settings.SITE_URL = "https://welcome.example.org"
    browser = browser_of("abh-lhh", email="case.worker@example.org")
    silent = StaffFactory(institution_id="abh-lhh", email="silent@example.org")
    response = browser.post(
        "/es/office/notifications/", {"digest": "on"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302
    browser.user.refresh_from_db()
    assert browser.user.notification_digest and browser.user.language == "es"

    case = open_case(person={"name": "Zoë Ömer", "email": "zoe@example.org"})
    assert notices.send_digests() == 1
    assert notices.send_digests() == 0  # each notice is mailed once

    (message,) = mail.outbox
    assert message.to == ["case.worker@example.org"]
    with translation.override("es"):
        spanish = str(Notification.Kind.NEW_CASE.label)
    assert spanish != "New case in your inbox"
    assert spanish in message.body
    assert case.reference in message.body
    assert f"https://welcome.example.org/es/office/{case.pk}/" in message.body
    assert "Zoë" not in message.body and "zoe@example.org" not in message.body
    assert silent.email not in [m.to[0] for m in mail.outbox]


def test_a_refused_digest_is_tried_again(monkeypatch):
    browser = browser_of("abh-lhh", email="case.worker@example.org", notification_digest=True)
    open_case()

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notices.EmailMessage, "send", refuse)
    assert notices.send_digests() == 0
    assert Notification.objects.filter(recipient=browser.user, emailed_at__isnull=True).exists()
    monkeypatch.undo()
    assert notices.send_digests() == 1


def test_read_notices_are_pruned_after_their_time():
    browser = browser_of("abh-lhh")
    open_case()
    open_case()
    old, recent = Notification.objects.filter(recipient=browser.user)
    now = timezone.now()
    Notification.objects.filter(pk=old.pk).update(read_at=now - dt.timedelta(days=91))
    Notification.objects.filter(pk=recent.pk).update(read_at=now - dt.timedelta(days=89))

    assert notices.prune(now=now) == 1
    assert list(Notification.objects.filter(recipient=browser.user)) == [recent]
