"""A student asks for a person: give the advisor contact and record the request."""

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import names, settings


class ActionHandoff(Action):
    """Replies with the operator's advisor contact; the slot marks the conversation."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        contact = settings.advisor_contact()
        if contact:
            dispatcher.utter_message(response=names.HANDOFF, contact=contact,
                                     conversation_id=tracker.sender_id)
        else:
            dispatcher.utter_message(response=names.HANDOFF_NOT_CONFIGURED,
                                     conversation_id=tracker.sender_id)
        return [SlotSet(names.HANDOFF_REQUESTED, True)]
