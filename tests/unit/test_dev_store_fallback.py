"""A missing store in a development environment: MemoryStore and a warning."""

from __future__ import annotations

import logging

import pytest

from satr_tornado import DEVELOPMENT_ENVS, MemoryStore, SatrManager, SatrSettings

SECRET = "k" * 40


@pytest.mark.parametrize("env", sorted(DEVELOPMENT_ENVS))
def test_dev_env_without_store_uses_a_memory_store(env: str) -> None:
    settings = SatrSettings(secret=SECRET, store=None, env=env)

    manager = SatrManager(settings)

    assert isinstance(manager.store, MemoryStore)


def test_dev_env_without_store_logs_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = SatrSettings(secret=SECRET, store=None, env="dev")

    with caplog.at_level(logging.DEBUG, logger="satr_tornado"):
        SatrManager(settings)

    [entry] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert entry.levelno == logging.WARNING
    assert entry.name.startswith("satr_tornado")
    message = entry.getMessage()
    assert "'dev'" in message
    assert "MongoStore" in message
    assert SECRET not in message


def test_given_store_is_used_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = MemoryStore()
    settings = SatrSettings(secret=SECRET, store=store, env="dev")

    with caplog.at_level(logging.DEBUG, logger="satr_tornado"):
        manager = SatrManager(settings)

    assert manager.store is store
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
