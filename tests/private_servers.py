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
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

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
