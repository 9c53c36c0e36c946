"""Shared fixtures: knowledge-base databases on SQLite and PostgreSQL, built per test."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.kb.db import create_schema, make_engine
from bot.kb.loader import load_knowledge
from bot.settings import DEFAULT_KNOWLEDGE_DIR

DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)


def _postgres_unavailable_reason() -> str:
    engine = make_engine(postgres_url())
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return ""
    except OperationalError as error:
        return f"PostgreSQL at {postgres_url()} is not reachable: {error.orig}".strip()
    finally:
        engine.dispose()


_POSTGRES_REASON = None


def postgres_skip_reason() -> str:
    global _POSTGRES_REASON
    if _POSTGRES_REASON is None:
        _POSTGRES_REASON = _postgres_unavailable_reason()
    return _POSTGRES_REASON


def pytest_report_header(config) -> str:
    reason = postgres_skip_reason()
    return f"PostgreSQL tests: {'SKIPPED - ' + reason if reason else 'on ' + postgres_url()}"


@pytest.fixture
def knowledge_dir() -> Path:
    return DEFAULT_KNOWLEDGE_DIR


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path) -> Iterator[Engine]:
    """An empty knowledge-base schema: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'knowledge.db'}")
        create_schema(engine)
        yield engine
        engine.dispose()
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    schema = f"kb_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url())
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))  # generated name, not input
    engine = make_engine(postgres_url() + f"?options=-csearch_path%3D{schema}")
    try:
        create_schema(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session_factory(engine) -> sessionmaker:
    return sessionmaker(engine, future=True, expire_on_commit=False)


@pytest.fixture
def loaded_factory(session_factory, knowledge_dir) -> sessionmaker:
    """A knowledge base loaded from the project's knowledge files."""
    with session_factory.begin() as session:
        load_knowledge(session, knowledge_dir)
    return session_factory


@pytest.fixture
def kb(loaded_factory) -> Iterator[Session]:
    with loaded_factory() as session:
        yield session
