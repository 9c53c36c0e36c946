"""What each knowledge file may contain: its kind, its model and the fields of an entry.

The loader validates the files against these specs before it writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple, Type

from bot.kb import models
from bot.kb.models import Base


@dataclass(frozen=True)
class Field:
    """One field of a knowledge-file entry.

    Attributes:
        name: the key in the file.
        type: ``text``, ``int``, ``date``, ``strings`` (a list of strings), ``outline``
            (a list of ``{area, percent}``), ``ref`` or ``refs`` (ids of another kind).
        required: whether the entry must have a non-empty value.
        ref: for ``ref`` and ``refs``, the kind referred to.
        choices: allowed values for a ``text`` field, if limited.
        attribute: the model attribute it is stored in (default: derived from ``name``).
    """

    name: str
    type: str = "text"
    required: bool = False
    ref: Optional[str] = None
    choices: Tuple[str, ...] = ()
    attribute: Optional[str] = None

    @property
    def model_attribute(self) -> str:
        if self.attribute:
            return self.attribute
        return f"{self.name}_id" if self.type == "ref" else self.name


@dataclass(frozen=True)
class Kind:
    """A kind of thing in the knowledge base: one file, one model."""

    name: str
    model: Type[Base]
    fields: Tuple[Field, ...]
    is_fact: bool = True
    has_aliases: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.yml"

    @property
    def all_fields(self) -> Tuple[Field, ...]:
        common = (Field("id", required=True),)
        aliases = (
            (Field("aliases", "strings"), Field("exact_aliases", "strings"))
            if self.has_aliases
            else ()
        )
        facts = (
            (
                Field("source", "ref", required=True, ref="sources"),
                Field("as_of", "date", required=True),
                Field("quality", required=True, choices=models.QUALITIES),
            )
            if self.is_fact
            else ()
        )
        return common + self.fields + aliases + facts


# In dependency order: a kind refers only to kinds listed before it.
KINDS: Tuple[Kind, ...] = (
    Kind(
        "sources",
        models.Source,
        (
            Field("title", required=True),
            Field("publisher", required=True),
            Field("url"),
            Field("kind", required=True, choices=models.SOURCE_KINDS),
            Field("accessed", "date", required=True),
        ),
        is_fact=False,
    ),
    Kind(
        "organizations",
        models.Organization,
        (
            Field("acronym", required=True),
            Field("name", required=True),
            Field("kind", required=True, choices=models.ORGANIZATION_KINDS),
            Field("description", required=True),
            Field("url"),
        ),
        has_aliases=True,
    ),
    Kind(
        "roles",
        models.Role,
        (
            Field("name", required=True),
            Field("also_called"),
            Field("summary", required=True),
        ),
        has_aliases=True,
    ),
    Kind(
        "specializations",
        models.Specialization,
        (
            Field("name", required=True),
            Field("description", required=True),
            Field("role", "ref", ref="roles"),
        ),
        has_aliases=True,
    ),
    Kind(
        "credentials",
        models.Credential,
        (
            Field("abbreviation", required=True),
            Field("name", required=True),
            Field("organization", "ref", required=True, ref="organizations"),
            Field("role", "ref", ref="roles"),
            Field("pathway", required=True, choices=models.PATHWAYS),
            Field("status", choices=models.CREDENTIAL_STATUSES),
            Field("requirements", required=True),
            Field("prerequisite_roles", "refs", ref="roles"),
            Field("specializations", "refs", ref="specializations"),
        ),
        has_aliases=True,
    ),
    Kind(
        "education",
        models.Education,
        (
            Field("role", "ref", required=True, ref="roles"),
            Field("award"),
            Field("program_length"),
            Field("accreditor", "ref", ref="organizations"),
            Field("coursework"),
            Field("details"),
        ),
    ),
    Kind(
        "exams",
        models.Exam,
        (
            Field("credential", "ref", required=True, ref="credentials"),
            Field("scored_questions", "int"),
            Field("duration_minutes", "int"),
            Field("content_outline", "outline"),
            Field("notes"),
        ),
    ),
    Kind(
        "continuing_education",
        models.ContinuingEducationRule,
        (
            Field("organization", "ref", required=True, ref="organizations"),
            Field("title", required=True),
            Field("requirement", required=True),
            Field("credits", "int"),
            Field("period_months", "int"),
            Field("credentials", "refs", ref="credentials"),
        ),
    ),
    Kind(
        "clinical_experience",
        models.ClinicalExperience,
        (
            Field("role", "ref", ref="roles"),
            Field("description", required=True),
            Field("hours", "int"),
        ),
    ),
    Kind(
        "pay",
        models.PayFigure,
        (
            Field("role", "ref", required=True, ref="roles"),
            Field("median_annual_usd", "int"),
            Field("period"),
            Field("notes"),
        ),
    ),
    Kind(
        "outlook",
        models.OutlookFigure,
        (
            Field("role", "ref", ref="roles"),
            Field("group", required=True),
            Field("growth_percent", "int"),
            Field("period"),
            Field("annual_openings", "int"),
            Field("notes"),
        ),
    ),
    Kind(
        "skills",
        models.Skill,
        (Field("role", "ref", ref="roles"), Field("name", required=True)),
    ),
    Kind(
        "licensure",
        models.LicensureNote,
        (
            Field("role", "ref", required=True, ref="roles"),
            Field("note", required=True),
            Field("states_count", "int"),
        ),
    ),
    Kind(
        "pathway_steps",
        models.PathwayStep,
        (
            Field("role", "ref", ref="roles"),
            Field("position", "int", required=True),
            Field("title", required=True),
            Field("description", required=True),
        ),
    ),
    Kind(
        "terms",
        models.Term,
        (
            Field("acronym", required=True),
            Field("expansion", required=True),
            Field("description", required=True),
        ),
        has_aliases=True,
    ),
    Kind(
        "starting_points",
        models.StartingPoint,
        (
            Field("name", required=True),
            Field("position", "int", required=True),
            Field("completed_steps", "refs", ref="pathway_steps"),
            Field("note"),
        ),
        has_aliases=True,
    ),
)

KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
