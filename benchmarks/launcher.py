"""``python -m bot.run`` as a child process, its output read as it comes (so it never blocks)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from typing import Callable, Dict, List

from bot.settings import PROJECT_ROOT


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Polls ``condition`` until it holds or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


class Launcher:
    """``python -m bot.run [arguments]`` (what ``make run`` runs), with its output kept."""

    def __init__(self, environment: Dict[str, str], *arguments: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "bot.run", *arguments],
                                        cwd=PROJECT_ROOT, env=environment,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        self.lines: List[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_until_running(self, timeout: float) -> bool:
        """True once it says the assistant is running; False if it stopped or took too long."""
        wait_for(lambda: "Press Ctrl-C to stop" in self.output or self.process.poll() is not None,
                 timeout)
        return "The assistant is running" in self.output and self.process.poll() is None
