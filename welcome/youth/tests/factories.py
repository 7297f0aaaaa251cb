"""Factories with named states for youth programmes."""

import itertools

from welcome.knowledge.tests.factories import EditorFactory
from welcome.youth.models import Organisation, Programme
from welcome.youth.services import PROGRAMMES, municipality_names, programme_import

_numbers = itertools.count(1)

TEXTS = {
    "de": {"title": "Jugend-Werkstatt", "description": "Du arbeitest in einer Werkstatt."},
    "en": {"title": "Youth workshop", "description": "You work in a workshop."},
}


def organisation(slug: str = "werkstatt-demo", **kwargs) -> Organisation:
    defaults = {"name": "Werkstatt (Demo)", "kind": "youth_workshop", "demo": True, **kwargs}
    return Organisation.objects.get_or_create(slug=slug, defaults=defaults)[0]


def fields(**overrides) -> dict:
    """A programme version's fields: 15 to 24-year-olds anywhere in the Region."""
    return {
        "organisation": organisation(),
        "min_age": 15,
        "max_age": 24,
        "school_statuses": [],
        "training_place": "any",
        "newly_arrived": False,
        "language_support": False,
        "single_parents": False,
        "housing": False,
        "training_related": False,
        "municipalities": municipality_names(),
        "reachability": "",
        "contact": "Tel. 0511 000000 (Demo)",
        "start_dates": "01.02.2027",
        "capacity": 12,
        "free_places": 4,
        "demo": True,
        **overrides,
    }


def programme_draft(*, by, programme=None, slug=None, translations=None, **overrides):
    """An open draft by `by` (a new programme unless `programme` is given)."""
    return PROGRAMMES.draft_save(
        by=by,
        programme=programme,
        slug=slug or f"programme-{next(_numbers)}",
        translations=translations or TEXTS,
        **fields(**overrides),
    )


def published_programme(slug: str | None = None, *, translations=None, **overrides) -> Programme:
    """A programme published through the workflow: written by one editor, published by another."""
    draft = programme_draft(by=EditorFactory(), slug=slug, translations=translations, **overrides)
    PROGRAMMES.version_publish(version=draft, by=EditorFactory())
    return Programme.objects.get(pk=draft.programme_id)


def imported_programme(slug: str, **overrides) -> Programme:
    """A programme as load_youth_demo publishes it (no author)."""
    values = fields(**overrides)
    org = values.pop("organisation")
    programme_import(item={"slug": slug, "translations": TEXTS, **values}, organisation=org)
    return Programme.objects.get(slug=slug)


def programme_taking_referrals(slug: str | None = None, **overrides) -> Programme:
    """A published programme whose organisation has a referral inbox on the platform."""
    from welcome.youth.referrals import organisation_inbox_ensure

    organisation_inbox_ensure(organisation())
    return published_programme(slug, organisation=organisation(), **overrides)


def programme_staff(programme: Programme, **kwargs):
    """A verified-capable staff member of the organisation running `programme`."""
    from welcome.accounts.models import User
    from welcome.accounts.tests.factories import StaffFactory

    institution = programme.published_version.organisation.institution
    return StaffFactory(kind=User.Kind.PROGRAMME, institution_id=institution.pk, **kwargs)


CONSENT_FOR_TESTS = "I agree (test)."


def referral(programme: Programme, *, age: int = 19, municipality: str = "Garbsen", **person):
    """A referral sent by the young person themself."""
    from welcome.youth.referrals import Consent, referral_send

    return referral_send(
        programme=programme,
        municipality=municipality,
        sent_by="young_person",
        language="de",
        person={
            "name": "Aylin Demir",
            "phone": "0511 123456",
            "email": "",
            "age": age,
            "school": "left_with_certificate",
            "has_training_place": False,
            "message": "",
            **person,
        },
        consent=Consent(text=CONSENT_FOR_TESTS, guardian=age < 16),
    )
