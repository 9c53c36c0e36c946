"""The lock store endpoints.yml asks for: in memory, or Redis from LOCK_STORE_URL."""

import asyncio
import threading
from typing import List

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from bot.locks import AtomicRedisLockStore, EnvironmentLockStore, lock_store_from_url
from tests.private_servers import running_redis


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


def test_tickets_taken_at_once_by_several_servers_are_all_different():
    with running_redis() as server:
        stores = [lock_store_from_url(server.url) for _ in range(4)]  # four "replicas"
        assert all(isinstance(store, AtomicRedisLockStore) for store in stores)
        tickets: List[int] = []
        start = threading.Barrier(8)

        def take(store) -> None:
            start.wait()
            for _ in range(25):
                tickets.append(store.issue_ticket("maria", lock_lifetime=60))

        threads = [threading.Thread(target=take, args=(stores[n % 4],)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(tickets) == list(range(len(tickets)))  # 200 tickets, none twice
        assert len(stores[0].get_lock("maria").tickets) == 200


def test_one_conversation_is_processed_by_one_server_at_a_time():
    """Two servers, each with its own event loop, take turns on one conversation."""
    with running_redis() as server:
        inside: List[str] = []
        overlaps: List[str] = []

        async def turns(store, name: str) -> None:
            for _ in range(6):
                async with store.lock("maria", lock_lifetime=60, wait_time_in_seconds=0.01):
                    if inside:
                        overlaps.append(f"{name} entered while {inside} was inside")
                    inside.append(name)
                    await asyncio.sleep(0.005)
                    inside.remove(name)

        def server_loop(name: str) -> None:
            store = lock_store_from_url(server.url)
            async def both() -> None:
                await asyncio.gather(*(turns(store, f"{name}-{n}") for n in range(3)))
            asyncio.run(both())

        threads = [threading.Thread(target=server_loop, args=(name,)) for name in "ab"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert overlaps == []
        assert lock_store_from_url(server.url).get_lock("maria") is None  # cleaned up


def test_a_lock_nobody_holds_is_removed_and_an_unknown_one_is_left_alone():
    with running_redis() as server:
        store = lock_store_from_url(server.url)
        first = store.issue_ticket("ana", lock_lifetime=60)
        second = store.issue_ticket("ana", lock_lifetime=60)
        store.cleanup("ana", first)
        assert [t.number for t in store.get_lock("ana").tickets] == [second]
        store.cleanup("ana", second)
        assert store.get_lock("ana") is None
        store.update_lock("nobody")
        store.finish_serving("nobody", 3)
        store.cleanup("nobody", 3)
        assert store.get_lock("nobody") is None
