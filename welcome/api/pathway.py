"""POST /api/v1/pathway-check — which residence titles fit a profile, with roadmap and checklist.

The body is read here, not by ninja's pydantic validation: the law package checks every field
and answers one clear message per field (400), in the language of the Accept-Language header.
The response is exactly what ``manage.py pathway_check FILE.json`` prints.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import translation
from ninja import Router, Schema

from welcome.api.errors import ErrorOut, responses
from welcome.law import ProfileError
from welcome.law.profile import (
    FAMILY_RELATIONS,
    LANGUAGE_LEVELS,
    PREVIOUS_TITLES,
    QUALIFICATION_LEVELS,
    RECOGNITION_STATES,
    SPONSOR_TITLES,
)
from welcome.pathway import check

router = Router(tags=["pathway check"])

_BOOL = {"type": "boolean"}
_NUMBER = {"type": "number", "minimum": 0}
_LANGUAGE = {"type": "string", "enum": list(LANGUAGE_LEVELS)}


def _nullable(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "nullable": True, "description": description}


PROFILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": (
        "Every fact is optional; an absent fact makes a rule that needs it answer `possible`. "
        "Unknown fields are refused."
    ),
    "properties": {
        "evaluation_date": _nullable(
            {"type": "string", "format": "date"},
            "Date of the planned application (YYYY-MM-DD); figures apply by this date. "
            "Default: today in Germany.",
        ),
        "nationality": _nullable(
            {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "ISO 3166-1 alpha-2 country code."
        ),
        "age": _nullable({"type": "integer", "minimum": 0, "maximum": 120}, "Age in years."),
        "municipality": _nullable(
            {"type": "string"}, "One of the 21 municipalities of the Region Hannover."
        ),
        "qualification": {
            "type": "object",
            "additionalProperties": False,
            "nullable": True,
            "properties": {
                "level": _nullable(
                    {"type": "string", "enum": list(QUALIFICATION_LEVELS)}, "Highest qualification."
                ),
                "recognition": _nullable(
                    {"type": "string", "enum": list(RECOGNITION_STATES)},
                    "Recognition in Germany (full also covers a ZAB statement of comparability).",
                ),
                "german_degree": _nullable(_BOOL, "Obtained in Germany."),
                "state_recognised_abroad": _nullable(
                    _BOOL, "State-recognised where obtained (≥ 2 years' training, or a degree)."
                ),
                "completed_on": _nullable({"type": "string", "format": "date"}, "Completed on."),
                "occupation_isco": _nullable(
                    {"type": "string", "pattern": "^[0-9]{4}$"}, "ISCO-08 unit group (4 digits)."
                ),
                "regulated_profession": _nullable(
                    _BOOL,
                    "Regulated profession in Germany; when absent, derived from occupation_isco "
                    "(GET /api/v1/occupations names the unit group of a job name).",
                ),
                "practice_permit": _nullable(
                    _BOOL,
                    "The practice permit of a regulated profession is granted or promised "
                    "(§ 18 Abs. 2 Nr. 3 AufenthG).",
                ),
            },
        },
        "experience_years_last_5": _nullable(
            {**_NUMBER, "maximum": 5}, "Years of relevant experience in the last 5 years."
        ),
        "experience_years_last_7": _nullable(
            {**_NUMBER, "maximum": 7}, "Years of relevant experience in the last 7 years."
        ),
        "job_offer": {
            "type": "object",
            "additionalProperties": False,
            "nullable": True,
            "properties": {
                "annual_gross_salary_eur": _nullable(_NUMBER, "Annual gross salary in euros."),
                "matches_qualification": _nullable(_BOOL, "Appropriate to the qualification."),
                "contract_months": _nullable(
                    {"type": "integer", "minimum": 0}, "Contract length in months; 0 = permanent."
                ),
                "employer_bound_by_collective_agreement": _nullable(
                    _BOOL, "Employer bound by a collective agreement and pays by it."
                ),
                "it_specialist": _nullable(_BOOL, "A job in ISCO-08 133 or 25."),
            },
        },
        "german_level": _nullable(_LANGUAGE, "CEFR level of German."),
        "english_level": _nullable(_LANGUAGE, "CEFR level of English."),
        "previous_stay_in_germany_months_last_5_years": _nullable(
            _NUMBER, "Months of lawful stay in Germany in the last 5 years (not tourism)."
        ),
        "spouse_eligible_for_opportunity_card": _nullable(
            _BOOL, "Spouse also meets the opportunity-card requirements and applies jointly."
        ),
        "financial_means_secured": _nullable(_BOOL, "Living costs secured."),
        "has_job_offer": _nullable(
            _BOOL,
            "false: no concrete job offer in Germany yet — titles that need one are not "
            "eligible (absent: not known).",
        ),
        "previous_title": _nullable(
            {"type": "string", "enum": list(PREVIOUS_TITLES)},
            "The residence title held in Germany so far: none; one as a skilled worker under "
            "§ 18a or § 18b AufenthG; an EU Blue Card; or another (studies, training, family …). "
            "The age-45 rule of § 18 Abs. 2 Nr. 5 AufenthG binds the first title under § 18a or "
            "§ 18b; the settlement permit of § 18c follows a skilled-worker title or Blue Card.",
        ),
        "title_held_months": _nullable(
            {**_NUMBER, "maximum": 600}, "Months with that title so far (§ 18c AufenthG)."
        ),
        "pension_contribution_months": _nullable(
            {**_NUMBER, "maximum": 600},
            "Months of contributions to the statutory pension insurance (§ 18c AufenthG).",
        ),
        "basic_knowledge_shown": _nullable(
            _BOOL,
            'Basic knowledge of the legal and social order shown ("Leben in Deutschland" test '
            "or integration course; § 9 Abs. 2 Satz 1 Nr. 8 AufenthG).",
        ),
        "training_place": _nullable(
            _BOOL, "A contract or firm place for qualified vocational training (§ 16a AufenthG)."
        ),
        "asylum_benefits_last_24_months": _nullable(
            _BOOL,
            "Benefits under the Asylum Seekers' Benefits Act received in the last 24 months "
            "(excludes the Western Balkans regulation, § 26 Abs. 2 BeschV).",
        ),
        "family": {
            "type": "object",
            "additionalProperties": False,
            "nullable": True,
            "description": "Joining a family member in Germany (§§ 29–32 AufenthG).",
            "properties": {
                "relation": _nullable(
                    {"type": "string", "enum": list(FAMILY_RELATIONS)},
                    "spouse (or registered civil partner) or child.",
                ),
                "sponsor_title": _nullable(
                    {"type": "string", "enum": list(SPONSOR_TITLES)},
                    "Title of the family member in Germany: skilled_worker (§ 18a/§ 18b), "
                    "blue_card (§ 18g), experienced_professional (§ 19c Abs. 2), researcher "
                    "(§ 18d), self_employed (§ 21) — their families need no German (§ 30 Abs. 1 "
                    "Satz 3 Nr. 5) — or other.",
                ),
                "living_space_adequate": _nullable(
                    _BOOL, "Enough living space (not checked for skilled workers' families)."
                ),
                "applies_with_worker": _nullable(
                    _BOOL, "Applies together with the worker in the accelerated procedure."
                ),
            },
        },
        "first_residence_title_in_germany": {
            **_nullable(
                _BOOL,
                "Deprecated: use previous_title. true means previous_title none; false leaves "
                "open whether a § 18a/§ 18b title was held.",
            ),
            "deprecated": True,
        },
        "pension_provision_adequate": _nullable(_BOOL, "Adequate pension provision (age 45+)."),
    },
}

EXAMPLE = {
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


EXAMPLES = {
    "blue_card": {"summary": "A software developer with a job offer", "value": EXAMPLE},
    "western_balkans": {
        "summary": "Western Balkans regulation: any job, no formal qualification",
        "value": {
            "nationality": "RS",
            "age": 29,
            "asylum_benefits_last_24_months": False,
            "qualification": {"level": "none"},
            "job_offer": {"annual_gross_salary_eur": 32000, "contract_months": 0},
        },
    },
    "vocational_training": {
        "summary": "Vocational training in Germany (§ 16a)",
        "value": {
            "nationality": "VN",
            "age": 19,
            "training_place": True,
            "german_level": "B1",
            "financial_means_secured": True,
            "municipality": "Garbsen",
        },
    },
    "family_reunification": {
        "summary": "The spouse of a Blue Card holder, together in the accelerated procedure",
        "value": {
            "nationality": "IN",
            "age": 31,
            "german_level": "none",
            "financial_means_secured": True,
            "family": {
                "relation": "spouse",
                "sponsor_title": "blue_card",
                "applies_with_worker": True,
            },
        },
    },
    "settlement_permit": {
        "summary": "A Blue Card holder after 21 months with German B1",
        "value": {
            "previous_title": "blue_card",
            "title_held_months": 21,
            "pension_contribution_months": 21,
            "german_level": "B1",
            "basic_knowledge_shown": True,
            "financial_means_secured": True,
            "municipality": "Hannover",
        },
    },
}


class OfficeOut(Schema):
    id: str
    name: str


class OutcomeOut(Schema):
    title: str
    paragraph: str
    status: str
    reasons: list[str]
    missing: list[str]
    citations: list[str]
    details: dict[str, Any]
    would_change: list[str]


class DocumentOut(Schema):
    key: str
    name: str


class StepOut(Schema):
    key: str
    title: str
    office: OfficeOut | None
    note: str | None
    duration_days: int
    statutory: bool
    citation: str | None
    starts_on: str | None
    ends_on: str | None
    before_start_of_work: bool
    fee: str | None
    documents: list[DocumentOut]


class RoadmapOut(Schema):
    title: str | None
    steps: list[StepOut]
    earliest_start: str | None


class PathwayCheckOut(Schema):
    evaluated_on: str
    outcomes: list[OutcomeOut]
    accelerated_procedure_available: bool
    roadmap: RoadmapOut
    checklist: list[DocumentOut]
    trace: dict[str, list[dict[str, Any]]] | None = None


class ProfileErrorOut(ErrorOut):
    """The error shape of every operation; for a profile `errors` is always there."""

    errors: dict[str, str]


def _json(text: str, status: int, language: str) -> HttpResponse:
    response = HttpResponse(
        text.encode(), status=status, content_type="application/json; charset=utf-8"
    )
    response["Content-Language"] = language
    return response


@router.post(
    "/pathway-check",
    response=responses({200: PathwayCheckOut, 400: ProfileErrorOut}),
    summary="Which residence titles fit a profile — outcomes, roadmap, document checklist",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PROFILE_SCHEMA, "examples": EXAMPLES}},
        }
    },
)
def pathway_check(request, trace: bool = False):
    """Outcomes best first (eligible, possible, not eligible) with reasons, missing facts,
    citations and what would change the result; the roadmap of the best outcome with dated
    steps and the earliest start of work; the document checklist. `?trace=1` adds the trace of
    every condition. Invalid input: 400 with `detail` and one message per field in `errors`.
    Texts and figures follow Accept-Language (German default, English)."""
    # The API lives outside i18n_patterns, where LocaleMiddleware would always pick German;
    # a partner system chooses the language with Accept-Language (a cookie also counts).
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        try:
            text = check.run_json(check.parse_json(request.body), trace=trace)
        except ProfileError as error:
            return _json(check.dumps(check.error_json(error)), 400, language)
        return _json(text, 200, language)
