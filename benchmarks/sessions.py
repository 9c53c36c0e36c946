"""What one call to the action server costs, with Rasa's session per call and with a kept one.

    python -m benchmarks.sessions                  # 500 calls each way, after 100 unmeasured
    python -m benchmarks.sessions --calls 2000

Rasa's ``EndpointConfig.request`` opens a new HTTP client session for every call to the
action server; ``bot.speedups`` keeps one open per event loop. Both are timed here against
a local server that answers as the action server does (a small JSON reply) to a request
the size of a few turns' tracker, on loopback, one call at a time, named ``localhost`` as
``make run`` names the action server (a new session looks the name up again).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Awaitable, Callable, List, Sequence, Tuple

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

WARM_UP = 100
# about what Rasa sends for a conversation a few turns old
BODY = {"next_action": "action_answer",
        "tracker": {"events": [{"event": "user", "text": "how much do sonographers make",
                                "parse_data": {"intent": {"name": "ask_pay"}}}] * 40}}


async def _answer(request: web.Request) -> web.Response:
    await request.json()
    return web.json_response({"events": [], "responses": [{"response": "utter_pay"}]})


async def _timed_calls(endpoint: EndpointConfig, calls: int) -> List[float]:
    times = []
    for _ in range(calls + WARM_UP):
        started = time.perf_counter()
        await endpoint.request(json=BODY, method="post", subpath="webhook")
        times.append((time.perf_counter() - started) * 1000)
    return times[WARM_UP:]


def _line(label: str, times: List[float]) -> str:
    p95 = sorted(times)[int(0.95 * len(times))]
    return f"{label:28} median {statistics.median(times):5.2f} ms   p95 {p95:5.2f} ms"


async def local_server(answer: Callable[[web.Request], Awaitable[web.Response]]
                       ) -> Tuple[web.AppRunner, int]:
    """A server on a free loopback port answering POSTs to ``/webhook``; its runner and port.

    ``runner.cleanup()`` stops it.
    """
    app = web.Application()
    app.router.add_post("/webhook", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]


async def _main(calls: int) -> None:
    runner, port = await local_server(_answer)
    endpoint = EndpointConfig(f"http://localhost:{port}")
    try:
        print(_line("Rasa's session per call", await _timed_calls(endpoint, calls)))
        speedups.install()
        try:
            print(_line("one kept session", await _timed_calls(endpoint, calls)))
        finally:
            await speedups.close_sessions()
            speedups.uninstall()
    finally:
        await runner.cleanup()


def main(argv: Sequence[str]) -> int:
    """Times the calls both ways and prints the median and 95th percentile of each."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sessions")
    parser.add_argument("--calls", type=int, default=500)
    asyncio.run(_main(parser.parse_args(argv).calls))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
