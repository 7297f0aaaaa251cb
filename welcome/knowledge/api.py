"""GET /api/v1/faq/search — the FAQ search for partner systems and the portal's live search."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from welcome.api.errors import responses
from welcome.knowledge.search import SUPPORTED_LANGUAGES, search

router = Router(tags=["knowledge"])


class ResultOut(Schema):
    id: int
    question: str
    answer: str
    url: str
    score: float
    language: str


class SearchOut(Schema):
    results: list[ResultOut]


@router.get(
    "/faq/search",
    response=responses({200: SearchOut}),
    summary="Search the published FAQ entries, best first",
    url_name="faq_search",
)
def faq_search(request, q: str = "", lang: str | None = None, limit: int = 10):
    """Full-text (with stemming, typo tolerance, synonyms) fused with cross-language semantic
    search. `lang` is the language of the question and of the answers (de, en, tr, ar, es, fr);
    an entry missing in that language comes in English, else German — `language` says which.
    Any text is a valid query: an empty or meaningless one just finds nothing.
    """
    language = (lang or get_language() or "de").split("-")[0].lower()
    if language not in SUPPORTED_LANGUAGES:
        return Status(
            400,
            {
                "detail": _("The language must be one of: %(languages)s.")
                % {"languages": ", ".join(SUPPORTED_LANGUAGES)}
            },
        )
    outcome = search(query=q, language=language, limit=max(1, min(limit, 20)))
    return Status(200, {"results": [vars(r) for r in outcome.results]})
