"""``make review``: what students asked that the assistant missed, from the tracker store.

A student's message is *missed* when the assistant did not understand it (the NLU fell
back, or Rasa's two-stage fallback ran), the student answered a clarification with
"Something else", the reply was the out-of-scope one, the student asked for a person, or
the conversation ended right after a fallback. Messages whose top intent had a low
confidence are listed too. Answers the student marked "not helpful" on the web page are
listed beside them, with the question that led to them.

Near-identical messages are grouped and counted, most frequent first, each with the
model's top guesses and the reply the student got. The missed messages are also written
as a Rasa NLU file (under ``var/review``, which is not training data) with the suggested
intent and, as metadata, the entities found, for the operator to correct and move into
``data/nlu/``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from bot import names
from bot.conversations import Conversation, Reading, Turn

NOT_UNDERSTOOD = "not understood"
SOMETHING_ELSE = "'Something else' after a clarification"
OUT_OF_SCOPE = "out-of-scope reply"
HANDOFF = "asked for a person"
LEFT = "left right after a fallback"
LOW_CONFIDENCE = "low confidence"

# Actions and replies that mean the message was not understood.
FALLBACK_ACTIONS = frozenset({"action_two_stage_fallback", "action_default_fallback",
                              "action_default_ask_affirmation"})
FALLBACK_RESPONSES = frozenset({names.ASK_AFFIRMATION, names.ASK_REPHRASE, names.DEFAULT})
OUT_OF_SCOPE_RESPONSES = frozenset({names.OUT_OF_SCOPE_REPLY, names.OUT_OF_SCOPE_CAREER})
# A conversation whose last event is older than this has ended (for "left after a fallback").
ENDED_AFTER_SECONDS = 30 * 60
DEFAULT_MIN_CONFIDENCE = 0.5
SIMILAR = 0.85  # how alike two messages must be (difflib's ratio) to be grouped
TOP_GUESSES = 3
REVIEW_DIR = Path("var") / "review"

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalised(text: str) -> str:
    """Lower case, letters and digits only, single spaces: how messages are compared."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


@dataclass
class Miss:
    """A student's message the assistant missed, and why."""

    sender_id: str
    turn: Turn
    reasons: List[str] = field(default_factory=list)

    def add(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    @property
    def text(self) -> str:
        return self.turn.message.text.strip()

    @property
    def at(self) -> float:
        return self.turn.message.timestamp

    def guesses(self) -> List[Tuple[str, float]]:
        """The model's top intents for the message, best first, without the fallback."""
        ranking = self.turn.message.parse.get("intent_ranking") or []
        found = [(str(item.get("name")), float(item.get("confidence") or 0.0))
                 for item in ranking if item.get("name") and item.get("name") != names.NLU_FALLBACK]
        return found[:TOP_GUESSES]

    def entities(self) -> Dict[str, str]:
        """What the NLU found in the message (topic, role, ...), the first value of each."""
        found: Dict[str, str] = {}
        for entity, value in self.turn.message.entities():
            found.setdefault(entity, value)
        return found


@dataclass
class Unhelpful:
    """An answer a student marked "not helpful", with the question that led to it."""

    sender_id: str
    question: Optional[Turn]
    marked_at: float


@dataclass
class Group:
    """Near-identical missed messages."""

    misses: List[Miss]

    @property
    def count(self) -> int:
        return len(self.misses)

    @property
    def text(self) -> str:
        """The most frequent wording (the earliest of equally frequent ones)."""
        counts = Counter(miss.text for miss in self.misses)
        return max(counts, key=lambda text: (counts[text], -self._first(text).at))

    def _first(self, text: str) -> Miss:
        return min((miss for miss in self.misses if miss.text == text), key=lambda miss: miss.at)

    @property
    def representative(self) -> Miss:
        return self._first(self.text)

    def reasons(self) -> Counter:
        return Counter(reason for miss in self.misses for reason in miss.reasons)

    def senders(self) -> List[str]:
        return sorted({miss.sender_id for miss in self.misses})

    @property
    def last_seen(self) -> float:
        return max(miss.turn.message.timestamp for miss in self.misses)


@dataclass
class Review:
    """What ``make review`` found in a period."""

    since: float
    until: float
    conversations: int
    messages: int
    groups: List[Group]
    unhelpful: List[Unhelpful]
    skipped_rows: int = 0

    @property
    def missed(self) -> int:
        return sum(group.count for group in self.groups)


def _top_confidence(turn: Turn) -> Optional[float]:
    intent = turn.message.parse.get("intent") or {}
    confidence = intent.get("confidence")
    return float(confidence) if isinstance(confidence, (int, float)) else None


def _reasons_of(turn: Turn, min_confidence: float) -> List[str]:
    """Why the reply to ``turn`` shows the assistant missed it (none when it did not)."""
    found = []
    responses = {reply.response for reply in turn.replies}
    actions = set(turn.action_names)
    if (turn.message.intent == names.NLU_FALLBACK or actions & FALLBACK_ACTIONS
            or responses & FALLBACK_RESPONSES):
        found.append(NOT_UNDERSTOOD)
    if "action_out_of_scope" in actions or responses & OUT_OF_SCOPE_RESPONSES:
        found.append(OUT_OF_SCOPE)
    if turn.message.intent == names.HUMAN_HANDOFF or "action_handoff" in actions:
        found.append(HANDOFF)
    confidence = _top_confidence(turn)
    if (not found and not turn.message.is_payload and confidence is not None
            and confidence < min_confidence):
        found.append(LOW_CONFIDENCE)
    return found


def _feedback(turn: Turn) -> Optional[Tuple[str, Optional[str]]]:
    """(helpful, answer_to) when ``turn`` is a student's "Was this helpful?" answer."""
    if turn.message.intent != names.FEEDBACK:
        return None
    entities = dict(turn.message.entities())
    helpful = str(entities.get(names.HELPFUL, names.HELPFUL_YES)).lower()
    return helpful, entities.get(names.ANSWER_TO)


def _answered(turn: Turn) -> bool:
    return bool(turn.replies) and _feedback(turn) is None


def misses_in(conversation: Conversation, now: float,
              min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Tuple[List[Miss], List[Unhelpful]]:
    """The missed messages and the unhelpful answers of one conversation."""
    turns = conversation.turns()
    misses: Dict[int, Miss] = {}
    unhelpful: List[Unhelpful] = []
    last_words: Optional[int] = None  # the latest message in words (not a button)
    ended_on: Optional[int] = None  # the miss the last reply left unresolved, if any
    for number, turn in enumerate(turns):
        feedback = _feedback(turn)
        if feedback is not None:
            helpful, answer_to = feedback
            if helpful == names.HELPFUL_NO:
                unhelpful.append(Unhelpful(conversation.sender_id,
                                           _question_for(turns[:number], answer_to),
                                           turn.message.timestamp))
            continue
        if not turn.message.is_payload:
            last_words = number
        reasons = _reasons_of(turn, min_confidence)
        ended_on = last_words if NOT_UNDERSTOOD in reasons else None
        if turn.message.is_payload:
            # A button says something about the message in words before it.
            if turn.message.intent == names.OUT_OF_SCOPE and number and any(
                    action in FALLBACK_ACTIONS for action in turns[number - 1].action_names):
                reasons = [SOMETHING_ELSE]
            reasons = [reason for reason in reasons if reason in (SOMETHING_ELSE, HANDOFF)]
            target = last_words
        else:
            target = number
        if not reasons or target is None:
            continue
        miss = misses.setdefault(target, Miss(conversation.sender_id, turns[target]))
        for reason in reasons:
            miss.add(reason)
    if ended_on in misses and now - conversation.last_at > ENDED_AFTER_SECONDS:
        misses[ended_on].add(LEFT)
    return [misses[number] for number in sorted(misses)], unhelpful


def _question_for(turns: Sequence[Turn], answer_to: Optional[str]) -> Optional[Turn]:
    """The question whose answer was marked: by its message id, else the latest answered."""
    if answer_to:
        for turn in turns:
            if turn.message.data.get("message_id") == answer_to:
                return turn
    for turn in reversed(turns):
        if _answered(turn):
            return turn
    return None


def group_similar(misses: Iterable[Miss], similar: float = SIMILAR) -> List[Group]:
    """Near-identical messages together; groups by size, then by when last seen."""
    groups: List[Tuple[str, Group]] = []
    for miss in misses:
        key = normalised(miss.text)
        for group_key, group in groups:
            if key == group_key or SequenceMatcher(None, key, group_key).ratio() >= similar:
                group.misses.append(miss)
                break
        else:
            groups.append((key, Group([miss])))
    found = [group for _, group in groups]
    found.sort(key=lambda group: (-group.count, -group.last_seen))
    return found


def review(reading: Reading, since: float, until: float,
           min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Review:
    """The review of the conversations in ``reading``."""
    misses: List[Miss] = []
    unhelpful: List[Unhelpful] = []
    messages = 0
    for conversation in reading.conversations:
        found, marked = misses_in(conversation, until, min_confidence)
        misses += found
        unhelpful += marked
        messages += sum(1 for turn in conversation.turns() if not turn.message.is_payload)
    unhelpful.sort(key=lambda item: item.marked_at, reverse=True)
    return Review(since, until, len(reading.conversations), messages, group_similar(misses),
                  unhelpful, reading.skipped_rows)


# --- output ---------------------------------------------------------------------------------

def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M")


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _suggested_intent(miss: Miss) -> Optional[str]:
    guesses = miss.guesses()
    return guesses[0][0] if guesses else None


def render(result: Review, store: str, with_senders: bool = False) -> str:
    """The review as text for the terminal."""
    lines = [f"Review of {store}, {_when(result.since)} to {_when(result.until)} UTC:"]
    if result.skipped_rows:
        lines.append(f"({result.skipped_rows} stored event(s) could not be read and were "
                     "skipped.)")
    if not result.conversations:
        lines.append("No conversations in this period.")
        return "\n".join(lines)
    lines.append(f"{result.conversations} conversation(s), {result.messages} student "
                 f"message(s); {result.missed} missed, in {len(result.groups)} group(s); "
                 f"{len(result.unhelpful)} answer(s) marked not helpful.")
    if not result.groups:
        lines.append("\nNo missed messages: every message was understood.")
    else:
        lines.append("\nMissed messages, most frequent first:")
    for group in result.groups:
        miss = group.representative
        similar = len({item.text for item in group.misses}) - 1
        lines.append("")
        lines.append(f"{group.count:>4}×  \"{_short(group.text, 120)}\""
                     + (f"  (and {similar} similar)" if similar else ""))
        reasons = ", ".join(f"{reason} ×{count}" if count > 1 else reason
                            for reason, count in group.reasons().most_common())
        lines.append(f"       why: {reasons}")
        guesses = ", ".join(f"{name} {confidence:.2f}" for name, confidence in miss.guesses())
        lines.append(f"       model's guesses: {guesses or 'none'}")
        entities = miss.entities()
        if entities:
            lines.append("       found: " + ", ".join(f"{key}={value}"
                                                       for key, value in entities.items()))
        lines.append(f"       student got: \"{_short(miss.turn.reply_text) or '(no reply)'}\"")
        lines.append(f"       last seen: {_when(group.last_seen)} UTC")
        if with_senders:
            lines.append(f"       conversations: {', '.join(group.senders())}")
    if result.unhelpful:
        lines.append("\nAnswers marked not helpful, newest first:")
    for item in result.unhelpful:
        lines.append("")
        question = item.question
        asked = question.message.text if question else "(the question is not in this period)"
        lines.append(f"       question: \"{_short(asked, 120)}\"")
        if question is not None:
            lines.append(f"       answer: \"{_short(question.reply_text) or '(no reply)'}\"")
        lines.append(f"       marked: {_when(item.marked_at)} UTC"
                     + (f", conversation {item.sender_id}" if with_senders else ""))
    return "\n".join(lines)


def nlu_document(result: Review) -> Optional[Dict[str, object]]:
    """The missed messages as Rasa training data, by suggested intent; None if there are none.

    Each example carries metadata for the operator (why it was missed, how often, the
    entities found); Rasa reads the file as it is, once the intents are right.
    """
    by_intent: Dict[str, List[Dict[str, object]]] = {}
    unhelpful_questions = [item.question for item in result.unhelpful if item.question]
    examples: List[Tuple[Optional[str], Dict[str, object]]] = []
    for group in result.groups:
        for text in dict.fromkeys(miss.text for miss in group.misses):
            miss = next(item for item in group.misses if item.text == text)
            examples.append((_suggested_intent(miss), {
                "text": text,
                "metadata": {"seen": sum(1 for item in group.misses if item.text == text),
                             "why": list(group.reasons()),
                             "found": miss.entities()},
            }))
    for turn in unhelpful_questions:
        if turn.message.is_payload:
            continue
        miss = Miss("", turn)
        examples.append((_suggested_intent(miss), {
            "text": turn.message.text.strip(),
            "metadata": {"seen": 1, "why": ["answer marked not helpful"],
                         "found": miss.entities()},
        }))
    seen_texts = set()
    for intent, example in examples:
        if example["text"] in seen_texts or not example["text"]:
            continue
        seen_texts.add(example["text"])
        by_intent.setdefault(intent or names.NLU_FALLBACK, []).append(example)
    if not by_intent:
        return None
    return {"version": "3.1",
            "nlu": [{"intent": intent, "examples": examples}
                    for intent, examples in by_intent.items()]}


NLU_HEADER = """\
# Written by `make review` on {when} UTC from {store}.
# Messages the assistant missed, each under the model's best guess at its intent. This
# folder is not training data. To teach the assistant: correct each intent (the topic a
# question asks about, bot/questions.py), drop what is not worth learning, move the
# examples into a file under data/nlu/, then `make validate` and `make train`.
"""


def write_nlu(result: Review, folder: Path, store: str) -> Optional[Path]:
    """Writes the missed messages as an NLU file in ``folder``; returns its path, or None."""
    document = nlu_document(result)
    if document is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    until = datetime.fromtimestamp(result.until, tz=timezone.utc)
    path = folder / f"missed-{until:%Y%m%d-%H%M}.yml"
    header = NLU_HEADER.format(when=_when(result.until), store=store)
    path.write_text(header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True,
                                            width=100), encoding="utf-8")
    return path
