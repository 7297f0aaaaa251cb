"""Fixtures of the portal tests."""

import pytest

# The lead adds the German translations at the end (makemessages); until then the tests put the
# few they need into the German catalog, to show the messages go through gettext per request.
GERMAN = {
    "The profile is not valid. Please check the fields named in errors.": (
        "Das Profil ist nicht gültig. Bitte prüfen Sie die unter errors genannten Felder."
    ),
    "Must be between %(min)s and %(max)s.": "Muss zwischen %(min)s und %(max)s liegen.",
    "Must not be negative.": "Darf nicht negativ sein.",
    "EU Blue Card": "Blaue Karte EU",
    "Eligible": "Anspruch besteht",
}


@pytest.fixture
def german(monkeypatch):
    from django.utils.translation import trans_real

    from welcome.pathway import check

    catalog = trans_real.translation("de")._catalog._catalogs[0]
    for source, text in GERMAN.items():
        monkeypatch.setitem(catalog, source, text)
    check.forget()
    yield GERMAN
    check.forget()
