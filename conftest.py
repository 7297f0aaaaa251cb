"""Shared pytest fixtures: the Region's institutions in the test database, staff users."""

import pytest

from welcome.accounts.tests.factories import StaffFactory, login_verified


@pytest.fixture(autouse=True)
def _institutions(request):
    """Every database test sees the Region's institutions, as after `manage.py load_region`."""
    if "django_db" not in request.keywords and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from welcome.region.services import institutions_sync

    institutions_sync()


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """Each test's search reads the published set anew: the process-wide index would otherwise
    trust, for up to a second, a stamp that a rolled-back test wrote."""
    from welcome.knowledge.search import _index

    _index.expire()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: nothing made from another test's rolled-back data
    (the FAQ's topic lists, counters of the rate limits) carries over."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a case worker of the Welcome Center, second factor verified."""
    user = StaffFactory(institution_id="welcome-center")
    login_verified(client, user)
    client.user = user
    return client
