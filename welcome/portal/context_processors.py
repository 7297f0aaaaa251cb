from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import mark_safe
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


@lru_cache(maxsize=1)
def _stylesheet_url() -> str:
    """The site stylesheet's address (hashed name in production), looked up once per process."""
    return static("css/site.css")


def _language_markup(path: str, current: str) -> tuple[str, str]:
    """The `<link rel=alternate>` tags and the language switch list, built as one string each.

    On every page; a template loop over six languages cost a third of the page frame.
    """
    alternates, items = [], []
    for code, name in _NAMES.items():
        url = escape(language_url(path, current, code))
        if code == current:
            items.append(
                f'<li><a href="{url}" lang="{code}" hreflang="{code}" aria-current="true">'
                f"{name}</a></li>"
            )
        else:
            alternates.append(f'<link rel="alternate" hreflang="{code}" href="{url}">')
            items.append(f'<li><a href="{url}" lang="{code}" hreflang="{code}">{name}</a></li>')
    return mark_safe("".join(alternates)), mark_safe("".join(items))  # noqa: S308 — escaped


def site(request):
    """Language switch links (plain links: they work without JavaScript), text direction,
    stylesheet."""
    current = get_language()
    alternates, switch = _language_markup(request.get_full_path(), current)
    return {
        "language_alternates": alternates,
        "language_switch": switch,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "LANGUAGE_CODE": current,
        "stylesheet_url": _stylesheet_url(),
    }
