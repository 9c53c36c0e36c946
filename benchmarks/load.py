"""``make load``: many students at once, against ``make run`` and ``make run-scaled``.

    python -m benchmarks.load                       # both, 50 students x 20 messages
    python -m benchmarks.load --mode scaled --users 20 --turns 10

For each mode it starts the launcher (``python -m bot.run``, or ``--scaled``) on free
loopback ports with a tracker store of its own (a SQLite file; for the scaled deployment,
PostgreSQL databases created for the run and dropped after it), waits until the assistant
is running, and has ``--users`` students each hold a conversation of ``--turns`` messages,
one message after the other without pause, all at once. Then it checks the tracker store
(each student's conversation holds exactly the messages that student sent), prints the
errors, the throughput and the reply times, and stops the launcher as Ctrl-C does.

Bounded (at most 100 students and 50 messages each) and on the loopback interface only;
the rate limits are switched off for the run, since every student comes from one address.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from benchmarks.launcher import Launcher
from benchmarks.reload import NOT_PROCESSED, TECHNICAL_PROBLEM, turns_kept
from bot import services

MAX_USERS, MAX_TURNS = 100, 50
CONVERSATION = (
    "hi",
    "what does a sonographer do?",
    "how much do they make?",
    "what certification do they need?",
    "and for CT techs?",
    "how long is the program?",
    "ct vs mri",
    "which one pays more?",
    "where do nuclear medicine techs work",
    "thanks",
)


@dataclass
class LoadRun:
    """What the students saw."""

    mode: str
    seconds: float = 0.0
    latencies: List[float] = field(default_factory=list)
    failures: Dict[str, int] = field(default_factory=dict)  # status or error -> count
    sent: Dict[str, int] = field(default_factory=dict)
    kept: Dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def summary(self) -> str:
        seconds = sorted(self.latencies)
        p95 = seconds[int(0.95 * (len(seconds) - 1))] if seconds else 0.0
        total = sum(self.sent.values())
        lost = {sender: (sent, self.kept.get(sender, 0)) for sender, sent in self.sent.items()
                if self.kept.get(sender, 0) != sent}
        return "\n".join([
            f"{self.mode}: {len(self.sent)} students, {total} messages in {self.seconds:.0f} s "
            f"({total / self.seconds:.1f} messages/s)" if self.seconds else self.mode,
            f"  failed: {self.failed}" + (f" {self.failures}" if self.failures else ""),
            f"  reply time: median {statistics.median(seconds) * 1000:.0f} ms, p95 "
            f"{p95 * 1000:.0f} ms, slowest {seconds[-1] * 1000:.0f} ms" if seconds else "",
            f"  tracker store: {sum(self.kept.values())} of {total} turns kept"
            + (f"; WRONG for {lost}" if lost else ", each conversation exactly its own"),
        ])


def _post(url: str, sender: str, message: str) -> int:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=180) as reply:
            replies = json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code
    if any(TECHNICAL_PROBLEM in (item.get("text") or "") for item in replies or []):
        return NOT_PROCESSED
    return 200


def talk(url: str, users: int, turns: int, run: LoadRun) -> None:
    """``users`` students, each ``turns`` messages, all at once."""
    lock = threading.Lock()
    prefix = f"load-{uuid.uuid4().hex[:6]}"

    def student(number: int) -> None:
        sender = f"{prefix}-{number}"
        for turn in range(turns):
            started = time.monotonic()
            try:
                status: object = _post(url, sender, CONVERSATION[turn % len(CONVERSATION)])
            except OSError as error:
                status = type(error).__name__
            with lock:
                run.sent[sender] = turn + 1
                run.latencies.append(time.monotonic() - started)
                if status != 200:
                    run.failures[str(status)] = run.failures.get(str(status), 0) + 1

    threads = [threading.Thread(target=student, args=(number,)) for number in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started


def _drop_databases(server: str, names: List[str]) -> None:
    """Drops the databases the scaled run created (``make run-scaled`` creates them)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{server}/postgres", future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for name in names:  # generated names
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def load(mode: str, users: int, turns: int) -> LoadRun:
    """One run against ``make run`` (mode ``run``) or ``make run-scaled`` (``scaled``)."""
    folder = Path(tempfile.mkdtemp(prefix=f"load-{mode}-"))
    environment = services.service_environment({
        "RASA_PORT": str(services.free_port()), "ACTION_PORT": str(services.free_port()),
        "WEB_PORT": str(services.free_port()),
        "RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_ADDRESS": "0",  # one address
    })
    for name in ("ACTION_SERVER_URL", "RASA_PUBLIC_URL", "ALLOWED_ORIGINS"):
        environment.pop(name, None)
    databases: List[str] = []
    server = ""
    if mode == "scaled":
        from bot.scaled import DEFAULTS

        suffix = uuid.uuid4().hex[:8]
        databases = [f"load_tracker_{suffix}", f"load_knowledge_{suffix}"]
        server = DEFAULTS["TRACKER_STORE_URL"].rsplit("/", 1)[0]
        environment.update({"TRACKER_STORE_URL": f"{server}/{databases[0]}",
                            "DATABASE_URL": f"{server}/{databases[1]}"})
    else:
        environment["TRACKER_STORE_URL"] = f"sqlite:///{folder / 'tracker.db'}"
    run = LoadRun("make run-scaled" if mode == "scaled" else "make run")
    launcher = Launcher(environment, *(["--scaled"] if mode == "scaled" else []))
    try:
        if not launcher.wait_until_running(600):
            raise RuntimeError(f"{run.mode} did not start:\n{launcher.output[-3000:]}")
        talk(f"http://127.0.0.1:{environment['RASA_PORT']}", users, turns, run)
        run.kept = turns_kept(environment["TRACKER_STORE_URL"], list(run.sent))
    finally:
        launcher.process.send_signal(signal.SIGINT)
        try:
            launcher.process.wait(120)
        except Exception:  # noqa: BLE001 - it is stopped either way
            launcher.process.kill()
        if databases:
            _drop_databases(server, databases)
    return run


def main(argv: Optional[List[str]] = None) -> int:
    """Run the load; exit 1 if a message failed or a conversation is not exactly kept."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["run", "scaled", "both"], default="both")
    parser.add_argument("--users", type=int, default=50, help=f"at most {MAX_USERS}")
    parser.add_argument("--turns", type=int, default=20, help=f"at most {MAX_TURNS}")
    args = parser.parse_args(argv)
    users, turns = max(1, min(args.users, MAX_USERS)), max(1, min(args.turns, MAX_TURNS))
    status = 0
    for mode in (["run", "scaled"] if args.mode == "both" else [args.mode]):
        run = load(mode, users, turns)
        print(run.summary(), flush=True)
        if run.failed or run.kept != run.sent:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
