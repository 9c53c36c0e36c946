"""SQLAlchemy models for the facts the assistant states: the one declaration of the data.

Each model is one kind of knowledge file (``__kind__`` names it); the loader derives what
an entry of that file may hold from the model's columns and its ``refs`` relationships
(``bot.kb.schema``), so a field is declared once, here.

Every fact row carries its ``source``, its ``as_of`` date and its ``quality``:

* ``verified``: read on the named organisation's own page;
* ``secondary``: read on a page quoting the organisation (state it with year and source);
* ``uncertain``: not reliable as a number; the row keeps what is known, numbers stay NULL;
* ``not_found``: no source was found; the row records the gap so the bot can say so.

Written for SQLAlchemy 1.4 in 2.0 style: ``Mapped[...]`` annotations on relationships, and
enumerations as ``Enum(..., native_enum=False)`` (a VARCHAR with a CHECK constraint on
every database), so the models run unchanged on 2.0.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, declarative_base, declared_attr, relationship

Base = declarative_base()

QUALITIES = ("verified", "secondary", "uncertain", "not_found")
# Qualities that state no number: the assistant points to the official source instead.
NUMBERLESS_QUALITIES = ("uncertain", "not_found")
SOURCE_KINDS = ("official", "secondary", "seed")
ORGANIZATION_KINDS = ("certifying", "accrediting", "regulator", "professional", "statistics")
PATHWAYS = ("primary", "post_primary", "primary_or_post_primary")
# Credentials one can earn without holding another first, and those earned on top of one.
PRIMARY_PATHWAYS = ("primary", "primary_or_post_primary")
POST_PRIMARY_PATHWAYS = ("post_primary", "primary_or_post_primary")
CREDENTIAL_STATUSES = ("active", "discontinued")
# The kinds of step on the way to a role, in the order a student lives them.
STEP_KINDS = (
    "education", "clinical_experience", "certification", "licensure", "specialization",
    "continuing_education",
)
# Where a student may be now, as far as the planner is concerned.
SITUATIONS = ("not_started", "in_program", "certified", "outside_imaging")
# What a term explains that answers rely on (an ARRT pathway), if anything.
EXPLAINS = ("primary_pathway", "post_primary_pathway", "role_confusion")
WORK_ASPECTS = ("work_setting", "physical_demands")

SLUG_LENGTH = 64
# Fields of an entry that are not columns of their own row (``refs`` relationships).
REFS = {"refs": True}
# A JSON column holding a list of {area, percent}, not a list of strings.
OUTLINE = {"outline": True}


def choice(values: Tuple[str, ...], name: str) -> Enum:
    """An enumeration stored as text with a CHECK constraint, the same on every database."""
    return Enum(*values, name=name, native_enum=False, create_constraint=True,
                validate_strings=True, length=32)


class Source(Base):
    """A page or document that facts come from."""

    __tablename__ = "sources"
    __kind__ = "sources"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    title = Column(Text, nullable=False)
    publisher = Column(Text, nullable=False)
    url = Column(Text)
    kind = Column(choice(SOURCE_KINDS, "source_kind"), nullable=False)
    accessed = Column(Date, nullable=False)


class FactMixin:
    """Columns every fact row has: where it comes from, when, and how sure we are."""

    as_of = Column(Date, nullable=False)

    @declared_attr
    def quality(cls):  # noqa: N805 - SQLAlchemy's declared_attr takes the class
        return Column(choice(QUALITIES, f"{cls.__tablename__}_quality"), nullable=False)

    @declared_attr
    def source_id(cls):  # noqa: N805
        return Column(String(SLUG_LENGTH), ForeignKey("sources.id"), nullable=False)

    @declared_attr
    def source(cls) -> Mapped[Source]:  # noqa: N805
        return relationship(Source, lazy="joined")


class AliasMixin:
    """Names students type for a thing: ``aliases`` in any casing, ``exact_aliases`` as written."""

    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)


def _link(name: str, left: str, right: str) -> Table:
    """A many-to-many table between ``left`` and ``right`` (table names), rows cascading."""
    return Table(
        name,
        Base.metadata,
        Column(f"{left.rstrip('s')}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"),
               primary_key=True),
        Column(f"{right.rstrip('s')}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"),
               primary_key=True),
    )


credential_specializations = _link("credential_specializations", "credentials",
                                   "specializations")
route_roles = _link("eligibility_route_roles", "eligibility_routes", "roles")
continuing_education_credentials = _link("continuing_education_credentials",
                                         "continuing_education_rules", "credentials")
starting_point_steps = _link("starting_point_steps", "starting_points", "pathway_steps")


class Organization(FactMixin, AliasMixin, Base):
    """A body that awards credentials, accredits programs, regulates or publishes figures."""

    __tablename__ = "organizations"
    __kind__ = "organizations"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    acronym = Column(String(32), nullable=False)
    name = Column(Text, nullable=False)
    kind = Column(choice(ORGANIZATION_KINDS, "organization_kind"), nullable=False)
    description = Column(Text, nullable=False)
    url = Column(Text)

    credentials: Mapped[List[Credential]] = relationship(
        "Credential", back_populates="organization", order_by="Credential.id"
    )


class Role(FactMixin, AliasMixin, Base):
    """A career in medical imaging."""

    __tablename__ = "roles"
    __kind__ = "roles"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    also_called = Column(Text)
    summary = Column(Text, nullable=False)

    credentials: Mapped[List[Credential]] = relationship(
        "Credential", back_populates="role", order_by="Credential.id"
    )
    specializations: Mapped[List[Specialization]] = relationship(
        "Specialization", back_populates="role", order_by="Specialization.id"
    )


class Specialization(FactMixin, AliasMixin, Base):
    """An area a technologist can specialize in."""

    __tablename__ = "specializations"
    __kind__ = "specializations"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))

    role: Mapped[Optional[Role]] = relationship(Role, back_populates="specializations")
    credentials: Mapped[List[Credential]] = relationship(
        "Credential",
        secondary=credential_specializations,
        back_populates="specializations",
        order_by="Credential.id",
    )


class Credential(FactMixin, AliasMixin, Base):
    """A certification, the body that awards it and a one-line summary of what it takes.

    How to become eligible, route by route, is in ``routes`` (``EligibilityRoute``).
    """

    __tablename__ = "credentials"
    __kind__ = "credentials"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    abbreviation = Column(String(32), nullable=False)
    name = Column(Text, nullable=False)
    organization_id = Column(String(SLUG_LENGTH), ForeignKey("organizations.id"), nullable=False)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    pathway = Column(choice(PATHWAYS, "credential_pathway"), nullable=False)
    status = Column(choice(CREDENTIAL_STATUSES, "credential_status"), nullable=False,
                    default="active")
    requirements = Column(Text, nullable=False)

    organization: Mapped[Organization] = relationship(
        Organization, back_populates="credentials", lazy="joined"
    )
    role: Mapped[Optional[Role]] = relationship(Role, back_populates="credentials")
    specializations: Mapped[List[Specialization]] = relationship(
        Specialization,
        secondary=credential_specializations,
        back_populates="credentials",
        order_by=Specialization.id,
        info=REFS,
    )
    routes: Mapped[List[EligibilityRoute]] = relationship(
        "EligibilityRoute", back_populates="credential", order_by="EligibilityRoute.position"
    )
    exams: Mapped[List[Exam]] = relationship(
        "Exam", back_populates="credential", order_by="Exam.id"
    )


class EligibilityRoute(FactMixin, Base):
    """One way to become eligible for a credential, as its source states it.

    ``required_roles`` are the roles whose credential a candidate must hold, every one of
    them (breast sonography by the radiography route needs radiography *and*
    mammography). A route the source does not settle is ``uncertain``: it is said with a
    pointer to the body's page and never taken as qualifying anyone.
    """

    __tablename__ = "eligibility_routes"
    __kind__ = "eligibility_routes"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    credential_id = Column(String(SLUG_LENGTH), ForeignKey("credentials.id"), nullable=False)
    position = Column(Integer, nullable=False)
    description = Column(Text, nullable=False)
    # a route the body no longer takes ("closed: the on-the-job pathway ..."): said, so
    # that a student who read of it knows, but never a way in
    closed = Column(Boolean, nullable=False, default=False)

    credential: Mapped[Credential] = relationship(Credential, back_populates="routes")
    required_roles: Mapped[List[Role]] = relationship(
        Role, secondary=route_roles, order_by=Role.id, info=REFS
    )

    @property
    def settled(self) -> bool:
        """Whether the source settles this route, so the planner may rely on it."""
        return self.quality not in NUMBERLESS_QUALITIES


class Education(FactMixin, Base):
    """How a role is trained: award, accreditor, coursework."""

    __tablename__ = "education_requirements"
    __kind__ = "education"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False)
    award = Column(Text)
    accreditor_id = Column(String(SLUG_LENGTH), ForeignKey("organizations.id"))
    coursework = Column(Text)
    details = Column(Text)

    role: Mapped[Role] = relationship(Role)
    accreditor: Mapped[Optional[Organization]] = relationship(Organization)


class Program(FactMixin, Base):
    """One route through school to a role: its award, how long it takes, who it is for."""

    __tablename__ = "programs"
    __kind__ = "programs"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False)
    position = Column(Integer, nullable=False)
    award = Column(Text)
    length = Column(Text)
    audience = Column(Text)
    notes = Column(Text)
    # Taken by technologists already certified (the radiologist assistant's program): a plan
    # from a credential that opens the role's keeps its education step.
    after_certification = Column(Boolean, nullable=False, default=False)

    role: Mapped[Role] = relationship(Role)


class Exam(FactMixin, Base):
    """Known facts about a credential's exam; unknown numbers stay NULL.

    ``questions`` counts every question unless ``scored_only`` says the source counts the
    scored ones only.
    """

    __tablename__ = "exams"
    __kind__ = "exams"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    credential_id = Column(String(SLUG_LENGTH), ForeignKey("credentials.id"), nullable=False)
    questions = Column(Integer)
    scored_only = Column(Boolean, nullable=False, default=False)
    duration_minutes = Column(Integer)
    content_outline = Column(JSON, info=OUTLINE)
    notes = Column(Text)

    credential: Mapped[Credential] = relationship(Credential, back_populates="exams")


class ContinuingEducationRule(FactMixin, Base):
    """What keeping a credential, or practising a role, requires.

    A rule naming ``credentials`` applies to those; a rule naming a ``role`` applies to
    everyone practising it (a law such as MQSA); a rule naming neither applies to every
    credential its organization awards. A ``term`` is what students call the rule (CQR).
    """

    __tablename__ = "continuing_education_rules"
    __kind__ = "continuing_education"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    organization_id = Column(String(SLUG_LENGTH), ForeignKey("organizations.id"), nullable=False)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    # the term naming the rule, for "does CQR apply to me?"
    term_id = Column(String(SLUG_LENGTH), ForeignKey("terms.id"))
    title = Column(Text, nullable=False)
    requirement = Column(Text, nullable=False)
    credits = Column(Integer)
    period_months = Column(Integer)

    organization: Mapped[Organization] = relationship(Organization)
    role: Mapped[Optional[Role]] = relationship(Role)
    term: Mapped[Optional["Term"]] = relationship("Term")
    credentials: Mapped[List[Credential]] = relationship(
        Credential, secondary=continuing_education_credentials, order_by=Credential.id,
        info=REFS,
    )


class ClinicalExperience(FactMixin, Base):
    """Supervised hands-on experience; no role means imaging technologists in general."""

    __tablename__ = "clinical_experience"
    __kind__ = "clinical_experience"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    description = Column(Text, nullable=False)
    hours = Column(Integer)

    role: Mapped[Optional[Role]] = relationship(Role)


class PayFigure(FactMixin, Base):
    """Median annual pay for a role, for a stated period; NULL where not known."""

    __tablename__ = "pay_figures"
    __kind__ = "pay"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False, unique=True)
    median_annual_usd = Column(Integer)
    period = Column(Text)
    notes = Column(Text)

    role: Mapped[Role] = relationship(Role)


class OutlookFigure(FactMixin, Base):
    """Projected employment growth for an occupation group; no role means the field at large."""

    __tablename__ = "outlook_figures"
    __kind__ = "outlook"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    group = Column(Text, nullable=False)
    growth_percent = Column(Integer)
    period = Column(Text)
    annual_openings = Column(Integer)
    notes = Column(Text)

    role: Mapped[Optional[Role]] = relationship(Role)


class Skill(FactMixin, Base):
    """A skill or quality; no role means imaging technicians in general."""

    __tablename__ = "skills"
    __kind__ = "skills"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    name = Column(Text, nullable=False)

    role: Mapped[Optional[Role]] = relationship(Role)


class WorkCondition(FactMixin, Base):
    """Where a role works, or what the work asks of the body."""

    __tablename__ = "work_conditions"
    __kind__ = "work_conditions"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False)
    aspect = Column(choice(WORK_ASPECTS, "work_aspect"), nullable=False)
    description = Column(Text, nullable=False)

    role: Mapped[Role] = relationship(Role)


class HighSchoolPreparation(FactMixin, Base):
    """What to study in high school to prepare for a role."""

    __tablename__ = "high_school_preparation"
    __kind__ = "high_school"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False)
    subjects = Column(Text)
    notes = Column(Text)

    role: Mapped[Role] = relationship(Role)


class State(AliasMixin, Base):
    """A US state (or DC): a name students type, and the key of state licensure facts."""

    __tablename__ = "states"
    __kind__ = "states"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    abbreviation = Column(String(2), nullable=False, unique=True)


class LicensureNote(FactMixin, Base):
    """What is known about licensure: for a role, in a state, or both; no role, every role.

    ``in_plan`` marks the role's note a plan's licensure step gives when the student has
    named no state (at most one a role; without one, the role's first).
    """

    __tablename__ = "licensure_notes"
    __kind__ = "licensure"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    state_id = Column(String(SLUG_LENGTH), ForeignKey("states.id"))
    body = Column(Text)
    note = Column(Text, nullable=False)
    in_plan = Column(Boolean, nullable=False, default=False)

    role: Mapped[Optional[Role]] = relationship(Role)
    state: Mapped[Optional[State]] = relationship(State)


class PathwayStep(FactMixin, Base):
    """One step of the pathway, in order; no role means the general path.

    ``kind`` is what the step is (education, certification...); the planner finds the
    steps by kind, never by id.
    """

    __tablename__ = "pathway_steps"
    __kind__ = "pathway_steps"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    kind = Column(choice(STEP_KINDS, "step_kind"), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(Text, nullable=False)
    description = Column(Text, nullable=False)

    role: Mapped[Optional[Role]] = relationship(Role)


class Term(FactMixin, AliasMixin, Base):
    """An acronym or term that is not an organization, credential, role or specialization.

    ``explains`` marks the one term answers rely on for a concept (the ARRT post-primary
    pathway, for instance), so that code never names a term's id.
    """

    __tablename__ = "terms"
    __kind__ = "terms"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    acronym = Column(String(64), nullable=False)
    expansion = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    explains = Column(choice(EXPLAINS, "term_explains"), unique=True)


class StartingPoint(FactMixin, AliasMixin, Base):
    """Where a student may be now ("in high school"), for planning their next steps.

    ``situation`` is what the planner needs to know of it: whether the student has not
    started, is in a program, already holds a credential (then the planner asks which),
    or works outside imaging. ``completed_steps`` are the pathway steps already behind
    someone starting here; ``note`` is a sourced fact that matters from here.
    """

    __tablename__ = "starting_points"
    __kind__ = "starting_points"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)
    situation = Column(choice(SITUATIONS, "situation"), nullable=False)
    note = Column(Text)

    completed_steps: Mapped[List[PathwayStep]] = relationship(
        PathwayStep, secondary=starting_point_steps, order_by=PathwayStep.position, info=REFS
    )


# Every kind, in the order the loader writes them: a kind refers only to kinds before it.
MODELS = (
    Source, Organization, Role, Specialization, Credential, EligibilityRoute, Education,
    Program, Exam, Term, ContinuingEducationRule, ClinicalExperience, PayFigure,
    OutlookFigure, Skill, WorkCondition, HighSchoolPreparation, State, LicensureNote,
    PathwayStep, StartingPoint,
)

