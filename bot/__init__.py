"""The imaging-careers assistant's own package: knowledge base, NLU helpers, entry points.

Nothing here imports ``rasa_sdk``; the knowledge base (``bot.kb``) imports neither Rasa nor
rasa_sdk and is usable and testable on its own.
"""
