import datetime as dt

import pytest
import time_machine

from welcome.audit.models import AuditEntry
from welcome.cases.models import Case, Event
from welcome.cases.routing import recognition_body, route
from welcome.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db


def test_it_routes_a_residence_case_from_hannover_to_the_city_abh():
    case = open_case(municipality="Hannover")
    assert case.inbox_id == "abh-lhh"
    assert case.status == Case.Status.NEW
    assert case.reference.startswith(f"WC-{case.created_at.year}-")


def test_it_routes_a_residence_case_from_garbsen_to_the_region_abh():
    assert open_case(municipality="Garbsen").inbox_id == "abh-region"


def test_it_sends_a_residence_case_without_municipality_to_triage():
    assert open_case(municipality=None).inbox_id == "welcome-center"


def test_it_routes_recognition_by_isco_to_the_right_chamber():
    assert open_case(topic="recognition", occupation_isco="7512").inbox_id == "hwk-hannover"
    assert open_case(topic="recognition", occupation_isco="4110").inbox_id == "ihk-hannover"
    assert open_case(topic="recognition", occupation_isco="2221").inbox_id == "welcome-center"
    assert open_case(topic="recognition", occupation_isco=None).inbox_id == "welcome-center"


def test_it_routes_labour_market_questions_to_the_employment_agency():
    assert open_case(topic="labour_market").inbox_id == "ba-hannover"


def test_it_prepares_accelerated_procedures_at_the_welcome_center_for_the_zentralstelle():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
        case = open_case(topic="accelerated_procedure", municipality="Garbsen")
    assert case.inbox_id == "welcome-center"
    assert case.competent_authority == "zentralstelle-nds"


def test_accelerated_procedures_before_2026_were_decided_by_the_abh():
    decision = route(
        topic="accelerated_procedure",
        municipality="Garbsen",
        occupation_isco=None,
        on=dt.date(2025, 6, 1),
    )
    assert decision.inbox == "welcome-center"
    assert decision.competent_authority == "abh-region"


def test_longest_isco_prefix_wins_and_unknown_codes_are_unclear():
    assert recognition_body("5141", dt.date(2026, 1, 1)) == "hwk-hannover"
    assert recognition_body("5120", dt.date(2026, 1, 1)) == "ihk-hannover"
    assert recognition_body("9999", dt.date(2026, 1, 1)) is None
    assert recognition_body("abc", dt.date(2026, 1, 1)) is None


def test_it_hands_out_unique_sequential_references():
    first, second = open_case(), open_case()
    assert first.reference != second.reference
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_it_records_person_consents_timeline_and_audit_entry():
    case = open_case(data={"checklist": ["passport"]})
    assert case.person.name == "Amina Haddad"
    assert case.person.data == {"checklist": ["passport"]}
    assert case.consents.filter(institution_id="abh-lhh", purpose="case_handling").exists()
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[:2] == [Event.Kind.OPENED, Event.Kind.ROUTED]
    assert Event.Kind.CONSENT_GIVEN in kinds
    assert AuditEntry.objects.filter(action="case_opened", object_id=str(case.pk)).exists()


def test_it_refuses_an_unknown_topic():
    with pytest.raises(ValueError):
        open_case(topic="holiday")
