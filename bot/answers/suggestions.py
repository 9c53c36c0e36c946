"""The natural next questions after each kind of answer, offered as buttons.

Only intent names are chosen here; the buttons' words are the domain's
``utter_intent_<intent>`` responses, and the answers use the remembered subject.
"""

from __future__ import annotations

from typing import Dict, Tuple

NEXT_QUESTIONS: Dict[str, Tuple[str, ...]] = {
    "ask_role_overview": ("ask_certification", "ask_education", "ask_pay", "ask_specializations"),
    "ask_education": ("ask_program_length", "ask_certification", "ask_clinical_experience"),
    "ask_program_length": ("ask_education", "ask_certification", "plan_pathway"),
    "ask_work_setting": ("ask_pay", "ask_skills", "plan_pathway"),
    "ask_high_school": ("ask_education", "ask_program_length", "plan_pathway"),
    "ask_accreditation": ("ask_certification", "ask_education"),
    "ask_certification": ("ask_exam", "ask_continuing_education", "ask_prerequisites"),
    "ask_exam": ("ask_continuing_education", "ask_certification"),
    "ask_specializations": ("ask_certification", "ask_pay", "plan_pathway"),
    "ask_continuing_education": ("ask_certification", "ask_specializations"),
    "ask_clinical_experience": ("ask_education", "ask_certification"),
    "ask_pay": ("ask_outlook", "ask_education", "plan_pathway"),
    "ask_outlook": ("ask_pay", "plan_pathway"),
    "ask_skills": ("ask_education", "plan_pathway"),
    "ask_licensure": ("ask_certification", "ask_work_setting"),
    "ask_pathway": ("plan_pathway", "list_roles"),
    "ask_prerequisites": ("ask_education", "plan_pathway"),
    "compare_roles": ("ask_prerequisites", "plan_pathway"),
}


def next_questions(intent: str) -> Tuple[str, ...]:
    """The intents worth suggesting after answering ``intent``."""
    return NEXT_QUESTIONS.get(intent, ())
