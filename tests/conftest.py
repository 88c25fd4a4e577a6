"""Test wiring: a throwaway data directory, migrated once, emptied between tests.

The database is SQLite unless DATABASE_URL points at a PostgreSQL server, which CI sets for
a second run of the same suite.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

# Must happen before `backend` is imported: the engine is chosen from the environment.
os.environ["PARCOURS_DATA_DIR"] = tempfile.mkdtemp(prefix="parcours-tests-")
os.environ.setdefault("PARCOURS_SECRET_KEY", "tests-only-secret")

from httpx import ASGITransport, AsyncClient
from litestar import Litestar
from piccolo.engine.postgres import PostgresEngine

from backend import clock
from backend.app import create_app
from backend.db.engine import ParcoursSQLiteEngine, current_engine
from backend.db.migrate import migrate
from backend.tables import ALL_TABLES, Finding
from tests.helpers import (
    ASKED,
    accepted_journey,
    csrf_headers,
    finding_asked_about,
    signed_up_manager,
)


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
async def empty_database(database: None) -> AsyncIterator[None]:
    """Empty every table; afterwards close the connections the test's event loop kept."""
    engine = current_engine()
    names = [table._meta.tablename for table in reversed(ALL_TABLES)]
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
    else:
        for name in names:
            await engine.run_ddl(f"DELETE FROM {name}")  # noqa: S608 - our own table names
    yield
    if isinstance(engine, ParcoursSQLiteEngine):
        await engine.close_connections()


@pytest.fixture
def app() -> Litestar:
    """The real application, as `parcours serve` builds it."""
    return create_app()


@pytest.fixture
async def running_app(app: Litestar) -> AsyncIterator[Litestar]:
    """The app between its start-up and shutdown hooks, in the test's own event loop.

    Litestar's test client runs the app on another thread's loop; a PostgreSQL connection
    pool opened there cannot serve the test's own queries, so the app runs here instead.
    """
    async with app.lifespan():
        yield app


def _browser(app: Litestar) -> AsyncClient:
    # A dotted host name, or the cookie jar will not keep the session cookie.
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver.local")


@pytest.fixture
async def client(running_app: Litestar) -> AsyncIterator[AsyncClient]:
    """An HTTP client speaking to the app, with a cookie jar like a browser's."""
    async with _browser(running_app) as http:
        yield http


@pytest.fixture
async def browsers(running_app: Litestar) -> AsyncIterator[Callable[[], AsyncClient]]:
    """Open as many browsers on the app as a test needs (one per person)."""
    opened: list[AsyncClient] = []

    def open_one() -> AsyncClient:
        opened.append(_browser(running_app))
        return opened[-1]

    yield open_one
    for browser in opened:
        await browser.aclose()


@pytest.fixture
async def other_client(running_app: Litestar) -> AsyncIterator[AsyncClient]:
    """A second browser, for a second person."""
    async with _browser(running_app) as http:
        yield http


@pytest.fixture
def on_day() -> Iterator[object]:
    """Stand on a chosen day; the real clock comes back after the test."""

    def stand(day: dt.date) -> None:
        clock.set_now(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))

    yield stand
    clock.set_now(None)


@pytest.fixture
async def filed(client: AsyncClient, browsers):
    """Acme's campaign with a major and a minor finding; (client, manager, campaign, ids)."""
    tester = browsers()
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    ids = []
    for title, severity in (("Menu <b>hidden</b>", "major"), ("Typo in footer", "minor")):
        response = await tester.post(
            f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
            data={"title": title, "kind": "usability", "severity": severity},
            headers=await csrf_headers(tester),
        )
        ids.append(response.json()["id"])
    campaign = (await Finding.select(Finding.campaign).first())["campaign"]
    return client, await signed_up_manager(browsers()), campaign, ids


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests walk pages, not SQL: on PostgreSQL (CI's second pass) they would only
    repeat the SQLite pass's minutes, so they run there alone, as the fuzzer does."""
    if not os.environ.get("DATABASE_URL"):
        return
    in_sqlite_pass = pytest.mark.skip(reason="browser tests run in the SQLite pass of CI")
    for item in items:
        if item.path.name.startswith("test_browser"):
            item.add_marker(in_sqlite_pass)


@pytest.fixture
async def asked(client: AsyncClient, browsers) -> dict[str, Any]:
    """A finding filed by a tester, sent back by a manager with the question ASKED: the
    three browsers, the finding's id and its conversation's address."""
    tester, manager = browsers(), browsers()
    finding_id = await finding_asked_about(client, tester, manager, ASKED)
    return {
        "tester": tester,
        "manager": manager,
        "client": client,
        "id": finding_id,
        "url": f"/api/v1/findings/{finding_id}/messages",
    }
