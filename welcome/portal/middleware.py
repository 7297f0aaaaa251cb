from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

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
