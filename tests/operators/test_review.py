"""``make review``: the messages the assistant missed and the answers marked unhelpful."""

from __future__ import annotations

import yaml
from rasa.shared.core.events import UserUtteranceReverted
from rasa.shared.nlu.training_data.loading import load_data

from bot import cli, names
from bot.conversations import read_conversations
from bot.review import (
    HANDOFF,
    LEFT,
    LOW_CONFIDENCE,
    NOT_UNDERSTOOD,
    OUT_OF_SCOPE,
    SOMETHING_ELSE,
    render,
    review,
    write_nlu,
)
from tests.operators.conftest import DAY, HOUR, NOW, did, replied, said

PAY = [{"name": "ask_pay", "confidence": 0.31}, {"name": "ask_outlook", "confidence": 0.22},
       {"name": "nlu_fallback", "confidence": 0.2}, {"name": "ask_skills", "confidence": 0.1}]
SONO = [{"entity": "role", "value": "sonographer", "start": 15, "end": 19}]


def _misunderstood(text, at, ranking=PAY, entities=()):
    """A message the NLU fell back on, and the two-stage fallback's question."""
    return [said(text, names.NLU_FALLBACK, 0.45, at, entities, ranking),
            did("action_two_stage_fallback", at), did("action_default_ask_affirmation", at),
            replied("Did you mean: How much it pays?", names.ASK_AFFIRMATION, at)]


async def _conversations(store):
    # Alice: understood, then a message not understood, then "Something else"; she left.
    await store.save("alice", [
        said("how much do sonographers earn", "ask_pay", 0.97, NOW - 2 * DAY, SONO,
             message_id="a1"),
        did("action_answer", NOW - 2 * DAY),
        replied("Sonographers earned a median of $89,340 (May 2024).", "utter_pay",
                NOW - 2 * DAY),
        *_misunderstood("wat do sono ppl get paid", NOW - 2 * DAY + 60, entities=SONO),
        said("/out_of_scope", names.OUT_OF_SCOPE, 1.0, NOW - 2 * DAY + 90),
        did("action_two_stage_fallback", NOW - 2 * DAY + 90),
        replied("Could you say it another way?", names.ASK_REPHRASE, NOW - 2 * DAY + 90),
    ])
    # Bob: the same question in near-identical words, an out-of-scope reply (asked while
    # the two-stage fallback waited: Rasa reverts it and processes it again), a person.
    await store.save("bob", [
        *_misunderstood("Wat do sono ppl get paid?", NOW - DAY),
        said("how much do accountants make", names.OUT_OF_SCOPE, 0.88, NOW - DAY + 60),
        did("action_two_stage_fallback", NOW - DAY + 60),
        UserUtteranceReverted(timestamp=NOW - DAY + 60),
        said("how much do accountants make", names.OUT_OF_SCOPE, 0.88, NOW - DAY + 60),
        did("action_out_of_scope", NOW - DAY + 60),
        replied("I only know about careers in medical imaging.", names.OUT_OF_SCOPE_REPLY,
                NOW - DAY + 60),
        said("can i talk to a human", names.HUMAN_HANDOFF, 0.93, NOW - DAY + 120),
        did("action_handoff", NOW - DAY + 120),
        replied("I've noted that you'd like to talk to a person.", names.HANDOFF,
                NOW - DAY + 120),
        said("is ct hard", "ask_skills", 0.32, NOW - DAY + 180,
             ranking=[{"name": "ask_skills", "confidence": 0.32}]),
        did("action_answer", NOW - DAY + 180),
        replied("CT technologists need ...", "utter_skills", NOW - DAY + 180),
        # An answer the student marks unhelpful, by the id of the question it answered.
        said("what does a radiologist assistant do", "ask_role_overview", 0.9, NOW - DAY + 240,
             message_id="q7"),
        did("action_answer", NOW - DAY + 240),
        replied("A radiologist assistant is ...", "utter_role_overview", NOW - DAY + 240),
        said("what about pay", "ask_pay", 0.9, NOW - DAY + 300),
        did("action_answer", NOW - DAY + 300),
        replied("Radiologist assistants ...", "utter_pay", NOW - DAY + 300),
        said('/feedback{"helpful": "no", "answer_to": "q7"}', names.FEEDBACK, 1.0,
             NOW - DAY + 360, [{"entity": names.HELPFUL, "value": "no"},
                               {"entity": names.ANSWER_TO, "value": "q7"}]),
        did("action_record_feedback", NOW - DAY + 360),
        said('/feedback{"helpful": "yes", "answer_to": "x"}', names.FEEDBACK, 1.0,
             NOW - DAY + 400, [{"entity": names.HELPFUL, "value": "yes"}]),
    ])
    # Carol: long ago, outside the default period.
    await store.save("carol", _misunderstood("ancient question", NOW - 30 * DAY))


async def test_missed_messages_are_grouped_counted_and_explained(store):
    await _conversations(store)
    result = review(read_conversations(store.url, NOW - 7 * DAY, NOW), NOW - 7 * DAY, NOW)

    assert result.conversations == 2
    first = result.groups[0]
    assert first.count == 2 and first.senders() == ["alice", "bob"]
    assert first.text == "wat do sono ppl get paid"  # the earliest of two equal counts
    assert first.reasons()[NOT_UNDERSTOOD] == 2
    assert first.reasons()[SOMETHING_ELSE] == 1 and first.reasons()[LEFT] == 1
    assert first.representative.guesses() == [("ask_pay", 0.31), ("ask_outlook", 0.22),
                                              ("ask_skills", 0.1)]
    assert first.representative.entities() == {"role": "sonographer"}
    reasons = {group.text: set(group.reasons()) for group in result.groups}
    assert reasons["how much do accountants make"] == {OUT_OF_SCOPE}
    assert sum(group.count for group in result.groups
               if group.text == "how much do accountants make") == 1  # once, not twice
    assert reasons["can i talk to a human"] == {HANDOFF}
    assert reasons["is ct hard"] == {LOW_CONFIDENCE}
    assert "how much do sonographers earn" not in reasons  # understood
    assert not any(text.startswith("/") for text in reasons)  # buttons are not messages

    [unhelpful] = result.unhelpful
    assert unhelpful.question.message.text == "what does a radiologist assistant do"
    assert "A radiologist assistant is" in unhelpful.question.reply_text


async def test_the_report_hides_senders_unless_asked(store):
    await _conversations(store)
    result = review(read_conversations(store.url, NOW - 7 * DAY, NOW), NOW - 7 * DAY, NOW)
    report = render(result, "the store")
    assert '2×  "wat do sono ppl get paid"  (and 1 similar)' in report
    assert "model's guesses: ask_pay 0.31, ask_outlook 0.22, ask_skills 0.10" in report
    assert 'student got: "Did you mean: How much it pays?"' in report
    assert "question: \"what does a radiologist assistant do\"" in report
    assert "alice" not in report and "bob" not in report
    assert "conversations: alice, bob" in render(result, "the store", with_senders=True)


async def test_the_missed_messages_become_an_nlu_file_rasa_reads(store, tmp_path):
    await _conversations(store)
    result = review(read_conversations(store.url, NOW - 7 * DAY, NOW), NOW - 7 * DAY, NOW)
    path = write_nlu(result, tmp_path / "review", "the store")
    assert path.parent == tmp_path / "review"
    data = load_data(str(path))
    by_text = {example.get("text"): example.get("intent") for example in data.training_examples}
    assert by_text["wat do sono ppl get paid"] == "ask_pay"
    assert by_text["Wat do sono ppl get paid?"] == "ask_pay"
    assert by_text["what does a radiologist assistant do"] == "ask_role_overview"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    pay = next(block for block in document["nlu"] if block["intent"] == "ask_pay")
    example = next(item for item in pay["examples"] if item["text"] == "wat do sono ppl get paid")
    assert example["metadata"]["found"] == {"role": "sonographer"}
    assert path.read_text(encoding="utf-8").startswith("# Written by `make review`")


async def test_a_period_without_conversations_says_so(store, tmp_path):
    await _conversations(store)
    result = review(read_conversations(store.url, NOW - 60 * DAY, NOW - 45 * DAY),
                    NOW - 60 * DAY, NOW - 45 * DAY)
    assert "No conversations in this period." in render(result, "the store")
    assert write_nlu(result, tmp_path, "the store") is None


async def test_an_unreadable_row_is_skipped_and_counted(store):
    await _conversations(store)
    store.execute("INSERT INTO events (sender_id, type_name, timestamp, data) "
                  "VALUES ('bob', 'user', :at, '{not json')", at=NOW - HOUR)
    reading = read_conversations(store.url, NOW - 7 * DAY, NOW)
    assert reading.skipped_rows == 1
    result = review(reading, NOW - 7 * DAY, NOW)
    assert result.groups and "1 stored event(s) could not be read" in render(result, "s")


def test_the_command_on_an_empty_or_missing_store(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nothing-here.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{missing}")
    assert cli.main(["review"]) == 0
    assert "No conversations in this period." in capsys.readouterr().out
    assert not missing.exists()  # reading never creates a store


def test_the_command_explains_a_store_that_does_not_answer(monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert cli.main(["review"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Could not read the tracker store at postgresql://nobody@127.0.0.1:1")
    assert "Traceback" not in error


def test_the_command_rejects_a_bad_period(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 't.db'}")
    for argv in (["review", "--since", "last tuesday"], ["review", "--days", "-3"],
                 ["review", "--since", "2026-11-20", "--until", "2026-11-01"]):
        try:
            cli.main(argv)
        except SystemExit as stop:
            assert stop.code != 0
        else:
            raise AssertionError(f"{argv} was accepted")


async def test_the_command_prints_and_writes(store, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", store.url)
    monkeypatch.setattr("bot.cli.time.time", lambda: NOW)
    await _conversations(store)
    written = []
    monkeypatch.setattr("bot.review.write_nlu",
                        lambda result, folder, where: written.append(folder) or folder / "x.yml")
    assert cli.main(["review", "--days", "3", "--with-senders"]) == 0
    out = capsys.readouterr().out
    assert "2 conversation(s)" in out and "conversations: alice, bob" in out
    assert written and written[0].parts[-2:] == ("var", "review")
