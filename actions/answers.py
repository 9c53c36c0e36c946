"""One action per kind of question; the answers themselves are in ``bot.answers``."""


from actions.base import AnswerAction


class ActionAnswerRoleOverview(AnswerAction):
    intent = "ask_role_overview"


class ActionAnswerEducation(AnswerAction):
    intent = "ask_education"


class ActionAnswerAccreditation(AnswerAction):
    intent = "ask_accreditation"


class ActionAnswerCertification(AnswerAction):
    intent = "ask_certification"


class ActionAnswerAcronym(AnswerAction):
    intent = "ask_acronym"


class ActionAnswerExam(AnswerAction):
    intent = "ask_exam"


class ActionAnswerSpecializations(AnswerAction):
    intent = "ask_specializations"


class ActionAnswerContinuingEducation(AnswerAction):
    intent = "ask_continuing_education"


class ActionAnswerClinicalExperience(AnswerAction):
    intent = "ask_clinical_experience"


class ActionAnswerPay(AnswerAction):
    intent = "ask_pay"


class ActionAnswerOutlook(AnswerAction):
    intent = "ask_outlook"


class ActionAnswerSkills(AnswerAction):
    intent = "ask_skills"


class ActionAnswerLicensure(AnswerAction):
    intent = "ask_licensure"


class ActionAnswerPathway(AnswerAction):
    intent = "ask_pathway"


class ActionListRoles(AnswerAction):
    intent = "list_roles"

    def name(self) -> str:
        return "action_list_roles"
