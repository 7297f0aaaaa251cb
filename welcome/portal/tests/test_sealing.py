"""The answers in a result link are sealed: unreadable from the link, unalterable, bound to
their purpose, and still openable while SECRET_KEY is rotated."""

import base64
import time

import pytest

from welcome.portal.pathway.tokens import dump_answers, load_answers
from welcome.portal.tests.factories import BLUE_CARD
from welcome.sealing import seal, unseal

pytestmark = pytest.mark.django_db


def readable(token: str) -> str:
    padded = token + "=" * (-len(token) % 4)
    return base64.urlsafe_b64decode(padded).decode("latin-1")


def test_a_result_link_does_not_reveal_the_answers(client):
    """Was signed only: nationality, age and salary decoded from `?a=`."""
    token = dump_answers(BLUE_CARD)
    # As signed JSON the facts stood in the link; sealed, neither the link nor its decoded bytes
    # hold them (a two-letter code may appear in random base64, "IN" in quotes may not).
    for fact in ('"IN"', "52000", "nationality", "annual_gross_salary_eur"):
        assert fact not in token and fact not in readable(token)
    assert load_answers(token) == BLUE_CARD
    page = client.get(f"/en/pathway/result/?a={token}")
    assert page.status_code == 200 and "EU Blue Card" in page.content.decode()


def test_a_changed_token_or_another_purpose_opens_nothing():
    token = seal({"age": 30}, purpose="one")
    assert unseal(token, purpose="one") == {"age": 30}
    assert unseal(token, purpose="another") is None
    # A character in the middle: the last one before "=" may carry unused padding bits only.
    middle = len(token) // 2
    changed = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    assert unseal(changed, purpose="one") is None
    assert unseal("not a token", purpose="one") is None and unseal("", purpose="one") is None


def test_an_old_token_expires_and_a_rotated_key_still_opens(settings, monkeypatch):
    token = seal({"age": 30}, purpose="p")
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert unseal(token, purpose="p", max_age=60) is None
    assert unseal(token, purpose="p", max_age=7200) == {"age": 30}
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "n" * 60, [old_secret]
    assert unseal(token, purpose="p") == {"age": 30}
    settings.SECRET_KEY_FALLBACKS = []
    assert unseal(token, purpose="p") is None
