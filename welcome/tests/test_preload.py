"""Preloading in gunicorn's master (welcome/preload.py): the encoder and the FAQ index are
loaded once, and no database connection is left open for a forked worker to inherit."""

import logging

import pytest
from django.db import OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from welcome import preload
from welcome.knowledge import embeddings, search


@pytest.fixture
def fresh_index(monkeypatch):
    index = search._Index()
    monkeypatch.setattr(search, "_index", index)
    return index


@pytest.mark.django_db(transaction=True)
def test_warm_up_loads_encoder_and_index_then_closes_every_connection(fresh_index, caplog):
    with caplog.at_level(logging.INFO, logger="welcome.preload"):
        preload.warm_up()
    assert embeddings.model() is not None
    assert fresh_index.token is not None  # the published set was read
    assert fresh_index.vocabulary is not None
    for connection in connections.all():
        # SQLite ignores closing an in-memory database (the tests'): it would be lost.
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
            assert connection.connection is None
    assert "sentence encoder loaded, FAQ index loaded" in caplog.text
    assert "freed memory returned to the system" in caplog.text  # glibc's malloc_trim


def test_warm_up_starts_the_server_even_when_the_database_is_away(fresh_index, monkeypatch, caplog):
    def unreachable(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    with caplog.at_level(logging.INFO, logger="welcome.preload"):
        preload.warm_up()
    assert fresh_index.token is None
    assert "FAQ index not loaded" in caplog.text
