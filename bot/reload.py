"""A new model goes live in the running Rasa server without dropping a conversation.

``make reload`` (``python -m bot reload``) asks the server started by ``make run`` to load
``models/current.tar.gz``. The server loads it in a worker thread while it goes on answering
students with the old model, then swaps the two between messages: no request fails and none
waits for the load. Conversations continue, because they live in the tracker store, and the
lock store is handed over, so a conversation's messages are still processed one at a time.
Loading takes from seconds to a minute or more on a busy machine, longer than an HTTP request
should wait, so the reload runs in the background: the request is answered at once (202) and
``GET /webhooks/operator/model`` tells how it went; ``make reload`` waits for that.

Rasa's own ``PUT /model`` does the same swap, but it loads the model on the server's event
loop, so every student waits while it loads (measured in the README), and it needs the
whole HTTP API switched on. This endpoint is the one operation, and it is guarded twice:

* only from the machine itself (a loopback address), and
* only with the operator token (``OPERATOR_TOKEN``; ``make run`` creates one in
  ``var/operator-token``, readable by its owner only).

It is served as a Rasa input channel (``credentials.yml``), so ``rasa run`` registers it
like the REST channel: ``POST /webhooks/operator/reload`` and ``GET /webhooks/operator/model``.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import os
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "OPERATOR_TOKEN"
TOKEN_FILE = PROJECT_ROOT / "var" / "operator-token"
MODELS_DIR = PROJECT_ROOT / "models"
DEFAULT_MODEL = MODELS_DIR / "current.tar.gz"
ENDPOINTS_FILE = PROJECT_ROOT / "endpoints.yml"


def operator_token(create: bool = False) -> str:
    """The operator token: ``OPERATOR_TOKEN``, else ``var/operator-token`` (made if asked)."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        return token
    if TOKEN_FILE.exists():
        return TOKEN_FILE.read_text(encoding="utf-8").strip()
    if not create:
        return ""
    TOKEN_FILE.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(TOKEN_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token + "\n")
    return token


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def _authorised(request: Request, token: str) -> Optional[HTTPResponse]:
    """None when the request may reload; else the reply that says why not."""
    if not _is_loopback(request.ip or ""):
        return response.json({"error": "Reloading is allowed only from the machine itself."},
                             status=403)
    if not token:
        return response.json({"error": f"Reloading is off: set {TOKEN_VARIABLE}."}, status=403)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return response.json({"error": "A valid operator token is required."}, status=401)
    return None


def model_path(requested: Any) -> Path:
    """The model file to load: ``models/current.tar.gz``, or a file inside ``models/``."""
    if requested in (None, ""):
        return DEFAULT_MODEL
    if not isinstance(requested, str):
        raise ValueError("'model' must be the path of a model file.")
    path = Path(requested)
    path = (path if path.is_absolute() else PROJECT_ROOT / path).resolve()
    if MODELS_DIR.resolve() not in path.parents:
        raise ValueError("Only models in the project's models/ folder can be loaded.")
    return path


def _load_agent(path: Path, lock_store):
    """A new agent on ``path``, with its own tracker store and the server's lock store."""
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import AvailableEndpoints

    from bot import trackers

    endpoints = AvailableEndpoints.read_endpoints(str(ENDPOINTS_FILE))
    agent = Agent.load(path, generator=endpoints.nlg,
                       tracker_store=TrackerStore.create(endpoints.tracker_store),
                       lock_store=lock_store, action_endpoint=endpoints.action)
    trackers.refuse_fallback(agent)
    return agent


class OperatorInput(InputChannel):
    """Operator endpoints of the Rasa server: which model runs, and loading a new one."""

    def __init__(self) -> None:
        self._loading: Optional[asyncio.Task] = None
        self._loaded_at = time.time()
        self._reload: Dict[str, Any] = {"state": "none"}  # how the latest reload went

    @classmethod
    def name(cls) -> str:
        return "operator"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "OperatorInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        operator = Blueprint("operator_endpoints", __name__)

        @operator.route("/model", methods=["GET"])
        async def current(request: Request) -> HTTPResponse:
            refused = _authorised(request, operator_token())
            if refused:
                return refused
            agent = request.app.ctx.agent
            return response.json({"model": agent.model_name, "model_id": agent.model_id,
                                  "loaded_at": self._loaded_at, "reload": self._reload})

        @operator.route("/reload", methods=["POST"])
        async def reload(request: Request) -> HTTPResponse:
            refused = _authorised(request, operator_token())
            if refused:
                return refused
            try:
                body = json.loads(request.body or b"{}")
                path = model_path(body.get("model") if isinstance(body, dict) else None)
            except (ValueError, UnicodeDecodeError) as error:
                return response.json({"error": str(error) or "The body must be JSON."},
                                     status=400)
            if not path.is_file():
                return response.json({"error": f"There is no model at {path}: run make train."},
                                     status=404)
            if self._loading is not None and not self._loading.done():
                return response.json({"error": "A reload is already in progress."}, status=409)
            self._reload = {"state": "loading", "model": path.name, "started_at": time.time(),
                            "previous_model_id": request.app.ctx.agent.model_id}
            self._loading = asyncio.ensure_future(self._swap(request.app, path))
            return response.json(self._reload, status=202)

        return operator

    async def _swap(self, app, path: Path) -> None:
        """Loads ``path`` beside the live model, then makes it the live one."""
        started = time.monotonic()
        old = app.ctx.agent
        try:
            new = await asyncio.get_running_loop().run_in_executor(
                None, _load_agent, path, old.lock_store)
            if not new.is_ready():
                raise ValueError("it is not a usable model")
        except Exception as error:  # noqa: BLE001 - any failure leaves the old model live
            logger.exception("Could not load the model %s; the old one stays live", path)
            self._reload.update(state="failed", error=f"Could not load {path.name}; the old "
                                f"model stays live: {type(error).__name__}: {error}")
            return
        app.ctx.agent = new
        self._loaded_at = time.time()
        seconds = round(time.monotonic() - started, 1)
        logger.info("Now serving %s (model %s), loaded in %.1f s", new.model_name,
                    new.model_id, seconds)
        self._reload.update(state="done", model_id=new.model_id, seconds=seconds)


def _call(rasa_url: str, token: str, path: str, body: Optional[bytes] = None,
          timeout: float = 30) -> Tuple[int, Dict[str, Any]]:
    request = urllib.request.Request(
        f"{rasa_url.rstrip('/')}/webhooks/operator/{path}", data=body,
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {"error": error.reason}


def request_reload(rasa_url: str, token: str, model: Optional[str] = None,
                   timeout: float = 900, poll: float = 1.0) -> Tuple[int, Dict[str, Any]]:
    """Has the server at ``rasa_url`` load a model, waiting until it is live or has failed.

    Returns (200, the reload's record) when the new model is live; otherwise the HTTP status
    of the refusal, or 500 with the reason the load failed (the old model still live).
    Raises ``OSError`` when the server cannot be reached.
    """
    body = json.dumps({"model": model} if model else {}).encode()
    status, reply = _call(rasa_url, token, "reload", body)
    if status != 202:
        return status, reply
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(poll)
        status, current = _call(rasa_url, token, "model")
        record = current.get("reload", {}) if status == 200 else {}
        if record.get("started_at") != reply.get("started_at"):
            return status if status != 200 else 500, current
        if record.get("state") == "done":
            return 200, {"model": current.get("model"), **record}
        if record.get("state") == "failed":
            return 500, record
    return 504, {"error": f"The model was still loading after {timeout:.0f} s."}
