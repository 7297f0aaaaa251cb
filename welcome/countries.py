"""Country names in the reader's language (Unicode CLDR, via Babel).

The law package validates ISO 3166-1 codes and knows their English names; people choose and
read their country in their own language ("Indien", "Hindistan", "الهند").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

from welcome.law.places import countries


def _sort_key(name: str) -> str:
    """Alphabetical order that files "Ägypten" under A and "Österreich" under O."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=16)
def country_names(language: str) -> dict[str, str]:
    """Every code the law package accepts, with its name in `language`, in alphabetical order
    (the English name where CLDR has none)."""
    try:
        localized = Locale.parse(language.replace("-", "_")).territories
    except (ValueError, UnknownLocaleError):
        localized = {}
    names = {code: localized.get(code, english) for code, english in countries().items()}
    return dict(sorted(names.items(), key=lambda item: _sort_key(item[1])))


def country_name(code: str, language: str | None = None) -> str:
    """The name of `code` in `language` (default: the active one); unknown codes as given."""
    return country_names(language or get_language() or "de").get(code, code)
