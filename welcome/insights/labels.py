"""Names for the statistics' keys in the reader's language: phases, acting bodies, states,
occupation groups (ISCO-08 major groups), countries, and the time split."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from welcome.countries import country_name
from welcome.procedures.machine import State
from welcome.procedures.models import Application
from welcome.procedures.phases import PHASES
from welcome.region.data import region

# ISCO-08 major groups (International Standard Classification of Occupations, ILO 2008).
ISCO_MAJOR_GROUPS = {
    "0": pgettext_lazy("ISCO-08 major group", "Armed forces occupations"),
    "1": pgettext_lazy("ISCO-08 major group", "Managers"),
    "2": pgettext_lazy("ISCO-08 major group", "Professionals"),
    "3": pgettext_lazy("ISCO-08 major group", "Technicians and associate professionals"),
    "4": pgettext_lazy("ISCO-08 major group", "Clerical support workers"),
    "5": pgettext_lazy("ISCO-08 major group", "Service and sales workers"),
    "6": pgettext_lazy("ISCO-08 major group", "Skilled agricultural, forestry and fishery workers"),
    "7": pgettext_lazy("ISCO-08 major group", "Craft and related trades workers"),
    "8": pgettext_lazy("ISCO-08 major group", "Plant and machine operators and assemblers"),
    "9": pgettext_lazy("ISCO-08 major group", "Elementary occupations"),
}

# Acting bodies that are not one institution of the Region (Step.acting_body).
BODIES = {
    "employer": pgettext_lazy("acting body", "Employer"),
    "ba": pgettext_lazy("acting body", "Federal Employment Agency (BA)"),
    "mission": pgettext_lazy("acting body", "German mission abroad"),
    "residence_abh": pgettext_lazy(
        "acting body", "Foreigners' authority at the place of residence"
    ),
    "recognition_body": pgettext_lazy("acting body", "Recognition body"),
}

TIME_SPLIT = {
    "authority": pgettext_lazy("statistics time split", "With the authorities"),
    "employer": pgettext_lazy("statistics time split", "Waiting for the employer"),
    "paused": pgettext_lazy("statistics time split", "Paused (documents missing)"),
}

NOT_RECORDED = pgettext_lazy("statistics", "Not recorded")


def phase_label(key: str) -> str:
    return str(PHASES.get(key, key))


def body_label(key: str) -> str:
    if not key:
        return str(NOT_RECORDED)
    institution = region().institutions.get(key)
    if institution is not None:
        return institution.short_name
    if key in BODIES:
        return str(BODIES[key])
    recognition = dict(Application.RecognitionBody.choices)
    return str(recognition.get(key, key))


def state_label(key: str) -> str:
    return str(State(key).label) if key in State.values else key


def occupation_label(key: str) -> str:
    return str(ISCO_MAJOR_GROUPS.get(key, NOT_RECORDED))


def country_label(key: str) -> str:
    return country_name(key) if key else str(NOT_RECORDED)


def split_label(key: str) -> str:
    return str(TIME_SPLIT[key])
