"""Saved results: only when asked, as they were made, private, erased when expired."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from welcome.audit.models import AuditEntry
from welcome.law import RULES_VERSION
from welcome.portal import services
from welcome.portal.models import SavedResult
from welcome.portal.pathway.tokens import dump_answers
from welcome.portal.tasks import purge_expired_saved_results
from welcome.portal.tests.factories import BLUE_CARD, SavedResultFactory

pytestmark = pytest.mark.django_db


def save(client, answers=BLUE_CARD, prefix="/en"):
    return client.post(f"{prefix}/pathway/save/", {"a": dump_answers(answers)})


def test_saving_stores_the_result_with_rules_version_and_trace(client):
    response = save(client)
    saved = SavedResult.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/pathway/saved/{saved.pk}/"
    assert saved.profile == BLUE_CARD
    assert saved.rules_version == RULES_VERSION
    assert saved.language == "en"
    assert saved.evaluation["outcomes"][0]["title"] == "blue_card"
    assert "trace" not in saved.evaluation
    assert "blue_card" in saved.trace
    assert saved.expires_at - saved.created_at == dt.timedelta(days=180)
    assert saved.pk.version == 4
    assert AuditEntry.objects.filter(
        action="pathway_result.saved", object_id=str(saved.pk)
    ).exists()


def test_the_saved_page_shows_the_private_link_and_the_result(client):
    response = client.get(save(client)["Location"])
    body = response.content.decode()
    saved = SavedResult.objects.get()
    assert f"http://testserver/en/pathway/saved/{saved.pk}/" in body
    assert "Your result is saved" in body
    assert "EU Blue Card" in body and "How we decided" in body
    assert RULES_VERSION not in body  # an internal name: staff see it on the case page
    assert "The rules have changed" not in body


def test_a_saved_result_is_shown_as_made_even_after_the_rules_changed(client):
    saved = SavedResultFactory(old_rules=True)
    saved.evaluation["outcomes"][0]["reasons"] = ["A reason of the old rules."]
    saved.save()
    body = client.get(f"/en/pathway/saved/{saved.pk}/").content.decode()
    assert "A reason of the old rules." in body
    assert "0+000000000000" not in body
    assert "The rules have changed since this result was made" in body
    assert re.search(r'href="/en/pathway/result/\?a=[^"]+">Check again', body)


def test_a_saved_result_keeps_the_language_it_was_made_in(client):
    saved = SavedResultFactory(language="de")
    body = client.get(f"/en/pathway/saved/{saved.pk}/").content.decode()
    assert "50.700 €" in body


def test_an_unknown_or_expired_result_is_not_found(client):
    expired = SavedResultFactory(expired=True)
    assert client.get(f"/en/pathway/saved/{expired.pk}/").status_code == 404
    assert client.get(f"/en/pathway/saved/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/en/pathway/saved/{expired.pk}/pdf/").status_code == 404


def test_the_saved_pdf_is_a_real_pdf(client):
    saved = SavedResultFactory()
    response = client.get(f"/en/pathway/saved/{saved.pk}/pdf/")
    assert response.content.startswith(b"%PDF-")
    assert "pathway-check-2026-03-01.pdf" in response["Content-Disposition"]


def test_the_visitor_can_delete_a_saved_result(client):
    saved = SavedResultFactory()
    response = client.post(f"/en/pathway/saved/{saved.pk}/delete/")
    assert response.status_code == 302
    assert not SavedResult.objects.exists()


def test_saving_needs_a_genuine_token(client):
    response = client.post("/en/pathway/save/", {"a": "forged"})
    assert response.status_code == 400
    assert not SavedResult.objects.exists()


def test_saving_is_a_post_only(client):
    assert client.get("/en/pathway/save/").status_code == 405


def test_the_purge_erases_only_expired_results_and_can_run_twice():
    keep = SavedResultFactory()
    SavedResultFactory(expired=True)
    assert services.saved_results_purge_expired() == 1
    assert services.saved_results_purge_expired() == 0
    assert list(SavedResult.objects.all()) == [keep]


def test_the_nightly_task_purges(settings):
    SavedResultFactory(expires_at=timezone.now() - dt.timedelta(days=1))
    purge_expired_saved_results.call_local()
    assert not SavedResult.objects.exists()


def test_the_demo_command_is_idempotent():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo_pathway", stdout=out)
    call_command("demo_pathway", stdout=out)
    assert SavedResult.objects.count() == 3
    assert "3 created" in out.getvalue() and "0 created" in out.getvalue()
