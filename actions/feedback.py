"""A student says whether an answer helped: thank them, and keep it in the conversation.

The web page's "Was this helpful?" buttons (and advisors in rasa shell, typing
``/feedback{"helpful": "no"}``) send the ``feedback`` intent. The student's message itself,
with its ``helpful`` and ``answer_to`` entities, is the record: the tracker store keeps it
as an event of the conversation, and ``make review`` lists the answers marked unhelpful
with the question that led to them. Nothing else about the conversation changes.
"""

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import names


def helpful_value(tracker: Tracker) -> str:
    """``yes`` or ``no`` from the latest message; anything else reads as ``yes``."""
    value = next(tracker.get_latest_entity_values(names.HELPFUL), names.HELPFUL_YES)
    return names.HELPFUL_NO if str(value).strip().lower() == names.HELPFUL_NO else \
        names.HELPFUL_YES


class ActionRecordFeedback(Action):
    """Thanks the student; an unhelpful answer also gets ways forward."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if helpful_value(tracker) == names.HELPFUL_NO:
            dispatcher.utter_message(response=names.FEEDBACK_SORRY)
        else:
            dispatcher.utter_message(response=names.FEEDBACK_THANKS)
        return []
