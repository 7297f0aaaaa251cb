import pytest

from welcome.accounts.tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a temporary folder per test; passwords hash fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def wc_worker(db):
    return StaffFactory(institution_id="welcome-center", username="wc-worker")


@pytest.fixture
def lhh_worker(db):
    return StaffFactory(institution_id="abh-lhh", username="lhh-worker")


@pytest.fixture
def region_worker(db):
    return StaffFactory(institution_id="abh-region", username="region-worker")


@pytest.fixture
def ihk_worker(db):
    return StaffFactory(institution_id="ihk-hannover", username="ihk-worker")


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English interface: reverse() yields /en/ URLs, pages render English."""
    from django.utils import translation

    with translation.override("en"):
        yield
