import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The forecast caches observed durations for a few minutes; each test sees its own."""
    cache.clear()
    yield
    cache.clear()
