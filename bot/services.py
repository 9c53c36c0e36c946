"""Start and stop the action server, the Rasa server and the web page as child processes.

Used by ``make run`` / ``make shell`` (``bot.run``) and by the end-to-end tests, so both
start the servers the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from bot import reload, settings
from bot.settings import PROJECT_ROOT

# Rasa's HTTP API (conversations, model, parse...) is off unless this token is set; every API
# request must then carry it. It reads and changes any conversation, so students never get it.
API_TOKEN = "RASA_API_TOKEN"
MIN_API_TOKEN_CHARS = 16

def service_environment(overrides: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The environment for Rasa and the action server, with every default filled in."""
    environment = dict(os.environ)
    environment.update(overrides or {})
    action_port = environment.setdefault("ACTION_PORT", "5055")
    environment.setdefault("RASA_PORT", "5005")
    environment.setdefault("SHELL_PORT", "5006")  # rasa shell's own server, beside `make run`
    web_port = environment.setdefault("WEB_PORT", "8080")
    environment.setdefault("RASA_PUBLIC_URL", f"http://localhost:{environment['RASA_PORT']}")
    # Browsers may call the Rasa server from the project's own page, and from nowhere else
    # unless the operator says so.
    environment.setdefault("ALLOWED_ORIGINS",
                           f"http://localhost:{web_port} http://127.0.0.1:{web_port}")
    environment.setdefault("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook")
    environment.setdefault("TRACKER_STORE_URL",
                           f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}")
    environment.setdefault("DATABASE_URL", settings.database_url())
    environment["RASA_TELEMETRY_ENABLED"] = "false"
    (PROJECT_ROOT / "var").mkdir(exist_ok=True)
    if not environment.get(reload.TOKEN_VARIABLE):
        environment[reload.TOKEN_VARIABLE] = reload.operator_token(create=True)
    return environment


def free_port() -> int:
    """A TCP port free on the loopback interface now (for tests and benchmarks)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def action_server_command(environment: Dict[str, str]) -> List[str]:
    """``rasa run actions`` on the configured port."""
    return [sys.executable, "-m", "rasa", "run", "actions", "--actions", "actions",
            "--port", environment["ACTION_PORT"]]


def api_token(environment: Dict[str, str]) -> str:
    """The token that turns Rasa's HTTP API on, or "" to keep it off.

    Raises ``ValueError`` for a token too weak to guard every conversation.
    """
    token = environment.get(API_TOKEN, "").strip()
    if token and (len(token) < MIN_API_TOKEN_CHARS or any(c.isspace() for c in token)):
        raise ValueError(
            f"{API_TOKEN} must be at least {MIN_API_TOKEN_CHARS} characters, without spaces "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(32))' makes one), or "
            "empty to keep Rasa's HTTP API off.")
    return token


def rasa_server_command(environment: Dict[str, str], model: Path) -> List[str]:
    """``rasa run`` with the REST channel; Rasa's HTTP API only with a token (``api_token``)."""
    command = [sys.executable, "-m", "rasa", "run", "--model", str(model),
               "--port", environment["RASA_PORT"], "--credentials", "credentials.yml",
               "--endpoints", "endpoints.yml"]
    token = api_token(environment)
    if token:  # every API request must then carry ?token=...
        command += ["--enable-api", "--auth-token", token]
    origins = environment.get("ALLOWED_ORIGINS", "").split()
    if origins:
        command += ["--cors", *origins]
    return command


@dataclass
class Service:
    """A child process and the URL that answers when it is ready."""

    name: str
    command: List[str]
    health_url: str
    log_path: Optional[Path] = None
    process: Optional[subprocess.Popen] = field(default=None, repr=False)

    def start(self, environment: Dict[str, str]) -> None:
        output = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command, cwd=PROJECT_ROOT, env=environment, stdout=output,
            stderr=subprocess.STDOUT if output else None, start_new_session=True,
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as reply:
                return reply.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_until_healthy(self, timeout: float) -> None:
        """Block until the service answers; raise if it exits or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.healthy():
                return
            if not self.running():
                raise RuntimeError(f"{self.name} exited with code {self.process.returncode}"
                                   + (f"; see {self.log_path}" if self.log_path else ""))
            time.sleep(0.5)
        raise TimeoutError(f"{self.name} did not answer {self.health_url} within {timeout:.0f} s")

    def stop(self, timeout: float = 15) -> None:
        """Stop the process group (SIGTERM, then SIGKILL)."""
        if not self.running():
            return
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


def action_server(environment: Dict[str, str], log_path: Optional[Path] = None) -> Service:
    """The action server as a service."""
    return Service("action server", action_server_command(environment),
                   f"http://localhost:{environment['ACTION_PORT']}/health", log_path)


def rasa_server(environment: Dict[str, str], model: Path,
                log_path: Optional[Path] = None) -> Service:
    """The Rasa server on ``model`` as a service."""
    return Service("Rasa server", rasa_server_command(environment, model),
                   f"http://localhost:{environment['RASA_PORT']}/", log_path)


def web_server(environment: Dict[str, str], log_path: Optional[Path] = None) -> Service:
    """The students' web page (``bot.web``) as a service."""
    command = [sys.executable, "-m", "bot.web", "--port", environment["WEB_PORT"],
               "--rasa-url", environment["RASA_PUBLIC_URL"]]
    return Service("web page", command, f"http://localhost:{environment['WEB_PORT']}/health",
                   log_path)


class Supervisor:
    """Starts again any of ``services`` that has stopped, waiting longer each time it repeats.

    A service that stops is started again after ``FIRST_DELAY`` seconds; if it stops again
    before it has run for ``STABLE_AFTER`` seconds, the delay doubles, up to ``MAX_DELAY``.
    Each stop and each return is a line on standard error, with the time.
    """

    FIRST_DELAY = 1.0
    MAX_DELAY = 60.0
    STABLE_AFTER = 60.0

    def __init__(self, services: List[Service], environment: Dict[str, str],
                 clock=time.monotonic, say=None) -> None:
        self._environment = environment
        self._clock = clock
        self._say = say or (lambda line: print(
            f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", file=sys.stderr, flush=True))
        self._watched = [_Watched(service, self.FIRST_DELAY) for service in services]

    def check(self) -> None:
        """One round: notice stops, start what is due, note what has come back."""
        now = self._clock()
        for watched in self._watched:
            service = watched.service
            if service.running():
                if watched.restarting and service.healthy():
                    watched.restarting = False
                    self._say(f"The {service.name} is back (restart {watched.restarts}).")
                if now - watched.started_at >= self.STABLE_AFTER:
                    watched.delay = self.FIRST_DELAY
                continue
            if watched.due is None:
                code = service.process.returncode if service.process else None
                watched.due = now + watched.delay
                self._say(f"The {service.name} stopped unexpectedly (exit code {code}); "
                          f"starting it again in {watched.delay:.0f} s.")
                watched.delay = min(watched.delay * 2, self.MAX_DELAY)
            elif now >= watched.due:
                watched.due = None
                watched.restarts += 1
                watched.restarting = True
                watched.started_at = now
                service.start(self._environment)


@dataclass
class _Watched:
    service: Service
    delay: float
    due: Optional[float] = None
    restarts: int = 0
    restarting: bool = False
    started_at: float = 0.0
