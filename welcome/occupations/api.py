"""GET /api/v1/occupations — the ISCO-08 occupation a person names, with its recognition."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from welcome.api.errors import ErrorOut, responses
from welcome.occupations.search import MAX_QUERY_LENGTH, suggest

router = Router(tags=["occupations"])


class RecognitionBodyOut(Schema):
    id: str = Field(description="Id of the competent body, e.g. `ls-niedersachsen`.")
    name: str


class OccupationOut(Schema):
    isco: str = Field(description="ISCO-08 unit group, four digits.", pattern="^[0-9]{4}$")
    title: str = Field(description="Title of the unit group in `lang` where known, else English.")
    regulated: bool = Field(description="Whether the profession is regulated in Germany.")
    recognition_body: RecognitionBodyOut | None = Field(
        description="The body competent for recognising a foreign qualification for work in "
        "the Region Hannover (Lower Saxony)."
    )
    score: float = Field(ge=0, le=1, description="How well the occupation matches, 0 to 1.")


class OccupationsOut(Schema):
    results: list[OccupationOut]

    model_config = {
        "json_schema_extra": {
            "example": {
                "results": [
                    {
                        "isco": "2221",
                        "title": "Nursing professionals",
                        "regulated": True,
                        "recognition_body": {
                            "id": "ls-niedersachsen",
                            "name": "Niedersächsisches Landesamt für Soziales, Jugend und "
                            "Familie (LS)",
                        },
                        "score": 1.0,
                    }
                ]
            }
        }
    }


@router.get(
    "/occupations",
    response=responses({200: OccupationsOut, 400: ErrorOut}),
    summary="Occupations matching a job name in any language, with their recognition body",
    url_name="occupation_search",
)
def occupation_search(
    request,
    q: str = Query(
        "",
        description="The occupation in the person's own words, 1 to 100 characters.",
        examples=["Krankenschwester"],
    ),
    lang: str | None = Query(
        None, description="Language of the titles, e.g. `de`.", examples=["en"]
    ),
):
    """A newcomer names their occupation in their own words and language ("Krankenschwester",
    "software engineer", "كهربائي", "elektrikçi", "медсестра"; typos are tolerated); the answer
    is up to ten ISCO-08 unit groups, best first, each with whether it is regulated in Germany
    and the body competent for recognising the foreign qualification.

    `lang` (de, en, tr, ar, es, fr, uk, ru; default: the Accept-Language) chooses the language
    of the titles; a title not known in it comes in English. 400 for an empty query or one
    longer than 100 characters.
    """
    query = q.strip()
    if not query:
        return Status(400, {"detail": _("Please name an occupation to search for.")})
    if len(query) > MAX_QUERY_LENGTH:
        return Status(
            400,
            {
                "detail": _("The occupation may be at most %(limit)d characters long.")
                % {"limit": MAX_QUERY_LENGTH}
            },
        )
    language = lang or get_language() or "en"
    return Status(
        200,
        {
            "results": [
                {
                    "isco": s.isco,
                    "title": s.title,
                    "regulated": s.regulated,
                    "recognition_body": {
                        "id": s.recognition_body_id,
                        "name": s.recognition_body_name,
                    },
                    "score": s.score,
                }
                for s in suggest(query, language)
            ]
        },
    )
