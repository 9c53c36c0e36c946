"""Engines and sessions, built lazily from configuration (never at import)."""

from __future__ import annotations

from functools import cache
from typing import Optional

from sqlalchemy import Enum, MetaData, Table, create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot import settings
from bot.kb.models import Base


def make_engine(url: Optional[str] = None) -> Engine:
    """Create a 2.0-style engine for ``url`` (default: ``DATABASE_URL``).

    SQLite gets foreign-key enforcement switched on, as PostgreSQL has it always.
    """
    url = url or settings.database_url()
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@cache
def session_factory(url: Optional[str] = None) -> sessionmaker:
    """One session factory per database URL, created on first use."""
    return sessionmaker(make_engine(url), future=True, expire_on_commit=False)


def default_session_factory() -> sessionmaker:
    """The session factory for the configured ``DATABASE_URL``."""
    return session_factory(settings.database_url())


# Tables of earlier versions of the models, dropped when the schema is rebuilt.
RETIRED_TABLES = ("credential_prerequisites",)


def create_schema(engine: Engine) -> None:
    """Create the knowledge base's tables, rebuilding them if the models have changed.

    The knowledge base is built from the knowledge files, so when a table's columns (names
    and whether they may be empty) or the values a column may take (a new kind of pathway
    step) no longer match the models (an older version of the project made it), every
    knowledge table is dropped and created afresh; the next load fills them again. Tables
    that are not the knowledge base's are never touched.
    """
    if _out_of_date(engine):
        existing = MetaData()
        existing.reflect(engine, only=lambda name, _: name in _ours())
        existing.drop_all(engine)
    Base.metadata.create_all(engine)


def _ours() -> set:
    return set(Base.metadata.tables) | set(RETIRED_TABLES)


def _out_of_date(engine: Engine) -> bool:
    inspector = inspect(engine)
    present = set(inspector.get_table_names())
    if present & set(RETIRED_TABLES):
        return True
    for name, table in Base.metadata.tables.items():
        if name in present:
            columns = {(column["name"], bool(column["nullable"]))
                       for column in inspector.get_columns(name)}
            wanted = {(column.name, bool(column.nullable)) for column in table.columns}
            if columns != wanted or _choices_out_of_date(inspector, name, table):
                return True
    return False


def _choices_out_of_date(inspector, name: str, table: Table) -> bool:
    """Whether a choice column's CHECK constraint leaves out a value the model allows."""
    checks = {check.get("name"): check.get("sqltext") or ""
              for check in inspector.get_check_constraints(name)}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, Enum) and kind.name in checks:
            if any(f"'{value}'" not in checks[kind.name] for value in kind.enums):
                return True
    return False
