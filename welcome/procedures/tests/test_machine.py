"""The transition table: every state is reachable, nothing leaves a final state, and every step
that is not in the table is refused by the service."""

import pytest
from django.utils import translation

from welcome.accounts.tests.factories import EmployerFactory, StaffFactory
from welcome.procedures import machine, services
from welcome.procedures.machine import FINAL, TRANSITIONS, State, TransitionError
from welcome.procedures.tests.factories import ApplicationFactory


def test_every_state_is_reachable_from_the_draft():
    reached, frontier = {State.DRAFT}, [State.DRAFT]
    while frontier:
        state = frontier.pop()
        for transition in TRANSITIONS.values():
            if (
                state in transition.sources
                and transition.target
                and transition.target not in reached
            ):
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(State.values)


def test_nothing_leaves_a_final_state():
    for transition in TRANSITIONS.values():
        assert not FINAL & set(transition.sources), transition.name


def test_a_refused_recognition_ends_the_procedure():
    decide = TRANSITIONS["decide_recognition"]
    assert machine.target_of(decide, outcome="refused") == State.REFUSED
    assert machine.target_of(decide, outcome="partial") == State.RECOGNITION_DECIDED


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.DRAFT, State.FILED, State.BA_REQUESTED])
def test_every_transition_not_in_the_table_is_refused(state):
    application = ApplicationFactory(state=state)
    employer = application.created_by
    staff = [
        StaffFactory(institution_id=i) for i in ("welcome-center", "abh-region", "ihk-hannover")
    ]
    for name, transition in TRANSITIONS.items():
        if state in transition.sources:
            continue
        for by in [employer, *staff, None]:
            application.refresh_from_db()
            with pytest.raises(TransitionError):
                services.application_transition(
                    application=application, name=name, by=by, outcome="full"
                )
    application.refresh_from_db()
    assert application.state == state


@pytest.mark.django_db
def test_another_company_cannot_touch_an_application():
    application = ApplicationFactory(ready=True)
    stranger = EmployerFactory()
    with pytest.raises(TransitionError):
        services.application_transition(
            application=application,
            name="request_pre_check",
            by=stranger,
            pre_checker="welcome-center",
        )


@pytest.mark.django_db
def test_a_step_decided_on_an_old_version_is_refused():
    application = ApplicationFactory(state=State.FILED)
    stale = type(application).objects.get(pk=application.pk)
    by = StaffFactory(institution_id=services.authority_actor(application))
    services.application_transition(application=application, name="conclude_agreement", by=by)
    with translation.override("en"), pytest.raises(TransitionError, match="changed"):
        services.application_transition(application=stale, name="conclude_agreement", by=by)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "deadlines"),
    [
        ("state-body", {"recognition_receipt", "recognition_decision"}),  # § 14a BQFG
        ("ihk-fosa", {"recognition_receipt", "recognition_decision"}),
        ("zab", set()),  # a statement of comparability has no statutory period
    ],
)
def test_recognition_starts_the_bqfg_deadlines_only_at_a_recognition_body(body, deadlines):
    application = ApplicationFactory(recognition_body=body, state=State.RECOGNITION_REQUESTED)
    assert set(application.deadlines.values_list("step", flat=True)) == deadlines


@pytest.mark.django_db
def test_a_refused_pre_check_request_names_the_missing_documents_in_words():
    application = ApplicationFactory()
    with translation.override("en"), pytest.raises(TransitionError, match="Copy of the passport"):
        services.application_transition(
            application=application,
            name="request_pre_check",
            by=application.created_by,
            pre_checker="ihk-hannover",
        )
