"""Read-only queries over the knowledge base. Every function takes the caller's session."""

from __future__ import annotations

from typing import List, Optional, Sequence, Set

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session

from bot.kb.models import (
    ClinicalExperience,
    ContinuingEducationRule,
    Credential,
    Education,
    HighSchoolPreparation,
    LicensureNote,
    Organization,
    OutlookFigure,
    PathwayStep,
    PayFigure,
    Program,
    Role,
    Skill,
    Specialization,
    StartingPoint,
    State,
    Term,
    WorkCondition,
)


def all_roles(session: Session) -> List[Role]:
    """Every role, in the order of their names."""
    return list(session.scalars(select(Role).order_by(Role.name)))


def role(session: Session, role_id: str) -> Optional[Role]:
    """The role with this id, or None."""
    return session.get(Role, role_id)


def credential(session: Session, credential_id: str) -> Optional[Credential]:
    """The credential with this id, or None."""
    return session.get(Credential, credential_id)


def organization(session: Session, organization_id: str) -> Optional[Organization]:
    """The organization with this id, or None."""
    return session.get(Organization, organization_id)


def specialization(session: Session, specialization_id: str) -> Optional[Specialization]:
    """The specialization with this id, or None."""
    return session.get(Specialization, specialization_id)


def term(session: Session, term_id: str) -> Optional[Term]:
    """The term with this id, or None."""
    return session.get(Term, term_id)


def education(session: Session, role_id: str) -> Optional[Education]:
    """The education facts for a role, or None."""
    return session.scalars(select(Education).where(Education.role_id == role_id)).first()


def role_credentials(session: Session, role_id: str) -> List[Credential]:
    """The credentials that qualify someone for ``role_id``, active ones first."""
    rows = session.scalars(
        select(Credential).where(Credential.role_id == role_id).order_by(Credential.id)
    )
    return sorted(rows, key=lambda c: (c.status != "active", c.pathway != "primary", c.id))


def all_specializations(session: Session) -> List[Specialization]:
    """Every specialization, by name."""
    return list(session.scalars(select(Specialization).order_by(Specialization.name)))


def specializations_reachable_from(session: Session, role_id: str) -> List[Specialization]:
    """Specializations with a credential that holding ``role_id``'s credential alone opens.

    Only routes the sources settle count; a route that also asks for another credential
    (breast sonography: radiography *and* mammography) does not.
    """
    reachable = [
        specialization for specialization in all_specializations(session)
        if any(opened_by(credential, {role_id}) for credential in specialization.credentials)
    ]
    return reachable


def opened_by(credential: Credential, held_roles: Set[str]) -> bool:
    """Whether holding the credentials of ``held_roles`` makes one eligible for ``credential``.

    True when a settled route asks for credentials of those roles only (and at least one).
    """
    return any(
        route.settled and route.required_roles
        and {role.id for role in route.required_roles} <= held_roles
        for route in credential.routes
    )


def continuing_education_named(session: Session,
                                term_id: str) -> List[ContinuingEducationRule]:
    """The rules ``term_id`` names ("CQR": ARRT's Continuing Qualifications Requirements)."""
    return list(session.scalars(select(ContinuingEducationRule)
                                .where(ContinuingEducationRule.term_id == term_id)
                                .order_by(ContinuingEducationRule.id)))


def continuing_education_for(
    session: Session, credentials: Sequence[Credential], role_id: Optional[str] = None
) -> List[ContinuingEducationRule]:
    """The rules that apply to any of ``credentials``, or to everyone practising ``role_id``.

    A rule listing credentials applies to those; a rule naming a role applies to everyone
    in it (a law such as MQSA); a rule naming neither applies to every credential its
    organization awards.
    """
    rules: List[ContinuingEducationRule] = []
    ids = {c.id for c in credentials}
    organizations = {c.organization_id for c in credentials}
    candidates = session.scalars(
        select(ContinuingEducationRule).order_by(ContinuingEducationRule.id)
    )
    for rule in candidates:
        listed = {c.id for c in rule.credentials}
        if rule.role_id is not None:
            applies = rule.role_id == role_id
        elif listed:
            applies = bool(listed & ids)
        else:
            applies = rule.organization_id in organizations
        if applies:
            rules.append(rule)
    return rules


def clinical_experience(session: Session, role_id: Optional[str]) -> List[ClinicalExperience]:
    """General clinical-experience facts plus those for ``role_id``."""
    condition = ClinicalExperience.role_id.is_(None)
    if role_id:
        condition = or_(condition, ClinicalExperience.role_id == role_id)
    return list(
        session.scalars(
            select(ClinicalExperience).where(condition).order_by(ClinicalExperience.id)
        )
    )


def pay(session: Session, role_id: str) -> Optional[PayFigure]:
    """The pay figure for a role, or None."""
    return session.scalars(select(PayFigure).where(PayFigure.role_id == role_id)).first()


def all_pay(session: Session) -> List[PayFigure]:
    """Every pay figure, known or not."""
    return list(session.scalars(select(PayFigure).order_by(PayFigure.id)))


def outlook(session: Session, role_id: Optional[str]) -> List[OutlookFigure]:
    """The outlook figures for ``role_id``, or the general ones when it has none."""
    if role_id:
        rows = list(session.scalars(select(OutlookFigure).where(OutlookFigure.role_id == role_id)))
        if rows:
            return rows
    return list(session.scalars(select(OutlookFigure).where(OutlookFigure.role_id.is_(None))))


def skills(session: Session, role_id: Optional[str]) -> List[Skill]:
    """General skills, then those for ``role_id``."""
    condition = Skill.role_id.is_(None)
    if role_id:
        condition = or_(condition, Skill.role_id == role_id)
    rows = session.scalars(select(Skill).where(condition).order_by(Skill.id))
    return sorted(rows, key=lambda s: s.role_id is not None)


def licensure(session: Session, role_id: Optional[str], state_id: Optional[str] = None
              ) -> List[LicensureNote]:
    """The licensure notes for a role (or every role), in general or in one state.

    Without a state: the role's notes that are not about a state. With a state: what is
    recorded for that state, for this role and for every role (any role, if none is named).
    """
    roles = LicensureNote.role_id.is_(None)
    if role_id:
        roles = or_(roles, LicensureNote.role_id == role_id)
    elif state_id:  # no role named: what the state has for any role
        roles = true()
    if state_id:
        where = and_(LicensureNote.state_id == state_id, roles)
    else:
        where = and_(LicensureNote.state_id.is_(None), LicensureNote.role_id == role_id)
    statement = select(LicensureNote).where(where).order_by(
        LicensureNote.role_id.is_(None), LicensureNote.id)
    return list(session.scalars(statement))


def general_licensure(session: Session) -> List[LicensureNote]:
    """What holds for licensure in every state and role (where to find a state's body)."""
    statement = select(LicensureNote).where(
        LicensureNote.role_id.is_(None), LicensureNote.state_id.is_(None)
    ).order_by(LicensureNote.id)
    return list(session.scalars(statement))


def state(session: Session, state_id: str) -> Optional[State]:
    """The US state with this id, or None."""
    return session.get(State, state_id)


def programs(session: Session, role_id: str) -> List[Program]:
    """The routes through school to a role, in order."""
    return list(session.scalars(
        select(Program).where(Program.role_id == role_id).order_by(Program.position)))


def work_conditions(session: Session, role_id: str, aspect: str) -> List[WorkCondition]:
    """Where a role works (``work_setting``) or what the work asks (``physical_demands``)."""
    return list(session.scalars(
        select(WorkCondition)
        .where(WorkCondition.role_id == role_id, WorkCondition.aspect == aspect)
        .order_by(WorkCondition.id)))


def high_school(session: Session, role_id: str) -> List[HighSchoolPreparation]:
    """What to study in high school for a role."""
    return list(session.scalars(
        select(HighSchoolPreparation).where(HighSchoolPreparation.role_id == role_id)
        .order_by(HighSchoolPreparation.id)))


def pathway_steps(session: Session) -> List[PathwayStep]:
    """The general pathway, in order."""
    return list(
        session.scalars(
            select(PathwayStep).where(PathwayStep.role_id.is_(None)).order_by(PathwayStep.position)
        )
    )


def explaining(session: Session, concept: str) -> Optional[Term]:
    """The term that explains ``concept`` (``post_primary_pathway``...), if the files have it."""
    return session.scalars(select(Term).where(Term.explains == concept)).first()


def all_starting_points(session: Session) -> List[StartingPoint]:
    """Every starting point of the planner, in order."""
    return list(session.scalars(select(StartingPoint).order_by(StartingPoint.position)))
