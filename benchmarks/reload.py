"""A new model goes live under load: failed requests, reply times and lost turns.

    python -m benchmarks.reload                 # the project's reload (make reload)
    python -m benchmarks.reload --rasa-put      # Rasa's own PUT /model, for comparison

Starts the action server and a Rasa server on free loopback ports with a tracker store of
its own (a SQLite file in a temporary folder), has a few simulated students talk to it
without pause, puts the model live again in the middle, keeps talking until the reload has
been over for a few seconds, then stops everything. It prints the replies that were not
200, the reply times (median, 95th percentile, the slowest, and the slowest while the model
was loading) and checks the tracker store: each student's conversation must hold exactly
the messages that student sent. Bounded (``--users``, at most 20) and loopback only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from bot import services, training
from bot.conversations import read_conversations
from bot.reload import TOKEN_VARIABLE, request_reload

MESSAGES = ("how much do sonographers make", "what certification do they need?",
            "and for CT technologists?", "how long is the program?", "thanks")
MAX_USERS = 20
# The channel's reply when a message could not be processed (utter_technical_problem): a
# 200 for the student's client, but a failed turn for this count.
TECHNICAL_PROBLEM = "something went wrong on my side"
NOT_PROCESSED = 598


@dataclass
class LoadResult:
    """What the simulated students saw, and what the tracker store kept."""

    sent: Dict[str, int] = field(default_factory=dict)
    statuses: List[int] = field(default_factory=list)
    latencies: List[Tuple[float, float]] = field(default_factory=list)  # (sent at, seconds)
    errors: List[str] = field(default_factory=list)
    failed_by_sender: Dict[str, int] = field(default_factory=dict)
    reload_window: Tuple[float, float] = (0.0, 0.0)
    reload_reply: Dict = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(1 for status in self.statuses if status != 200) + len(self.errors)

    def slowest_during_reload(self) -> float:
        start, end = self.reload_window
        during = [seconds for at, seconds in self.latencies if at + seconds >= start and at <= end]
        return max(during, default=0.0)


def _post(url: str, sender: str, message: str, timeout: float) -> int:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            replies = json.loads(reply.read() or b"null")
            if not isinstance(replies, list) or not replies:
                return 599
            if any(TECHNICAL_PROBLEM in (item.get("text") or "") for item in replies):
                return NOT_PROCESSED
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def load_while(url: str, reload: Callable[[], Dict], users: int = 5, after: float = 3.0,
               before: float = 2.0, timeout: float = 120.0,
               sender_prefix: str = "reload-load") -> LoadResult:
    """``users`` students talk to ``url`` without pause while ``reload()`` runs."""
    users = max(1, min(users, MAX_USERS))
    result = LoadResult()
    lock = threading.Lock()
    stop = threading.Event()

    def student(number: int) -> None:
        sender = f"{sender_prefix}-{number}"
        count = 0
        while not stop.is_set():
            message = MESSAGES[count % len(MESSAGES)]
            started = time.time()
            try:
                status = _post(url, sender, message, timeout)
            except OSError as error:
                with lock:
                    result.errors.append(f"{sender}: {error}")
                status = None
            count += 1
            with lock:
                result.sent[sender] = count
                if status != 200:
                    result.failed_by_sender[sender] = result.failed_by_sender.get(sender, 0) + 1
                if status is not None:
                    result.statuses.append(status)
                    result.latencies.append((started, time.time() - started))

    threads = [threading.Thread(target=student, args=(number,), daemon=True)
               for number in range(users)]
    for thread in threads:
        thread.start()
    time.sleep(before)
    started = time.time()
    result.reload_reply = reload()
    result.reload_window = (started, time.time())
    time.sleep(after)
    stop.set()
    for thread in threads:
        thread.join(timeout + 5)
    return result


def turns_kept(tracker_store_url: str, senders: Sequence[str]) -> Dict[str, int]:
    """How many messages the tracker store holds for each sender."""
    reading = read_conversations(tracker_store_url, senders=list(senders))
    return {conversation.sender_id: len(conversation.turns())
            for conversation in reading.conversations}


def summary(result: LoadResult, kept: Dict[str, int]) -> str:
    """Failures, reply times and lost turns, as text."""
    seconds = sorted(latency for _, latency in result.latencies)
    p95 = seconds[int(0.95 * (len(seconds) - 1))] if seconds else 0.0
    lost = {sender: (sent, kept.get(sender, 0)) for sender, sent in result.sent.items()
            if kept.get(sender, 0) != sent}
    lines = [
        f"reload: {result.reload_reply}",
        f"requests: {len(result.statuses) + len(result.errors)}, failed (not 200, or the "
        f"'something went wrong' reply): {result.failed}",
        f"reply time: median {statistics.median(seconds) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, slowest {seconds[-1] * 1000:.0f} ms, "
        f"slowest while the model loaded {result.slowest_during_reload() * 1000:.0f} ms"
        if seconds else "reply time: no replies",
        f"turns kept: {sum(kept.values())} of {sum(result.sent.values())} sent"
        + (f"; LOST in {lost}" if lost else " (every turn of every student)"),
    ]
    return "\n".join(lines)


def _rasa_put(url: str, token: str, model: Path) -> Dict:
    body = json.dumps({"model_file": str(model)}).encode()
    request = urllib.request.Request(f"{url}/model?token={token}", data=body, method="PUT",
                                     headers={"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as reply:
        return {"status": reply.status, "seconds": round(time.monotonic() - started, 1)}


def main(argv: Optional[List[str]] = None) -> int:
    """Run the measurement; exit 1 if a request failed or a turn was lost."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reload", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=5, help=f"students (at most {MAX_USERS})")
    parser.add_argument("--rasa-put", action="store_true",
                        help="reload with Rasa's PUT /model (HTTP API on, with a token) instead")
    args = parser.parse_args(argv)
    if not training.MODEL_PATH.exists():
        print("No model: run make train first.", file=sys.stderr)
        return 1

    folder = Path(tempfile.mkdtemp(prefix="reload-bench-"))
    environment = services.service_environment({
        "ACTION_PORT": str(services.free_port()), "RASA_PORT": str(services.free_port()),
        "RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_ADDRESS": "0",  # a load from one address
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
    })
    environment["ACTION_SERVER_URL"] = f"http://localhost:{environment['ACTION_PORT']}/webhook"
    url = f"http://127.0.0.1:{environment['RASA_PORT']}"
    actions = services.action_server(environment, folder / "actions.log")
    rasa = services.rasa_server(environment, training.MODEL_PATH, folder / "rasa.log")
    api_token = "bench-" + environment[TOKEN_VARIABLE][:16]
    if args.rasa_put:
        rasa.command += ["--enable-api", "--auth-token", api_token]
    started = []
    try:
        for service in (actions, rasa):
            service.start(environment)
            started.append(service)
            service.wait_until_healthy(timeout=300)
        if args.rasa_put:
            def reload() -> Dict:
                return _rasa_put(url, api_token, training.MODEL_PATH)
        else:
            def reload() -> Dict:
                status, reply = request_reload(url, environment[TOKEN_VARIABLE])
                return {"status": status, **reply}
        result = load_while(url, reload, users=args.users)
        kept = turns_kept(environment["TRACKER_STORE_URL"], list(result.sent))
        print(("Rasa's PUT /model" if args.rasa_put else "make reload")
              + f", {args.users} students talking without pause:")
        print(summary(result, kept))
        return 0 if result.failed == 0 and kept == result.sent else 1
    finally:
        for service in reversed(started):
            service.stop()


if __name__ == "__main__":
    sys.exit(main())
