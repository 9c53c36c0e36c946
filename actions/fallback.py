"""The reply to a message the assistant could not read as a question."""

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import names

RESPONSES = {
    names.INPUT_EMPTY: "utter_empty_message",
    names.INPUT_TOO_LONG: "utter_message_too_long",
    names.INPUT_NO_WORDS: "utter_no_words",
}
DEFAULT_RESPONSE = "utter_default"


class ActionHandleUnclearMessage(Action):
    """Says why a message was not understood: empty, too long, no words, or unclear."""

    def name(self) -> str:
        return "action_handle_unclear_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        problem = tracker.latest_message.get(names.INPUT_PROBLEM)
        dispatcher.utter_message(response=RESPONSES.get(problem, DEFAULT_RESPONSE))
        return []
