"""Names shared by the Rasa project, the answers, the actions and the tests.

Intents, entities, slots and the domain responses the code sends by name (the sentences
themselves are in domain.yml). ``bot`` and ``actions`` both import this module; ``bot``
never imports ``actions``.
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
# Rasa entity roles of a name: what the student already is or holds ("I'm a rad tech"), and
# what they say they do not mean ("mammography, not MRI"). Neither is what they ask about.
HELD = "held"
NOT_MEANT = "not_meant"
# A role asked about as a prerequisite ("do I have to be a rad tech first?"): neither held
# nor what the question is about.
NEEDED = "needed"
# A career the student is studying for ("sonography students"): the subject when nothing else
# is named, and, to the planner, the career they are heading for rather than one they hold.
STUDYING = "studying"
# A name that only says which credential is meant, or where or what for: the career a
# credential is named for ("RCIS vs ARRT(CI) for the cath lab"), the body awarding a
# credential named with it, "on the ARRT site" (``bot.nlu.relations``). Not the subject.
QUALIFYING = "qualifying"

# Where a student is now ("I'm in high school"): a starting point of the planner.
STAGE = "stage"
# A career outside imaging ("how much do accountants make?"): out of scope, like a
# starting point the knowledge base marks as outside imaging ("I'm a nurse").
OTHER_CAREER = "other_career"

# What a question asks about (``bot.questions``): an entity the NLU finds in the message,
# and the slot that remembers the topic last answered, for "and for sonographers?".
TOPIC = "topic"

# Slots the actions keep.
LISTED = "listed"  # what the bot last listed, in order, as "entity:id"
COMPARED = "compared"  # the role ids of the last comparison
COMPARED_CREDENTIALS = "compared_credentials"  # the credential ids of the last comparison
RECENT = "recent_roles"  # the roles answered about lately, latest first, for "which of the two"
TARGET_ROLE = "target_role"  # the planner's role of interest
CURRENT_ROLE = "current_role"  # the planner: the role whose credential the student holds
HANDOFF_REQUESTED = "handoff_requested"
REQUESTED_SLOT = "requested_slot"

# Intents the actions treat specially.
LIST_ROLES = "list_roles"
DEFINE = "ask_acronym"
FOLLOW_UP = "ask_follow_up"
MORE_DETAIL = "ask_more_detail"
COMPARE = "compare_roles"
PREREQUISITES = "ask_prerequisites"
CHOOSE_OPTION = "choose_option"
PLAN_PATHWAY = "plan_pathway"
START_OVER = "start_over"
INFORM = "inform"
NLU_FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
HUMAN_HANDOFF = "human_handoff"

# "Was this helpful?" under an answer: the intent its buttons send, its entities (yes or no,
# and the message id of the question the answer was for), and the key of the marker an
# answer carries on the REST channel so that the web page offers the buttons under it.
FEEDBACK = "feedback"
HELPFUL = "helpful"
ANSWER_TO = "answer_to"
HELPFUL_YES = "yes"
HELPFUL_NO = "no"

# The parse-data key the message guard sets when a message cannot be read as a question.
INPUT_PROBLEM = "input_problem"
INPUT_EMPTY = "empty"
INPUT_TOO_LONG = "too_long"
INPUT_NO_WORDS = "no_words"
INPUT_UNKNOWN_WORDS = "unknown_words"


# Responses the code sends by name.
ROLE_OVERVIEW = "utter_role_overview"
ROLES_LIST = "utter_roles_list"

EDUCATION = "utter_education"
PROGRAM_LENGTH = "utter_program_length"
PROGRAM_LENGTH_UNKNOWN = "utter_program_length_unknown"
PROGRAM_LENGTH_OVERVIEW = "utter_program_length_overview"  # of every first career
PROGRAM_LENGTH_OTHERS = "utter_program_length_others"
WORK_SETTING = "utter_work_setting"
WORK_SETTING_UNKNOWN = "utter_work_setting_unknown"
PHYSICAL_DEMANDS = "utter_physical_demands"
PHYSICAL_DEMANDS_UNKNOWN = "utter_physical_demands_unknown"
HIGH_SCHOOL = "utter_high_school"
HIGH_SCHOOL_UNKNOWN = "utter_high_school_unknown"
EDUCATION_COURSEWORK = "utter_education_coursework"
EDUCATION_DETAILS = "utter_education_details"
EDUCATION_UNKNOWN = "utter_education_unknown"

ACCREDITATION = "utter_accreditation"
ACCREDITATION_UNKNOWN = "utter_accreditation_unknown"
ORGANIZATION = "utter_organization"

CERTIFICATION_FOR_ROLE = "utter_certification_for_role"
CERTIFICATION_NONE = "utter_certification_none"
CREDENTIAL_REQUIREMENTS = "utter_credential_requirements"  # what each credential takes
CREDENTIAL = "utter_credential"
CREDENTIAL_DISCONTINUED = "utter_credential_discontinued"
ORGANIZATION_CREDENTIALS = "utter_organization_credentials"

ACRONYM = "utter_acronym"
ROLE_CONFUSION = "utter_role_confusion"
ACRONYM_UNKNOWN = "utter_acronym_unknown"

EXAM_QUESTIONS = "utter_exam_questions"
EXAM_SCORED_QUESTIONS = "utter_exam_scored_questions"
EXAM_DURATION = "utter_exam_duration"
EXAM_OUTLINE = "utter_exam_outline"
EXAM_NOTES = "utter_exam_notes"
EXAM_UNKNOWN = "utter_exam_unknown"

SPECIALIZATIONS_LIST = "utter_specializations_list"
SPECIALIZATIONS_FROM_ROLE = "utter_specializations_from_role"
SPECIALIZATIONS_NONE_FROM_ROLE = "utter_specializations_none_from_role"
SPECIALIZATION_REPLY = "utter_specialization"
SPECIALIZATION_PREREQUISITES = "utter_specialization_prerequisites"
POST_PRIMARY = "utter_post_primary"

CONTINUING_EDUCATION = "utter_continuing_education"
CONTINUING_EDUCATION_UNKNOWN = "utter_continuing_education_unknown"

CLINICAL_EXPERIENCE = "utter_clinical_experience"
CLINICAL_EXPERIENCE_GENERAL = "utter_clinical_experience_general"

PAY = "utter_pay"
PAY_UNKNOWN = "utter_pay_unknown"
PAY_OVERVIEW = "utter_pay_overview"
PAY_NATIONAL_ONLY = "utter_pay_national_only"
OUTLOOK_NATIONAL_ONLY = "utter_outlook_national_only"

OUTLOOK = "utter_outlook"
OUTLOOK_GENERAL = "utter_outlook_general"
OUTLOOK_GROWTH_ONLY = "utter_outlook_growth_only"
OUTLOOK_DECLINE = "utter_outlook_decline"
OUTLOOK_NO_FIGURE = "utter_outlook_no_figure"

SKILLS = "utter_skills"
SKILLS_GENERAL = "utter_skills_general"

LICENSURE = "utter_licensure"
LICENSURE_VARIES = "utter_licensure_varies"
LICENSURE_STATE = "utter_licensure_state"
LICENSURE_STATE_CHECK = "utter_licensure_state_check"
LICENSURE_STATE_UNKNOWN = "utter_licensure_state_unknown"

PATHWAY = "utter_pathway"
PATHWAY_ROLE_NOTE = "utter_pathway_role_note"
PATHWAY_IN_STATE = "utter_pathway_in_state"  # the steps in a state: the same, but the license
PATHWAY_STEPS = "utter_pathway_steps"  # each step described, after "More detail"

ASK_ROLE = "utter_ask_role"
ASK_WHICH_ONE = "utter_ask_which_one"
NOTHING_LISTED = "utter_nothing_listed"
UNKNOWN_SUBJECT = "utter_unknown_subject"
KNOWLEDGE_UNAVAILABLE = "utter_knowledge_unavailable"
OUT_OF_SCOPE_CAREER = "utter_out_of_scope_career"

COMPARE_DUTIES = "utter_compare_duties"
COMPARE_EDUCATION = "utter_compare_education"
COMPARE_EDUCATION_MISSING = "utter_compare_education_missing"
COMPARE_CREDENTIALS = "utter_compare_credentials"
COMPARE_PAY = "utter_compare_pay"
COMPARE_IN_STATE = "utter_compare_in_state"
COMPARE_OUTSIDE_IMAGING = "utter_compare_outside_imaging"
COMPARE_OUTLOOK_FASTEST = "utter_compare_outlook_fastest"
COMPARE_PAY_HIGHEST = "utter_compare_pay_highest"
COMPARE_PAY_MISSING = "utter_compare_pay_missing"
COMPARE_OUTLOOK = "utter_compare_outlook"
COMPARE_NEEDS_TWO = "utter_compare_needs_two"
CREDENTIALS_SIDE_BY_SIDE = "utter_credentials_side_by_side"
CREDENTIALS_DIFFER = "utter_credentials_differ"
CREDENTIALS_UNRANKED = "utter_credentials_unranked"

PREREQUISITES_REPLY = "utter_prerequisites"
CREDENTIAL_ROUTES = "utter_credential_routes"
PREREQUISITES_NONE = "utter_prerequisites_none"
PREREQUISITES_UNKNOWN = "utter_prerequisites_unknown"
# The ways in, from what the student holds ("can a rad tech become a CT tech?"): some start
# from it (or may: the sources do not settle it); none does, but some need no earlier
# credential; none does, and all need one.
ROUTES_FROM_HELD = "utter_routes_from_held"
ROUTES_FROM_HELD_UNSETTLED = "utter_routes_from_held_unsettled"
ROUTES_NOT_FROM_HELD_DIRECT = "utter_routes_not_from_held_direct"
ROUTES_NOT_FROM_HELD = "utter_routes_not_from_held"
# The first line of an answer to a yes/no question (``bot.answers.verdicts``).
VERDICT_YES = "utter_verdict_yes"
VERDICT_NO = "utter_verdict_no"
VERDICT_EARLIER_FIRST = "utter_verdict_earlier_first"
VERDICT_NOT_DIRECTLY = "utter_verdict_not_directly"
# "Are clinicals paid?": no source says, and the answer says so first.
CLINICAL_PAY_UNKNOWN = "utter_clinical_pay_unknown"

PLAN_INTRO = "utter_plan_intro"
PLAN_STAGE_NOTE = "utter_plan_stage_note"
PLAN_ALREADY_QUALIFIED = "utter_plan_already_qualified"
PLAN_EDUCATION = "utter_plan_education"
PLAN_FINISH_PROGRAM = "utter_plan_finish_program"
PLAN_EDUCATION_NO_ACCREDITOR = "utter_plan_education_no_accreditor"
PLAN_EDUCATION_UNKNOWN = "utter_plan_education_unknown"
PLAN_CERTIFY = "utter_plan_certify"
PLAN_CERTIFY_FIRST = "utter_plan_certify_first"
PLAN_CERTIFY_UNKNOWN = "utter_plan_certify_unknown"
PLAN_POST_PRIMARY = "utter_plan_post_primary"
PLAN_OTHER_CREDENTIALS = "utter_plan_other_credentials"
PLAN_CLINICAL = "utter_plan_clinical"
PLAN_CLINICAL_POST_PRIMARY = "utter_plan_clinical_post_primary"
PLAN_IN_A_STATE = "utter_plan_in_a_state"
PLAN_LICENSURE = "utter_plan_licensure"
PLAN_LICENSURE_STATE = "utter_plan_licensure_state"
PLAN_LICENSURE_STATE_UNKNOWN = "utter_plan_licensure_state_unknown"
PLAN_SPECIALIZE = "utter_plan_specialize"
PLAN_CONTINUING = "utter_plan_continuing"
PLAN_CLOSE = "utter_plan_close"

PLANNER_START = "utter_planner_start"
# A student saying who they are and asking nothing ("hi im an LPN"): what was understood,
# said back, then what the assistant can do from there.
INTRODUCTION_NOTED = "utter_introduction_noted"
INTRODUCTION_NOTED_NOTHING = "utter_introduction_noted_nothing"
INTRODUCTION_OFFER = "utter_introduction_offer"
PLANNER_FROM_WHERE_THEY_ARE = "utter_planner_from_where_they_are"
PLANNER_START_GOAL = "utter_planner_start_goal"
PLANNER_ASK_STAGE = "utter_ask_stage"
PLANNER_ASK_TARGET_ROLE = "utter_ask_target_role"
PLANNER_ASK_CURRENT_ROLE = "utter_ask_current_role"
PLANNER_STAGE_NOT_UNDERSTOOD = "utter_planner_stage_not_understood"
PLANNER_ROLE_NOT_UNDERSTOOD = "utter_planner_role_not_understood"
PLANNER_STALE = "utter_planner_stale"

OUT_OF_SCOPE_REPLY = "utter_out_of_scope"
MORE_ITEMS = "utter_more_items"  # the rest of a list, after "More detail"
NO_MORE_DETAIL = "utter_no_more_detail"
ASK_AFFIRMATION = "utter_ask_affirmation"
ASK_REPHRASE = "utter_ask_rephrase"  # also sent by Rasa's two-stage fallback
DEFAULT = "utter_default"  # sent by Rasa's action_default_fallback
HANDOFF = "utter_handoff"
HANDOFF_NOT_CONFIGURED = "utter_handoff_not_configured"
FEEDBACK_THANKS = "utter_feedback_thanks"
FEEDBACK_SORRY = "utter_feedback_sorry"
