"""Sealed values for links: encrypted and authenticated, not only signed.

The pathway-check answers travel in URLs (`?a=` of the result page, `?from=` into the request
form), and URLs end up in browser histories, proxies and server logs. Signing alone kept them
unaltered but readable — nationality, age and salary decoded from the link. Sealing encrypts
them too (Fernet: AES-128-CBC with HMAC-SHA256, from `cryptography`) with a key derived from
SECRET_KEY for each purpose; keys in SECRET_KEY_FALLBACKS still open older links while a key is
rotated.
"""

from __future__ import annotations

import base64
import json
import zlib
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _key(secret: str, purpose: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"welcome.sealing",
        info=purpose.encode(),
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


@lru_cache(maxsize=32)
def _fernet(secrets: tuple[str, ...], purpose: str) -> MultiFernet:
    return MultiFernet([_key(secret, purpose) for secret in secrets])


def _keys(purpose: str) -> MultiFernet:
    secrets = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ()))
    return _fernet(secrets, purpose)


def seal(value: Any, *, purpose: str) -> str:
    """`value` (JSON-serialisable) as a URL-safe token only this server can open."""
    data = zlib.compress(json.dumps(value, separators=(",", ":")).encode())
    return _keys(purpose).encrypt(data).decode()


def unseal(token: str | None, *, purpose: str, max_age: float | None = None) -> Any | None:
    """The value sealed in `token` for `purpose`, or None when it is absent, forged, sealed for
    another purpose, older than `max_age` seconds, or malformed."""
    if not token:
        return None
    try:
        data = _keys(purpose).decrypt(token.encode(), ttl=int(max_age) if max_age else None)
        return json.loads(zlib.decompress(data))
    except (InvalidToken, ValueError, zlib.error, UnicodeError):
        return None
