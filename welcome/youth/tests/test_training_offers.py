"""Employers offer training places; young people without one — and newcomers who came for
vocational training (§ 16a AufenthG) — find them in the finder once the company is verified."""

import pytest
from django.urls import reverse
from django.utils import timezone

from welcome.accounts.tests.factories import CompanyFactory, EmployerFactory, login_verified
from welcome.audit.models import AuditEntry
from welcome.youth.models import TrainingOffer

pytestmark = pytest.mark.django_db

FINDER = "?age=19&municipality=Garbsen&school=left_with_certificate"


def offer(company, **overrides):
    values = {
        "occupation": "Anlagenmechaniker/in",
        "places": 3,
        "starts": "1. August 2027",
        "municipality": "Garbsen",
        "newcomers_welcome": True,
        "contact": "ausbildung@example.org",
        **overrides,
    }
    return TrainingOffer.objects.create(company=company, **values)


def finder(client, query: str) -> str:
    return client.get(reverse("youth:finder") + query).content.decode()


def test_an_employer_offers_places_and_bad_input_keeps_what_was_typed(client):
    employer = EmployerFactory()
    login_verified(client, employer)
    url = reverse("youth:training_offers")
    bad = client.post(url, {"occupation": "Bäcker/in", "places": "0", "municipality": "Garbsen"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Please enter at least one place." in html and 'value="Bäcker/in"' in html
    good = {
        "occupation": "Bäcker/in",
        "places": "2",
        "starts": "1. August 2027",
        "municipality": "Garbsen",
        "newcomers_welcome": "on",
        "contact": "Tel. 0511 1234",
    }
    assert client.post(url, good).status_code == 302
    saved = TrainingOffer.objects.get()
    assert (saved.company, saved.places) == (employer.company, 2)
    assert AuditEntry.objects.filter(action="youth.training_offer_added").exists()


def test_an_employer_removes_only_its_own_offers(client):
    mine, theirs = EmployerFactory(), EmployerFactory()
    own, other = offer(mine.company), offer(theirs.company)
    login_verified(client, mine)
    remove = "youth:training_offer_remove"
    assert client.post(reverse(remove, kwargs={"offer_id": other.pk})).status_code == 404
    assert client.post(reverse(remove, kwargs={"offer_id": own.pk})).status_code == 302
    assert list(TrainingOffer.objects.all()) == [other]


@pytest.mark.parametrize(
    ("query", "verified", "newcomers_welcome", "shown"),
    [
        ("&training_place=no", True, False, True),  # no training place yet: shown
        ("&training_place=yes", True, True, False),  # has one: not shown
        ("&training_place=no", False, True, False),  # company not verified: never shown
        # § 16a newcomer: only offers that welcome young people from abroad
        ("&training_place=yes&situation=came_for_training", True, True, True),
        ("&training_place=no&situation=came_for_training", True, False, False),
    ],
)
def test_the_finder_shows_verified_offers_to_whom_they_help(
    client, query, verified, newcomers_welcome, shown
):
    company = CompanyFactory(verified_at=timezone.now() if verified else None)
    offer(company, newcomers_welcome=newcomers_welcome)
    assert ("Anlagenmechaniker/in" in finder(client, FINDER + query)) is shown


def test_offers_in_the_persons_town_come_first(client):
    company = CompanyFactory(verified_at=timezone.now())
    offer(company, occupation="Aaa in Hannover", municipality="Hannover")
    offer(company, occupation="Zzz in Garbsen", municipality="Garbsen")
    html = finder(client, FINDER + "&training_place=no")
    assert html.index("Zzz in Garbsen") < html.index("Aaa in Hannover")
