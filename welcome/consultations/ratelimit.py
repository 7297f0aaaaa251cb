"""Per-address rate limits for the public forms, counted in the cache (Redis in production).

A fixed window per hour: the key holds the count and expires with the window. Shared by all
workers when the cache is Redis; per process with the in-memory default. While Redis cannot be
reached, nothing is counted and nothing refused (the cache ignores the outage and logs it): a
limit that failed closed would turn every person away.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

# An adviser sends several referrals in an hour, often from one address (a school, an agency).
DEFAULT_LIMITS = {"request": (5, 3600), "booking": (5, 3600), "referral": (20, 3600)}


def client_ip(request) -> str:
    """The client address; behind N trusted proxies, the N-th address from the right."""
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def _limit(scope: str) -> tuple[int, int]:
    limits = getattr(settings, "CONSULTATIONS_RATE_LIMITS", {})
    return limits.get(scope, DEFAULT_LIMITS[scope])


def _key(scope: str, ip: str, window: int) -> str:
    return f"consultations:rl:{scope}:{ip}:{int(time.time() // window)}"


def exceeded(request, scope: str) -> bool:
    """True when this address has used up its allowance for `scope` in the current window."""
    limit, window = _limit(scope)
    return (cache.get(_key(scope, client_ip(request), window)) or 0) >= limit


def count(request, scope: str) -> None:
    """Count one use of `scope` by this address."""
    _, window = _limit(scope)
    key = _key(scope, client_ip(request), window)
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
