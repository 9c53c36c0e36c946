"""The advisors' command: `make shell` opens rasa shell, which answers like the REST channel."""

import os
import pty
import select
import signal
import time

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

    def read_until(self, text: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
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
            if text in self.output:
                return True
        return False

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
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
        # An advisor marks the answer unhelpful, as the web page's "No" does.
        terminal.type('/feedback{"helpful": "no"}')
        assert terminal.read_until(b"Sorry that didn", 60), terminal.output[-2000:]
        terminal.type("/stop")
        terminal.read_until(b"Killing Sanic server", 30)
    finally:
        terminal.close()


def test_operators_teach_with_interactive_learning(bot, tmp_path):
    environment = {**bot.environment, "SHELL_PORT": str(free_port()), "TERM": "xterm"}
    terminal = Terminal(["make", "--no-print-directory", "interactive"], environment)
    try:
        assert terminal.read_until(b"Your input ->", 300), terminal.output[-3000:]
        terminal.type("how much do sonographers make?")
        # Rasa asks the operator to confirm what the model understood.
        assert terminal.read_until(b"ask_pay", 120), terminal.output[-3000:]
        assert b"Is this correct?" in terminal.output or terminal.read_until(
            b"correct", 30), terminal.output[-3000:]
    finally:
        terminal.close()
