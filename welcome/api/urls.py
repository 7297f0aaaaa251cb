"""The partner-system API: one NinjaAPI, one router per app, OpenAPI at /api/v1/docs."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from welcome.api.auth import BearerError
from welcome.api.insights import router as insights_router
from welcome.api.pathway import router as pathway_router
from welcome.api.procedures import router as procedures_router
from welcome.api.region import router as region_router
from welcome.cases.api import router as cases_router
from welcome.knowledge.api import router as knowledge_router

api = NinjaAPI(
    title="Welcome Center Region Hannover API",
    version="1",
    description=(
        "REST API for partner systems of the Welcome Center Region Hannover: jurisdiction, "
        "pathway check, FAQ search and more. Errors are JSON with a `detail` message in the "
        "language of the Accept-Language header (German or English).\n\n"
        "The case endpoints need an API token of the institution, sent as "
        "`Authorization: Bearer whr_<prefix>_<secret>` (scheme `ApiTokenAuth`; each operation "
        "names the scope it needs), or a staff session with a verified second factor. "
        "A token that is unknown, malformed, expired or revoked gets 401, one without the "
        "scope 403; both answer with a `WWW-Authenticate` header."
    ),
    urls_namespace="api",
)
api.add_router("/", region_router)
api.add_router("/", pathway_router)
api.add_router("/", procedures_router)
api.add_router("/", knowledge_router)
api.add_router("/", cases_router)
api.add_router("/", insights_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Bad input is a 400 with one clear message per field, never a 422 or a 500."""
    errors = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "body")]
        errors[".".join(loc) or "request"] = error.get("msg", _("This value is not valid."))
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=400
    )


@api.exception_handler(BearerError)
def bearer_error(request, exc: BearerError):
    """A refused API token: JSON like every error, plus the challenge of RFC 6750."""
    response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
    response["WWW-Authenticate"] = exc.challenge
    return response
