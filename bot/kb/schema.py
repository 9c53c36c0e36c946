"""What each knowledge file may contain, derived from the models (declared once, there).

A kind is one model and one file (``<model.__kind__>.yml``). Its fields are the model's
columns (a foreign key ``role_id`` is the field ``role``, naming a ``roles`` id) and its
relationships marked ``refs`` (lists of ids). A column that is NOT NULL without a default
is required; an ``Enum`` column lists its choices; a JSON column is a list of strings
unless marked ``outline``. The loader validates the files against these specs before it
writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple, Type

from sqlalchemy import JSON, Boolean, Date, Enum, Integer
from sqlalchemy import inspect as sa_inspect

from bot.kb import models
from bot.kb.models import Base

# Columns every fact row has, which go last in a file's field list.
_FACT_COLUMNS = ("source_id", "as_of", "quality")
_ALIAS_COLUMNS = ("aliases", "exact_aliases")


@dataclass(frozen=True)
class Field:
    """One field of a knowledge-file entry.

    Attributes:
        name: the key in the file.
        type: ``text``, ``int``, ``bool``, ``date``, ``strings`` (a list of strings),
            ``outline`` (a list of ``{area, percent}``), ``ref`` or ``refs`` (ids of
            another kind).
        required: whether the entry must have a non-empty value.
        ref: for ``ref`` and ``refs``, the kind referred to.
        choices: allowed values for a ``text`` field, if limited.
        attribute: the model attribute it is stored in.
        default: the value stored when the entry leaves the field out.
    """

    name: str
    attribute: str
    type: str = "text"
    required: bool = False
    ref: Optional[str] = None
    choices: Tuple[str, ...] = ()
    default: object = None


@dataclass(frozen=True)
class Kind:
    """A kind of thing in the knowledge base: one file, one model."""

    name: str
    model: Type[Base]
    all_fields: Tuple[Field, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.yml"

    @property
    def is_fact(self) -> bool:
        return issubclass(self.model, models.FactMixin)

    @property
    def has_aliases(self) -> bool:
        return issubclass(self.model, models.AliasMixin)


def _kind_of_table(table_name: str) -> str:
    return next(m.__kind__ for m in models.MODELS if m.__tablename__ == table_name)


def _column_field(column) -> Field:
    default = column.default.arg if column.default is not None else None
    if callable(default):  # ``default=list``: SQLAlchemy wraps it to take a context
        default = []
    required = not column.nullable and default is None
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return Field(column.name[: -len("_id")], column.name, "ref", required,
                     ref=_kind_of_table(target))
    column_type = column.type
    if isinstance(column_type, Enum):
        return Field(column.name, column.name, "text", required,
                     choices=tuple(column_type.enums), default=default)
    if isinstance(column_type, Boolean):
        return Field(column.name, column.name, "bool", False, default=default)
    if isinstance(column_type, Integer):
        return Field(column.name, column.name, "int", required, default=default)
    if isinstance(column_type, Date):
        return Field(column.name, column.name, "date", required, default=default)
    if isinstance(column_type, JSON):
        kind = "outline" if column.info.get("outline") else "strings"
        return Field(column.name, column.name, kind, required, default=default)
    return Field(column.name, column.name, "text", required or column.primary_key,
                 default=default)


def kind_of(model: Type[Base]) -> Kind:
    """The file spec of ``model``: its columns, then its ``refs``, aliases, then source."""
    mapper = sa_inspect(model)
    columns = [_column_field(column) for column in mapper.columns]
    refs = [
        Field(name, name, "refs", ref=_kind_of_table(relationship.mapper.local_table.name),
              default=[])
        for name, relationship in mapper.relationships.items()
        if relationship.info.get("refs")
    ]
    tail = _ALIAS_COLUMNS + _FACT_COLUMNS
    ordered = [f for f in columns if f.attribute not in tail] + refs
    ordered += [f for name in tail for f in columns if f.attribute == name]
    return Kind(model.__kind__, model, tuple(ordered))


# In dependency order: a kind refers only to kinds listed before it.
KINDS: Tuple[Kind, ...] = tuple(kind_of(model) for model in models.MODELS)
KINDS_BY_NAME: Dict[str, Kind] = {kind.name: kind for kind in KINDS}
