"""What gunicorn's master loads once, before it forks its workers (deploy/gunicorn.conf.py).

With `preload_app` the workers share the master's memory copy-on-write. Loaded here, the
sentence encoder's weights (a 65 MB table, about two seconds to read), the FAQ index (the
vectors and vocabulary of the published entries), the occupation finder's names and vectors,
and the URL configuration with every view module cost that memory and time once per server
instead of once per worker, and no visitor waits for them on a worker's first request.

Afterwards every database connection is closed: a connection opened here would be shared by
all workers through the same socket, and their queries would corrupt each other's answers.
"""

import logging
import time

from django.db import connections
from django.urls import get_resolver

logger = logging.getLogger(__name__)

WARM_UP_QUERY = "Blaue Karte beantragen"


def warm_up() -> None:
    """Load views, encoder and FAQ index into this process, then close its DB connections.

    A database that cannot be read yet (not migrated, not reachable) does not stop the start:
    the workers then read the index on their first search, as they would without preloading.
    """
    from welcome.knowledge import embeddings, search
    from welcome.occupations import search as occupations

    started = time.monotonic()
    try:
        get_resolver().url_patterns  # noqa: B018 - imports every view module
        encoder = embeddings.encode([WARM_UP_QUERY]) is not None  # weights load on first use
        try:
            search.search(query=WARM_UP_QUERY, language="de")  # published vectors, vocabulary
            index = True
        except Exception:  # noqa: BLE001 - any database problem: the workers load it themselves
            index = False
            logger.warning("FAQ index not preloaded; each worker reads it on its first search.")
        names = len(occupations.index().names)  # names, trigrams and vectors; no database
    finally:
        connections.close_all()
    logger.info(
        "Preloaded before fork: sentence encoder %s, FAQ index %s, %d occupation names (%.1f s).",
        "loaded" if encoder else "unavailable",
        "loaded" if index else "not loaded",
        names,
        time.monotonic() - started,
    )
