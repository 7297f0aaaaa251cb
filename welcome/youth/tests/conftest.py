import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages raised outside a request speak English here, whatever a request activated."""
    with translation.override("en"):
        yield
