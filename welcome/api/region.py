"""GET /api/v1/jurisdiction — who is responsible for a place in the Region Hannover."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from welcome.api.errors import ErrorOut, responses
from welcome.region.jurisdiction import JurisdictionError, responsible

router = Router(tags=["region"])


class AuthorityOut(Schema):
    id: str
    name: str


class MunicipalityOut(Schema):
    name: str
    ags: str
    residence_authority: AuthorityOut | None
    accelerated_procedure_authority: AuthorityOut | None


class JurisdictionOut(Schema):
    date: dt.date
    municipalities: list[MunicipalityOut]


def _authority(institution):
    return {"id": institution.id, "name": institution.name} if institution else None


@router.get(
    "/jurisdiction",
    response=responses({200: JurisdictionOut, 404: ErrorOut}),
    summary="Responsible authorities for a postal code or municipality on a date",
)
def jurisdiction(
    request,
    postal_code: str | None = None,
    municipality: str | None = None,
    date: str | None = None,
):
    """One entry as a rule; two where a postal code is shared (30669: Hannover and Langenhagen).

    400 for malformed input, 404 for a place outside the Region Hannover.
    """
    try:
        on = dt.date.fromisoformat(date) if date else timezone.localdate()
    except ValueError:
        return 400, {"detail": _("The date must be given as YYYY-MM-DD, e.g. 2026-03-01.")}
    try:
        answers = responsible(postal_code=postal_code, municipality=municipality, on=on)
    except JurisdictionError as error:
        status = 404 if error.code == "outside" else 400
        return status, {"detail": _(error.message) % error.params}
    return 200, {
        "date": on,
        "municipalities": [
            {
                "name": a.municipality.name,
                "ags": a.municipality.ags,
                "residence_authority": _authority(a.residence_authority),
                "accelerated_procedure_authority": _authority(a.accelerated_procedure_authority),
            }
            for a in answers
        ],
    }
