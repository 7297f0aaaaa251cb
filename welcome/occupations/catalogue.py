"""The names the finder searches: ISCO-08 unit group titles and everyday job names in eight
languages (see data/README.md), loaded once per process, with their sentence vectors.

The vectors of the ~3,000 names take about 15 s to compute on two cores, too long for a first
request, so they ship precomputed in ``data/name_vectors.npz`` (``manage.py
occupation_vectors`` writes it; int8 per row with a float scale, 1.6 MB instead of 6 MB as
float32). A name without a stored vector (the file is older than the names) is still found by
its letters; a test fails until the file is rebuilt.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from welcome.knowledge import embeddings

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
VECTORS_FILE = DATA_DIR / "name_vectors.npz"
LANGUAGES = ("de", "en", "tr", "ar", "es", "fr", "uk", "ru")
TITLE_LANGUAGES = ("en", "de", "fr")  # the languages isco08.csv has titles in

_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})
_NOT_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower case, accents and Arabic letter variants folded, ß as ss, punctuation as spaces:
    "Elektrikçi" → "elektrikci", "Schweißer" → "schweisser", "ممرضة" → "ممرضه"."""
    text = text.casefold().replace("ı", "i").translate(_ARABIC)  # casefold: ß → ss
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class UnitGroup:
    isco: str
    titles: dict[str, str]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["en"]


@dataclass(frozen=True)
class Name:
    isco: str
    language: str
    text: str
    key: str  # normalise(text)


@cache
def unit_groups() -> dict[str, UnitGroup]:
    with open(DATA_DIR / "isco08.csv", encoding="utf-8", newline="") as handle:
        return {
            row["isco"]: UnitGroup(row["isco"], {lang: row[lang] for lang in TITLE_LANGUAGES})
            for row in csv.DictReader(handle)
        }


def title_of(isco: str | None, language: str) -> str:
    """The unit group's title in ``language`` (else English); "" for no code or an unknown one."""
    group = unit_groups().get(isco or "")
    return group.title(language) if group else ""


def _raw_names() -> list[tuple[str, str, str]]:
    names = [
        (group.isco, language, title)
        for group in unit_groups().values()
        for language, title in group.titles.items()
    ]
    with open(DATA_DIR / "chisco19.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names += [(row["isco"], "de", row["de"]), (row["isco"], "fr", row["fr"])]
    everyday = yaml.safe_load((DATA_DIR / "names.yaml").read_text(encoding="utf-8"))
    for isco, by_language in everyday.items():
        for language, texts in by_language.items():
            names += [(str(isco), language, str(text)) for text in texts]
    return names


@cache
def names() -> tuple[Name, ...]:
    """Every searchable name once per unit group (the same words in two languages count once)."""
    seen, result = set(), []
    for isco, language, text in _raw_names():
        key = normalise(text)
        if key and (isco, key) not in seen:
            seen.add((isco, key))
            result.append(Name(isco, language, text, key))
    return tuple(result)


def vector_keys() -> list[str]:
    """The distinct normalised names that get a vector, in a stable order."""
    return sorted({name.key for name in names()})


def fingerprint(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


# -- vectors ------------------------------------------------------------------------------------


def vectors_write(matrix: np.ndarray, keys: list[str], path: Path = VECTORS_FILE) -> None:
    codes, scales = embeddings.quantise(matrix)
    np.savez_compressed(
        path, keys=np.array(keys), codes=codes, scales=scales, fingerprint=fingerprint(keys)
    )


def stored_keys(path: Path = VECTORS_FILE) -> list[str]:
    with np.load(path, allow_pickle=False) as stored:
        return [str(key) for key in stored["keys"]]


def name_vectors(path: Path = VECTORS_FILE) -> np.ndarray | None:
    """One L2-normalised float32 row per name of names() (zeros for a name without a stored
    vector), or None when the file is missing."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            keys = [str(key) for key in stored["keys"]]
            matrix = stored["codes"].astype(np.float32) * stored["scales"][:, None]
    except (OSError, KeyError, ValueError):
        logger.warning("Occupation name vectors missing or unreadable; the finder matches letters.")
        return None
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    position = {key: row for row, key in enumerate(keys)}
    aligned = np.zeros((len(names()), matrix.shape[1]), dtype=np.float32)
    missing = 0
    for row, name in enumerate(names()):
        if name.key in position:
            aligned[row] = matrix[position[name.key]]
        else:
            missing += 1
    if missing:
        logger.warning(
            "%d occupation names have no stored vector; run manage.py occupation_vectors.",
            missing,
        )
    return aligned
