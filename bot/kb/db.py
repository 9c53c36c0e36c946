"""Engines and sessions, built lazily from configuration (never at import)."""

from __future__ import annotations

from functools import cache
from typing import Optional

from sqlalchemy import create_engine, event
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


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet."""
    Base.metadata.create_all(engine)
