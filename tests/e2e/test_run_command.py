"""`make run`'s launcher: it starts the servers and the page, says where, starts again a server
that crashes, and Ctrl-C stops them all."""

import json
import os
import signal
import urllib.error
import urllib.request
from pathlib import Path
from typing import List

import pytest

from benchmarks.launcher import Launcher, wait_for
from tests.e2e.conftest import free_port, post_message

pytestmark = pytest.mark.e2e


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def processes_with(*words: str) -> List[int]:
    """The ids of the processes whose command line holds all ``words``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if all(word in command for word in words):
            found.append(int(entry.name))
    return found


def _ask(rasa_url: str, sender: str, message: str):
    status, replies, _ = post_message(rasa_url, sender, message, timeout=60)
    return status, replies


def test_run_starts_the_servers_restarts_a_crashed_one_and_ctrl_c_stops_them(
        bot, facts, tmp_path):
    environment = {key: value for key, value in bot.environment.items()
                   if key not in ("RASA_PUBLIC_URL", "ALLOWED_ORIGINS")}
    environment.update({"RASA_PORT": str(free_port()), "ACTION_PORT": str(free_port()),
                        "WEB_PORT": str(free_port()),
                        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
                        "RATE_LIMIT_PER_SENDER": "4/60", "RATE_LIMIT_PER_ADDRESS": "300/60"})
    environment["ACTION_SERVER_URL"] = f"http://localhost:{environment['ACTION_PORT']}/webhook"
    rasa_url = f"http://localhost:{environment['RASA_PORT']}/"
    actions_url = f"http://localhost:{environment['ACTION_PORT']}/health"
    page_url = f"http://localhost:{environment['WEB_PORT']}/"
    launcher = Launcher(environment)
    try:
        assert wait_for(lambda: "Press Ctrl-C to stop" in launcher.output
                        or launcher.process.poll() is not None, 300), launcher.output[-3000:]
        assert "The assistant is running" in launcher.output, launcher.output[-3000:]
        assert f"Students' web page: {page_url}" in launcher.output
        assert answers(rasa_url) and answers(actions_url) and answers(page_url)

        # One conversation sending faster than its limit (4 a minute here) gets a clear 429;
        # another conversation is answered meanwhile.
        for _ in range(4):
            assert _ask(rasa_url, "flood", "hi")[0] == 200
        status, reply, headers = post_message(rasa_url, "flood", "hi")
        assert status == 429 and "at most 4 a minute" in reply["error"]
        assert int(headers["Retry-After"]) >= 1
        assert _ask(rasa_url, "calm", "hi")[0] == 200
        status, reply, _ = post_message(rasa_url, "big", "x" * 70_000)
        assert status == 413 and "too large" in reply["error"]

        # The action server crashes: the student in the middle of it gets a clear reply...
        [actions] = processes_with("run", "actions", "--port", environment["ACTION_PORT"])
        os.killpg(actions, signal.SIGKILL)
        assert wait_for(lambda: not answers(actions_url), 10)
        status, replies = _ask(rasa_url, "crash", "how much do sonographers make?")
        assert status == 200 and "something went wrong" in json.dumps(replies).lower()
        # The error in the Rasa server's log names the conversation and the message.
        assert wait_for(lambda: any("[sender=crash message=" in line and "ERROR" in line
                                    for line in launcher.lines), 10), launcher.output[-3000:]
        # ... the launcher starts it again, and the next message is answered normally.
        assert wait_for(lambda: answers(actions_url), 120), launcher.output[-3000:]
        assert "The action server stopped unexpectedly (exit code -9)" in launcher.output
        status, replies = _ask(rasa_url, "crash", "how much do sonographers make?")
        assert facts.pay_said("sonographer") in json.dumps(replies)
        assert wait_for(lambda: "The action server is back (restart 1)." in launcher.output, 10)

        # The web page crashes too: it comes back; the Rasa server went on throughout.
        [page] = processes_with("bot.web", "--port", environment["WEB_PORT"])
        os.killpg(page, signal.SIGKILL)
        assert wait_for(lambda: "The web page stopped unexpectedly" in launcher.output, 10)
        assert wait_for(lambda: answers(page_url), 60), launcher.output[-3000:]
        assert launcher.process.poll() is None

        launcher.process.send_signal(signal.SIGINT)
        assert launcher.process.wait(60) == 0
        assert not answers(rasa_url) and not answers(actions_url) and not answers(page_url)
    finally:
        if launcher.process.poll() is None:
            launcher.process.kill()
