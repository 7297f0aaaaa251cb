"""Saved results re-checked when the rules change: old and new kept, one e-mail per change to
those who asked, in their language, shown side by side on the saved page."""

import copy
import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, connections
from django.utils import formats, timezone, translation

from welcome.law import RULES_VERSION
from welcome.portal import notifications, services, tasks
from welcome.portal.models import SavedResult
from welcome.portal.pathway.changes import changes
from welcome.portal.pathway.tokens import dump_answers
from welcome.portal.tasks import recheck_saved_results
from welcome.portal.tests.factories import BLUE_CARD, SavedResultFactory

pytestmark = pytest.mark.django_db

OLD_REASON = "Under the old rules the salary was below the threshold."


def made_under_old_rules(**kwargs) -> SavedResult:
    """A result saved under earlier rules that judged the Blue Card differently: not eligible,
    and no best route; the current rules find it eligible."""
    saved = SavedResultFactory(old_rules=True, **kwargs)
    old = copy.deepcopy(saved.evaluation)
    blue_card = next(o for o in old["outcomes"] if o["title"] == "blue_card")
    blue_card.update(status="not_eligible", reasons=[OLD_REASON])
    old["roadmap"]["title"] = None
    saved.evaluation = old
    saved.save()
    return saved


def recheck() -> dict[str, int]:
    return recheck_saved_results.call_local()


def test_only_results_made_under_other_rules_are_rechecked():
    current = SavedResultFactory()
    stale = SavedResultFactory(old_rules=True)
    assert recheck()["rechecked"] == 1
    current.refresh_from_db()
    stale.refresh_from_db()
    assert current.rechecked_at is None
    assert stale.rules_version == RULES_VERSION and stale.rechecked_at is not None
    assert stale.changed_at is None and stale.previous_evaluation is None
    assert recheck()["rechecked"] == 0


def test_a_changed_outcome_keeps_the_old_evaluation_beside_the_new():
    saved = made_under_old_rules()
    old = copy.deepcopy(saved.evaluation)
    assert recheck() == {"rechecked": 1, "changed": 1, "failed": 0, "mailed": 0}
    saved.refresh_from_db()
    assert saved.previous_evaluation == old
    assert saved.evaluation["outcomes"][0] == {
        **saved.evaluation["outcomes"][0],
        "status": "eligible",
    }
    assert saved.evaluation["roadmap"]["title"] == "blue_card"
    assert saved.changed_at == saved.rechecked_at
    assert "blue_card" in saved.trace


def test_the_recheck_evaluates_the_same_date_even_when_the_answers_name_none():
    answers = {k: v for k, v in BLUE_CARD.items() if k != "evaluation_date"}
    saved = SavedResultFactory(old_rules=True, profile=answers)
    saved.evaluation["evaluated_on"] = "2026-03-01"
    saved.save()
    recheck()
    saved.refresh_from_db()
    assert saved.evaluation["evaluated_on"] == "2026-03-01"


def test_a_result_the_current_rules_refuse_is_kept_and_not_tried_again():
    saved = SavedResultFactory(old_rules=True)
    saved.profile = {**saved.profile, "age": 300}
    saved.save()
    before = copy.deepcopy(saved.evaluation)
    assert recheck()["changed"] == 0
    saved.refresh_from_db()
    assert saved.evaluation == before and saved.rules_version == RULES_VERSION
    assert recheck()["rechecked"] == 0


def test_the_recheck_goes_on_in_batches_and_stops_when_its_time_is_up():
    for _ in range(5):
        SavedResultFactory(old_rules=True)
    assert services.saved_results_recheck(batch_size=2, seconds=0)["rechecked"] == 0
    assert services.saved_results_recheck(batch_size=2)["rechecked"] == 5
    assert not SavedResult.objects.exclude(rules_version=RULES_VERSION).exists()


def test_a_result_that_fails_to_evaluate_leaves_the_rest_of_its_batch_rechecked(monkeypatch):
    """A batch is one transaction; an unexpected error in one result counts as failed, the
    others are written, and the failed one stays for the next run."""
    results = [made_under_old_rules() for _ in range(3)]
    evaluate_again = services._evaluate_again

    def broken_for_the_second(saved):
        if saved.pk == results[1].pk:
            raise RuntimeError("a bug in a rule")
        return evaluate_again(saved)

    monkeypatch.setattr(services, "_evaluate_again", broken_for_the_second)
    assert services.saved_results_recheck() == {"rechecked": 2, "changed": 2, "failed": 1}
    stale = SavedResult.objects.exclude(rules_version=RULES_VERSION)
    assert list(stale.values_list("pk", flat=True)) == [results[1].pk]
    assert SavedResult.objects.get(pk=results[0].pk).previous_evaluation is not None


def test_one_email_per_changed_result_with_an_address_and_none_twice():
    changed = made_under_old_rules(email="worker@example.org")
    made_under_old_rules()  # changed, no address
    SavedResultFactory(old_rules=True, email="same@example.org")  # address, no change
    assert recheck()["mailed"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["worker@example.org"]
    assert message.subject == "The result of your pathway check has changed"
    assert "EU Blue Card: Not eligible → Eligible" in message.body
    assert f"http://127.0.0.1:8000/en/pathway/saved/{changed.pk}/" in message.body
    assert OLD_REASON not in message.body
    assert recheck() == {"rechecked": 0, "changed": 0, "failed": 0, "mailed": 0}
    assert notifications.send_change_notice(changed.pk) is False
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_language_of_the_saved_result(german):
    saved = made_under_old_rules(email="arbeit@example.org", language="de")
    recheck()
    body = mail.outbox[0].body
    assert "Blaue Karte EU:" in body and "→ Anspruch besteht" in body
    assert f"http://127.0.0.1:8000/pathway/saved/{saved.pk}/" in body  # German: no prefix


def test_a_refused_email_stays_due_and_goes_out_on_the_next_run(monkeypatch):
    saved = made_under_old_rules(email="worker@example.org")

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        assert recheck()["mailed"] == 0
    saved.refresh_from_db()
    assert saved.change_mailed_at is None
    assert recheck()["mailed"] == 1
    assert len(mail.outbox) == 1


def test_the_saved_page_shows_old_and_new_side_by_side_with_the_date(client):
    saved = made_under_old_rules()
    recheck()
    saved.refresh_from_db()
    body = client.get(f"/en/pathway/saved/{saved.pk}/").content.decode()
    assert "Checked again under new rules" in body
    with translation.override("en"):
        day = formats.date_format(timezone.localtime(saved.rechecked_at), "DATE_FORMAT")
    assert f"On {day} we checked your saved answers again" in body
    assert '<th scope="row">EU Blue Card</th>' in body
    assert "<td>Not eligible</td>\n        <td>Eligible</td>" in body
    assert "Best route before" in body and "Best route now" in body
    assert "The rules have changed since this result was made" not in body


def test_the_saved_page_says_when_a_recheck_changed_nothing(client):
    saved = SavedResultFactory(old_rules=True)
    recheck()
    body = client.get(f"/en/pathway/saved/{saved.pk}/").content.decode()
    assert "The outcome stayed the same." in body and "What changed" not in body


def test_saving_with_an_email_address_keeps_it_and_says_so(client):
    response = client.post(
        "/en/pathway/save/", {"a": dump_answers(BLUE_CARD), "email": "worker@example.org"}
    )
    saved = SavedResult.objects.get()
    assert saved.email == "worker@example.org"
    body = client.get(response["Location"]).content.decode()
    assert "We will write to worker@example.org" in body


def test_the_email_address_is_optional_and_checked(client):
    result = client.get(f"/en/pathway/result/?a={dump_answers(BLUE_CARD)}").content.decode()
    assert "E-mail address (optional)" in result and 'type="email"' in result
    client.post("/en/pathway/save/", {"a": dump_answers(BLUE_CARD)})
    assert SavedResult.objects.get().email == ""
    response = client.post("/en/pathway/save/", {"a": dump_answers(BLUE_CARD), "email": "nope"})
    assert response.status_code == 400
    assert "Please enter a valid e-mail address" in response.content.decode()
    assert SavedResult.objects.count() == 1


def test_the_visitor_can_erase_the_email_address_alone(client):
    saved = made_under_old_rules(email="worker@example.org")
    response = client.post(f"/en/pathway/saved/{saved.pk}/forget-email/")
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.email == ""
    recheck()
    assert not mail.outbox


def test_erasing_the_result_erases_the_email_address(client):
    saved = SavedResultFactory(email="worker@example.org")
    expired = SavedResultFactory(email="old@example.org", expired=True)
    client.post(f"/en/pathway/saved/{saved.pk}/delete/")
    services.saved_results_purge_expired()
    assert not SavedResult.objects.filter(pk__in=[saved.pk, expired.pk]).exists()
    assert not SavedResult.objects.exclude(email="").exists()


def test_no_email_for_a_result_that_expired_before_the_mail_went_out():
    saved = made_under_old_rules(email="worker@example.org")
    services.saved_results_recheck()
    SavedResult.objects.filter(pk=saved.pk).update(expires_at=saved.created_at)
    assert notifications.send_unsent_change_notices() == 0


def test_a_title_added_or_dropped_while_not_eligible_is_no_change():
    before = {
        "outcomes": [{"title": "blue_card", "status": "eligible"}],
        "roadmap": {"title": "blue_card"},
    }
    after = copy.deepcopy(before)
    after["outcomes"].append({"title": "western_balkans", "status": "not_eligible", "reasons": []})
    assert not changes(before, after)
    after["outcomes"][1]["status"] = "possible"
    assert [c.title for c in changes(before, after).titles] == ["western_balkans"]
    after["roadmap"]["title"] = "western_balkans"
    assert changes(before, after).best_changed


def test_the_embedded_runner_rechecks_and_mails(settings):
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    saved = made_under_old_rules(email="worker@example.org")
    out = StringIO()
    moment = dt.datetime(2026, 6, 1, 12, 10, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        call_command("run_due_jobs", "--once", stdout=out, stderr=out)
    assert "recheck_saved_results: {'rechecked': 1, 'changed': 1, 'failed': 0, 'mailed': 1}" in (
        out.getvalue()
    )
    saved.refresh_from_db()
    assert saved.rules_version == RULES_VERSION and len(mail.outbox) == 1


def test_the_runner_starts_the_recheck_every_five_minutes():
    from welcome.procedures.management.commands.run_due_jobs import due_tasks

    def due(minute: int) -> set[str]:
        # huey's scheduler compares naive UTC minutes (run_due_jobs.huey_minute)
        moment = dt.datetime(2026, 6, 1, 12, minute)  # noqa: DTZ001
        return {task.name.rsplit(".", 1)[-1] for task in due_tasks([moment])}

    assert "recheck_saved_results" in due(10)
    assert "recheck_saved_results" not in due(11)


def test_with_worker_processes_the_recheck_starts_a_run_per_further_process(monkeypatch):
    shares = []
    monkeypatch.setattr(tasks, "_parallel_runs", lambda: 3)
    monkeypatch.setattr(tasks, "recheck_saved_results_share", lambda: shares.append(1))
    SavedResultFactory()
    recheck()
    assert shares == []  # nothing stale: nothing to share
    made_under_old_rules()
    assert recheck()["rechecked"] == 1
    assert len(shares) == 2


@pytest.mark.parametrize(
    ("immediate", "worker_type", "workers", "runs"),
    [(False, "process", 4, 4), (False, "thread", 4, 1), (True, "process", 4, 1)],
)
def test_runs_at_once_are_the_consumers_worker_processes(
    settings, monkeypatch, immediate, worker_type, workers, runs
):
    import types

    settings.HUEY = {"consumer": {"workers": workers, "worker_type": worker_type}}
    monkeypatch.setattr(tasks, "HUEY", types.SimpleNamespace(immediate=immediate))
    assert tasks._parallel_runs() == runs


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")


def _at_once(work, count: int = 2) -> list:
    """Run ``work()`` in ``count`` threads released together; answers their results."""
    barrier = threading.Barrier(count)
    results: list = []

    def run():
        try:
            barrier.wait(timeout=5)
            results.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_recheck_a_result_once_and_mail_once(postgres_only):
    saved = made_under_old_rules(email="worker@example.org")
    results = _at_once(lambda: services.saved_result_recheck(result_id=saved.pk))
    assert sorted(results, key=str) == [None, True]
    sent = _at_once(lambda: notifications.send_change_notice(saved.pk))
    assert sorted(sent) == [False, True]
    assert len(mail.outbox) == 1


# --- results whose evaluation cannot have changed are not evaluated again ---------------------


def _saved_before_new_figures() -> SavedResult:
    """Saved by the service (which records the figures read), then new parameter files came."""
    saved = services.saved_result_create(profile=copy.deepcopy(BLUE_CARD), language="en")
    SavedResult.objects.filter(pk=saved.pk).update(rules_version="0+000000000000")
    return saved


@pytest.fixture
def figures(monkeypatch):
    """Replace a figure's value in the parameter files as a deploy would (fresh caches)."""
    import dataclasses

    from welcome.law import parameters

    def clear():
        parameters.forget()

    def change(name: str, valid_from: dt.date, **fields):
        loaded = dict(parameters.load())
        parameter = loaded[name]
        changed = tuple(
            dataclasses.replace(f, **fields) if f.valid_from == valid_from else f
            for f in parameter.figures
        )
        loaded[name] = dataclasses.replace(parameter, figures=changed)
        monkeypatch.setattr(parameters, "load", lambda: loaded)
        clear()

    yield change
    monkeypatch.undo()
    clear()


def test_a_result_whose_figures_answer_as_before_is_marked_without_evaluating(monkeypatch):
    saved = _saved_before_new_figures()
    assert saved.figures_read and saved.figures_digest
    before = copy.deepcopy(saved.evaluation)

    def no_evaluation(*args, **kwargs):
        raise AssertionError("evaluated again")

    monkeypatch.setattr(services.check, "evaluation_of", no_evaluation)
    assert services.saved_results_recheck() == {"rechecked": 1, "changed": 0, "failed": 0}
    saved.refresh_from_db()
    assert saved.rules_version == RULES_VERSION and saved.rechecked_at is not None
    assert saved.evaluation == before and saved.previous_evaluation is None
    assert services.saved_results_recheck()["rechecked"] == 0


def test_a_result_made_where_a_figure_is_not_yet_published_is_saved_and_rechecked():
    """2027: the yearly figures are not published, so the rules read the whole parameter (its
    last figure) besides the lookup on the date; both are recorded and the result is kept."""
    saved = services.saved_result_create(
        profile={**copy.deepcopy(BLUE_CARD), "evaluation_date": "2027-03-01"}, language="en"
    )
    assert ["blue_card_standard_salary", None] in saved.figures_read
    assert ["blue_card_standard_salary", "2027-03-01"] in saved.figures_read
    SavedResult.objects.filter(pk=saved.pk).update(rules_version="0+000000000000")
    assert services.saved_results_recheck() == {"rechecked": 1, "changed": 0, "failed": 0}


def test_a_result_that_read_a_changed_figure_is_evaluated_again(figures):
    from decimal import Decimal

    saved = _saved_before_new_figures()
    for name in ("blue_card_standard_salary", "blue_card_reduced_salary"):  # IT: the reduced one
        figures(name, dt.date(2026, 1, 1), value=Decimal("60000"))
    assert services.saved_results_recheck() == {"rechecked": 1, "changed": 1, "failed": 0}
    saved.refresh_from_db()
    blue_card = next(o for o in saved.evaluation["outcomes"] if o["title"] == "blue_card")
    assert blue_card["status"] != "eligible"  # 52,000 € is below the corrected figures
    assert saved.previous_evaluation is not None


def test_a_figure_it_did_not_read_changes_nothing(figures, monkeypatch):
    saved = _saved_before_new_figures()
    assert ["blue_card_standard_salary", "2026-03-01"] in saved.figures_read
    figures("blue_card_standard_salary", dt.date(2025, 1, 1), value=1)  # 2025: not its year
    monkeypatch.setattr(services.check, "evaluation_of", None)  # would fail if called
    assert services.saved_results_recheck()["rechecked"] == 1


def test_a_result_made_by_other_rule_code_is_evaluated_again(monkeypatch):
    saved = _saved_before_new_figures()
    SavedResult.objects.filter(pk=saved.pk).update(law_code_version="0+000000000000")
    evaluated = []
    evaluation_of = services.check.evaluation_of
    monkeypatch.setattr(
        services.check, "evaluation_of", lambda p: evaluated.append(p) or evaluation_of(p)
    )
    assert services.saved_results_recheck()["rechecked"] == 1
    assert len(evaluated) == 1
    saved.refresh_from_db()
    assert saved.law_code_version != "0+000000000000"
