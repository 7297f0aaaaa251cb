"""Find the ISCO-08 unit group of an occupation a person names in their own words and language.

Two signals per name of the catalogue, the better one counts:
- meaning: the cosine between the sentence vectors of the query and the name (the multilingual
  encoder of the FAQ search), so "nurse", "Krankenschwester" and "медсестра" meet;
- letters: exact, prefix and word-prefix matches, a German compound containing the query, and
  trigram overlap with difflib for typos ("Krankenschwster", "elektrikci").
A unit group scores as its best name. Without the encoder the letters decide alone.

Nothing a person typed is kept: the query lives as long as the call.
"""

from __future__ import annotations

import difflib
import threading
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from welcome.knowledge import embeddings
from welcome.law import occupations as law
from welcome.occupations import catalogue

MAX_QUERY_LENGTH = 100
MIN_SCORE = 0.35  # below it a unit group is noise, not a suggestion
CONFIDENT_SCORE = 0.6  # from it the best match may stand in for a code nobody typed
TYPO_CANDIDATES = 25  # names compared letter by letter after the trigram pre-selection
WORD_WEIGHT = 0.9  # a match on one word of a longer name counts a little less than on the name
QUERY_WORD_WEIGHT = 0.8  # and one word of a longer query less again
MAX_QUERY_WORDS = 8


class QueryError(ValueError):
    """The query cannot be searched: empty, or longer than MAX_QUERY_LENGTH."""


@dataclass(frozen=True)
class Suggestion:
    isco: str
    title: str
    regulated: bool
    recognition_body_id: str
    recognition_body_name: str
    score: float
    matched: str  # the catalogue name that matched best
    matched_language: str = ""  # its language


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class _Index:
    """Names, their unit groups, trigrams and vectors; built once per process."""

    def __init__(self) -> None:
        self.names = catalogue.names()
        self.groups = sorted(catalogue.unit_groups())
        position = {isco: index for index, isco in enumerate(self.groups)}
        self.group_of = np.array([position[name.isco] for name in self.names], dtype=np.int32)
        # Letter matching runs over entries: each name, and each longer word of a longer name.
        entries, owners, weights = [], [], []
        for row, name in enumerate(self.names):
            words = name.key.split()
            for text, weight in [(name.key, 1.0)] + [
                (word, WORD_WEIGHT) for word in words if len(words) > 1 and len(word) >= 2
            ]:
                entries.append(text)
                owners.append(row)
                weights.append(weight)
        self.entries = entries
        self.owner = np.array(owners, dtype=np.int32)
        self.weight = np.array(weights, dtype=np.float32)
        postings = defaultdict(list)
        sizes = []
        for index, text in enumerate(entries):
            grams = _trigrams(text)
            sizes.append(len(grams))
            for gram in grams:
                postings[gram].append(index)
        self.postings = {gram: np.array(rows, dtype=np.int32) for gram, rows in postings.items()}
        self.sizes = np.array(sizes, dtype=np.float32)
        # as int8 codes again, which come out as stored (a row keeps its largest value): 7 → 1.7 MB
        vectors = catalogue.name_vectors()
        self.vectors = None if vectors is None else embeddings.Int8Rows(vectors)


_lock = threading.Lock()
_index: _Index | None = None


def index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _Index()
    return _index


def _letter_scores(idx: _Index, key: str) -> np.ndarray:
    """Per entry: 1 for the same words, less for a prefix, a compound part or a typo."""
    scores = np.zeros(len(idx.entries), dtype=np.float32)
    grams = _trigrams(key)
    hits = [idx.postings[gram] for gram in grams if gram in idx.postings]
    if not hits:
        return scores
    common = np.bincount(np.concatenate(hits), minlength=len(idx.entries)).astype(np.float32)
    dice = 2 * common / (len(grams) + idx.sizes)
    candidates = np.flatnonzero(common)
    scores[candidates] = 0.9 * dice[candidates]
    # An entry that equals, starts with or contains the query shares all its trigrams but the
    # (at most three) padded ones at its edges: only those are compared as strings.
    for entry in np.flatnonzero(common >= max(1, len(grams) - 3)):
        text = idx.entries[entry]
        if text == key:
            score = 1.0
        elif len(key) >= 3 and text.startswith(key):
            score = 0.8 + 0.15 * len(key) / len(text)
        elif len(key) >= 4 and key in text:
            score = 0.6 + 0.25 * len(key) / len(text)
        else:
            continue
        scores[entry] = max(score, scores[entry])
    # Typos: the closest entries by trigrams, compared letter by letter.
    for entry in candidates[np.argsort(-dice[candidates])[:TYPO_CANDIDATES]]:
        ratio = difflib.SequenceMatcher(None, key, idx.entries[entry]).ratio()
        if ratio >= 0.75:
            scores[entry] = max(scores[entry], 0.92 * ratio)
    return scores * idx.weight


def _name_scores(idx: _Index, query: str, key: str) -> np.ndarray:
    letters = np.zeros(len(idx.names), dtype=np.float32)
    np.maximum.at(letters, idx.owner, _letter_scores(idx, key))
    # A sentence ("I worked as a nurse in a hospital"): each longer word on its own, for less.
    words = [word for word in key.split() if len(word) >= 3]
    if len(words) > 1:
        for word in words[:MAX_QUERY_WORDS]:
            np.maximum.at(letters, idx.owner, QUERY_WORD_WEIGHT * _letter_scores(idx, word))
    if idx.vectors is None:
        return letters
    vector = embeddings.encode_query(query)
    if vector is None:
        return letters
    cosine = idx.vectors.dot(vector)
    # Translations of one job name meet at a cosine of ~0.7–0.9; unrelated jobs stay below 0.45.
    meaning = np.clip((cosine - 0.45) / 0.5, 0.0, 1.0)
    return np.maximum(letters, meaning) + 0.05 * np.minimum(letters, meaning)


def suggest(query: str, lang: str = "en", limit: int = 10) -> list[Suggestion]:
    """The unit groups that best match an occupation as a person names it, best first."""
    query = (query or "").strip()
    if not query:
        raise QueryError("The query is empty.")
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"The query is longer than {MAX_QUERY_LENGTH} characters.")
    key = catalogue.normalise(query)
    if not key:
        return []
    idx = index()
    scores = _name_scores(idx, query, key)
    best = np.full(len(idx.groups), -1.0, dtype=np.float32)
    np.maximum.at(best, idx.group_of, scores)
    language = (lang or "en").split("-")[0].lower()
    groups = catalogue.unit_groups()
    bodies = law.bodies()
    results = []
    for group in np.argsort(-best, kind="stable")[:limit]:
        score = float(best[group])
        if score < MIN_SCORE:
            break
        isco = idx.groups[group]
        rows = np.flatnonzero(idx.group_of == group)
        matched = idx.names[rows[np.argmax(scores[rows])]]
        recognition = law.recognition(isco)
        body = bodies[recognition.body_id]
        results.append(
            Suggestion(
                isco=isco,
                title=groups[isco].title(language),
                regulated=recognition.regulated,
                recognition_body_id=body.id,
                recognition_body_name=body.name,
                score=round(min(score, 1.0), 3),
                matched=matched.text,
                matched_language=matched.language,
            )
        )
    return results
