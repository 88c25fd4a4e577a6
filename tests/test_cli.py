"""The `parcours` command as an operator runs it: a real process against the same database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from anyio import run_process

from backend.tables import Campaign, Organization, User
from tests.helpers import PASSWORD, signup

pytestmark = pytest.mark.anyio

PARCOURS = [sys.executable, "-m", "backend.cli"]


async def _parcours(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if password is not None:
        env["PARCOURS_PASSWORD"] = password
    return await run_process([*PARCOURS, *args], env=env, check=False)


async def test_create_user_makes_a_manager_who_can_sign_in() -> None:
    result = await _parcours(
        "create-user", "--email", "PM@Parcours.test", "--name", "Pat", password=PASSWORD
    )

    assert result.returncode == 0, result.stderr
    assert b"Created manager pm@parcours.test" in result.stdout
    stored = await User.select(User.role, User.password_hash).first()
    assert stored["role"] == "manager"
    assert stored["password_hash"].startswith("$argon2id$")


async def test_create_user_refuses_a_short_password() -> None:
    result = await _parcours("create-user", "--email", "a@b.test", "--name", "A", password="x")

    assert result.returncode == 1
    assert b"password: expected `str` of length >= 10" in result.stderr
    assert await User.count() == 0


async def test_create_user_refuses_a_duplicate() -> None:
    args = ("create-user", "--email", "pm@parcours.test", "--name", "Pat")
    await _parcours(*args, password=PASSWORD)

    again = await _parcours(*args, password=PASSWORD)

    assert again.returncode == 1
    assert b"already exists" in again.stderr
    assert await User.count() == 1


async def test_migrate_is_repeatable() -> None:
    result = await _parcours("migrate")

    assert result.returncode == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_serve_answers_real_http() -> None:
    port = _free_port()
    server = subprocess.Popen(  # noqa: ASYNC220 - a long-lived server, stopped below
        [*PARCOURS, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            deadline = time.monotonic() + 30
            while True:
                try:
                    health = await http.get("/health")
                    break
                except httpx.ConnectError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.2)  # noqa: ASYNC251 - nothing else runs meanwhile
            # The sign-up link is read from the outbox the server wrote, as its reader would.
            signed_up = await signup(http, "t@e.test", name="T")
            me = await http.get("/api/v1/me")
    finally:
        server.terminate()
        server.wait(timeout=15)

    assert health.status_code == 200
    assert signed_up.status_code == 201
    assert me.json()["email"] == "t@e.test"


EXAMPLES = Path(__file__).parent.parent / "campaigns" / "examples"


async def test_validate_accepts_an_example_and_summarises_it() -> None:
    result = await _parcours("validate", str(EXAMPLES / "payments.yaml"))

    assert result.returncode == 0, result.stderr
    assert b"10 use cases" in result.stdout
    assert b"8 qualitative and 15 quantitative questions" in result.stdout


async def test_validate_prints_each_problem_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        (EXAMPLES / "retail.yaml").read_text().replace("stage: decision", "stage: decide")
    )

    result = await _parcours("validate", str(broken))

    assert result.returncode == 1
    assert f"{broken}, line ".encode() in result.stderr
    assert b"stage: 'decide' is not one of awareness" in result.stderr


async def test_import_campaign_stores_a_draft_for_an_organization() -> None:
    await Organization.insert(Organization(name="Lumio"))

    result = await _parcours(
        "import-campaign", str(EXAMPLES / "telecom.yaml"), "--organization", "Lumio"
    )
    unknown = await _parcours(
        "import-campaign", str(EXAMPLES / "telecom.yaml"), "--organization", "Nobody"
    )

    assert result.returncode == 0, result.stderr
    assert await Campaign.count() == 1
    assert unknown.returncode == 1
    assert b"no organization named 'Nobody'" in unknown.stderr
