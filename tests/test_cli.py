"""The `parcours` command as an operator runs it: a real process against the same database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from anyio import run_process

from backend.tables import User
from tests.helpers import PASSWORD

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
            await http.get("/login")
            signup = await http.post(
                "/api/v1/auth/signup",
                json={"email": "t@e.test", "password": PASSWORD, "name": "T", "role": "tester"},
                headers={"x-csrftoken": http.cookies["csrftoken"]},
            )
            me = await http.get("/api/v1/me")
    finally:
        server.terminate()
        server.wait(timeout=15)

    assert health.status_code == 200
    assert signup.status_code == 201
    assert me.json()["email"] == "t@e.test"
