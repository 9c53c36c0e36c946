"""Servers of the tests' own, stopped and started again by the tests: never the machine's.

``private_postgres`` runs a PostgreSQL server from the machine's binaries (Debian's
``postgresql`` package) in a temporary folder, on a free port, as the ``postgres`` user when
the tests run as root (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from bot.services import free_port


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    pytest.skip("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")


@dataclass
class PrivatePostgres:
    """A PostgreSQL server of the test's own."""

    folder: Path
    port: int
    bin: Path
    as_user: List[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *arguments: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        *arguments], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._ctl("-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
                  "-l", str(self.folder / "server.log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    with running_postgres() as server:
        yield server


@contextmanager
def running_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL server of the caller's own, removed afterwards."""
    binaries = _postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="private-pg-"))
    as_user: List[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(folder / "data"), "-A",
                    "trust", "-U", "postgres"], check=True, capture_output=True, timeout=120)
    server = PrivatePostgres(folder, free_port(), binaries, as_user)
    server.start()
    try:
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A Redis server of the test's own, keeping nothing on disk."""

    folder: Path
    port: int
    process: Optional[subprocess.Popen] = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


@contextmanager
def running_redis() -> Iterator[PrivateRedis]:
    """A Redis server of the caller's own, stopped afterwards."""
    if not (shutil.which("redis-server") or os.path.exists("/usr/bin/redis-server")):
        pytest.skip("redis-server is not installed")
    folder = Path(tempfile.mkdtemp(prefix="private-redis-"))
    server = PrivateRedis(folder, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
