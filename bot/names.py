"""Names shared by the Rasa project, the actions and the tests: intents, entities, slots.

Response names live with the answers that use them (``bot.answers.responses``).
"""

# Entities (and the slots of the same names, which remember them across turns).
ROLE = "role"
CERTIFICATION = "certification"
SPECIALIZATION = "specialization"
TERM = "term"
ENTITIES = (ROLE, CERTIFICATION, SPECIALIZATION, TERM)

# The parse-data key the message guard sets when a message cannot be read as a question.
INPUT_PROBLEM = "input_problem"
INPUT_EMPTY = "empty"
INPUT_TOO_LONG = "too_long"
INPUT_NO_WORDS = "no_words"
