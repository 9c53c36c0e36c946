"""``make profile``: where a turn's time goes with 10 students at once.

    python -m benchmarks.profile                     # 30 s of samples
    python -m benchmarks.profile --seconds 60 --keep var/profile

Starts what ``make run`` starts (as ``make bench`` does), has 10 students send the
benchmark's messages over and over, and samples the Rasa server and the action server
with py-spy (100 times a second, the threads running at that moment) for ``--seconds``.
It prints, for each server, the share of its busy samples spent in each part of a turn
(a sample counts for every part on its stack, so the shares overlap: the NLU pipeline
includes spaCy and DIET) and the functions most often at the top of the stack. With
``--keep`` the raw samples are kept (py-spy's collapsed stacks, one file per server).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from benchmarks.compare import (
    command_line,
    crowd,
    first_answer,
    process_tree,
    rasa_server,
    serving_ours,
)

USERS = 10
MAX_SECONDS = 300
PY_SPY = Path(sys.executable).with_name("py-spy")

# (part of a turn, what its frames' files hold), most specific first.
RASA_PARTS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("REST channel (ours: limits, size cap, store check)", ("bot/channels.py",)),
    ("NLU pipeline, all of it", ("rasa/nlu/", "bot/nlu/", "spacy/")),
    ("  spaCy (tokens, vectors, entity patterns)", ("spacy/", "thinc/")),
    ("  sparse featurizers (count vectors, regex, lexical)",
     ("rasa/nlu/featurizers/sparse_featurizer/",)),
    ("  DIET classifier (TensorFlow)", ("rasa/nlu/classifiers/diet_classifier.py",)),
    ("  the project's components (entities, topic words)", ("bot/nlu/",)),
    ("dialogue policies (TED, rules, memoization)", ("rasa/core/policies/",)),
    ("  TensorFlow", ("tensorflow/", "keras/")),
    ("tracker store reads and writes (SQL)", ("rasa/core/tracker_store.py", "bot/trackers.py")),
    ("  SQLAlchemy and the database driver", ("sqlalchemy/",)),
    ("lock store", ("rasa/core/lock_store.py", "bot/locks.py")),
    ("action round trip (request and reply)", ("rasa/utils/endpoints.py", "aiohttp/")),
    ("events and trackers to and from JSON", ("rasa/shared/core/events.py",
                                              "rasa/shared/core/trackers.py", "json/")),
    ("HTTP server (Sanic)", ("sanic/",)),
)
ACTION_PARTS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("the answers (bot.answers, the registry)", ("bot/answers/", "bot/questions.py")),
    ("knowledge-base queries (SQLAlchemy)", ("sqlalchemy/", "bot/kb/")),
    ("the actions (actions/)", ("actions/",)),
    ("reading the tracker Rasa sends (rasa_sdk)", ("rasa_sdk/interfaces.py",
                                                  "rasa_sdk/executor.py")),
    ("JSON", ("json/",)),
    ("HTTP server (Sanic)", ("sanic/",)),
)


def read_samples(path: Path) -> Counter:
    """py-spy's raw output: each distinct stack (root first) and how often it was seen."""
    samples: Counter = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples[tuple(stack.split(";"))] += int(count)
    return samples


Parts = Sequence[Tuple[str, Tuple[str, ...]]]


def shares(samples: Counter, parts: Parts) -> List[Tuple[str, float]]:
    """The share of all samples whose stack passes through each part."""
    total = sum(samples.values()) or 1
    found = []
    for name, files in parts:
        hits = sum(count for stack, count in samples.items()
                   if any(any(f in frame for f in files) for frame in stack))
        found.append((name, hits / total))
    return found


def top_functions(samples: Counter, count: int = 8) -> List[Tuple[str, float]]:
    """The frames most often at the top of the stack (where the time is spent itself)."""
    total = sum(samples.values()) or 1
    leaves: Counter = Counter()
    for stack, hits in samples.items():
        leaves[stack[-1]] += hits
    return [(frame, hits / total) for frame, hits in leaves.most_common(count)]


def render(title: str, samples: Counter, parts: Parts) -> str:
    """One server's report."""
    lines = [f"{title}: {sum(samples.values())} samples of busy threads"]
    lines += [f"  {share:6.1%}  {name}" for name, share in shares(samples, parts)]
    lines.append("  most often on top of the stack:")
    lines += [f"  {share:6.1%}  {frame[:100]}" for frame, share in top_functions(samples)]
    return "\n".join(lines)


def action_server(root: int) -> Optional[int]:
    """The ``rasa run actions`` process in ``root``'s tree."""
    for pid in process_tree(root):
        words = command_line(pid)
        if "run" in words and "actions" in words:
            return pid
    return None


def main(argv: Optional[List[str]] = None) -> int:
    """Serve, load, sample, report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30, help=f"at most {MAX_SECONDS}")
    parser.add_argument("--keep", type=Path, help="a folder to keep the raw samples in")
    args = parser.parse_args(argv)
    seconds = max(5, min(args.seconds, MAX_SECONDS))
    folder = Path(tempfile.mkdtemp(prefix="profile-"))
    try:
        with serving_ours() as (url, launcher, started):
            first_answer(url, started, lambda: launcher.process.poll() is None)
            crowd(url, 1, 1, "profile-warm")  # one conversation first, to warm up
            servers: Dict[str, Optional[int]] = {
                "Rasa server": rasa_server(launcher.process.pid),
                "action server": action_server(launcher.process.pid)}
            samplers = {name: subprocess.Popen(
                [str(PY_SPY), "record", "--pid", str(pid), "--duration", str(seconds),
                 "--rate", "100", "--format", "raw", "--nolineno", "--nonblocking",
                 "--output", str(folder / f"{name.split()[0].lower()}.txt")],
                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
                for name, pid in servers.items() if pid}
            done = threading.Event()
            sent: List[int] = []

            def students() -> None:
                while not done.is_set():
                    times, _, _ = crowd(url, USERS, 1, f"profile-{len(sent)}")
                    sent.append(len(times))

            talking = threading.Thread(target=students, daemon=True)
            talking.start()
            for sampler in samplers.values():
                sampler.wait(seconds + 60)
            done.set()
            talking.join(120)
        print(f"{USERS} students at once for {seconds} s: {sum(sent)} messages answered")
        for name, parts in (("Rasa server", RASA_PARTS), ("action server", ACTION_PARTS)):
            path = folder / f"{name.split()[0].lower()}.txt"
            if path.is_file():
                print(render(name, read_samples(path), parts))
            else:
                print(f"{name}: no samples (py-spy could not attach)")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for path in folder.glob("*.txt"):
                shutil.copy(path, args.keep / path.name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
