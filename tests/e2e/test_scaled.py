"""`make run-scaled`: two Rasa servers and two action servers on PostgreSQL and Redis behind
nginx. The page works through it, conversations keep their context, and killing one Rasa
server and one action server under load loses no conversation."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request
import uuid
from typing import Dict, Iterator

import pytest
import redis
from sqlalchemy import create_engine, text

from benchmarks.launcher import Launcher, wait_for
from benchmarks.reload import load_while, turns_kept
from bot import scaled as scaled_module
from bot import services
from tests.conftest import postgres_skip_reason, postgres_url
from tests.e2e.conftest import said
from tests.e2e.test_run_command import answers, processes_with

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
def scaled(bot) -> Iterator[Dict[str, object]]:
    if postgres_skip_reason():
        pytest.skip(postgres_skip_reason())
    try:
        redis.Redis(host="127.0.0.1").ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at 127.0.0.1:6379 is not reachable: {error}")
    suffix = uuid.uuid4().hex[:8]
    server = postgres_url().rsplit("/", 1)[0]
    databases = [f"scaled_tracker_{suffix}", f"scaled_knowledge_{suffix}"]
    environment = {key: value for key, value in bot.environment.items()
                   if key not in ("RASA_PUBLIC_URL", "ALLOWED_ORIGINS", "DATABASE_URL",
                                  "TRACKER_STORE_URL", "ACTION_SERVER_URL")}
    environment.update({
        "RASA_PORT": str(services.free_port()), "ACTION_PORT": str(services.free_port()),
        "WEB_PORT": str(services.free_port()),
        "TRACKER_STORE_URL": f"{server}/{databases[0]}",
        "DATABASE_URL": f"{server}/{databases[1]}",
        "LOCK_STORE_URL": "redis://127.0.0.1:6379/1",
        "RASA_REPLICAS": "2", "ACTION_REPLICAS": "2",
    })
    launcher = Launcher(environment, "--scaled")
    try:
        assert wait_for(lambda: "Press Ctrl-C to stop" in launcher.output
                        or launcher.process.poll() is not None, 420), launcher.output[-3000:]
        assert "The assistant is running" in launcher.output, launcher.output[-3000:]
        yield {"launcher": launcher, "environment": environment,
               "url": f"http://localhost:{environment['RASA_PORT']}"}
    finally:
        if launcher.process.poll() is None:
            launcher.process.send_signal(signal.SIGINT)
            try:
                launcher.process.wait(90)
            except Exception:  # noqa: BLE001
                launcher.process.kill()
        admin = create_engine(postgres_url(), future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in databases:  # generated names
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_page_and_a_conversation_work_through_the_load_balancer(scaled, facts):
    environment = scaled["environment"]
    assert "Rasa servers:" in scaled["launcher"].output and "behind nginx" in scaled[
        "launcher"].output
    assert answers(f"http://localhost:{environment['WEB_PORT']}/")
    sender = f"scaled-{uuid.uuid4().hex[:8]}"
    url = scaled["url"]
    # nginx spreads the messages over both Rasa servers; the context is in PostgreSQL.
    assert "Sonographer" in said(url, sender, "tell me about sonographers")
    assert facts.pay_said("sonographer") in said(url, sender, "how much do they make?")
    assert facts.pay_said("nuclear_medicine_technologist") in said(
        url, sender, "and for nuclear medicine technologists?")
    # The operator endpoint is not reachable through the balancer.
    request = urllib.request.Request(f"{url}/webhooks/operator/model")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_killing_a_rasa_server_and_an_action_server_under_load_loses_no_conversation(scaled):
    environment, launcher, url = scaled["environment"], scaled["launcher"], scaled["url"]
    replicas = json.loads(scaled_module.REPLICAS_FILE.read_text())
    [rasa_one] = processes_with("rasa", "run", "--port", str(replicas["rasa_ports"][0]))
    [actions_one] = processes_with("run", "actions", "--port", str(replicas["action_ports"][0]))

    def kill_both() -> Dict:
        os.killpg(rasa_one, signal.SIGKILL)
        os.killpg(actions_one, signal.SIGKILL)
        time.sleep(3)  # the students go on talking through the replicas left
        return {"killed": [rasa_one, actions_one]}

    result = load_while(url, kill_both, users=4, before=2.0, after=6.0,
                        sender_prefix=f"scaled-load-{uuid.uuid4().hex[:6]}")
    # Only a message in flight when its server died may fail (a 502 from nginx for the Rasa
    # server, the "something went wrong" reply for the action server): one per student and
    # server killed at most.
    assert result.failed <= 2 * 4, (result.statuses, result.errors)
    assert max(result.failed_by_sender.values(), default=0) <= 2
    assert len(result.statuses) >= 20
    # Every conversation is there, with every turn that was answered.
    kept = turns_kept(environment["TRACKER_STORE_URL"], list(result.sent))
    for sender, sent in result.sent.items():
        if not sent - result.failed_by_sender.get(sender, 0) <= kept.get(sender, 0) <= sent:
            pytest.fail(json.dumps({"sender": sender, "sent": sent, "kept": kept,
                                    "events": _story_of(environment["TRACKER_STORE_URL"], sender),
                                    "statuses": result.statuses}, indent=1))
        assert said(url, sender, "thanks")  # and the next message succeeds
    # The supervisor brings both back.
    assert wait_for(lambda: "Rasa server 1 stopped unexpectedly" in launcher.output, 15)
    assert wait_for(lambda: "The Rasa server 1 is back" in launcher.output, 300), \
        launcher.output[-3000:]


def _story_of(tracker_store_url: str, sender: str):
    """What the tracker store holds for ``sender``, compactly (for failure messages)."""
    from bot.conversations import read_conversations

    [conversation] = read_conversations(tracker_store_url, senders=[sender]).conversations
    return [(event.type_name, event.action or event.text[:20]) for event in conversation.events
            if event.type_name in ("user", "action", "rewind", "restart")]
