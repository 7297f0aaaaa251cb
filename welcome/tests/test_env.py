"""Settings helpers refuse malformed values instead of guessing."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from welcome.env import env_bool, env_choice, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("N", "five")
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, b.example.org ,")
    assert env_list("HOSTS") == ["a.example.org", "b.example.org"]


def test_env_choice_refuses_what_it_does_not_know(monkeypatch):
    assert env_choice("WORKER_TYPE", ("process", "thread"), "process") == "process"
    monkeypatch.setenv("WORKER_TYPE", "threads")
    with pytest.raises(ImproperlyConfigured, match="process, thread"):
        env_choice("WORKER_TYPE", ("process", "thread"), "process")
