"""The facts about a person and a job offer, and their validation from JSON-like input.

Every fact is optional: an absent fact is None, and a rule that needs it says so
(status "possible") instead of guessing. ``parse_profile`` reports every invalid field at once,
one clear message per field, under its dotted name ("job_offer.annual_gross_salary_eur").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from . import occupations, parameters
from .i18n import Message, _
from .occupations import Recognition
from .places import countries, region_municipality

QUALIFICATION_LEVELS = ("academic", "vocational", "none")
RECOGNITION_STATES = ("full", "partial", "none", "pending", "unknown")
# The residence title held in Germany so far: none yet, one under § 18a or § 18b (skilled
# worker), an EU Blue Card (§ 18g), or another (studies § 16b, training, family …). The age-45
# rule of § 18 (2) Nr. 5 and the settlement permit of § 18c turn on it.
PREVIOUS_TITLES = ("none", "skilled_worker", "blue_card", "other")
FAMILY_RELATIONS = ("spouse", "child")
# The title of the family member in Germany whom the person joins (§§ 29–32 AufenthG):
# skilled_worker (§ 18a/§ 18b), blue_card (§ 18g), experienced_professional (§ 19c (2)),
# researcher (§ 18d), self_employed (§ 21) — privileged by § 30 (1) S. 3 Nr. 5 — or other.
SPONSOR_TITLES = (
    "skilled_worker",
    "blue_card",
    "experienced_professional",
    "researcher",
    "self_employed",
    "other",
)
LANGUAGE_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
MAX_AGE = 120
# Bounds that no real profile reaches but that keep arithmetic finite: a salary of 1e308 is no
# salary, and a roadmap counted from 9999-12-31 runs past the calendar.
MAX_SALARY_EUR = 10_000_000
MAX_CONTRACT_MONTHS = 600
LATEST_EVALUATION_DATE = date(2099, 12, 31)

MunicipalityCheck = Callable[[str], "str | bool | None"]


def rules_cover_from() -> date:
    """The first evaluation date the encoded law covers (the Fachkräfteeinwanderungsgesetz)."""
    return parameters.first_valid_from("title_effective_dates")


def today_in_germany() -> date:
    return datetime.now(tz=ZoneInfo("Europe/Berlin")).date()


def language_rank(level: str | None) -> int | None:
    """Position on the CEFR scale (none = 0 … C2 = 6), None when unknown."""
    return None if level is None else _LANGUAGE_RANKS[level]


_LANGUAGE_RANKS = {level: rank for rank, level in enumerate(LANGUAGE_LEVELS)}


@dataclass(frozen=True)
class Qualification:
    """The person's highest qualification and where it stands in recognition."""

    level: str | None = None
    recognition: str | None = None  # full also covers a ZAB statement of comparability
    german_degree: bool | None = None  # obtained in Germany (degree or vocational training)
    state_recognised_abroad: bool | None = None  # ≥ 2 years' training or a degree, state-recognised
    completed_on: date | None = None
    occupation_isco: str | None = None  # ISCO-08 unit group of the qualification and the job
    regulated_profession: bool | None = None  # as given; ``regulated`` derives it when absent
    practice_permit: bool | None = None  # permit for the regulated profession held or promised

    @property
    def recognition_data(self) -> Recognition | None:
        """Regulated or not and the competent body, from the occupation (None without one)."""
        if self.occupation_isco is None:
            return None
        try:
            return occupations.recognition(self.occupation_isco)
        except occupations.UnknownOccupation:
            return None

    @property
    def regulated(self) -> bool | None:
        """Whether the profession is regulated in Germany: as given, else from the occupation."""
        if self.regulated_profession is not None:
            return self.regulated_profession
        data = self.recognition_data
        return None if data is None else data.regulated


@dataclass(frozen=True)
class Family:
    """Joining a family member who lives (or will live) in Germany."""

    relation: str | None = None  # spouse (or registered civil partner) or child
    sponsor_title: str | None = None  # one of SPONSOR_TITLES
    living_space_adequate: bool | None = None
    applies_with_worker: bool | None = None  # together with the worker in the § 81a procedure

    @property
    def given(self) -> bool:
        return self != NO_FAMILY


@dataclass(frozen=True)
class JobOffer:
    """A concrete job offer in Germany; ``it_specialist`` means a job in ISCO-08 133 or 25."""

    annual_gross_salary_eur: Decimal | None = None
    matches_qualification: bool | None = None
    contract_months: int | None = None  # 0 = permanent
    employer_bound_by_collective_agreement: bool | None = None
    it_specialist: bool | None = None

    @property
    def given(self) -> bool:
        return self != NO_JOB_OFFER


NO_FAMILY, NO_JOB_OFFER = Family(), JobOffer()  # nothing given: ``given`` compares with them


@dataclass(frozen=True)
class Profile:
    """Everything the rules may know about one person on one evaluation date."""

    evaluation_date: date | None = None
    nationality: str | None = None
    age: int | None = None
    qualification: Qualification = field(default_factory=Qualification)
    experience_years_last_5: Decimal | None = None
    experience_years_last_7: Decimal | None = None
    has_job_offer: bool | None = None  # False: no job offer yet (not merely none given)
    job_offer: JobOffer = field(default_factory=JobOffer)
    german_level: str | None = None
    english_level: str | None = None
    previous_stay_in_germany_months_last_5_years: Decimal | None = None
    spouse_eligible_for_opportunity_card: bool | None = None
    financial_means_secured: bool | None = None
    previous_title: str | None = None  # one of PREVIOUS_TITLES
    title_held_months: Decimal | None = None  # months with that title (§ 18c)
    pension_contribution_months: Decimal | None = None  # statutory pension contributions
    basic_knowledge_shown: bool | None = None  # legal and social order ("Leben in Deutschland")
    training_place: bool | None = None  # contract for qualified vocational training (§ 16a)
    asylum_benefits_last_24_months: bool | None = None  # § 26 (2) BeschV excludes them
    family: Family = field(default_factory=Family)
    first_residence_title_in_germany: bool | None = None  # deprecated: previous_title says more
    pension_provision_adequate: bool | None = None
    municipality: str | None = None

    @property
    def first_title_in_germany(self) -> bool | None:
        if self.previous_title is not None:
            return self.previous_title == "none"
        return self.first_residence_title_in_germany

    @property
    def first_skilled_worker_title(self) -> bool | None:
        """Whether a title under § 18a or § 18b would be the first of its kind — what the
        age-45 rule of § 18 (2) Nr. 5 AufenthG asks, whatever title came before."""
        if self.previous_title is not None:
            return self.previous_title != "skilled_worker"
        return True if self.first_residence_title_in_germany else None

    @property
    def on(self) -> date:
        """The evaluation date; today in Germany when none was given."""
        return self.evaluation_date or today_in_germany()


class ProfileError(ValueError):
    """Invalid input: ``errors`` maps each dotted field name to one English message."""

    def __init__(self, messages: Mapping[str, Message]) -> None:
        self.messages = dict(messages)
        self.errors = {name: message.render() for name, message in self.messages.items()}
        super().__init__("; ".join(f"{name}: {text}" for name, text in self.errors.items()))


class _Invalid(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message


# --- field parsers: each returns the parsed value or raises _Invalid ------------------------


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(Message(_("Must be true or false.")))
    return value


_NUMBERS = (int, float, Decimal)


def _number(value: Any) -> Decimal:
    if type(value) is int:  # most answers; exact as it is (a bool is no number here)
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, _NUMBERS):
        raise _Invalid(Message(_("Must be a number.")))
    number = Decimal(str(value))
    if not number.is_finite():
        raise _Invalid(Message(_("Must be a number.")))
    return number


def _whole_number(value: Any) -> int:
    if type(value) is int:
        return value
    number = _number(value)
    if number != number.to_integral_value():
        raise _Invalid(Message(_("Must be a whole number.")))
    return int(number)


def _not_negative(number: Decimal | int) -> None:
    if number < 0:
        raise _Invalid(Message(_("Must not be negative.")))


def _amount(value: Any) -> Decimal:
    number = _number(value)
    _not_negative(number)
    return number


def _at_most(limit: int | Decimal, parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse_bounded(value: Any) -> Any:
        number = parse(value)
        if number > limit:
            raise _Invalid(Message(_("Must not be more than %(max)s."), {"max": limit}))
        return number

    return parse_bounded


def _months(value: Any) -> int:
    number = _whole_number(value)
    _not_negative(number)
    return number


def _age(value: Any) -> int:
    number = _whole_number(value)
    if not 0 <= number <= MAX_AGE:
        raise _Invalid(
            Message(_("Must be between %(min)s and %(max)s."), {"min": 0, "max": MAX_AGE})
        )
    return number


def _years_within(window: int) -> Callable[[Any], Decimal]:
    def parse(value: Any) -> Decimal:
        number = _amount(value)
        if number > window:
            raise _Invalid(
                Message(
                    _(
                        "Cannot be more than %(window)s years, "
                        "the length of the period asked about."
                    ),
                    {"window": window},
                )
            )
        return number

    return parse


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(Message(_("Must be a valid date in the form YYYY-MM-DD.")))


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in choices:
            raise _Invalid(
                Message(_("Must be one of: %(choices)s."), {"choices": ", ".join(choices)})
            )
        return value

    return parse


def _country(value: Any) -> str:
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in countries():
        raise _Invalid(Message(_("Must be an ISO 3166-1 alpha-2 country code, such as IN or BR.")))
    return code


_ISCO = re.compile(r"^\d{4}$")


def _isco(value: Any) -> str:
    if not isinstance(value, str) or not _ISCO.match(value):
        raise _Invalid(Message(_("Must be a 4-digit ISCO-08 occupation code, such as 2512.")))
    return value


def _municipality(check: MunicipalityCheck) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise _Invalid(Message(_("Must be the name of a municipality.")))
        known = check(value.strip())
        if not known:
            raise _Invalid(
                Message(
                    _(
                        "Unknown municipality: enter one of the 21 municipalities "
                        "of the Region Hannover."
                    )
                )
            )
        return known if isinstance(known, str) else value.strip()

    return parse


QUALIFICATION_FIELDS: dict[str, Callable[[Any], Any]] = {
    "level": _choice(QUALIFICATION_LEVELS),
    "recognition": _choice(RECOGNITION_STATES),
    "german_degree": _boolean,
    "state_recognised_abroad": _boolean,
    "completed_on": _date,
    "occupation_isco": _isco,
    "regulated_profession": _boolean,
    "practice_permit": _boolean,
}

JOB_OFFER_FIELDS: dict[str, Callable[[Any], Any]] = {
    "annual_gross_salary_eur": _at_most(MAX_SALARY_EUR, _amount),
    "matches_qualification": _boolean,
    "contract_months": _at_most(MAX_CONTRACT_MONTHS, _months),
    "employer_bound_by_collective_agreement": _boolean,
    "it_specialist": _boolean,
}


@lru_cache(maxsize=16)  # one set of parsers per municipality check, not one per profile
def _profile_fields(check: MunicipalityCheck) -> dict[str, Callable[[Any], Any]]:
    return {
        "evaluation_date": _date,
        "nationality": _country,
        "age": _age,
        "experience_years_last_5": _years_within(5),
        "experience_years_last_7": _years_within(7),
        "german_level": _choice(LANGUAGE_LEVELS),
        "english_level": _choice(LANGUAGE_LEVELS),
        "previous_stay_in_germany_months_last_5_years": _at_most(60, _amount),
        "spouse_eligible_for_opportunity_card": _boolean,
        "financial_means_secured": _boolean,
        "has_job_offer": _boolean,
        "previous_title": _choice(PREVIOUS_TITLES),
        "title_held_months": _at_most(600, _amount),
        "pension_contribution_months": _at_most(600, _amount),
        "basic_knowledge_shown": _boolean,
        "training_place": _boolean,
        "asylum_benefits_last_24_months": _boolean,
        "first_residence_title_in_germany": _boolean,
        "pension_provision_adequate": _boolean,
        "municipality": _municipality(check),
    }


FAMILY_FIELDS: dict[str, Callable[[Any], Any]] = {
    "relation": _choice(FAMILY_RELATIONS),
    "sponsor_title": _choice(SPONSOR_TITLES),
    "living_space_adequate": _boolean,
    "applies_with_worker": _boolean,
}

NESTED = {
    "qualification": QUALIFICATION_FIELDS,
    "job_offer": JOB_OFFER_FIELDS,
    "family": FAMILY_FIELDS,
}
FIELD_NAMES = (
    *_profile_fields(region_municipality),
    *(f"{group}.{name}" for group, group_fields in NESTED.items() for name in group_fields),
)


T = TypeVar("T")
_DEFAULTS: dict[type, dict[str, Any]] = {
    cls: {
        f.name: f.default_factory() if f.default_factory is not MISSING else f.default
        for f in fields(cls)
    }
    for cls in (Profile, Qualification, JobOffer, Family)
}


def _built(cls: type[T], values: dict[str, Any]) -> T:
    """``cls(**values)`` for the profile's frozen dataclasses, from values the parsers checked,
    without their ``__init__``, which sets each field through ``object.__setattr__`` (a
    profile has 23: a sixth of a re-check's parsing, bench/README.md)."""
    built = object.__new__(cls)
    object.__setattr__(built, "__dict__", {**_DEFAULTS[cls], **values})
    return built


def _parse_object(
    data: Mapping[str, Any],
    parsers: Mapping[str, Callable[[Any], Any]],
    prefix: str,
    errors: dict[str, Message],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in parsers:
            errors[f"{prefix}{name}"] = Message(_("Unknown field: it is not part of the profile."))
        elif raw is not None:
            try:
                values[name] = parsers[name](raw)
            except _Invalid as invalid:
                errors[f"{prefix}{name}"] = invalid.message
    return values


def _cross_checks(
    values: dict[str, Any], qualification: dict[str, Any], errors: dict[str, Message]
) -> None:
    """Facts that are valid alone but contradict each other."""
    last_5, last_7 = values.get("experience_years_last_5"), values.get("experience_years_last_7")
    if (
        last_5 is not None
        and last_7 is not None
        and last_7 < last_5
        and "experience_years_last_7" not in errors
    ):
        errors["experience_years_last_7"] = Message(
            _("Cannot be less than the years of experience in the last 5 years.")
        )
    completed_on, evaluation_date = qualification.get("completed_on"), values.get("evaluation_date")
    if evaluation_date and evaluation_date < rules_cover_from():
        errors["evaluation_date"] = Message(
            _("The rules cover evaluation dates from %(date)s on."), {"date": rules_cover_from()}
        )
    elif evaluation_date and evaluation_date > LATEST_EVALUATION_DATE:
        errors["evaluation_date"] = Message(
            _("The rules cover evaluation dates up to %(date)s."), {"date": LATEST_EVALUATION_DATE}
        )
    if completed_on and evaluation_date and completed_on > evaluation_date:
        errors["qualification.completed_on"] = Message(
            _("Cannot be later than the evaluation date.")
        )


def parse_profile(
    data: Any,
    *,
    known_municipality: MunicipalityCheck = region_municipality,
    today: date | None = None,
) -> Profile:
    """Validate JSON-like input into a Profile, or raise ProfileError listing every bad field.

    ``known_municipality`` returns the canonical name (or True) for a known municipality and a
    falsy value otherwise; the default knows the Region Hannover's 21 municipalities.
    """
    if not isinstance(data, Mapping):
        raise ProfileError(
            {"__all__": Message(_("The profile must be an object with named fields."))}
        )
    errors: dict[str, Message] = {}
    top_level = {name: raw for name, raw in data.items() if name not in NESTED}
    values = _parse_object(top_level, _profile_fields(known_municipality), "", errors)
    nested: dict[str, dict[str, Any]] = {}
    for group, parsers in NESTED.items():
        raw = data.get(group)
        if raw is not None and not isinstance(raw, Mapping):
            errors[group] = Message(_("Must be an object with named fields."))
            raw = None
        nested[group] = _parse_object(raw or {}, parsers, f"{group}.", errors)
    if "evaluation_date" not in values:
        values["evaluation_date"] = today or today_in_germany()
    _cross_checks(values, nested["qualification"], errors)
    if errors:
        raise ProfileError(errors)
    values["qualification"] = _built(Qualification, nested["qualification"])
    values["job_offer"] = _built(JobOffer, nested["job_offer"])
    values["family"] = _built(Family, nested["family"])
    return _built(Profile, values)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def profile_as_dict(profile: Profile) -> dict[str, Any]:
    """The JSON-like form ``parse_profile`` accepts, without absent facts (for saving)."""
    result: dict[str, Any] = {}
    for item in fields(profile):
        value = getattr(profile, item.name)
        if isinstance(value, Qualification | JobOffer | Family):
            nested = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
            nested = {name: v for name, v in nested.items() if v is not None}
            if nested:
                result[item.name] = nested
        elif value is not None:
            result[item.name] = _plain(value)
    return result
