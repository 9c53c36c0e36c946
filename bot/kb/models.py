"""SQLAlchemy models for the facts the assistant states.

Every fact row carries its ``source``, its ``as_of`` date and its ``quality``:

* ``verified``: read on the named organisation's own page;
* ``secondary``: read on a page quoting the organisation (state it with year and source);
* ``uncertain``: not reliable as a number; the row keeps what is known, numbers stay NULL;
* ``not_found``: no source was found; the row records the gap so the bot can say so.
"""

from __future__ import annotations

from typing import List

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import declarative_base, declared_attr, relationship

Base = declarative_base()

QUALITIES = ("verified", "secondary", "uncertain", "not_found")
SOURCE_KINDS = ("official", "secondary", "seed")
ORGANIZATION_KINDS = ("certifying", "accrediting", "regulator", "professional", "statistics")
PATHWAYS = ("primary", "post_primary", "primary_or_post_primary")
# Credentials one can earn without holding another first, and those earned on top of one.
PRIMARY_PATHWAYS = ("primary", "primary_or_post_primary")
POST_PRIMARY_PATHWAYS = ("post_primary", "primary_or_post_primary")
CREDENTIAL_STATUSES = ("active", "discontinued")

SLUG_LENGTH = 64


def _one_of(column: str, values: tuple) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Source(Base):
    """A page or document that facts come from."""

    __tablename__ = "sources"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    title = Column(Text, nullable=False)
    publisher = Column(Text, nullable=False)
    url = Column(Text)
    kind = Column(String(16), nullable=False)
    accessed = Column(Date, nullable=False)

    __table_args__ = (CheckConstraint(_one_of("kind", SOURCE_KINDS), name="ck_source_kind"),)


class FactMixin:
    """Columns every fact row has: where it comes from, when, and how sure we are."""

    as_of = Column(Date, nullable=False)
    quality = Column(String(16), nullable=False)

    @declared_attr
    def source_id(cls):  # noqa: N805 - SQLAlchemy's declared_attr takes the class
        return Column(String(SLUG_LENGTH), ForeignKey("sources.id"), nullable=False)

    @declared_attr
    def source(cls):  # noqa: N805
        return relationship(Source, lazy="joined")

    @declared_attr
    def __table_args__(cls):  # noqa: N805
        return (
            CheckConstraint(
                _one_of("quality", QUALITIES), name=f"ck_{cls.__tablename__}_quality"
            ),
        )


class Organization(FactMixin, Base):
    """A body that awards credentials, accredits programs, regulates or publishes figures."""

    __tablename__ = "organizations"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    acronym = Column(String(32), nullable=False)
    name = Column(Text, nullable=False)
    kind = Column(String(16), nullable=False)
    description = Column(Text, nullable=False)
    url = Column(Text)
    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)

    credentials: List["Credential"] = relationship(
        "Credential", back_populates="organization", order_by="Credential.id"
    )


credential_prerequisites = Table(
    "credential_prerequisites",
    Base.metadata,
    Column("credential_id", ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)

credential_specializations = Table(
    "credential_specializations",
    Base.metadata,
    Column("credential_id", ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "specialization_id",
        ForeignKey("specializations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

continuing_education_credentials = Table(
    "continuing_education_credentials",
    Base.metadata,
    Column(
        "rule_id",
        ForeignKey("continuing_education_rules.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("credential_id", ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True),
)


class Role(FactMixin, Base):
    """A career in medical imaging."""

    __tablename__ = "roles"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    also_called = Column(Text)
    summary = Column(Text, nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)

    credentials: List["Credential"] = relationship(
        "Credential", back_populates="role", order_by="Credential.id"
    )
    specializations: List["Specialization"] = relationship(
        "Specialization", back_populates="role", order_by="Specialization.id"
    )


class Specialization(FactMixin, Base):
    """An area a technologist can specialize in."""

    __tablename__ = "specializations"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)

    role = relationship(Role, back_populates="specializations")
    credentials: List["Credential"] = relationship(
        "Credential",
        secondary=credential_specializations,
        back_populates="specializations",
        order_by="Credential.id",
    )


class Credential(FactMixin, Base):
    """A certification, the body that awards it and how to become eligible."""

    __tablename__ = "credentials"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    abbreviation = Column(String(32), nullable=False)
    name = Column(Text, nullable=False)
    organization_id = Column(String(SLUG_LENGTH), ForeignKey("organizations.id"), nullable=False)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    pathway = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False, default="active")
    requirements = Column(Text, nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)

    organization = relationship(Organization, back_populates="credentials", lazy="joined")
    role = relationship(Role, back_populates="credentials")
    prerequisite_roles: List[Role] = relationship(
        Role, secondary=credential_prerequisites, order_by=Role.id
    )
    specializations: List[Specialization] = relationship(
        Specialization,
        secondary=credential_specializations,
        back_populates="credentials",
        order_by=Specialization.id,
    )
    exams: List["Exam"] = relationship("Exam", back_populates="credential", order_by="Exam.id")

    __table_args__ = (
        CheckConstraint(_one_of("pathway", PATHWAYS), name="ck_credential_pathway"),
        CheckConstraint(_one_of("status", CREDENTIAL_STATUSES), name="ck_credential_status"),
        CheckConstraint(_one_of("quality", QUALITIES), name="ck_credentials_quality"),
    )


class Education(FactMixin, Base):
    """How a role is trained: award, program length, accreditor, coursework."""

    __tablename__ = "education_requirements"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False)
    award = Column(Text)
    program_length = Column(Text)
    accreditor_id = Column(String(SLUG_LENGTH), ForeignKey("organizations.id"))
    coursework = Column(Text)
    details = Column(Text)

    role = relationship(Role)
    accreditor = relationship(Organization)


class Exam(FactMixin, Base):
    """Known facts about a credential's exam; unknown numbers stay NULL."""

    __tablename__ = "exams"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    credential_id = Column(String(SLUG_LENGTH), ForeignKey("credentials.id"), nullable=False)
    scored_questions = Column(Integer)
    duration_minutes = Column(Integer)
    content_outline = Column(JSON)
    notes = Column(Text)

    credential = relationship(Credential, back_populates="exams")


class ContinuingEducationRule(FactMixin, Base):
    """What keeping a credential requires. No credentials listed: every one of the body's."""

    __tablename__ = "continuing_education_rules"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    organization_id = Column(String(SLUG_LENGTH), ForeignKey("organizations.id"), nullable=False)
    title = Column(Text, nullable=False)
    requirement = Column(Text, nullable=False)
    credits = Column(Integer)
    period_months = Column(Integer)

    organization = relationship(Organization)
    credentials: List[Credential] = relationship(
        Credential, secondary=continuing_education_credentials, order_by=Credential.id
    )


class ClinicalExperience(FactMixin, Base):
    """Supervised hands-on experience; no role means imaging technologists in general."""

    __tablename__ = "clinical_experience"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    description = Column(Text, nullable=False)
    hours = Column(Integer)

    role = relationship(Role)


class PayFigure(FactMixin, Base):
    """Median annual pay for a role, for a stated period; NULL where not known."""

    __tablename__ = "pay_figures"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False, unique=True)
    median_annual_usd = Column(Integer)
    period = Column(Text)
    notes = Column(Text)

    role = relationship(Role)


class OutlookFigure(FactMixin, Base):
    """Projected employment growth for an occupation group; no role means the field at large."""

    __tablename__ = "outlook_figures"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    group = Column(Text, nullable=False)
    growth_percent = Column(Integer)
    period = Column(Text)
    annual_openings = Column(Integer)
    notes = Column(Text)

    role = relationship(Role)


class Skill(FactMixin, Base):
    """A skill or quality; no role means imaging technicians in general."""

    __tablename__ = "skills"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    name = Column(Text, nullable=False)

    role = relationship(Role)


class LicensureNote(FactMixin, Base):
    """What is known about state licensure for a role."""

    __tablename__ = "licensure_notes"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"), nullable=False)
    note = Column(Text, nullable=False)
    states_count = Column(Integer)

    role = relationship(Role)


class PathwayStep(FactMixin, Base):
    """One step of the pathway, in order; no role means the general path."""

    __tablename__ = "pathway_steps"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    role_id = Column(String(SLUG_LENGTH), ForeignKey("roles.id"))
    position = Column(Integer, nullable=False)
    title = Column(Text, nullable=False)
    description = Column(Text, nullable=False)

    role = relationship(Role)


class Term(FactMixin, Base):
    """An acronym or term that is not an organization, credential, role or specialization."""

    __tablename__ = "terms"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    acronym = Column(String(64), nullable=False)
    expansion = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)


starting_point_steps = Table(
    "starting_point_steps",
    Base.metadata,
    Column(
        "starting_point_id",
        ForeignKey("starting_points.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("step_id", ForeignKey("pathway_steps.id", ondelete="CASCADE"), primary_key=True),
)


class StartingPoint(FactMixin, Base):
    """Where a student may be now ("in high school"), for planning their next steps.

    ``completed_steps`` are the pathway steps already behind someone starting here;
    ``note`` is a sourced fact that matters from here (a degree in another field counts
    towards ARRT's degree requirement, for instance).
    """

    __tablename__ = "starting_points"

    id = Column(String(SLUG_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)
    note = Column(Text)
    aliases = Column(JSON, nullable=False, default=list)
    exact_aliases = Column(JSON, nullable=False, default=list)

    completed_steps: List[PathwayStep] = relationship(
        PathwayStep, secondary=starting_point_steps, order_by=PathwayStep.position
    )
