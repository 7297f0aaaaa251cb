"""The law's Directory answered from the Region's data (welcome/region/directory.py)."""

import datetime as dt

import pytest

from welcome.law.roadmap import DefaultDirectory
from welcome.region.data import region
from welcome.region.directory import contact, directory, known_municipality


@pytest.mark.parametrize("on", [dt.date(2025, 6, 1), dt.date(2026, 3, 1)])
def test_it_agrees_with_the_law_packages_own_directory_everywhere(on):
    default = DefaultDirectory()
    for municipality in [m.name for m in region().municipalities] + [None]:
        for matter in ("residence_authority", "accelerated_procedure_authority"):
            ours = getattr(directory, matter)(municipality, on)
            theirs = getattr(default, matter)(municipality, on)
            assert (ours and ours.id) == (theirs and theirs.id), (municipality, matter, on)


def test_it_gives_the_institutions_name_and_website():
    office = directory.residence_authority("Hannover", dt.date(2026, 3, 1))
    assert office.name == "Ausländerbehörde der Landeshauptstadt Hannover"
    assert office.url.startswith("https://www.hannover.de/")
    assert "Am Schützenplatz 1" in contact(office.id).address


def test_it_knows_spellings_of_the_municipalities():
    assert known_municipality("Neustadt a. Rbge.") == "Neustadt am Rübenberge"
    assert known_municipality("wennigsen") == "Wennigsen (Deister)"
    assert known_municipality("Burgdorf (Wolfenbüttel)") is None


def test_offices_outside_the_region_have_no_contact():
    assert contact("mission-abroad") is None
    assert contact(None) is None
