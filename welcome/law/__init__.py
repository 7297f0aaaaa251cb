"""Rules as code for skilled-worker immigration to the Region Hannover — no Django imports.

``evaluate(profile)`` runs every residence title in ``TITLES`` and returns an ``Evaluation``
whose ``as_dict()`` is the JSON the portal, the PDF and the API show; ``evaluate_statuses``
answers each title's status and the best title alone (re-checks of saved results). Figures
live in dated parameter files (``parameters/``); legal test cases in ``cases/``.
"""

from .evaluation import (
    LAW_CODE_VERSION,
    RULES_VERSION,
    Evaluation,
    Statuses,
    evaluate,
    evaluate_statuses,
)
from .outcome import Outcome, Status
from .profile import JobOffer, Profile, ProfileError, Qualification, parse_profile
from .roadmap import DefaultDirectory, Directory, Office
from .titles import TITLE_NAMES, TITLES

__all__ = [
    "LAW_CODE_VERSION",
    "RULES_VERSION",
    "TITLES",
    "TITLE_NAMES",
    "DefaultDirectory",
    "Directory",
    "Evaluation",
    "JobOffer",
    "Office",
    "Outcome",
    "Profile",
    "ProfileError",
    "Qualification",
    "Status",
    "Statuses",
    "evaluate",
    "evaluate_statuses",
    "parse_profile",
]
