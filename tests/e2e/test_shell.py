"""The advisors' command: `make shell` opens rasa shell, which answers like the REST channel."""

import os
import pty
import select
import signal
import time
import urllib.request

import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e


class Terminal:
    """A command on a pseudo-terminal, read until a text appears."""

    def __init__(self, command, environment):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the command
            os.chdir(PROJECT_ROOT)
            os.execvpe(command[0], command, environment)
        self.output = b""

    def read_until(self, text: bytes, timeout: float, count: int = 1) -> bool:
        """Reads until ``text`` has appeared ``count`` times in all the output."""
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            if time.monotonic() > deadline:
                return False
            ready, _, _ = select.select([self.fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            self.output += chunk
        return True

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def close(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGTERM)  # the terminal's whole session, as on hang-up
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                return
            time.sleep(0.2)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def test_advisor_shell_answers_a_question(bot, facts, tmp_path):
    environment = {**bot.environment, "SHELL_PORT": str(free_port()),
                   "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'shell-tracker.db'}",
                   "TERM": "xterm"}
    terminal = Terminal(["make", "--no-print-directory", "shell"], environment)
    try:
        assert terminal.read_until(b"Your input ->", 300), terminal.output[-2000:]
        terminal.type("how much do sonographers make?")
        expected = facts.pay_said("sonographer").encode()
        assert terminal.read_until(expected, 60), terminal.output[-2000:]
        # An advisor marks the answer unhelpful, as the web page's "No" does: first leave the
        # answer's list of buttons ("Type out your own message...", the last: Up wraps to it).
        assert terminal.read_until(b"Type out your own message", 30), terminal.output[-2000:]
        seen = terminal.output.count(b"Your input ->")
        os.write(terminal.fd, b"\x1b[A\r")
        assert terminal.read_until(b"Your input ->", 30, count=seen + 1), terminal.output[-2000:]
        terminal.type('/feedback{"helpful": "no"}')
        assert terminal.read_until(b"Sorry that didn", 60), terminal.output[-2000:]
        terminal.type("/stop")
        terminal.read_until(b"Killing Sanic server", 30)
    finally:
        terminal.close()


def test_operators_teach_with_interactive_learning(bot, tmp_path):
    action_port = str(free_port())  # its own action server, which it must stop at the end
    environment = {**bot.environment, "SHELL_PORT": str(free_port()), "TERM": "xterm",
                   "ACTION_PORT": action_port,
                   "ACTION_SERVER_URL": f"http://localhost:{action_port}/webhook"}
    terminal = Terminal(["make", "--no-print-directory", "interactive"], environment)
    try:
        assert terminal.read_until(b"Your input ->", 300), terminal.output[-3000:]
        terminal.type("how much do sonographers make?")
        # Rasa asks the operator to confirm what the model understood.
        assert terminal.read_until(b"labeled correctly?", 120), terminal.output[-3000:]
        assert b"ask_pay" in terminal.output, terminal.output[-3000:]
    finally:
        terminal.close()
    assert not _answers(f"http://localhost:{action_port}/health"), "the action server was left"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False
