"""Profiles and saved results for the pathway-check tests."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from welcome.law import RULES_VERSION
from welcome.portal.models import SavedResult

# Degree recognised, software developer (ISCO 2512), 52,000 € — the Blue Card in 2026.
BLUE_CARD: dict[str, Any] = {
    "evaluation_date": "2026-03-01",
    "nationality": "IN",
    "age": 30,
    "municipality": "Garbsen",
    "qualification": {
        "level": "academic",
        "recognition": "full",
        "occupation_isco": "2512",
        "regulated_profession": False,
    },
    "job_offer": {
        "annual_gross_salary_eur": 52000,
        "matches_qualification": True,
        "contract_months": 0,
    },
}


def profile(**changes: Any) -> dict[str, Any]:
    """A copy of BLUE_CARD; ``job_offer__contract_months=5`` changes a nested fact, None drops."""
    data = copy.deepcopy(BLUE_CARD)
    for key, value in changes.items():
        target = data
        *parents, leaf = key.split("__")
        for parent in parents:
            target = target.setdefault(parent, {})
        if value is None:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    return data


class SavedResultFactory(factory.django.DjangoModelFactory):
    """A saved result as the service makes it; ``old_rules=True`` pretends earlier rules."""

    class Meta:
        model = SavedResult

    class Params:
        old_rules = factory.Trait(rules_version="0+000000000000")
        expired = factory.Trait(expires_at=factory.LazyFunction(lambda: timezone.now()))

    profile = factory.LazyFunction(lambda: copy.deepcopy(BLUE_CARD))
    evaluation = factory.LazyAttribute(lambda o: _evaluation(o.profile, o.language)[0])
    trace = factory.LazyAttribute(lambda o: _evaluation(o.profile, o.language)[1])
    rules_version = RULES_VERSION
    language = "en"
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=180))


def _evaluation(data: dict[str, Any], language: str):
    from django.utils import translation

    from welcome.pathway import check

    with translation.override(language):
        full = check.run(data, trace=True)
    trace = full.pop("trace")
    return full, trace
