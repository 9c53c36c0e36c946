"""Names of the domain responses the answers use. The sentences themselves are in domain.yml."""

ROLE_OVERVIEW = "utter_role_overview"
ROLES_LIST = "utter_roles_list"

EDUCATION = "utter_education"
EDUCATION_PROGRAM_LENGTH = "utter_education_program_length"
EDUCATION_PROGRAM_LENGTH_UNKNOWN = "utter_education_program_length_unknown"
EDUCATION_COURSEWORK = "utter_education_coursework"
EDUCATION_DETAILS = "utter_education_details"
EDUCATION_UNKNOWN = "utter_education_unknown"

ACCREDITATION = "utter_accreditation"
ACCREDITATION_UNKNOWN = "utter_accreditation_unknown"
ORGANIZATION = "utter_organization"

CERTIFICATION_FOR_ROLE = "utter_certification_for_role"
CERTIFICATION_NONE = "utter_certification_none"
CREDENTIAL = "utter_credential"
CREDENTIAL_DISCONTINUED = "utter_credential_discontinued"
ORGANIZATION_CREDENTIALS = "utter_organization_credentials"

ACRONYM = "utter_acronym"
ACRONYM_UNKNOWN = "utter_acronym_unknown"

EXAM_QUESTIONS = "utter_exam_questions"
EXAM_DURATION = "utter_exam_duration"
EXAM_OUTLINE = "utter_exam_outline"
EXAM_NOTES = "utter_exam_notes"
EXAM_UNKNOWN = "utter_exam_unknown"

SPECIALIZATIONS_LIST = "utter_specializations_list"
SPECIALIZATIONS_FROM_ROLE = "utter_specializations_from_role"
SPECIALIZATIONS_NONE_FROM_ROLE = "utter_specializations_none_from_role"
SPECIALIZATION = "utter_specialization"
SPECIALIZATION_PREREQUISITES = "utter_specialization_prerequisites"
POST_PRIMARY = "utter_post_primary"

CONTINUING_EDUCATION = "utter_continuing_education"
CONTINUING_EDUCATION_UNKNOWN = "utter_continuing_education_unknown"

CLINICAL_EXPERIENCE = "utter_clinical_experience"
CLINICAL_EXPERIENCE_GENERAL = "utter_clinical_experience_general"

PAY = "utter_pay"
PAY_UNKNOWN = "utter_pay_unknown"
PAY_OVERVIEW = "utter_pay_overview"

OUTLOOK = "utter_outlook"
OUTLOOK_GENERAL = "utter_outlook_general"
OUTLOOK_NO_FIGURE = "utter_outlook_no_figure"

SKILLS = "utter_skills"
SKILLS_GENERAL = "utter_skills_general"

LICENSURE = "utter_licensure"
LICENSURE_VARIES = "utter_licensure_varies"

PATHWAY = "utter_pathway"
PATHWAY_ROLE_NOTE = "utter_pathway_role_note"

ASK_ROLE = "utter_ask_role"
UNKNOWN_SUBJECT = "utter_unknown_subject"
KNOWLEDGE_UNAVAILABLE = "utter_knowledge_unavailable"
