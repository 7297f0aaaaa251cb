"""Searching cases: names with accents and in Arabic, e-mails, parts of references, filters —
and never a case the user may not open, nor a person without consent or after erasure."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from welcome.accounts.tests.factories import login_verified
from welcome.audit.models import AuditEntry
from welcome.cases import search
from welcome.cases.models import Case, Person
from welcome.cases.selectors import case_search_for_user
from welcome.cases.services import (
    case_erase,
    case_hand_over,
    case_requester_update,
    case_take,
    consent_withdraw,
)
from welcome.cases.tests.factories import open_case
from welcome.region.models import Institution

pytestmark = pytest.mark.django_db


def person(name, email="", **overrides):
    return {"name": name, "email": email, "phone": "", "nationality": "", **overrides}


def found(user, **filters):
    return [row.case for row in case_search_for_user(user=user, filters=filters).rows]


@pytest.fixture(params=["few persons", "many persons", "too many to list"])
def each_way_of_matching_names(request, monkeypatch):
    """The selector reads the cases of a few matching persons into one query, of more into one
    query per half of the permission filter, and of too many asks the index case by case: every
    way must find the same and nothing else."""
    from welcome.cases import selectors

    if request.param == "many persons":
        monkeypatch.setattr(selectors, "FEW_HITS", 0)
    if request.param == "too many to list":
        monkeypatch.setattr(selectors, "NAME_HITS_INLINE", 0)


# --- folding ------------------------------------------------------------------------------------


def test_folding_drops_case_accents_marks_and_punctuation():
    assert search.fold("José MÜLLER-Lüdenscheidt") == "jose muller ludenscheidt"
    assert search.fold("Yıldız Øre Łukasz Straße") == "yildiz ore lukasz strasse"
    assert search.fold("مُحَمَّد أحمد") == "محمد احمد"  # vowel marks and hamza forms
    assert search.fold("'; DROP TABLE x; -- %_\"*") == "drop table x"


def test_the_index_holds_the_umlaut_spelled_out_too():
    assert search.document(name="Jürgen Müller", email="j.m@example.org") == (
        "jurgen muller juergen mueller j m example org"
    )


def test_a_typed_text_is_split_into_parts_of_references_and_name_words():
    parsed = search.parse("Müller 2026-0001 wc-2026 000123 amina@example.org")
    assert parsed.references == ["2026-0001", "WC-2026", "000123"]
    assert parsed.words == ["muller", "amina", "example", "org"]


# --- names, e-mails, references -----------------------------------------------------------------


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_names_are_found_without_accents_and_in_any_case(lhh_worker):
    jose = open_case(person=person("José Müller"))
    open_case(person=person("Amina Haddad"))
    for text in ("jose muller", "Müller", "MUELLER", "müll", "José", "ller jos"):
        assert found(lhh_worker, text=text) == [jose], text


def test_names_in_arabic_script_are_found(lhh_worker):
    mohammed = open_case(person=person("مُحَمَّد الأحمد"))
    open_case(person=person("Amina Haddad"))
    assert found(lhh_worker, text="محمد") == [mohammed]
    assert found(lhh_worker, text="الاحمد") == [mohammed]  # hamza written or not
    assert found(lhh_worker, text="أحمد محمد") == [mohammed]


def test_short_words_match_the_beginning_of_a_word(lhh_worker):
    li = open_case(person=person("Li Wei"))
    open_case(person=person("Amelie Schulz"))
    assert found(lhh_worker, text="Li") == [li]
    assert found(lhh_worker, text="wei li") == [li]


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_e_mail_addresses_are_found_whole_or_in_part(lhh_worker):
    amina = open_case(person=person("Amina Haddad", "amina.haddad@example.org"))
    other = open_case(person=person("Omar Haddad", "omar@mail.example"))
    assert found(lhh_worker, text="amina.haddad@example.org") == [amina]
    assert found(lhh_worker, text="amina.haddad@") == [amina]
    assert found(lhh_worker, text="mail.example") == [other]
    assert found(lhh_worker, text="Haddad") == [other, amina]


def test_parts_of_references_are_found(lhh_worker):
    first = open_case()
    second = open_case()
    year = str(timezone.localdate().year)
    assert first.reference == f"WC-{year}-000001"
    assert found(lhh_worker, text="000001") == [first]
    assert found(lhh_worker, text=f"{year}-00000") == [second, first]
    assert found(lhh_worker, text=second.reference.lower()) == [second]
    assert found(lhh_worker, text=f"Amina {year}-000002") == [second]


def test_text_that_looks_like_syntax_finds_nothing_and_breaks_nothing(lhh_worker):
    open_case()
    for text in ("'; DROP TABLE cases_case; --", '"', "%", "_", "*", "a OR b", "NEAR(x y)"):
        assert found(lhh_worker, text=text) == [], text
    assert Case.objects.count() == 1


# --- filters ------------------------------------------------------------------------------------


def test_filters_narrow_the_search(lhh_worker):
    english = open_case(language="en")
    turkish = open_case(language="tr", municipality="hannover")
    case_take(case=turkish, by=lhh_worker)
    Case.objects.filter(pk=turkish.pk).update(topic="recognition")
    assert found(lhh_worker, language="tr") == [turkish]
    assert found(lhh_worker, status="new") == [english]
    assert found(lhh_worker, status="in_progress", text="Amina") == [turkish]
    assert found(lhh_worker, topic="residence") == [english]
    assert found(lhh_worker, municipality="Hannover") == [turkish, english]
    assert found(lhh_worker, municipality="Garbsen") == []


def test_the_period_of_opening_narrows_the_search(lhh_worker):
    old = open_case()
    new = open_case()
    Case.objects.filter(pk=old.pk).update(
        created_at=dt.datetime(2025, 3, 10, 23, 30, tzinfo=timezone.get_current_timezone())
    )
    assert found(lhh_worker, opened_from="2025-03-10", opened_to="2025-03-10") == [old]
    assert found(lhh_worker, opened_to="2025-03-09") == []
    assert found(lhh_worker, opened_from="2025-03-11") == [new]


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_keyset_pages_cover_every_match_once(wc_worker, monkeypatch):
    from welcome.cases import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    cases = [open_case() for _ in range(3)]
    sent = open_case(municipality=None, consent_for=["welcome-center", "abh-lhh"])
    case_hand_over(
        case=sent,
        to_institution=Institution.objects.get(pk="abh-region"),
        by=wc_worker,
        reason="Lives in Garbsen",
    )
    cases += [open_case(municipality=None, consent_for=["welcome-center"]) for _ in range(2)]
    seen, cursor = [], ""
    for _ in range(5):
        page = case_search_for_user(user=wc_worker, filters={"text": "Amina", "after": cursor})
        seen += [row.case.pk for row in page.rows]
        cursor = page.next_cursor
        if not cursor:
            break
    # The Welcome Center sees its own two cases and the one it handed over with consent.
    assert seen == [cases[4].pk, cases[3].pk, sent.pk]


# --- who may find what --------------------------------------------------------------------------


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_a_search_never_returns_a_case_of_another_institution(lhh_worker, region_worker):
    mine = open_case(municipality="Hannover")
    theirs = open_case(municipality="Garbsen")
    assert theirs.inbox_id == "abh-region"
    assert found(lhh_worker, text="Amina Haddad") == [mine]
    assert found(lhh_worker, text=theirs.reference) == []
    assert found(lhh_worker, text=theirs.reference[-6:]) == []
    assert found(lhh_worker, status="new") == [mine]
    assert found(lhh_worker, scope="sent") == []
    assert found(region_worker, text="Amina") == [theirs]


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_a_handed_over_case_is_found_only_while_the_consent_stands(wc_worker):
    case = open_case(municipality=None, consent_for=["welcome-center", "ihk-hannover"])
    case_hand_over(
        case=case,
        to_institution=Institution.objects.get(pk="ihk-hannover"),
        by=wc_worker,
        reason="Chamber occupation",
    )
    assert found(wc_worker, text="Amina") == [case]
    assert found(wc_worker, text="Amina", scope="inbox") == []
    assert found(wc_worker, text="Amina", scope="sent") == [case]
    consent = case.consents.get(institution_id="welcome-center", purpose="case_handling")
    consent_withdraw(consent=consent, by=wc_worker)
    assert found(wc_worker, text="Amina") == []
    assert found(wc_worker, text=case.reference) == []


def test_filters_alone_find_the_cases_we_handed_over_too(wc_worker):
    sent = open_case(municipality=None, consent_for=["welcome-center", "ihk-hannover"])
    case_hand_over(
        case=sent,
        to_institution=Institution.objects.get(pk="ihk-hannover"),
        by=wc_worker,
        reason="Chamber occupation",
    )
    here = open_case(municipality=None)
    assert found(wc_worker, status="handed_over") == [sent]
    assert found(wc_worker, topic="residence") == [here, sent]
    assert found(wc_worker, topic="residence", scope="inbox") == [here]
    assert found(wc_worker, topic="residence", scope="sent") == [sent]


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_without_consent_a_name_finds_nothing_but_the_reference_lists_the_case(lhh_worker):
    case = open_case(municipality="Hannover", consent_for=["welcome-center"])
    assert found(lhh_worker, text="Amina") == []
    assert found(lhh_worker, text="amina@example.org") == []
    rows = case_search_for_user(user=lhh_worker, filters={"text": case.reference}).rows
    assert [row.case for row in rows] == [case]
    assert rows[0].personal is False and rows[0].name == ""


@pytest.mark.usefixtures("each_way_of_matching_names")
def test_an_erased_person_is_not_found_and_leaves_the_index(lhh_worker, settings):
    settings.RETENTION_DAYS = 30
    case = open_case(person=person("José Müller", "jose@example.org"))
    assert search.is_indexed(case_id=case.pk)
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=31))
    assert case_erase(case_id=case.pk) is True
    assert not search.is_indexed(case_id=case.pk)
    assert found(lhh_worker, text="Müller") == []
    assert found(lhh_worker, text="jose@example.org") == []
    # The anonymous stub keeps its reference, and is listed without a name.
    rows = case_search_for_user(user=lhh_worker, filters={"text": case.reference}).rows
    assert [row.case.pk for row in rows] == [case.pk] and rows[0].name == ""


def test_a_person_deleted_by_any_other_path_leaves_the_index_too(lhh_worker):
    case = open_case(person=person("José Müller"))
    Person.objects.filter(case=case).delete()
    assert not search.is_indexed(case_id=case.pk)
    open_case(person=person("Amina Haddad"))
    Case.objects.all().delete()
    assert search.person_index_all() == 0


def test_a_changed_person_is_found_by_the_new_name(lhh_worker):
    case = open_case(person=person("Amina Haddad"))
    Person.objects.filter(case=case).update(name="Amina Schröder")
    case_requester_update(reference=case.reference, changes={"name": None})
    assert found(lhh_worker, text="Schroeder") == [case]
    assert found(lhh_worker, text="Haddad") == []


def test_rebuilding_the_index_finds_the_same(lhh_worker):
    jose = open_case(person=person("José Müller"))
    amina = open_case(person=person("Amina Haddad", "amina@example.org"))
    assert search.person_index_all() == 2
    assert found(lhh_worker, text="muller") == [jose]
    assert found(lhh_worker, text="amina@example.org") == [amina]


def test_shown_names_are_audited_without_what_was_typed(lhh_worker):
    case = open_case(person=person("José Müller"))
    found(lhh_worker, text="Müller", status="new")
    entry = AuditEntry.objects.get(action="case_list_viewed")
    assert entry.details == {"cases": [case.pk], "search": ["name_or_email", "status"]}
    assert "ller" not in str(entry.details) and "ller" not in entry.reason


# --- the pages ----------------------------------------------------------------------------------


@pytest.fixture
def lhh_client(client, lhh_worker):
    login_verified(client, lhh_worker)
    client.user = lhh_worker
    return client


def test_the_search_page_lists_matches_with_names_where_the_inbox_would(lhh_client):
    jose = open_case(person=person("José Müller"))
    hidden = open_case(person=person("Amina Haddad"), consent_for=["welcome-center"])
    other = open_case(person=person("José Müller"), municipality="Garbsen")
    page = lhh_client.get(reverse("cases:search"), {"text": "jose muller"}).content.decode()
    assert jose.reference in page and "José Müller" in page
    assert other.reference not in page and hidden.reference not in page
    page = lhh_client.get(reverse("cases:search"), {"text": hidden.reference}).content.decode()
    assert hidden.reference in page and "Amina Haddad" not in page and "No consent" in page


def test_the_search_page_asks_for_input_and_rejects_a_reversed_period(lhh_client):
    open_case()
    response = lhh_client.get(reverse("cases:search"))
    assert response.status_code == 200 and "Enter a name" in response.content.decode()
    response = lhh_client.get(
        reverse("cases:search"), {"opened_from": "2026-02-01", "opened_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "The start of the period is after its end" in response.content.decode()


def test_the_search_page_pages_with_the_search_kept(lhh_client, monkeypatch):
    from welcome.cases import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    first, second = open_case(), open_case()
    page = lhh_client.get(reverse("cases:search"), {"text": "Amina"}).content.decode()
    assert second.reference in page and first.reference not in page
    assert "text=Amina&amp;after=" in page


def test_find_opens_a_whole_reference_and_searches_a_part(lhh_client):
    case = open_case()
    response = lhh_client.get(reverse("cases:find"), {"reference": case.reference.lower()})
    assert response["Location"].endswith(reverse("cases:detail", kwargs={"case_id": case.pk}))
    response = lhh_client.get(reverse("cases:find"), {"reference": "000001"})
    assert response["Location"] == reverse("cases:search") + "?text=000001"
    response = lhh_client.get(response["Location"])
    assert case.reference in response.content.decode()
