"""Custom actions (rasa_sdk): thin wrappers that answer from the knowledge base in ``bot``."""
