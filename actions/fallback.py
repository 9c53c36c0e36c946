"""The two-stage fallback's question, and the replies to messages that cannot be read.

Rasa's ``action_two_stage_fallback`` runs when the NLU is unsure: it first calls this
project's ``action_default_ask_affirmation`` ("Did you mean ...?" with a button per likely
question, in plain words); "something else" makes it ask the student to rephrase
(``utter_ask_rephrase``); a rephrased message that is still not understood gets
``utter_default``, which offers a human advisor (and so does Rasa when it gives up).
"""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import Context, button_payload, intent_label, subject_events
from bot import names

RESPONSES = {
    names.INPUT_EMPTY: "utter_empty_message",
    names.INPUT_TOO_LONG: "utter_message_too_long",
    names.INPUT_NO_WORDS: "utter_no_words",
    names.INPUT_UNKNOWN_WORDS: "utter_unknown_words",
}
# The "none of these" button (labelled by ``utter_intent_none_of_these``): Rasa's
# two-stage fallback reads out_of_scope as a no.
NONE_OF_THESE = "none_of_these"
TWO_STAGE_FALLBACK = "action_two_stage_fallback"
MAX_SUGGESTIONS = 3
# Below this confidence an intent is not worth offering.
MIN_CONFIDENCE = 0.08


def likely_intents(parse: Dict[str, Any], domain: DomainDict) -> List[str]:
    """The likeliest intents of a message that have a plain-words name, best first."""
    found = []
    for candidate in parse.get("intent_ranking") or []:
        name = candidate.get("name")
        if (name in (names.NLU_FALLBACK, names.OUT_OF_SCOPE)
                or (candidate.get("confidence") or 0) < MIN_CONFIDENCE
                or intent_label(domain, name) is None):
            continue
        found.append(name)
        if len(found) == MAX_SUGGESTIONS:
            break
    return found


def _asked_to_rephrase(tracker: Tracker) -> bool:
    """Whether the student was already asked to rephrase since this fallback began."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and (event.get("metadata") or {}).get(
                "utter_action") == names.ASK_REPHRASE:
            return True
        if event.get("event") == "active_loop" and event.get("name") == TWO_STAGE_FALLBACK:
            return False
    return False


def remembered_subject(tracker: Tracker) -> List[EventType]:
    """Slot events that keep what a message names, even when it was not understood.

    "My son wants to do sono, glorp?" is not understood, but the next "how much do they
    make?" is about sonographers.
    """
    context = Context.from_tracker(tracker)
    return subject_events(tracker, context.subject()) if context.names_something else []


class ActionOutOfScope(Action):
    """Says what the assistant covers, remembering any imaging subject the message named."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response=names.OUT_OF_SCOPE_REPLY)
        return remembered_subject(tracker)


class ActionAskAffirmation(Action):
    """"Did you mean ...?": a button per likely question, keeping what the message named."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        parse = tracker.latest_message
        if _asked_to_rephrase(tracker):
            # Rephrased and still not understood: offer a person (the same reply as when
            # Rasa's fallback gives up), rather than asking "did you mean" all over again.
            dispatcher.utter_message(response=names.DEFAULT)
            return remembered_subject(tracker)
        problem = parse.get(names.INPUT_PROBLEM)
        if problem:
            dispatcher.utter_message(response=RESPONSES[problem])
            return []
        entities = {}
        for entity in parse.get("entities") or []:
            if entity.get("entity") in names.ENTITIES:
                entities.setdefault(entity["entity"], entity.get("value"))
        buttons = [{"title": intent_label(domain, intent),
                    "payload": button_payload(intent, entities)}
                   for intent in likely_intents(parse, domain)]
        if not buttons:
            dispatcher.utter_message(response=names.ASK_REPHRASE)
            return remembered_subject(tracker)
        buttons.append({"title": intent_label(domain, NONE_OF_THESE),
                        "payload": button_payload(names.OUT_OF_SCOPE, {})})
        dispatcher.utter_message(response=names.ASK_AFFIRMATION, buttons=buttons)
        return remembered_subject(tracker)
