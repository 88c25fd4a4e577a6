"""The API fuzzed from its own OpenAPI schema, as each role, against a real server process:
no input is a 5xx, and every response has the media type and shape the schema declares.

Data is seeded per role first (a launched campaign, an accepted tester with a finding, a
manager), so generated requests reach past 401 and 404. Seeded and bounded: the same
requests every run. It runs in the SQLite pass; the PostgreSQL pass shares the code paths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import anyio.to_thread
import httpx
import pytest
from httpx import AsyncClient

from bench.load import running_server
from tests.helpers import PASSWORD, accepted_journey, csrf_headers, signed_up_manager

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="fuzzed in the SQLite pass of CI"
    ),
]
EXAMPLES_PER_OPERATION = 12
# Operations that would end the fuzzer's own sign-in; each has tests of its own.
SELF_DESTRUCTIVE = r"auth/logout|auth/tokens/\{|/api/v1/me$|/me/password"
ACCOUNTS = {
    "client": "cfo@acme.test",
    "tester": "tess@example.org",
    "manager": "pm@parcours.test",
}


@pytest.fixture
async def seeded(client: AsyncClient, browsers) -> None:
    """A launched campaign, its tester walking with a finding filed, and a manager."""
    tester = browsers()
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    filed = await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        data={"title": "The pay button does nothing", "kind": "bug", "severity": "major"},
        headers=await csrf_headers(tester),
    )
    assert filed.status_code == 201, filed.text
    await signed_up_manager(browsers())


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("role", list(ACCOUNTS))
async def test_no_generated_request_is_a_server_error(
    seeded: None, role: str, tmp_path: Path
) -> None:
    schemathesis = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert schemathesis, "schemathesis comes with the test extra"

    with running_server(tmp_path / "server.log") as (_, base):
        async with httpx.AsyncClient(base_url=base) as http:
            issued = await http.post(
                "/api/v1/auth/tokens",
                json={"email": ACCOUNTS[role], "password": PASSWORD, "label": "fuzz"},
            )
        command = [
            schemathesis,
            "run",
            f"{base}/schema/openapi.json",
            "--header",
            f"Authorization: Bearer {issued.json()['token']}",
            "--checks",
            "not_a_server_error,content_type_conformance,response_schema_conformance",
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--seed",
            "20261123",
            "--exclude-path-regex",
            SELF_DESTRUCTIVE,
            "--generation-database",
            "none",
            "--no-shrink",
            "--no-color",
            "--workers",
            "2",
        ]
        result = await anyio.to_thread.run_sync(_run, command)
        server_log = (tmp_path / "server.log").read_text()

    assert result.returncode == 0, result.stdout[-6000:]
    assert "Traceback" not in server_log, server_log[-4000:]
