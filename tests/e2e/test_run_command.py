"""`make run`'s launcher: it starts the servers and the page, says where, and Ctrl-C stops them."""

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def test_run_starts_the_servers_and_the_page_and_ctrl_c_stops_them(bot, tmp_path):
    environment = {key: value for key, value in bot.environment.items()
                   if key not in ("RASA_PUBLIC_URL", "ALLOWED_ORIGINS")}
    environment.update({"RASA_PORT": str(free_port()), "ACTION_PORT": str(free_port()),
                        "WEB_PORT": str(free_port()),
                        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}"})
    environment["ACTION_SERVER_URL"] = f"http://localhost:{environment['ACTION_PORT']}/webhook"
    rasa_url = f"http://localhost:{environment['RASA_PORT']}/"
    actions_url = f"http://localhost:{environment['ACTION_PORT']}/health"
    page_url = f"http://localhost:{environment['WEB_PORT']}/"
    launcher = subprocess.Popen([sys.executable, "-m", "bot.run"], cwd=PROJECT_ROOT,
                                env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = launcher.stdout.readline()
            lines.append(line)
            if "Press Ctrl-C to stop" in line or launcher.poll() is not None:
                break
        assert "The assistant is running" in "".join(lines), "".join(lines[-40:])
        assert f"Students' web page: {page_url}" in "".join(lines)
        assert answers(rasa_url) and answers(actions_url) and answers(page_url)
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(60) == 0
        assert not answers(rasa_url) and not answers(actions_url) and not answers(page_url)
    finally:
        if launcher.poll() is None:
            launcher.kill()
