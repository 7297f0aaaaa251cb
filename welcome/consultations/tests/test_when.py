"""An appointment's time reads the same way in a sentence in every language: one date format per
language, 24-hour times, and never a doubled full stop ("10 a.m.." in English)."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import translation

from welcome.consultations.notifications import when
from welcome.consultations.tests.factories import SlotFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
EXPECTED = {
    "en": "3 December 2026, 10:00–10:30",
    "de": "3. Dezember 2026, 10:00–10:30",
}


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "es", "fr"])
def test_a_slot_reads_with_24_hour_times_and_no_doubled_full_stop(language):
    start = dt.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)
    slot = SlotFactory(start=start, end=start + dt.timedelta(minutes=30))
    with translation.override(language):
        text = when(slot)
        sentence = translation.gettext(
            "Your appointment is booked: %(when)s. We have sent you a confirmation."
        ) % {"when": text}
    assert "10:00" in text, text
    assert "a.m" not in text and "p.m" not in text
    assert ".." not in sentence, sentence
    if language in EXPECTED:
        assert EXPECTED[language] in text, text
