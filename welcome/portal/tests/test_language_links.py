"""The language switch swaps URL prefixes; that is only right while paths are not translated."""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from django.utils import translation

from welcome.portal.context_processors import language_url


def named_pages_without_arguments():
    names = []
    for namespace in ("portal", "accounts", "knowledge", "consultations", "cases"):
        _prefix, sub = get_resolver().namespace_dict[namespace]
        for pattern in sub.url_patterns:
            if (
                pattern.name
                and not pattern.pattern.regex.groupindex
                and "<" not in str(pattern.pattern)
            ):
                names.append(f"{namespace}:{pattern.name}")
    return sorted(set(names))


@pytest.mark.parametrize("name", named_pages_without_arguments())
def test_every_page_differs_between_languages_only_by_its_prefix(name):
    urls = {}
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(name)
    for code, url in urls.items():
        for target, expected in urls.items():
            assert language_url(url, code, target) == expected


def test_the_query_string_survives_the_switch():
    assert language_url("/en/faq/?q=Blue+Card", "en", "de") == "/faq/?q=Blue+Card"
    assert language_url("/faq/?q=x", "de", "ar") == "/ar/faq/?q=x"
