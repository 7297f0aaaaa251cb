from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

# URLs outside i18n_patterns that serve machines or staff tools: the language comes from the
# request (Accept-Language, language cookie), not from a URL prefix.
NEGOTIATED_PREFIXES = ("/api/",)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except the API negotiates its language.

    With `prefix_default_language=False`, Django serves every unprefixed URL in German — right for
    pages (their English twin lives under /en/), wrong for the API, which has no prefix to choose.
    """

    def process_request(self, request):
        if request.path_info.startswith(NEGOTIATED_PREFIXES):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)


# URL arguments that make a link private: a signed token or an unguessable id stands in for a
# login (a person's request, booking, saved result, a worker's confirmation).
PRIVATE_LINK_KWARGS = frozenset({"token", "result_id"})


class PrivatePagesMiddleware:
    """`Cache-Control: no-store, private` on every answer to a logged-in user and on every page
    reached by a private link, so no browser, proxy or shared computer keeps a copy of personal
    data. Views may set a stricter header themselves; public pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        private_link = match is not None and not PRIVATE_LINK_KWARGS.isdisjoint(match.kwargs)
        user = getattr(request, "user", None)
        if private_link or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response
