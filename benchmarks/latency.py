"""Latency and memory of the running assistant, through the REST channel.

Starts the action server and the Rasa server on the current model (free ports, a temporary
tracker store), sends each question of QUESTIONS ``--rounds`` times from one sender at a
time, and prints the median, 95th percentile and maximum reply time, plus the resident
memory of both servers. Run with ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import List

from bot import services, training
from bot.settings import database_url

QUESTIONS = [
    "hi",
    "what does a sonographer do?",
    "how much do MRI techs make",
    "which certification does a CT tech need",
    "what does ARRT stand for",
    "how do I specialize in MRI",
    "how many CE credits do I need for ARRT",
    "what are the steps to become a radiology tech",
    "what's the weather like",
    "",
]


def _rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MiB (Linux /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def _ask(url: str, sender: str, message: str) -> float:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as reply:
        reply.read()
    return time.perf_counter() - start


def main(argv: List[str] | None = None) -> int:
    """Start the servers, measure, print, stop."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    training.train_if_stale()
    with tempfile.TemporaryDirectory() as folder:
        environment = services.service_environment({
            "DATABASE_URL": database_url(),
            "RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_ADDRESS": "0",  # a load from one address
        "TRACKER_STORE_URL": f"sqlite:///{Path(folder) / 'tracker.db'}",
            "ACTION_PORT": str(services.free_port()), "RASA_PORT": str(services.free_port()),
        })
        environment["ACTION_SERVER_URL"] = (
            f"http://localhost:{environment['ACTION_PORT']}/webhook")
        actions = services.action_server(environment, Path(folder) / "actions.log")
        rasa = services.rasa_server(environment, training.MODEL_PATH, Path(folder) / "rasa.log")
        try:
            started = time.perf_counter()
            for service, timeout in ((actions, 120), (rasa, 300)):
                service.start(environment)
                service.wait_until_healthy(timeout)
            startup = time.perf_counter() - started
            url = f"http://localhost:{environment['RASA_PORT']}/webhooks/rest/webhook"
            _ask(url, "warm-up", "hello")
            times = [_ask(url, f"bench-{n}", question)
                     for n in range(args.rounds) for question in QUESTIONS]
            times_ms = sorted(t * 1000 for t in times)
            p95 = times_ms[int(0.95 * (len(times_ms) - 1))]
            print(f"requests: {len(times_ms)} ({len(QUESTIONS)} questions x {args.rounds})")
            print(f"reply time ms: median {statistics.median(times_ms):.0f}, "
                  f"p95 {p95:.0f}, max {times_ms[-1]:.0f}")
            print(f"start-up (both servers, model loaded): {startup:.1f} s")
            print(f"memory: Rasa server {_rss_mib(rasa.process.pid):.0f} MiB, "
                  f"action server {_rss_mib(actions.process.pid):.0f} MiB")
        finally:
            rasa.stop()
            actions.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
