"""The partner-system API: one NinjaAPI, one router per app, OpenAPI at /api/v1/docs."""

from welcome.api.errors import JsonErrorsAPI
from welcome.api.insights import router as insights_router
from welcome.api.pathway import router as pathway_router
from welcome.api.procedures import router as procedures_router
from welcome.api.region import router as region_router
from welcome.cases.api import router as cases_router
from welcome.knowledge.api import router as knowledge_router
from welcome.occupations.api import router as occupations_router

api = JsonErrorsAPI(
    title="Welcome Center Region Hannover API",
    version="1",
    description=(
        "REST API for partner systems of the Welcome Center Region Hannover: jurisdiction, "
        "pathway check, FAQ search, occupations with their recognition bodies and more. "
        "Every error is JSON with a `detail` message in the "
        "language of the Accept-Language header (German or English); invalid input (400) also "
        "has `errors`, one message per field. A database that cannot be reached answers 503 "
        "with `Retry-After` (seconds); an unexpected failure of ours 500.\n\n"
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
api.add_router("/", occupations_router)
api.add_router("/", cases_router)
api.add_router("/", insights_router)
