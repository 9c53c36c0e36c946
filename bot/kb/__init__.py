"""The knowledge base: SQLAlchemy models, the loader from the knowledge files, and queries.

It imports neither Rasa nor rasa_sdk.
"""
