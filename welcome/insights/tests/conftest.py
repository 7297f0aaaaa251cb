import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The default period's figures are cached; every test computes its own."""
    cache.clear()
    yield
    cache.clear()
