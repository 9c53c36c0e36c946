"""The lock store endpoints.yml asks for: in memory, or Redis from LOCK_STORE_URL."""

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from bot.locks import EnvironmentLockStore, lock_store_from_url


def test_no_url_is_a_lock_store_in_memory(monkeypatch):
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    assert isinstance(EnvironmentLockStore(), InMemoryLockStore)


def test_a_redis_url_is_rasas_redis_lock_store(monkeypatch):
    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6379/3")
    store = EnvironmentLockStore(endpoint_config=None)
    assert isinstance(store, RedisLockStore)
    assert store.red.connection_pool.connection_kwargs["db"] == 3
    assert store.key_prefix == "imagingassistant:lock:"


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "redis://", "redis://host/first"])
def test_a_bad_url_is_refused_with_the_reason(url):
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        lock_store_from_url(url)
