"""Text helpers shared by search, indexing and rendering: tokens, stems, stop words, Markdown.

Pure functions; no database access.
"""

import functools
import re
import threading
import unicodedata
from pathlib import Path

import markdown
import nh3
import snowballstemmer
import yaml
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from welcome.bidi import isolate_html
from welcome.pathway.check import with_figures

DATA_DIR = Path(__file__).resolve().parent / "data"

# Snowball stemmer and PostgreSQL text search configuration per supported language.
STEMMER_NAMES = {
    "de": "german",
    "en": "english",
    "tr": "turkish",
    "ar": "arabic",
    "es": "spanish",
    "fr": "french",
    "ru": "russian",
}
# Ukrainian has no Snowball stemmer (nor a PostgreSQL configuration): its words are cut to a
# prefix, which joins most inflected forms (заява, заяви, заявою → заяв…); the sentence
# encoder carries the meaning.
PREFIX_STEMS = {"uk": 5}
# PostgreSQL ships configurations named like the stemmers; "simple" only lower-cases.
PG_CONFIGS = {**STEMMER_NAMES, "uk": "simple"}

MAX_QUERY_CHARS = 300  # longer input is cut: a question never needs more
MAX_QUERY_TOKENS = 24

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents (so "Anerkennung" == "anerkennung", "é" == "e")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of `text`, lower case, with their accents (stemmers need them)."""
    return [w for w in _WORD.findall(text.casefold()) if not w.isdigit() or len(w) > 1]


def normalise_query(text: str) -> str:
    """The canonical form of a query, for counting gaps: words only, single spaces, lower case."""
    return " ".join(words(text[:MAX_QUERY_CHARS]))[:200]


class _PrefixStemmer:
    def __init__(self, length: int) -> None:
        self.length = length

    def stemWord(self, word: str) -> str:  # noqa: N802 - the snowballstemmer interface
        return word[: self.length]

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802
        return [self.stemWord(word) for word in words]


@functools.cache
def _stemmer(language: str):
    if language in PREFIX_STEMS:
        return _PrefixStemmer(PREFIX_STEMS[language])
    return snowballstemmer.stemmer(STEMMER_NAMES.get(language, "english"))


@functools.cache
def stopwords(language: str) -> frozenset[str]:
    with open(DATA_DIR / "stopwords.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return frozenset(fold(str(w)) for w in data.get(language, []))


def stem(word: str, language: str) -> str:
    return fold(_stemmer(language).stemWord(word))


def stems(text: str, language: str) -> list[str]:
    """Stemmed, accent-folded words of `text` (the form stored in the SQLite FTS5 index)."""
    stemmer = _stemmer(language)
    return [fold(s) for s in stemmer.stemWords(words(text))]


def is_stopword(word: str, language: str) -> bool:
    return fold(word) in stopwords(language)


@functools.cache
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Groups of equivalent phrases from data/synonyms.yaml, each phrase as folded words."""
    with open(DATA_DIR / "synonyms.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or []
    groups = []
    for group in data:
        phrases = tuple(tuple(fold(w) for w in words(str(p))) for p in group)
        groups.append(tuple(p for p in phrases if p))
    return tuple(groups)


@functools.cache
def _phrases_by_first_word() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Every synonym phrase under its first word, with its group's number: a query looks up
    its own words instead of testing every phrase of every group."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for number, group in enumerate(synonym_groups()):
        for phrase in group:
            index.setdefault(phrase[0], []).append((phrase, number))
    return index


def expand_synonyms(tokens: list[str]) -> list[str]:
    """Words of every phrase equivalent to a phrase found in `tokens` (folded words), group
    by group in the file's order."""
    folded = [fold(t) for t in tokens]
    index = _phrases_by_first_word()
    found = {
        number
        for i, token in enumerate(folded)
        for phrase, number in index.get(token, ())
        if tuple(folded[i : i + len(phrase)]) == phrase
    }
    groups = synonym_groups()
    extra: list[str] = []
    for number in sorted(found):
        for phrase in groups[number]:
            extra.extend(w for w in phrase if w not in folded and w not in extra)
    return extra


ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


_converters = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's converter: building one (its extensions, processors and patterns) took a
    fifth of a conversion; `reset` clears what the last text left in it."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=["sane_lists", "tables"])
    return converter.reset()


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then sanitised: editors cannot inject scripts, styles or handlers.
    Figures of the law ([[blue_card_standard_salary]]) come from the dated parameters."""
    html = _markdown().convert(with_figures(text or ""))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(isolate_html(clean))  # noqa: S308 - sanitised by nh3 just above


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|`|^#{1,6}\s*|^\s*(?:[-+*]|\d+\.)\s+|^>\s*)", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def excerpt(markdown_text: str) -> str:
    """Markdown reduced to plain text quickly (search results; escaped again by whoever shows
    it — the API returns JSON, the page and the script insert it as text)."""
    text = _MD_LINK.sub(r"\1", markdown_text or "")
    text = _MD_MARKS.sub("", text)
    return _SPACE.sub(" ", strip_tags(text)).strip()


def plain_text(markdown_text: str) -> str:
    """The answer as plain text (for API results, excerpts and embeddings)."""
    return re.sub(r"\s+", " ", strip_tags(render_markdown(markdown_text))).strip()
