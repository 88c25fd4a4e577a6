"""Test wiring: a throwaway data directory, migrated once, emptied between tests.

The database is SQLite unless DATABASE_URL points at a PostgreSQL server, which CI sets for
a second run of the same suite.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from collections.abc import AsyncIterator

import pytest

# Must happen before `backend` is imported: the engine is chosen from the environment.
os.environ["PARCOURS_DATA_DIR"] = tempfile.mkdtemp(prefix="parcours-tests-")
os.environ.setdefault("PARCOURS_SECRET_KEY", "tests-only-secret")

from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.postgres import PostgresEngine

from backend.app import create_app
from backend.db.engine import current_engine
from backend.db.migrate import migrate
from backend.tables import ALL_TABLES


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """asyncio only: the app and its drivers are asyncio-based."""
    return "asyncio"


@pytest.fixture(scope="session")
async def database() -> None:
    """The schema, created once per test session through the real migrations."""
    await migrate()


@pytest.fixture(autouse=True)
def _fresh_database(request: pytest.FixtureRequest) -> None:
    """Every async test starts from empty tables; sync tests do not touch the database."""
    if inspect.iscoroutinefunction(request.function):
        request.getfixturevalue("empty_database")


@pytest.fixture
async def empty_database(database: None) -> None:
    """Empty every table."""
    engine = current_engine()
    names = [table._meta.tablename for table in reversed(ALL_TABLES)]
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
    else:
        for name in names:
            await engine.run_ddl(f"DELETE FROM {name}")  # noqa: S608 - our own table names


@pytest.fixture
def app() -> Litestar:
    """The real application, as `parcours serve` builds it."""
    return create_app()


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    """An HTTP client speaking to the app, with a cookie jar like a browser's."""
    async with AsyncTestClient(app=app) as http:
        yield http


@pytest.fixture
async def other_client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    """A second browser, for a second person."""
    async with AsyncTestClient(app=app) as http:
        yield http
