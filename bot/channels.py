"""The REST channel students' clients talk to, hardened against bad input.

It serves Rasa's usual ``/webhooks/rest/webhook`` with these differences:

* a malformed body (not JSON, not an object, a missing or non-text ``message``, a bad
  ``sender``) gets a 400 with a JSON error, never a 500;
* a message starting with ``/`` is accepted as an intent payload (what buttons send) only
  if it names an intent of the domain and entities of the domain with id-like values;
  anything else is read as ordinary text, so nobody can set slots to arbitrary values;
* if processing produced no reply at all (an action server that is down, say), the
  student gets the domain's ``utter_technical_problem`` instead of silence; so does a turn
  whose conversation could not be read or saved (``bot.trackers``), instead of an answer
  without its context that is then forgotten;
* a conversation, or a client address, that sends messages faster than the limits of
  ``bot.limits`` gets a 429 with a JSON message and ``Retry-After``; a body larger than
  ``MAX_BODY_BYTES`` gets a 413;
* every warning and error logged while a message is processed, Rasa's own included, names
  the conversation and the message (``[sender=... message=...]``), so it can be found.
"""

from __future__ import annotations

import contextvars
import json
import logging
import math
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.constants import DEFAULT_INTENTS, USER_INTENT_OUT_OF_SCOPE
from rasa.shared.core.domain import Domain
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import limits, speedups, trackers

logger = logging.getLogger(__name__)

TECHNICAL_PROBLEM_RESPONSE = "utter_technical_problem"
MAX_SENDER_CHARS = 128
MAX_BODY_BYTES = 64 * 1024  # well above the longest message MessageGuard reads (1,000 chars)
_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?$", re.DOTALL)
_ID_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")  # knowledge-base ids, message ids


# The conversation and message being processed, for the log lines written meanwhile.
_PROCESSING: contextvars.ContextVar[str] = contextvars.ContextVar("processing", default="")


class ConversationLogFilter(logging.Filter):
    """Prefixes warnings and errors logged while a message is processed with its ids."""

    def filter(self, record: logging.LogRecord) -> bool:
        where = _PROCESSING.get()
        if where and record.levelno >= logging.WARNING and not getattr(
                record, "conversation_tagged", False):
            record.msg = f"[{where.replace('%', '%%')}] {record.msg}"
            record.conversation_tagged = True
        return True


def tag_log_lines_with_conversations() -> None:
    """Installs the filter on the root logger's handlers (once)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, ConversationLogFilter) for f in handler.filters):
            handler.addFilter(ConversationLogFilter())


def _body(request: Request) -> Dict[str, Any]:
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise InvalidUsage("The request body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise InvalidUsage("The request body must be a JSON object, not a list or a value.")
    return body


_CLIENT_FORBIDDEN_INTENTS = frozenset(DEFAULT_INTENTS) - {USER_INTENT_OUT_OF_SCOPE}


def is_trusted_payload(text: str, domain: Optional[Domain]) -> bool:
    """Whether ``text`` is an intent payload the domain allows (intent, entities, values).

    Rasa's own intents (``/restart``, ``/session_start``, ...) are not accepted from a client,
    except ``/out_of_scope``: it is an ordinary intent of this domain, and the "something
    else" button of the two-stage fallback sends it.
    """
    match = _PAYLOAD.match(text.strip())
    if match is None or domain is None:
        return False
    intent = match.group("intent")
    if intent not in domain.intents or intent in _CLIENT_FORBIDDEN_INTENTS:
        return False
    if not match.group("entities"):
        return True
    try:
        entities = json.loads(match.group("entities"))
    except ValueError:
        return False
    return isinstance(entities, dict) and all(
        key in domain.entities and isinstance(value, str) and bool(_ID_VALUE.match(value))
        for key, value in entities.items()
    )


def neutralise_payload(text: str, domain: Optional[Domain]) -> str:
    """``text`` unchanged, unless it is an untrusted payload: then the text without the ``/``."""
    if text.lstrip().startswith("/") and not is_trusted_payload(text, domain):
        return text.lstrip().lstrip("/")
    return text


class GuardedRestInput(RestInput):
    """Rasa's REST channel with input validation; served at ``/webhooks/rest/webhook``."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"guarded_webhook_{type(self).__name__}", __name__)
        tag_log_lines_with_conversations()
        speedups.install()  # the Rasa server this channel runs in checks actions faster

        @webhook.listener("after_server_stop")
        async def close_sessions(app: Any, loop: Any) -> None:
            await speedups.close_sessions(loop)  # the action server's kept connections
        # (limiter, who it limits, which of (sender, address) is its key)
        limiters = limits.limiters()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json(
                    {"error": f"The request is too large (at most {MAX_BODY_BYTES} bytes)."},
                    status=413)
            body = _body(request)
            text = body.get("message")
            if not isinstance(text, str):
                raise InvalidUsage("'message' must be a string.")
            sender = body.get("sender", "default")
            if isinstance(sender, int) and not isinstance(sender, bool):
                sender = str(sender)
            if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_CHARS:
                raise InvalidUsage(
                    f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters."
                )
            metadata = body.get("metadata")
            if metadata is not None and not isinstance(metadata, dict):
                raise InvalidUsage("'metadata' must be a JSON object.")
            callers = (sender, request.remote_addr or request.ip or "unknown")
            for limiter, who, key in limiters:
                wait = await limiter.wait(callers[key])
                if wait:
                    seconds = max(1, math.ceil(wait))
                    logger.warning("Rate limit: %s (%s) sent more than %s", who,
                                   json.dumps(callers[key])[1:-1], limiter.rate.describe())
                    return response.json(
                        {"error": f"Too many messages from {who}: at most "
                                  f"{limiter.rate.describe()}. Please wait {seconds} s and "
                                  "try again.", "retry_after": seconds},
                        status=429, headers={"Retry-After": str(seconds)})

            agent = getattr(request.app.ctx, "agent", None)
            trackers.refuse_fallback(agent)
            domain = getattr(agent, "domain", None)
            collector = CollectingOutputChannel()
            message = UserMessage(neutralise_payload(text, domain), collector, sender,
                                  input_channel=self.name(), metadata=metadata)
            _PROCESSING.set(f"sender={json.dumps(sender)[1:-1]} message={message.message_id}")
            try:
                await on_new_message(message)
            except CancelledError:
                logger.error("Timed out processing a message from %s", sender)
            except trackers.TrackerStoreUnavailableError as error:
                logger.error("%s", error)
                collector.messages.clear()  # not kept: the student must not count on it
            except Exception:  # the student gets a clear reply below, not a 500
                logger.exception("Failed to process a message from %s", sender)
            if not collector.messages:
                collector.messages.append(_technical_problem(domain, sender))
            return response.json(collector.messages)

        return webhook


def _technical_problem(domain: Optional[Domain], sender: str) -> Dict[str, Any]:
    variations = domain.responses.get(TECHNICAL_PROBLEM_RESPONSE) if domain else None
    text = variations[0]["text"] if variations else "Sorry, something went wrong."
    return {"recipient_id": sender, "text": text}
