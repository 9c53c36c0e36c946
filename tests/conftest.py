"""Shared fixtures: the fixture knowledge base on SQLite and PostgreSQL, and empty schemas.

The code's tests run against ``tests/fixtures/knowledge``, a small fictional knowledge
base, never against ``data/knowledge`` (the real facts change as they are corrected; their
invariants are checked in ``tests/kb/test_real_knowledge.py``). It is loaded ONCE per test
session for each backend; each test gets a session inside a transaction that is rolled
back afterwards (``kb``). Loader tests that write get a fresh empty schema (``engine``).
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.kb.db import create_schema, make_engine
from bot.kb.loader import load_knowledge, load_knowledge_into

DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
FIXTURE_KNOWLEDGE_DIR = Path(__file__).parent / "fixtures" / "knowledge"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


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


@contextmanager
def empty_schema(backend: str, folder: Path) -> Iterator[Engine]:
    """An empty knowledge-base schema: a SQLite file in ``folder``, or a throwaway
    PostgreSQL schema (dropped afterwards); skips when PostgreSQL is not reachable."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'knowledge.db'}")
        try:
            create_schema(engine)
            yield engine
        finally:
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


# --- the fixture knowledge base, built once per session -----------------------------------

@pytest.fixture(scope="session")
def fixture_knowledge_dir() -> Path:
    return FIXTURE_KNOWLEDGE_DIR


@pytest.fixture(scope="session")
def fixture_sqlite_url(tmp_path_factory) -> str:
    """A SQLite file holding the fixture knowledge base (also what the actions read)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fixture_kb') / 'knowledge.db'}"
    load_knowledge_into(url, FIXTURE_KNOWLEDGE_DIR)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def fixture_engine(request, tmp_path_factory) -> Iterator[Engine]:
    """The fixture knowledge base, loaded once per session on each backend."""
    if request.param == "sqlite":
        engine = make_engine(request.getfixturevalue("fixture_sqlite_url"))
        yield engine
        engine.dispose()
        return
    with empty_schema("postgresql", tmp_path_factory.mktemp("pg")) as engine:
        with sessionmaker(engine, future=True).begin() as session:
            load_knowledge(session, FIXTURE_KNOWLEDGE_DIR)
        yield engine


@pytest.fixture
def kb(fixture_engine) -> Iterator[Session]:
    """A session on the fixture knowledge base, in a transaction rolled back after the test."""
    connection = fixture_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, future=True)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


# --- empty schemas, for the loader tests that write ---------------------------------------

@pytest.fixture
def knowledge_dir() -> Path:
    return FIXTURE_KNOWLEDGE_DIR


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path) -> Iterator[Engine]:
    """An empty knowledge-base schema: a SQLite file, or a fresh PostgreSQL schema."""
    with empty_schema(request.param, tmp_path) as engine:
        yield engine


@pytest.fixture
def session_factory(engine) -> sessionmaker:
    return sessionmaker(engine, future=True, expire_on_commit=False)


@pytest.fixture
def loaded_factory(session_factory, knowledge_dir) -> sessionmaker:
    """A fresh schema loaded with the fixture knowledge files, for tests that write."""
    with session_factory.begin() as session:
        load_knowledge(session, knowledge_dir)
    return session_factory


# --- servers of the tests' own, to stop and start again (tests/private_servers.py) ---------
from tests.private_servers import private_postgres  # noqa: E402,F401
