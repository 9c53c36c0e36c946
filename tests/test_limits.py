"""The REST channel's rate limits: token buckets per conversation and per client address."""

import asyncio
import logging

import pytest

from bot import limits
from bot.limits import Rate, RateLimiter
from tests.private_servers import running_redis


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("text, rate", [
    ("30/60", Rate(30, 60.0)), ("5/1", Rate(5, 1.0)), ("12", Rate(12, 60.0)),
    ("0", None), ("off", None), ("0/60", None),
])
def test_rates_are_read_as_limit_per_seconds(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["-1/60", "5/0", "5/-3", "many", "5/inf", "5/nan"])
def test_nonsense_rates_are_refused(text):
    with pytest.raises(ValueError):
        Rate.parse(text)


def test_the_defaults_and_a_bad_setting(monkeypatch):
    monkeypatch.delenv(limits.PER_SENDER, raising=False)
    assert limits.configured(limits.PER_SENDER) == Rate(30, 60.0)
    monkeypatch.setenv(limits.PER_ADDRESS, "lots")
    with pytest.raises(ValueError, match="RATE_LIMIT_PER_ADDRESS"):
        limits.configured(limits.PER_ADDRESS)


def test_a_burst_up_to_the_limit_then_a_wait_then_one_more():
    clock = Clock()
    limiter = RateLimiter(Rate(3, 60), clock=clock)
    assert [limiter.take("maria") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("maria") == pytest.approx(20.0)
    assert limiter.take("ana") == 0.0  # someone else is not held back
    clock.now += 20
    assert limiter.take("maria") == 0.0
    assert limiter.take("maria") > 0
    assert Rate(3, 60).describe() == "3 a minute" and Rate(5, 10).describe() == "5 every 10 s"


def test_idle_buckets_are_forgotten_when_there_are_too_many(monkeypatch):
    monkeypatch.setattr(limits, "MAX_KEYS", 10)
    clock = Clock()
    limiter = RateLimiter(Rate(2, 60), clock=clock)
    for number in range(11):
        limiter.take(f"sender-{number}")
    clock.now += 60
    limiter.take("one more")
    assert len(limiter._buckets) <= 2


def test_replicas_sharing_a_redis_share_the_limits(caplog):
    with running_redis() as server:
        async def scenario():
            # two Rasa servers' limiters on one Redis: 3 a minute in all, not 3 each
            first = limits.SharedRateLimiter(Rate(3, 60), "sender", server.url)
            second = limits.SharedRateLimiter(Rate(3, 60), "sender", server.url)
            waits = [await limiter.wait("maria") for limiter in (first, second, first, second)]
            assert waits[:3] == [0.0, 0.0, 0.0]
            assert 19 < waits[3] <= 20
            assert await second.wait("ana") == 0.0  # someone else is not held back
            other = limits.SharedRateLimiter(Rate(3, 60), "address", server.url)
            assert await other.wait("maria") == 0.0  # a limit of its own kind

            server.stop()  # Redis down: let through, said once in the log
            with caplog.at_level(logging.INFO, logger="bot.limits"):
                assert [await first.wait("maria") for _ in range(3)] == [0.0] * 3
                server.start()  # an empty Redis (nothing kept on disk)
                assert await first.wait("maria") == 0.0
            said = [record.getMessage() for record in caplog.records]
            assert len([line for line in said if "does not answer" in line]) == 1, said
            assert any("answers again" in line for line in said), said

        asyncio.run(scenario())


def test_the_limits_are_shared_when_a_lock_store_redis_is_set(monkeypatch):
    monkeypatch.setenv(limits.PER_SENDER, "5/10")
    monkeypatch.delenv(limits.PER_ADDRESS, raising=False)
    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6379/1")
    found = limits.limiters()
    assert [(type(limiter), who, key) for limiter, who, key in found] == [
        (limits.SharedRateLimiter, "one address", 1),
        (limits.SharedRateLimiter, "one conversation", 0)]
    assert found[1][0].rate == Rate(5, 10)
    monkeypatch.setenv("LOCK_STORE_URL", "")
    monkeypatch.setenv(limits.PER_ADDRESS, "0")
    assert [(type(limiter), who) for limiter, who, _ in limits.limiters()] == [
        (RateLimiter, "one conversation")]
