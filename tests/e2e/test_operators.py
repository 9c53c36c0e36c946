"""The operators' loop on the real servers: a new model live under load, a conversation as
a story that ``rasa test`` passes, and the review of what the running bot missed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.reload import load_while, turns_kept
from bot import reload, training
from bot.conversations import read_conversations
from bot.review import review
from bot.settings import PROJECT_ROOT
from bot.stories import write_story

pytestmark = pytest.mark.e2e


def _token(bot) -> str:
    return bot.environment[reload.TOKEN_VARIABLE]


def test_a_new_model_goes_live_under_load_with_no_failed_request_and_no_lost_turn(bot):
    status, before = reload._call(bot.url, _token(bot), "model")
    assert status == 200 and before["model"] == training.MODEL_PATH.name

    def put_live():
        code, reply = reload.request_reload(bot.url, _token(bot))
        return {"status": code, **reply}

    result = load_while(bot.url, put_live, users=3, before=1.0, after=2.0,
                        sender_prefix="reload-test")
    assert result.reload_reply["status"] == 200, result.reload_reply
    assert result.reload_reply["state"] == "done"
    assert result.failed == 0, (result.statuses, result.errors)
    assert len(result.statuses) >= 6  # the students kept talking through it
    assert turns_kept(bot.environment["TRACKER_STORE_URL"], list(result.sent)) == result.sent

    status, after = reload._call(bot.url, _token(bot), "model")
    assert after["loaded_at"] > before["loaded_at"]
    # The conversation goes on after the swap, with its context.
    # (the role talked about is remembered: no "Which career do you mean?")
    assert "Credentials for" in bot.text("what certification do they need?", "reload-test-0")


def test_reloading_is_refused_without_the_token_or_for_a_model_elsewhere(bot):
    assert reload._call(bot.url, "wrong-token", "reload", b"{}")[0] == 401
    assert reload._call(bot.url, "", "model")[0] == 401
    status, reply = reload._call(bot.url, _token(bot), "reload",
                                 json.dumps({"model": "/etc/passwd"}).encode())
    assert status == 400 and "models/ folder" in reply["error"]
    status, reply = reload._call(bot.url, _token(bot), "reload",
                                 json.dumps({"model": "models/missing.tar.gz"}).encode())
    assert status == 404 and "make train" in reply["error"]
    status, reply = reload._call(bot.url, _token(bot), "reload", b"[not json")
    assert status == 400


def test_a_broken_model_leaves_the_old_one_live(bot, facts):
    live = reload._call(bot.url, _token(bot), "model")[1]["model_id"]
    broken = PROJECT_ROOT / "models" / "test-broken-model.tar.gz"
    broken.write_bytes(b"not a model")
    try:
        status, reply = reload.request_reload(bot.url, _token(bot), str(broken))
    finally:
        broken.unlink()
    assert status == 500 and "the old model stays live" in reply["error"]
    assert reload._call(bot.url, _token(bot), "model")[1]["model_id"] == live
    assert facts.pay_said("sonographer") in bot.text("how much do sonographers make?", "broken")


def test_a_real_conversation_becomes_a_story_that_rasa_test_passes(bot, tmp_path):
    sender = "story-from-traffic"
    for message in ("how much do sonographers make", "and for CT technologists?",
                    "what certification do they need?", "thanks"):
        bot.ask(message, sender)
    written = write_story(bot.environment["TRACKER_STORE_URL"], sender, folder=tmp_path)
    assert written.messages == 4
    run = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--stories", str(written.path),
         "--model", str(training.MODEL_PATH), "--fail-on-prediction-errors",
         "--out", str(tmp_path / "results")],
        cwd=PROJECT_ROOT, env=bot.environment, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (written.path.read_text(), run.stdout[-3000:], run.stderr[-3000:])


def test_the_review_finds_what_the_running_bot_missed(bot):
    sender = "review-from-traffic"
    bot.ask("how much do sonographers make", sender)
    bot.ask("florp wibble zonk", sender)
    reading = read_conversations(bot.environment["TRACKER_STORE_URL"], senders=[sender])
    result = review(reading, 0, 4e9)
    texts = {group.text for group in result.groups}
    assert "florp wibble zonk" in texts
    assert "how much do sonographers make" not in texts


def test_the_operator_endpoints_answer_only_the_machine_itself():
    assert reload._is_loopback("127.0.0.1") and reload._is_loopback("::1")
    assert not reload._is_loopback("10.0.0.7") and not reload._is_loopback("not an address")


def test_the_reload_command_says_when_no_bot_is_running(monkeypatch, capsys):
    from bot import cli, services

    monkeypatch.setenv("RASA_PORT", str(services.free_port()))
    assert cli.main(["reload"]) == 1
    assert "Is it running (make run)?" in capsys.readouterr().err
