"""Names shared by the Rasa project, the actions and the tests: intents, entities, slots.

Response names live with the answers that use them (``bot.answers.responses``).
"""

# Entities (and the slots of the same names, which remember what the conversation is about).
ROLE = "role"
CERTIFICATION = "certification"
SPECIALIZATION = "specialization"
TERM = "term"
STATE = "state"  # a US state or DC, for licensure there
ENTITIES = (ROLE, CERTIFICATION, SPECIALIZATION, TERM, STATE)

# "the first one", "the last one", "that one": a reference to something the bot listed.
MENTION = "mention"
# Where a student is now ("I'm in high school"): a starting point of the planner.
STAGE = "stage"
# A career outside imaging ("how much do accountants make?"): out of scope, like a
# starting point the knowledge base marks as outside imaging ("I'm a nurse").
OTHER_CAREER = "other_career"

# Slots the actions keep.
TOPIC = "topic"  # the intent last answered, for "and for sonographers?"
LISTED = "listed"  # what the bot last listed, in order, as "entity:id"
COMPARED = "compared"  # the role ids of the last comparison
TARGET_ROLE = "target_role"  # the planner's role of interest
HANDOFF_REQUESTED = "handoff_requested"
REQUESTED_SLOT = "requested_slot"

# Intents the actions treat specially.
COMPARE = "compare_roles"
PREREQUISITES = "ask_prerequisites"
CHOOSE_OPTION = "choose_option"
PLAN_PATHWAY = "plan_pathway"
INFORM = "inform"
NLU_FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"

# The parse-data key the message guard sets when a message cannot be read as a question.
INPUT_PROBLEM = "input_problem"
INPUT_EMPTY = "empty"
INPUT_TOO_LONG = "too_long"
INPUT_NO_WORDS = "no_words"
