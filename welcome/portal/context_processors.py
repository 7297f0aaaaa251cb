from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_bidi, get_language_info, override


def _language_url(request, path: str, code: str) -> str:
    """``translate_url`` without resolving the path again: the request's own match is reused
    (the page frame asks this for every language on every page)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return translate_url(path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    parts = urlsplit(path)
    with override(code):
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    return urlunsplit((parts.scheme, parts.netloc, url, parts.query, parts.fragment))


def site(request):
    """Language switch links (plain links: they work without JavaScript) and text direction."""
    current = get_language()
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "url": _language_url(request, path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "LANGUAGE_CODE": current,
    }
