"""The occupation and recognition data hold together."""

import subprocess
import sys
from pathlib import Path

import yaml

from welcome.law import occupations as law
from welcome.occupations import catalogue

REPOSITORY = Path(__file__).resolve().parents[3]
LAW_DATA = REPOSITORY / "welcome" / "law" / "data"


def test_there_are_the_436_isco08_unit_groups_with_english_and_german_titles():
    groups = catalogue.unit_groups()
    assert len(groups) == 436
    assert all(len(code) == 4 and code.isdigit() for code in groups)
    assert all(group.titles["en"] and group.titles["de"] for group in groups.values())
    assert groups["2221"].titles["en"] == "Nursing professionals"


def test_every_name_belongs_to_a_unit_group():
    groups = catalogue.unit_groups()
    assert {name.isco for name in catalogue.names()} <= set(groups)


def test_the_common_occupations_have_names_in_eight_languages():
    everyday = yaml.safe_load((catalogue.DATA_DIR / "names.yaml").read_text(encoding="utf-8"))
    assert len(everyday) >= 80
    for isco, by_language in everyday.items():
        assert set(by_language) == set(catalogue.LANGUAGES), isco
        assert all(by_language.values()), isco


def test_every_unit_group_has_a_recognition_body_that_exists():
    bodies = law.bodies()
    for isco in catalogue.unit_groups():
        assert law.recognition(isco).body_id in bodies, isco


def test_every_regulated_entry_names_an_existing_body_and_a_real_unit_group():
    content = yaml.safe_load((LAW_DATA / "occupation_recognition.yaml").read_text("utf-8"))
    groups = catalogue.unit_groups()
    for entry in content["regulated"]:
        assert entry["body"] in law.bodies(), entry
        assert set(entry["codes"]) <= set(groups), entry
        assert entry["law"] and entry["profession"], entry
    for entry in content["not_regulated"]["by_code"]:
        assert entry["body"] in law.bodies(), entry
        assert set(entry["codes"]) <= set(groups), entry
    assert content["not_regulated"]["default"] in law.bodies()
    assert set(content["not_regulated"]["by_major_group"].values()) <= set(law.bodies())


def test_the_professions_the_law_regulates_are_regulated():
    for isco in ("2211", "2212", "2261", "2262", "2221", "3221", "2222", "2264", "2341",
                 "2342", "2611", "2161", "2142", "2634"):  # fmt: skip
        assert law.recognition(isco).regulated, isco
    for isco in ("2512", "7411", "5120", "8322"):
        assert not law.recognition(isco).regulated, isco


def test_every_body_is_dated_sourced_and_has_the_statutory_periods():
    for body in law.bodies().values():
        assert body.valid_from and body.source and body.name and body.address
        assert body.decision_months == 3
        assert body.accelerated_decision_months == 2
    assert law.bodies()["ihk-fosa"].fee == law.Fee(100, 600)


def test_the_stored_vectors_cover_every_name():
    """Fails after an edit of the names until `manage.py occupation_vectors` has run."""
    assert set(catalogue.stored_keys()) >= set(catalogue.vector_keys())


def test_the_data_stays_small():
    size = sum(path.stat().st_size for path in catalogue.DATA_DIR.iterdir())
    assert size < 3_000_000


SCRIPT = """
import sys
from welcome.law.occupations import recognition, body_for
assert recognition("2221").regulated and body_for("2221").id == "ls-niedersachsen"
assert not [name for name in sys.modules if name == "django" or name.startswith("django.")]
print("ok")
"""


def test_the_law_lookup_imports_no_django():
    result = subprocess.run(  # noqa: S603 - fixed interpreter and script, no user input
        [sys.executable, "-c", SCRIPT],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
