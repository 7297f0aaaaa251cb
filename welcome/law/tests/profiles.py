"""Named profiles for tests other than the YAML cases."""

from __future__ import annotations

import copy
from typing import Any

BLUE_CARD_2026: dict[str, Any] = {
    "evaluation_date": "2026-03-01",
    "nationality": "IN",
    "age": 30,
    "municipality": "Hannover",
    "first_residence_title_in_germany": True,
    "qualification": {
        "level": "academic",
        "recognition": "full",
        "regulated_profession": False,
        "occupation_isco": "2631",
        "completed_on": "2015-06-30",
    },
    "job_offer": {
        "annual_gross_salary_eur": 50700,
        "matches_qualification": True,
        "contract_months": 0,
        "it_specialist": False,
    },
}


def variant(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of ``base``; keys with '__' address nested fields (job_offer__contract_months=5)."""
    data = copy.deepcopy(base)
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
