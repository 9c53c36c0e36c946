"""Language understanding: the project's spaCy pipeline and its Rasa components."""
