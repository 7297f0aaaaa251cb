"""Free movement, FreizügG/EU: citizens of the EU, the EEA and Switzerland need no title.

Swiss citizens rely on the EU–Swiss Agreement on the Free Movement of Persons, EEA citizens on
§ 12 FreizügG/EU; the outcome is the same for the roadmap: register, then work.
"""

from __future__ import annotations

from ..outcome import Outcome, assess
from ..profile import Profile
from .common import free_movement

KEY = "eu_free_movement"
PARAGRAPH = "FreizügG/EU"

CONDITIONS = (free_movement,)


def eu_free_movement(profile: Profile) -> Outcome:
    return assess(KEY, PARAGRAPH, CONDITIONS, profile)
