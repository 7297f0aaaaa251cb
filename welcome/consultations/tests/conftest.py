import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _consultations_settings(settings):
    """Forms may be sent at once (the bot-check tests set a minimum again); fresh rate limits."""
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://welcome.example"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English interface: reverse() yields /en/ URLs, pages render English."""
    from django.utils import translation

    with translation.override("en"):
        yield
