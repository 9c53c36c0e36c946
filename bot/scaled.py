"""``make run-scaled``: Rasa's standard deployment on one machine, behind nginx.

N Rasa servers (``RASA_REPLICAS``, default 2) and M action servers (``ACTION_REPLICAS``,
default 2) share a PostgreSQL tracker store (``TRACKER_STORE_URL``), a Redis lock store
(``LOCK_STORE_URL``) and the knowledge base on PostgreSQL (``DATABASE_URL``). nginx (Debian's
package) balances students' requests over the Rasa servers on the usual REST port
(``RASA_PORT``) and the Rasa servers' action calls over the action servers
(``ACTION_PORT``). A replica that stops is taken out of rotation by nginx (a refused
connection is retried on the next one) and started again by ``make run``'s supervisor.

On several machines the same holds: run the Rasa and action servers with the same three
URLs everywhere, and point a load balancer at them (``nginx_config`` is a starting point).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import services
from bot.settings import PROJECT_ROOT

DEFAULTS = {
    "TRACKER_STORE_URL": "postgresql://postgres@127.0.0.1:5432/imaging_tracker",
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/imaging_knowledge",
    "LOCK_STORE_URL": "redis://127.0.0.1:6379/1",
    "RASA_REPLICAS": "2",
    "ACTION_REPLICAS": "2",
    # How long a conversation's lock outlives a Rasa server that died holding it (Rasa's
    # default is 60 s, as long as a request may wait): that conversation's next message
    # waits at most this long. A message takes well under a second to process.
    "TICKET_LOCK_LIFETIME": "20",
}
MAX_REPLICAS = 8
NGINX_DIR = PROJECT_ROOT / "var" / "nginx"
REPLICAS_FILE = PROJECT_ROOT / "var" / "replicas.json"  # where make reload finds them


class ScaledError(Exception):
    """The scaled deployment cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class Layout:
    """The ports of each replica and of the load balancer."""

    rasa_ports: List[int]
    action_ports: List[int]
    public_rasa_port: int
    public_action_port: int


def _replicas(environment: Dict[str, str], name: str) -> int:
    try:
        count = int(environment[name])
    except ValueError:
        raise ScaledError(f"{name} must be a whole number, not {environment[name]!r}.") from None
    if not 1 <= count <= MAX_REPLICAS:
        raise ScaledError(f"{name} must be between 1 and {MAX_REPLICAS}, not {count}.")
    return count


def scaled_environment() -> Dict[str, str]:
    """The servers' environment with the scaled deployment's defaults, checked."""
    environment = services.service_environment(
        {name: value for name, value in DEFAULTS.items() if not os.environ.get(name)})
    for name in ("TRACKER_STORE_URL", "DATABASE_URL"):
        if make_url(environment[name]).get_backend_name() != "postgresql":
            raise ScaledError(f"Replicas share their data: {name} must be a PostgreSQL URL "
                              f"(postgresql://user@host:5432/db), not {environment[name]}.")
    if not environment["LOCK_STORE_URL"].startswith(("redis://", "rediss://")):
        raise ScaledError("Replicas share their conversation locks: LOCK_STORE_URL must be a "
                          "Redis URL (redis://host:6379/1).")
    _replicas(environment, "RASA_REPLICAS")
    _replicas(environment, "ACTION_REPLICAS")
    environment["ACTION_SERVER_URL"] = f"http://127.0.0.1:{environment['ACTION_PORT']}/webhook"
    # The Rasa servers see students' addresses in the header nginx sets (rate limits).
    environment["SANIC_PROXIES_COUNT"] = "1"
    return environment


def ensure_databases(environment: Dict[str, str]) -> List[str]:
    """Creates the PostgreSQL databases the URLs name when they do not exist yet."""
    created = []
    for name in ("TRACKER_STORE_URL", "DATABASE_URL"):
        url = make_url(environment[name])
        admin = create_engine(url.set(database="postgres"), future=True,
                              isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                            {"n": url.database}).first()
                if not exists:
                    quoted = admin.dialect.identifier_preparer.quote(url.database)
                    connection.execute(text(f"CREATE DATABASE {quoted}"))
                    created.append(url.database)
        except SQLAlchemyError as error:
            raise ScaledError(
                f"Could not reach or prepare the database of {name} "
                f"({url.render_as_string(hide_password=True)}): "
                f"{str(getattr(error, 'orig', error)).strip()}") from None
        finally:
            admin.dispose()
    return created


def layout(environment: Dict[str, str]) -> Layout:
    """Free loopback ports for the replicas; the public ports stay the usual ones."""
    return Layout(
        [services.free_port() for _ in range(_replicas(environment, "RASA_REPLICAS"))],
        [services.free_port() for _ in range(_replicas(environment, "ACTION_REPLICAS"))],
        int(environment["RASA_PORT"]), int(environment["ACTION_PORT"]))


def nginx_config(ports: Layout, folder: Path) -> str:
    """Nginx in the foreground, its files in ``folder``, balancing both kinds of replica."""
    def upstream(name: str, replicas: List[int]) -> str:
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
                            for port in replicas)
        return f"    upstream {name} {{\n        least_conn;\n{servers}\n    }}\n"

    temp = {kind: folder / kind for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return f"""# Generated by make run-scaled (bot/scaled.py); changes are overwritten.
daemon off;
worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {folder / 'access.log'};
    client_body_temp_path {temp['client_body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    proxy_max_temp_file_size 0;  # replies pass through memory: no temporary files
    proxy_read_timeout 300s;
{upstream('rasa_servers', ports.rasa_ports)}{upstream('action_servers', ports.action_ports)}
    server {{
        listen {ports.public_rasa_port};
        client_max_body_size 64k;  # students' messages (the channel takes at most 64 KiB)
        client_body_buffer_size 64k;  # held in memory: no temporary files
        location = /lb-health {{ return 200 "ok"; }}
        # make reload talks to each replica directly; nobody does through the balancer.
        location /webhooks/operator/ {{ return 403; }}
        location / {{
            proxy_pass http://rasa_servers;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # a replica that refuses the connection: the next one takes the request
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
    server {{
        listen 127.0.0.1:{ports.public_action_port};
        # Rasa sends an action server the whole conversation: no size limit (loopback only),
        # streamed as it comes rather than written to a temporary file.
        client_max_body_size 0;
        proxy_request_buffering off;
        location / {{
            proxy_pass http://action_servers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
"""


def nginx_service(ports: Layout) -> services.Service:
    """Nginx on the generated configuration, as a supervised service."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        raise ScaledError("nginx is not installed: run `make nginx` (Debian's nginx package).")
    NGINX_DIR.mkdir(parents=True, exist_ok=True)
    config = NGINX_DIR / "nginx.conf"
    config.write_text(nginx_config(ports, NGINX_DIR), encoding="utf-8")
    return services.Service("load balancer (nginx)",
                            [binary, "-c", str(config), "-p", str(NGINX_DIR)],
                            f"http://127.0.0.1:{ports.public_rasa_port}/lb-health",
                            NGINX_DIR / "nginx.log")


def replica_services(environment: Dict[str, str], ports: Layout, model: Path,
                     logs: Path) -> List[services.Service]:
    """The action servers, then the Rasa servers, each on its own port and log."""
    found = []
    for number, port in enumerate(ports.action_ports, start=1):
        service = services.action_server({**environment, "ACTION_PORT": str(port)},
                                         logs / f"action-server-{number}.log")
        service.name = f"action server {number}"
        found.append(service)
    for number, port in enumerate(ports.rasa_ports, start=1):
        service = services.rasa_server({**environment, "RASA_PORT": str(port)}, model,
                                       logs / f"rasa-{number}.log")
        service.name = f"Rasa server {number}"
        found.append(service)
    return found


def write_replicas(ports: Layout) -> None:
    """Where ``make reload`` finds the Rasa replicas, to put a new model live on each."""
    REPLICAS_FILE.write_text(json.dumps({"rasa_ports": ports.rasa_ports,
                                         "action_ports": ports.action_ports}), encoding="utf-8")


def read_replicas() -> List[int]:
    """The Rasa replicas' ports written by a running ``make run-scaled``; empty if none."""
    try:
        return [int(port) for port in json.loads(REPLICAS_FILE.read_text())["rasa_ports"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def forget_replicas() -> None:
    """Forgets the replicas when make run-scaled stops."""
    REPLICAS_FILE.unlink(missing_ok=True)
