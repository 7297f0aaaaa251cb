from django.conf import settings
from django.utils.translation import get_language, get_language_bidi, get_language_info

# Our URL paths are not translated: a page's address differs between languages only by its
# prefix (German, the default, has none). Swapping the prefix is exact and far cheaper than
# resolving and reversing the path for six languages on every page.
# welcome/portal/tests/test_language_links.py holds this true for every named page.
_NAMES = {code: get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}


def language_url(path: str, current: str, code: str) -> str:
    prefix = f"/{current}/"
    if current != settings.LANGUAGE_CODE and path.startswith(prefix):
        path = path[len(prefix) - 1 :]
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def site(request):
    """Language switch links (plain links: they work without JavaScript) and text direction."""
    current = get_language()
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name_local": _NAMES[code],
            "url": language_url(path, current, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "LANGUAGE_CODE": current,
    }
