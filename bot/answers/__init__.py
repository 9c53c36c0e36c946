"""Answers to questions, composed from the knowledge base.

Each function takes a session and the ids the question is about, and returns the replies
to send: a response name from the domain and the variables that fill it. The words are in
``domain.yml``; here the knowledge base's own text is chosen, ordered and cited. Nothing
here imports Rasa or rasa_sdk.
"""

from __future__ import annotations

from bot.answers.core import NeedsRole, Reply, Subject

__all__ = ["NeedsRole", "Reply", "Subject"]
