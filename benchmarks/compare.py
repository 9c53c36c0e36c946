"""``make bench``: the assistant side by side with Rasa's own starter bot, in one run.

    python -m benchmarks.compare                     # 3 rounds, then training
    python -m benchmarks.compare --rounds 5 --no-training

The starter bot is what ``rasa init`` makes, built once with the project's own Rasa in
``build/starter-bot`` (kept for later runs) and served with ``rasa run``, as its README
says. Ours is what ``make run`` starts (``python -m bot.run``: the action server, Rasa with
its SQL tracker store, the web page). Both listen on free loopback ports and get the same
six messages through the REST channel.

Each round starts one bot, then the other (the order alternates from round to round, so
neither always runs on a warmer machine), and for each measures:

* cold start: from starting it to its first answer;
* 1 user: every message five times, one after the other (median and p95 reply time);
* 10 and 50 users at once, each sending the six messages twice (throughput, p95);
* resident memory after the load: the Rasa server alone, and everything started.

Then, unless ``--no-training``, each bot is trained once from scratch (an empty Rasa
cache), and ours again after a change to its stories only (the cache warm), as an
operator would. The report gives ours, the starter's and their ratio for each figure, the
ratio being the median over the rounds of each round's ratio. Bounded (at most 10 rounds,
50 users) and on the loopback interface only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from benchmarks.launcher import Launcher
from bot import services, training
from bot.settings import PROJECT_ROOT

MESSAGES = (
    "hello",
    "are you a bot?",
    "what does a sonographer do?",
    "how much do MRI techs make?",
    "I am feeling great",
    "goodbye",
)
SOLO_PASSES = 5  # 1 user: each message this many times
CROWD_PASSES = 2  # 10 and 50 users: each sends the messages this many times
CROWDS = (10, 50)
MAX_ROUNDS, MAX_USERS = 10, 50
STARTER_DIR = PROJECT_ROOT / "build" / "starter-bot"
RASA = [sys.executable, "-m", "rasa"]
# A story the project's data does not hold, for the retraining after a story-only change.
NEW_STORY = """
  - story: benchmark, a story-only change
    steps:
      - intent: greet
      - action: utter_greet
      - intent: thank
      - action: utter_you_are_welcome
"""


@dataclass
class Figures:
    """What one bot did in one round."""

    cold_start: float = 0.0
    solo: List[float] = field(default_factory=list)  # reply times, seconds
    crowds: Dict[int, List[float]] = field(default_factory=dict)
    crowd_seconds: Dict[int, float] = field(default_factory=dict)
    failures: int = 0
    rasa_mib: float = 0.0
    total_mib: float = 0.0

    def throughput(self, users: int) -> float:
        return len(self.crowds[users]) / self.crowd_seconds[users]


def p95(times: Sequence[float]) -> float:
    """The value 95% of ``times`` are at or below."""
    ordered = sorted(times)
    return ordered[int(0.95 * (len(ordered) - 1))]


# --- processes ---------------------------------------------------------------------------

def _children(pid: int) -> List[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def process_tree(pid: int) -> List[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    tree, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        tree.append(current)
        waiting += _children(current)
    return tree


def rss_mib(pids: Sequence[int]) -> float:
    """Resident memory of ``pids`` together, in MiB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def command_line(pid: int) -> List[str]:
    """The words of ``pid``'s command line (none if it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return []


def rasa_server(pid: int) -> Optional[int]:
    """The ``rasa run`` process in ``pid``'s tree (not the action server), if any."""
    for each in process_tree(pid):
        words = command_line(each)
        if "rasa" in " ".join(words) and "run" in words and "actions" not in words:
            return each
    return None


# --- talking -----------------------------------------------------------------------------

def ask(url: str, sender: str, message: str, timeout: float = 120) -> bool:
    """Sends one message; True when the bot processed it (HTTP 200 and a list of replies).

    The list may be empty: the starter bot has no reply for a message its NLU is unsure
    of (no ``utter_default``), which it still processed.
    """
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status == 200 and isinstance(json.loads(reply.read() or b"null"), list)
    except (OSError, ValueError):
        return False


def first_answer(url: str, started: float, alive: Callable[[], bool],
                 timeout: float = 600) -> float:
    """Seconds from ``started`` until the bot first answers (polling every 0.2 s)."""
    while time.monotonic() - started < timeout:
        if not alive():
            raise RuntimeError("the bot stopped before it answered")
        if ask(url, "cold-start", MESSAGES[0], timeout=10):
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError(f"no answer within {timeout:.0f} s")


def crowd(url: str, users: int, passes: int, prefix: str) -> tuple:
    """``users`` senders at once, each sending the messages ``passes`` times."""
    lock = threading.Lock()
    times: List[float] = []
    failures = [0]

    def user(number: int) -> None:
        for message in MESSAGES * passes:
            started = time.monotonic()
            answered = ask(url, f"{prefix}-{number}", message)
            with lock:
                times.append(time.monotonic() - started)
                failures[0] += not answered

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, time.monotonic() - started, failures[0]


def measure(url: str, started: float, alive: Callable[[], bool], root: int,
            label: str) -> Figures:
    """Every figure of one round for one running bot."""
    figures = Figures(cold_start=first_answer(url, started, alive))
    for message in MESSAGES:  # warm-up
        ask(url, f"{label}-warm", message)
    for message in MESSAGES * SOLO_PASSES:
        began = time.monotonic()
        figures.failures += not ask(url, f"{label}-solo", message)
        figures.solo.append(time.monotonic() - began)
    for users in CROWDS:
        times, seconds, failed = crowd(url, users, CROWD_PASSES, f"{label}-{users}")
        figures.crowds[users], figures.crowd_seconds[users] = times, seconds
        figures.failures += failed
    server = rasa_server(root)
    figures.rasa_mib = rss_mib(process_tree(server)) if server else 0.0
    figures.total_mib = rss_mib(process_tree(root))
    return figures


# --- the two bots ------------------------------------------------------------------------

def build_starter(folder: Path = STARTER_DIR) -> Path:
    """Rasa's starter bot (``rasa init``) in ``folder``, built once; its model's path."""
    models = sorted(folder.glob("models/*.tar.gz"))
    if models:
        return models[-1]
    if folder.exists():
        shutil.rmtree(folder)  # a build that did not finish
    folder.mkdir(parents=True)
    print(f"Building Rasa's starter bot in {folder} (once)...", flush=True)
    subprocess.run(RASA + ["init", "--no-prompt", "--init-dir", str(folder)], cwd=folder,
                   env=_rasa_environment(), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.STDOUT)
    return sorted(folder.glob("models/*.tar.gz"))[-1]


def _rasa_environment(**extra: str) -> Dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", **extra}


def run_starter(model: Path, label: str) -> Figures:
    """Starts the starter bot with ``rasa run`` as its README says, measures, stops it."""
    port = services.free_port()
    log = (STARTER_DIR / "bench.log").open("w")
    started = time.monotonic()
    process = subprocess.Popen(
        RASA + ["run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1"],
        cwd=STARTER_DIR, env=_rasa_environment(), stdout=log, stderr=subprocess.STDOUT)
    try:
        return measure(f"http://127.0.0.1:{port}/webhooks/rest/webhook", started,
                       lambda: process.poll() is None, process.pid, label)
    finally:
        process.send_signal(signal.SIGINT)
        _wait_or_kill(process)
        log.close()


def run_ours(label: str) -> Figures:
    """Starts what ``make run`` starts (``python -m bot.run``), measures, stops it."""
    with serving_ours() as (url, launcher, started):
        return measure(url, started, lambda: launcher.process.poll() is None,
                       launcher.process.pid, label)


@contextmanager
def serving_ours() -> Iterator[Tuple[str, Launcher, float]]:
    """``python -m bot.run`` on free loopback ports, a tracker store of its own, no limits.

    Yields the REST channel's address, the launcher and when it was started; stops it as
    Ctrl-C does.
    """
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    environment = services.service_environment({
        "RASA_PORT": str(services.free_port()), "ACTION_PORT": str(services.free_port()),
        "WEB_PORT": str(services.free_port()),
        "RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_ADDRESS": "0",  # one address
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
    })
    for name in ("ACTION_SERVER_URL", "RASA_PUBLIC_URL", "ALLOWED_ORIGINS"):
        environment.pop(name, None)
    started = time.monotonic()
    launcher = Launcher(environment)
    try:
        yield (f"http://127.0.0.1:{environment['RASA_PORT']}/webhooks/rest/webhook", launcher,
               started)
    finally:
        launcher.process.send_signal(signal.SIGINT)
        _wait_or_kill(launcher.process)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_or_kill(process: subprocess.Popen) -> None:
    try:
        process.wait(120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- training ----------------------------------------------------------------------------

def timed_training(project: Path, cache: Path, out: Path) -> float:
    """Seconds ``rasa train`` takes in ``project`` with the Rasa cache in ``cache``."""
    started = time.monotonic()
    subprocess.run(RASA + ["train", "--out", str(out), "--fixed-model-name", "bench"],
                   cwd=project, env=_rasa_environment(RASA_CACHE_DIRECTORY=str(cache)),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return time.monotonic() - started


def training_figures() -> Dict[str, float]:
    """From-scratch training of both bots, and ours after a story-only change."""
    with tempfile.TemporaryDirectory(prefix="bench-train-") as folder:
        root = Path(folder)
        ours = root / "ours"
        ours.mkdir()
        for name in ("config.yml", "domain.yml", "credentials.yml", "endpoints.yml"):
            shutil.copy(PROJECT_ROOT / name, ours / name)
        shutil.copytree(PROJECT_ROOT / "data", ours / "data")
        (ours / "bot").symlink_to(PROJECT_ROOT / "bot")  # its custom NLU components
        (ours / "build").symlink_to(PROJECT_ROOT / "build")  # its spaCy pipeline
        starter = root / "starter"
        shutil.copytree(STARTER_DIR, starter, ignore=shutil.ignore_patterns("models", ".rasa"))
        figures = {"starter": timed_training(starter, root / "cache-starter", root / "out"),
                   "ours": timed_training(ours, root / "cache-ours", root / "out")}
        with (ours / "data" / "stories" / "questions.yml").open("a") as stories:
            stories.write(NEW_STORY)
        figures["ours, a story-only change"] = timed_training(ours, root / "cache-ours",
                                                              root / "out")
        return figures


# --- the report --------------------------------------------------------------------------

def _ratio(ours: List[float], starter: List[float]) -> float:
    return statistics.median(o / s for o, s in zip(ours, starter, strict=True) if s)


def report(rounds: List[Dict[str, Figures]], trained: Optional[Dict[str, float]]) -> str:
    """The table: ours, the starter's (medians over the rounds) and the median ratio."""
    rows = [
        ("1 user, median reply (ms)", lambda f: statistics.median(f.solo) * 1000),
        ("1 user, p95 reply (ms)", lambda f: p95(f.solo) * 1000),
    ]
    for users in CROWDS:
        rows += [(f"{users} users, throughput (messages/s)",
                  lambda f, u=users: f.throughput(u)),
                 (f"{users} users, p95 reply (ms)", lambda f, u=users: p95(f.crowds[u]) * 1000)]
    rows += [("memory, Rasa server (MiB)", lambda f: f.rasa_mib),
             ("memory, everything started (MiB)", lambda f: f.total_mib),
             ("cold start to first answer (s)", lambda f: f.cold_start)]
    lines = [f"{len(rounds)} rounds; ours / starter, median of each round's ratio",
             f"{'measure':38} {'ours':>10} {'starter':>10} {'ratio':>7}"]
    for name, value in rows:
        ours = [value(r["ours"]) for r in rounds]
        starter = [value(r["starter"]) for r in rounds]
        lines.append(f"{name:38} {statistics.median(ours):10.1f} "
                     f"{statistics.median(starter):10.1f} {_ratio(ours, starter):7.2f}")
    failures = {bot: sum(r[bot].failures for r in rounds) for bot in ("ours", "starter")}
    lines.append(f"messages not processed: ours {failures['ours']}, "
                 f"starter {failures['starter']}")
    if trained:
        lines.append(f"{'training from scratch (s)':38} {trained['ours']:10.0f} "
                     f"{trained['starter']:10.0f} {trained['ours'] / trained['starter']:7.2f}")
        lines.append(f"{'ours, after a story-only change (s)':38} "
                     f"{trained['ours, a story-only change']:10.0f}")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    """The rounds, then the training figures, then the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help=f"at most {MAX_ROUNDS}")
    parser.add_argument("--no-training", action="store_true",
                        help="skip the training figures (several minutes)")
    args = parser.parse_args(argv)
    training.train_if_stale()
    starter_model = build_starter()
    rounds: List[Dict[str, Figures]] = []
    for number in range(max(1, min(args.rounds, MAX_ROUNDS))):
        order = ("ours", "starter") if number % 2 == 0 else ("starter", "ours")
        figures = {}
        for bot in order:
            print(f"round {number + 1}: {bot}...", flush=True)
            figures[bot] = (run_ours(f"r{number}") if bot == "ours"
                            else run_starter(starter_model, f"r{number}"))
        rounds.append(figures)
    trained = None if args.no_training else training_figures()
    print(report(rounds, trained))
    return 0


if __name__ == "__main__":
    sys.exit(main())
