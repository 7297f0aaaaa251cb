"""FAQ search: one interface, two full-text backends, semantic search beside them.

    search(query="Blu Card beantragen", language="de") -> SearchOutcome

1. The query is cut to a sane length and split into words; anything that is not a word
   (quotes, operators, SQL or FTS syntax) is dropped, so no input can break the query.
2. Typos are corrected against the vocabulary of the published texts (trigram candidates,
   then edit distance), and synonyms from data/synonyms.yaml are added.
3. Full-text search in the query's language: PostgreSQL `tsvector` with the language's
   configuration, question weighted A over answer B; SQLite FTS5 over Python-stemmed text with
   bm25() weighting the question column higher.
4. Semantic search: the query's sentence vector (cached per query text) against the vectors
   of all published translations (one dot product; for large sets first in fewer dimensions,
   then in full for the best rows); finds entries across languages.
5. Both rankings are fused by reciprocal rank fusion. Without the encoder, full-text only.
"""

import logging
import math
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from cachetools import LRUCache
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from welcome.knowledge import embeddings
from welcome.knowledge.models import (
    FALLBACK_LANGUAGES,
    EntryTranslation,
    EntryVersion,
    IndexStamp,
)
from welcome.knowledge.text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TOKENS,
    PG_CONFIGS,
    excerpt,
    expand_synonyms,
    fold,
    is_stopword,
    normalise_query,
    stem,
    synonym_groups,
    words,
)

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = tuple(PG_CONFIGS)
CANDIDATES = 50  # per ranking, before fusion
# How often a process asks the database whether the published set changed: a publication
# reaches the other processes' searches within this time (and a search costs no query for it).
STAMP_CHECK_SECONDS = 1.0
# Entries whose texts a process keeps, the least recently shown dropped first (some 6 MB at
# most): the popular entries come up in most searches.
MAX_REMEMBERED_TEXTS = 2_000

# Fusion, tuned on the search cases (tests/search_cases_*.yaml):
RRF_K = 60  # the usual constant of reciprocal rank fusion
FULLTEXT_WEIGHT = 1.0  # full-text in the reader's language, times coverage ** COVERAGE_POWER
COVERAGE_POWER = 4  # coverage 1.0 (de, en) → 1.0; 0.3 (popular entries only) → 0.008
SECONDARY_WEIGHT = 0.3  # full-text in German and English for a question in another language
SEMANTIC_WEIGHT = 1.0
# Cosine similarity below which a semantic neighbour is no answer. Related questions scored
# 0.4-0.8 on the content, unrelated text ("I like pizza", "asdfgh") 0.04-0.2.
SEMANTIC_THRESHOLD = 0.3
# Large sets are searched in two steps: all rows in COARSE_DIMENSIONS principal components
# (a quarter of the memory to stream per query), then the best RERANK_ROWS rows in full
# dimensions (from int8 codes, see _Index.use_rows).
# Measured on bench.faq_search's 10,000 entries (40,000 rows): 5.8 → 3.4 ms per query, and
# the 50 candidates identical to the exact comparison for every search case (2,000 rows:
# one list differed in its tail). With int8 codes, entries whose cosines differ by less than
# 0.001 may trade places (the synthetic set is full of such near twins): the 50 candidates
# share 94-100 % of their entries with the exact ones (98.5 % on average), and of the 136
# search cases the expected entry is in the top three 95 times either way. Smaller sets (the
# real content) are compared exactly, in float32.
COARSE_DIMENSIONS = 128
RERANK_ROWS = 3000
# ts_rank options. Measured: normalisation by length and cover density both ranked worse here.
PG_RANK_NORMALIZATION = 0
PG_COVER_DENSITY = False
# A word found in more than COMMON_SHARE of a language's documents (and in more than
# COMMON_MIN_ROWS of them) is left out of that language's full-text query, like a stop word
# the content defines: ts_rank weighs every word alike and costs a row read per match, so a
# common word ("card", "permit", "step") adds cost to thousands of rows and no order. The
# real content (a few hundred documents per language) never reaches COMMON_MIN_ROWS.
# Measured on bench.faq_search's 10,000 entries: "opportunity card points …" matched 5,231 of
# 10,360 English documents (20 ms of ranking).
COMMON_SHARE = 0.02
COMMON_MIN_ROWS = 200
_SAFE_TERM = re.compile(r"^\w+$", re.UNICODE)
_SAFE_CONFIG = re.compile(r"^[a-z_]+$")  # a text search configuration's name, written into SQL
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Result:
    id: int
    slug: str
    question: str
    answer: str
    url: str
    score: float
    language: str


@dataclass
class SearchOutcome:
    query: str  # normalised
    language: str
    results: list[Result] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    semantic: bool = False


# --- process-wide caches, valid while the index stamp is unchanged -----------------------------


@dataclass
class _Row:
    slug: str
    language: str
    question: str
    answer: str
    _excerpt: str | None = None

    @property
    def excerpt(self) -> str:
        """The answer's excerpt, made when first shown (a few regexes)."""
        if self._excerpt is None:
            self._excerpt = excerpt(self.answer)
        return self._excerpt


class _Index:
    """Embedding matrix and vocabulary of the published set, rebuilt when the stamp changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token: str | None = None
        self.entry_ids = np.zeros(0, dtype=np.int64)  # one per group of rows
        self.starts = np.zeros(0, dtype=np.int64)  # first matrix row of each entry
        self.row_entry = np.zeros(0, dtype=np.int64)  # entry id of every matrix row
        self.projection: np.ndarray | None = None  # 512 × COARSE_DIMENSIONS
        self.coarse: embeddings.Int8Rows | None = None  # the matrix, projected
        # every published translation's vector, as int8 codes in a large set (use_rows)
        self.matrix: np.ndarray | embeddings.Int8Rows = np.zeros(
            (0, embeddings.DIMENSIONS), dtype=np.float32
        )
        self.coverage: dict[str, float] = {}  # share of entries translated, per language
        self.common: dict[str, frozenset[str]] = {}  # language → its common words (stems)
        self.entry_of_translation: dict[int, int] = {}  # published translation id → entry id
        self.vocabulary: Counter[str] | None = None
        self.trigrams: dict[str, list[str]] = {}
        self.texts: LRUCache = LRUCache(MAX_REMEMBERED_TEXTS)  # entry id → its translations
        self.checked_at = -math.inf  # when the stamp was last read

    def expire(self) -> None:
        """Read the stamp again at the next search (this process changed the published set)."""
        self.checked_at = -math.inf

    def refresh(self) -> None:
        now = time.monotonic()
        if now - self.checked_at < STAMP_CHECK_SECONDS:
            return
        token = current_stamp()
        self.checked_at = now
        if token == self.token:
            return
        with self.lock:
            if token == self.token:
                return
            rows = (
                EntryTranslation.objects.filter(
                    version__state=EntryVersion.State.PUBLISHED, vector__isnull=False
                )
                .order_by("version__entry_id", "language")
                .values_list("version__entry_id", "vector")
            )
            # The vectors go straight into one growing buffer, which becomes the matrix without
            # a copy: no array per translation (40,000 of them for 10,000 entries), whose freed
            # memory the process would keep.
            buffer, entry_of_row, rows_of = bytearray(), [], []
            for entry_id, vector in rows.iterator(chunk_size=2000):
                buffer += vector
                entry_of_row.append(entry_id)
                rows_of.append(len(vector) // (4 * embeddings.DIMENSIONS))
            self.use_rows(
                np.frombuffer(buffer, dtype=np.float32).reshape(-1, embeddings.DIMENSIONS),
                np.repeat(np.asarray(entry_of_row, dtype=np.int64), rows_of),
            )
            entries = EntryVersion.objects.filter(state=EntryVersion.State.PUBLISHED).count()
            per_language = (
                EntryTranslation.objects.filter(version__state=EntryVersion.State.PUBLISHED)
                .values_list("language")
                .annotate(n=Count("id"))
            )
            self.coverage = {code: n / max(entries, 1) for code, n in per_language}
            self.common = _common_lexemes()
            self.entry_of_translation = dict(
                EntryTranslation.objects.filter(
                    version__state=EntryVersion.State.PUBLISHED
                ).values_list("id", "version__entry_id")
            )
            self.vocabulary, self.trigrams = None, {}
            self.texts = LRUCache(MAX_REMEMBERED_TEXTS)
            self.token = token

    def use_rows(self, matrix: np.ndarray, row_ids: np.ndarray) -> None:
        """Search these vectors (one row each, the rows of an entry together, `row_ids` their
        entries). A large set keeps its rows, and their principal components, as int8 codes:
        a quarter of the memory (at 10,000 entries 106 → 27 MB, in every worker), for a
        cosine off by about 0.0003 (at most 0.002)."""
        starts = np.flatnonzero(np.r_[True, row_ids[1:] != row_ids[:-1]][: len(row_ids)])
        self.entry_ids, self.starts, self.row_entry = row_ids[starts], starts, row_ids
        self.projection, coarse = _principal_components(matrix)
        if coarse is None:
            self.matrix, self.coarse = matrix, None
        else:
            self.matrix, self.coarse = embeddings.Int8Rows(matrix), embeddings.Int8Rows(coarse)

    def _cosines(self, vector: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The cosine of `vector` with every row, or with the given rows."""
        if isinstance(self.matrix, embeddings.Int8Rows):
            return self.matrix.dot(vector, rows)
        return (self.matrix if rows is None else self.matrix[rows]) @ vector

    def ensure_vocabulary(self) -> None:
        if self.vocabulary is not None:
            return
        with self.lock:
            if self.vocabulary is not None:
                return
            counts: Counter[str] = Counter()
            texts = EntryTranslation.objects.filter(
                version__state=EntryVersion.State.PUBLISHED
            ).values_list("question", "answer")
            for question, answer in texts.iterator(chunk_size=2000):
                counts.update(fold(w) for w in words(question))
                counts.update(fold(w) for w in words(answer))
            for group in synonym_groups():  # synonyms are known words, never "typos"
                for phrase in group:
                    counts.update(phrase)
            trigrams: dict[str, list[str]] = {}
            for word in counts:
                if len(word) >= 3 and not word.isdigit():
                    for gram in _trigrams(word):
                        trigrams.setdefault(gram, []).append(word)
            self.trigrams = trigrams
            self.vocabulary = counts

    def semantic(self, vector: np.ndarray) -> list[tuple[int, float]]:
        if not len(self.row_entry):
            return []
        if self.coarse is not None and self.projection is not None:
            approximate = self.coarse.dot(vector @ self.projection)
            rows = np.sort(np.argpartition(-approximate, RERANK_ROWS)[:RERANK_ROWS])
            row_entry = self.row_entry[rows]  # sorted rows: each entry's rows stay together
            starts = np.flatnonzero(np.r_[True, row_entry[1:] != row_entry[:-1]])
            best = np.maximum.reduceat(self._cosines(vector, rows), starts)
            entry_ids = row_entry[starts]
        else:
            best = np.maximum.reduceat(self._cosines(vector), self.starts)
            entry_ids = self.entry_ids
        if len(best) > CANDIDATES:  # select, then sort only the few selected
            top = np.argpartition(-best, CANDIDATES)[:CANDIDATES]
            top = top[np.lexsort((top, -best[top]))]
        else:
            top = np.argsort(-best, kind="stable")
        return [(int(entry_ids[i]), float(best[i])) for i in top if best[i] >= SEMANTIC_THRESHOLD]


def _principal_components(matrix: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The projection on the main axes of the vectors, and the vectors projected; or (None,
    None) when the set is small enough to compare every row exactly."""
    if len(matrix) <= 4 * RERANK_ROWS:
        return None, None
    sample = matrix[:: max(1, len(matrix) // 8192)]  # the axes of 8,192 rows are the same
    _values, axes = np.linalg.eigh(sample.T @ sample)  # ascending
    projection = np.ascontiguousarray(axes[:, -COARSE_DIMENSIONS:], dtype=np.float32)
    return projection, np.ascontiguousarray(matrix @ projection)


_index = _Index()


def _common_lexemes() -> dict[str, frozenset[str]]:
    """Per language, the (folded) lexemes of the PostgreSQL documents that are too common to
    search for (COMMON_SHARE); none on SQLite, whose bm25() ranks only the best rows."""
    if connection.vendor != "postgresql":
        return {}
    common = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT language, count(*) FROM knowledge_searchdocument GROUP BY language "
            "HAVING count(*) > %s",
            [COMMON_MIN_ROWS],
        )
        for language, documents in cursor.fetchall():
            cursor.execute(
                "SELECT word FROM ts_stat(format("
                "'SELECT document FROM knowledge_searchdocument WHERE language = %%L', %s)) "
                "WHERE ndoc > %s",
                [language, max(COMMON_MIN_ROWS, documents * COMMON_SHARE)],
            )
            common[language] = frozenset(fold(word) for (word,) in cursor.fetchall())
    return common


def current_stamp() -> str:
    stamp = IndexStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    return stamp or ""


def bump_stamp() -> None:
    """Tell every process that the published set changed (call inside the writing transaction).

    This process looks again at once (inside the transaction it sees its own change), the
    others within STAMP_CHECK_SECONDS after the commit.
    """
    IndexStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    _index.expire()
    transaction.on_commit(_index.expire)


# --- typo tolerance -----------------------------------------------------------------------------


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def correct(word: str) -> str:
    """The vocabulary word closest to `word` (edit distance 1, or 2 for long words)."""
    folded = fold(word)
    vocabulary = _index.vocabulary or Counter()
    if len(folded) < 3 or folded.isdigit() or folded in vocabulary:
        return folded
    # Not remembered: a word outside the vocabulary is a misspelling or a name someone typed.
    return _closest(folded, vocabulary)


def _closest(folded: str, vocabulary: Counter[str]) -> str:
    limit = 1 if len(folded) < 8 else 2
    grams = _trigrams(folded)
    shared: Counter[str] = Counter()
    for gram in grams:
        shared.update(_index.trigrams.get(gram, ()))
    best, best_key = folded, None
    needed = max(1, len(grams) - 3 * limit)
    for candidate, count in shared.items():
        if count < needed or abs(len(candidate) - len(folded)) > limit:
            continue
        if len(folded) <= 4 and candidate[0] != folded[0]:
            continue
        distance = _distance(folded, candidate, limit)
        if distance <= limit:
            key = (distance, -vocabulary[candidate], candidate)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
    return best


# --- the query ------------------------------------------------------------------------------


@dataclass
class _Query:
    text: str
    terms: list[str]  # folded words, typos corrected, synonyms added, no stop words
    prefix: str | None  # last word, still being typed
    corrections: dict[str, str]


def _parse(query: str, language: str) -> _Query:
    text = (query or "")[:MAX_QUERY_CHARS]
    tokens = words(text)[:MAX_QUERY_TOKENS]
    _index.ensure_vocabulary()
    corrected, corrections = [], {}
    for token in tokens:
        fixed = fold(token) if is_stopword(token, language) else correct(token)
        if fixed != fold(token):
            corrections[token] = fixed
        corrected.append(fixed)
    # The word as typed stays in the query beside its correction: a word the texts do not
    # contain may still be right (another language, a name), and OR costs nothing.
    terms = [fold(t) for t in tokens] + corrected
    terms = [t for t in terms if not is_stopword(t, language)]
    terms += [t for t in expand_synonyms(corrected) if not is_stopword(t, language)]
    terms = list(dict.fromkeys(t for t in terms if _SAFE_TERM.match(t)))
    # A word is still being typed when the text ends in it (not after a space or a "?").
    still_typing = bool(tokens) and bool(_WORD.match(text[-1]))
    prefix = fold(tokens[-1]) if still_typing and len(tokens[-1]) >= 3 else None
    if prefix and (prefix in corrections.values() or not _SAFE_TERM.match(prefix)):
        prefix = None
    return _Query(text=text, terms=terms, prefix=prefix, corrections=corrections)


def _fulltext_sqlite(parsed: _Query, language: str) -> list[int]:
    stems = list(dict.fromkeys(stem(t, language) for t in parsed.terms))
    parts = [f'"{s}"' for s in stems if _SAFE_TERM.match(s)]
    if parsed.prefix:
        parts.append(f'"{stem(parsed.prefix, language)}"*')
        parts.append(f'"{parsed.prefix}"*')
    if not parts or not _SAFE_TERM.match(language):
        return []
    # Every term is a quoted \w+ string: nothing the visitor typed reaches FTS5 as syntax.
    match = f'language : "{language}" AND ({" OR ".join(dict.fromkeys(parts))})'
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH %s "
            "ORDER BY bm25(knowledge_fts, 10.0, 2.0, 0.0) LIMIT %s",
            [match, CANDIDATES],
        )
        rowids = [row[0] for row in cursor.fetchall()]
    entry_of = _index.entry_of_translation
    return [entry_of[r] for r in rowids if r in entry_of]


def _tsquery_postgresql(parsed: _Query, language: str) -> tuple[str, list]:
    """The OR of the query's terms (and the word still being typed) in the language's
    configuration, as SQL with the terms as parameters; ("", []) when nothing is left to look
    for. The configuration's name is written into the SQL (it comes from ``PG_CONFIGS``, never
    from the request): with one parameter a term, the statement stays within what psycopg
    remembers converted (50 parameters; it parsed a longer one anew for every search)."""
    config = PG_CONFIGS[language]
    if not _SAFE_CONFIG.match(config):
        raise ValueError(f"Not a text search configuration: {config!r}")
    parts, params = [], []
    terms = parsed.terms
    if common := _index.common.get(language):
        terms = [t for t in terms if _lexeme(t, language) not in common] or terms
    for term in terms:
        parts.append(f"plainto_tsquery('{config}'::regconfig, %s)")
        params.append(term)
    if parsed.prefix:
        lexeme = stem(parsed.prefix, language) if language != "ar" else parsed.prefix
        if _SAFE_TERM.match(lexeme):
            parts.append(f"to_tsquery('{config}'::regconfig, %s)")
            params.append(f"{lexeme}:*")
    return " || ".join(parts), params


def _lexeme(term: str, language: str) -> str:
    """The term as PostgreSQL's configuration for the language stores it, accents folded
    (the same Snowball stemmers; "simple" keeps the word)."""
    return term if PG_CONFIGS[language] == "simple" else stem(term, language)


def _fulltext_statement(parsed: _Query, languages: tuple[str, ...]) -> tuple[str, list]:
    """The one ranked query of ``_fulltext_postgresql``, a branch per language with terms, and
    its parameters; ("", []) when no language has a term left."""
    # Written out rather than built with SearchQuery objects: composing an OR of a dozen of
    # them through the ORM cost more than a millisecond per search. Every value is a parameter.
    rank = "ts_rank_cd" if PG_COVER_DENSITY else "ts_rank"
    branches, params = [], []
    for position, language in enumerate(languages):
        tsquery, terms = _tsquery_postgresql(parsed, language)
        if not tsquery:
            continue
        # the query once per branch (a subquery PostgreSQL pulls up: the index is used alike)
        branches.append(
            f"(SELECT {position} AS ranking, translation_id, "  # noqa: S608
            f"{rank}(document, asked.q, %s) AS score "
            f"FROM knowledge_searchdocument, (SELECT ({tsquery}) AS q) AS asked "
            "WHERE language = %s AND document @@ asked.q "
            "ORDER BY score DESC, translation_id LIMIT %s)"
        )
        params += [PG_RANK_NORMALIZATION, *terms, language, CANDIDATES]
    # One statement for every language asked (a question in Turkish looks in Turkish, English
    # and German): one round trip, one parse, instead of one per language. Each branch keeps
    # its own order and LIMIT; the rows carry their score and are ordered again by the caller
    # (UNION ALL promises no order), exactly as each branch ordered them.
    return " UNION ALL ".join(branches), params


def _fulltext_postgresql(parsed: _Query, languages: tuple[str, ...]) -> dict[str, list[int]]:
    statement, params = _fulltext_statement(parsed, languages)
    if not statement:
        return {language: [] for language in languages}
    # Only published translations have a SearchDocument (services keep it so); the language
    # filter matches the partial GIN index of that language. The index, never a sequential
    # scan: an OR of everyday words and synonyms matches a fifth of all rows, and for so many
    # the planner's cost model prefers testing `@@` on every row (10,000 entries: 16 ms) over
    # the index (5 ms) — wrong when the table sits in memory, as it does. SET LOCAL, the query
    # and the reset go in one round trip (Django's psycopg cursor binds on the client, so the
    # statements are one implicit transaction). Every value is a parameter.
    sql = f"SET LOCAL enable_seqscan = off; {statement}; SET LOCAL enable_seqscan TO DEFAULT"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.nextset()  # past the SET, to the rows
        rows = cursor.fetchall()
    found: dict[str, list[tuple[float, int]]] = {language: [] for language in languages}
    for position, translation_id, score in rows:
        found[languages[position]].append((-score, translation_id))
    entry_of = _index.entry_of_translation
    return {
        language: [entry_of[r] for _score, r in sorted(pairs) if r in entry_of]
        for language, pairs in found.items()
    }


def _fulltext(parsed: _Query, languages: tuple[str, ...]) -> dict[str, list[int]]:
    """The entry ids found by full-text search in each of `languages`, best first."""
    if connection.vendor == "postgresql":
        return _fulltext_postgresql(parsed, languages)
    return {language: _fulltext_sqlite(parsed, language) for language in languages}


def _semantic(text: str) -> list[int] | None:
    """Entry ids by similarity of meaning, or None when the encoder is unavailable."""
    if len(text.strip()) < 3:
        return []
    vector = embeddings.encode_query(text)
    if vector is None:
        return None
    return [entry_id for entry_id, _score in _index.semantic(vector)]


def _fuse(*rankings: tuple[list[int], float]) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: each ranking adds weight / (60 + rank) to an entry's score.

    Ties go to the entry seen first, i.e. to the earlier ranking (full-text before semantic).
    """
    scores: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, entry_id in enumerate(dict.fromkeys(ranking), 1):
            scores[entry_id] = scores.get(entry_id, 0.0) + weight / (RRF_K + rank)
    order = {entry_id: i for i, entry_id in enumerate(scores)}
    return sorted(scores.items(), key=lambda item: (-round(item[1], 9), order[item[0]]))


def pick_translation(translations, language: str):
    """The translation in `language`, else English, else German, else any (visible fallback)."""
    by_language = {t.language: t for t in translations}
    for code in (language, *FALLBACK_LANGUAGES):
        if code in by_language:
            return by_language[code]
    return next(iter(by_language.values()), None)


def _texts(entry_ids: list[int]) -> dict[int, list[_Row]]:
    """The published translations of these entries, remembered per process with the index
    (bounded; the popular entries come up in most searches)."""
    texts = _index.texts
    known = {entry_id: texts.get(entry_id) for entry_id in entry_ids}  # a read keeps it recent
    missing = [entry_id for entry_id, rows in known.items() if rows is None]
    if missing:
        rows = (
            EntryTranslation.objects.filter(
                version__entry_id__in=missing, version__state=EntryVersion.State.PUBLISHED
            )
            .order_by()  # grouped below; Meta.ordering would only cost a sort
            .values_list(
                "version__entry_id", "version__entry__slug", "language", "question", "answer"
            )
        )
        found: dict[int, list[_Row]] = {entry_id: [] for entry_id in missing}
        for entry_id, slug, code, question, answer in rows:
            found[entry_id].append(_Row(slug, code, question, answer))
        texts.update(found)  # may drop the least recently shown, even one of `known`
        known.update(found)
    return known


def _results(ranked: list[tuple[int, float]], language: str) -> list[Result]:
    if not ranked:
        return []
    texts = _texts([entry_id for entry_id, _score in ranked])
    results = []
    with translation.override(language):
        # One reverse() for all: an entry's address differs from another's only by its slug.
        url_pattern = reverse("knowledge:entry", kwargs={"slug": "slug-placeholder"})
        for entry_id, score in ranked:
            chosen = pick_translation(texts[entry_id], language)
            if chosen is None:
                continue
            results.append(
                Result(
                    id=entry_id,
                    slug=chosen.slug,
                    question=chosen.question,
                    answer=chosen.excerpt,
                    url=url_pattern.replace("slug-placeholder", chosen.slug),
                    score=round(score, 6),
                    language=chosen.language,
                )
            )
    return results


def search(*, query: str, language: str, limit: int = 10) -> SearchOutcome:
    """The best published entries for `query` in `language`, best first. Never raises on input.

    Nothing is remembered between searches: a question is rarely asked twice in the same
    words, and what a person typed is kept no longer than the page needs it.
    """
    if language not in SUPPORTED_LANGUAGES:
        language = "de"
    if not normalise_query(query or ""):
        return SearchOutcome(query="", language=language)
    _index.refresh()
    return _search(query, language, limit)


def _search(query: str, language: str, limit: int) -> SearchOutcome:
    outcome = SearchOutcome(query=normalise_query(query), language=language)
    parsed = _parse(query, language)
    outcome.corrections = parsed.corrections
    # Full-text in the reader's language counts as much as that language covers the content:
    # where only the popular entries are translated, it cannot find the others and must not
    # outvote the semantic search that can (recall@3 on the search cases 0.91 → 0.95).
    coverage = _index.coverage.get(language, 0.0)
    # Names and official terms (IHK FOSA, Jugendberufsagentur, 30669) are the same in every
    # language: look for them in the German and English texts too, weighted less.
    others = ("en", "de") if language not in ("de", "en") else ()
    # No text in this language, nothing to find there (and weight 0).
    languages = ((language,) if coverage else ()) + others
    found = _fulltext(parsed, languages) if languages else {}
    rankings = []
    if coverage:
        weight = FULLTEXT_WEIGHT * coverage**COVERAGE_POWER
        rankings.append((found[language], weight))
    for other in others:
        rankings.append((found[other], SECONDARY_WEIGHT))
    semantic = _semantic(parsed.text)
    outcome.semantic = semantic is not None
    rankings.append((semantic or [], SEMANTIC_WEIGHT))
    ranked = _fuse(*rankings)[:limit]
    outcome.results = _results(ranked, language)
    return outcome
