"""Hostile input gets a 4xx that says what is wrong, and never holds the server."""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path

import httpx
import pytest
from httpx import AsyncClient

from backend.tables import Campaign
from bench.load import running_server
from tests.helpers import (
    PASSWORD,
    accepted_journey,
    created_campaign,
    csrf_headers,
    signed_up,
    signed_up_manager,
    small_definition,
)
from tests.seeding import seed_friction, two_stage_definition

pytestmark = pytest.mark.anyio
TOO_BIG = 2**63


def _alias_bomb(levels: int = 9) -> str:
    """ "Billion laughs": 478 bytes that expand to 9**9 strings."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _many_keys(count: int) -> str:
    """A file of `kNNNNNNN: v` lines: cheap to send, slow to parse."""
    return "".join(f"k{n:07d}: v\n" for n in range(count))


async def _as_client(client: AsyncClient) -> dict[str, str]:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")
    return await csrf_headers(client)


async def test_an_alias_bomb_is_refused_before_it_expands(client: AsyncClient) -> None:
    headers = await _as_client(client)

    response = await client.post("/api/v1/campaigns/import", content=_alias_bomb(), headers=headers)

    assert response.status_code == 422
    assert "expands to more than 250,000 values" in response.json()["detail"]
    assert await Campaign.count() == 0


async def test_yaml_anchors_of_reasonable_size_still_work(client: AsyncClient) -> None:
    headers = await _as_client(client)
    text = (Path(__file__).parent.parent / "campaigns/examples/retail.yaml").read_text()
    assert "*agree" in text, "the example reuses its scale labels through an alias"

    response = await client.post("/api/v1/campaigns/import", content=text, headers=headers)

    assert response.status_code == 201, response.text


async def test_a_campaign_file_over_one_megabyte_is_refused(client: AsyncClient) -> None:
    headers = await _as_client(client)

    over_body_limit = await client.post(
        "/api/v1/campaigns/import", content=_many_keys(100_000), headers=headers
    )
    just_over_file_limit = await client.post(
        "/api/v1/campaigns/import", content=_many_keys(87_500) + "#" * 1000, headers=headers
    )

    assert over_body_limit.status_code == 413
    assert just_over_file_limit.status_code == 422
    assert "the limit is 1024 kB" in just_over_file_limit.json()["detail"]
    assert await Campaign.count() == 0


async def test_deep_nesting_in_any_format_is_a_422(client: AsyncClient) -> None:
    headers = await _as_client(client)
    deep = "[" * 5000 + "]" * 5000

    for fmt, body in (("yaml", deep), ("json", deep), ("toml", f"a = {deep}")):
        response = await client.post(
            f"/api/v1/campaigns/import?format={fmt}", content=body, headers=headers
        )
        assert response.status_code == 422, (fmt, response.text)
        assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize(
    ("grow", "named"),
    [
        (lambda d: d["use_cases"].extend(copy.deepcopy(d["use_cases"]) * 60), "use_cases"),
        (
            lambda d: d["use_cases"][0]["steps"].extend(
                copy.deepcopy(d["use_cases"][0]["steps"]) * 20_000
            ),
            "MB at most",
        ),
        (lambda d: d["use_cases"][0].update(title="x" * 900_000), "at most 10000 characters"),
        (
            lambda d: d["use_cases"][0]["steps"].extend(
                copy.deepcopy(d["use_cases"][0]["steps"]) * 600
            ),
            "at most 500 items",
        ),
        (
            lambda d: d["questions"].__setitem__(
                0,
                {
                    "id": "pick",
                    "kind": "single_choice",
                    "text": "Pick one",
                    "options": [{"id": f"o{n}", "label": "x"} for n in range(60)],
                },
            ),
            "at most 50 items",
        ),
    ],
    ids=["use cases", "20,000 steps", "text", "600 steps", "options"],
)
async def test_definitions_beyond_the_limits_are_refused_naming_the_limit(
    client: AsyncClient, grow, named: str
) -> None:
    headers = await _as_client(client)
    definition = small_definition()
    grow(definition)

    response = await client.post("/api/v1/campaigns", json=definition, headers=headers)

    assert response.status_code in (413, 422), response.text[:200]
    assert named in response.text
    assert await Campaign.count() == 0


async def test_nested_json_and_bad_utf8_are_400_even_unauthenticated(client: AsyncClient) -> None:
    deep = b"[" * 1000 + b"]" * 1000
    json_type = {"content-type": "application/json"}

    nested = await client.post("/api/v1/auth/tokens", content=deep, headers=json_type)
    not_utf8 = await client.post(
        "/api/v1/auth/tokens", content=b'{"email": "\xff\xfe", "password": "x"}', headers=json_type
    )

    assert nested.status_code == 400
    assert "nested too deeply" in nested.json()["detail"]
    assert not_utf8.status_code == 400
    assert "UTF-8" in not_utf8.json()["detail"]


async def test_ids_beyond_64_bits_are_4xx_not_500(client: AsyncClient, browsers) -> None:
    headers = await _as_client(client)
    campaign = await created_campaign(client, two_stage_definition())
    await seed_friction(campaign["id"])
    manager = await signed_up_manager(browsers())
    finding = (await manager.get(f"/api/v1/campaigns/{campaign['id']}/findings")).json()[0]

    too_big_path = await client.get(f"/api/v1/campaigns/{TOO_BIG}")
    too_small_path = await client.get(f"/api/v1/campaigns/{-TOO_BIG - 1}")
    too_big_body = await manager.patch(
        f"/api/v1/findings/{finding['id']}",
        json={"review": "duplicate", "duplicate_of": TOO_BIG},
        headers=await csrf_headers(manager),
    )
    too_big_offset = await manager.get(f"/api/v1/users?offset={TOO_BIG}")

    assert too_big_path.status_code == 404
    assert too_small_path.status_code == 404
    assert too_big_body.status_code in (400, 422)
    assert too_big_offset.status_code == 400
    assert (await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=headers)).is_success


async def test_health_answers_while_hostile_files_are_refused(
    client: AsyncClient, tmp_path: Path
) -> None:
    await signed_up(client, "cfo@acme.test", role="client", organization="Acme")

    with running_server(tmp_path / "server.log") as (_, base):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            token = (
                await http.post(
                    "/api/v1/auth/tokens",
                    json={"email": "cfo@acme.test", "password": PASSWORD},
                )
            ).json()["token"]
            bearer = {"authorization": f"Bearer {token}"}
            done: list[str] = []

            async def upload(name: str, body: str) -> httpx.Response:
                response = await http.post("/api/v1/campaigns/import", content=body, headers=bearer)
                done.append(name)
                return response

            async def health_while_uploading() -> list[tuple[int, int]]:
                answers = []
                await asyncio.sleep(0.05)
                while len(done) < 2:
                    response = await http.get("/health")
                    answers.append((response.status_code, len(done)))
                    await asyncio.sleep(0.02)
                return answers

            bomb, slow, health = await asyncio.gather(
                upload("bomb", _alias_bomb()),
                upload("slow", _many_keys(85_000)),
                health_while_uploading(),
            )

    assert bomb.status_code == 422
    assert slow.status_code == 422, "80,000 unknown fields are refused, after a while"
    during = [status for status, finished in health if finished < 2]
    assert during, "the server answered /health while it parsed the files"
    assert set(during) == {200}


async def test_a_multipart_field_that_is_not_utf8_is_400(client: AsyncClient, browsers) -> None:
    tester = browsers()
    journey = await accepted_journey(client, tester)
    step = journey["use_cases"][0]["steps"][0]["id"]
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfeabc\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="kind"\r\n\r\nbug\r\n--XX--\r\n'
    )

    response = await tester.post(
        f"/api/v1/participations/{journey['participation_id']}/steps/{step}/findings",
        content=body,
        headers={
            "content-type": "multipart/form-data; boundary=XX",
            **await csrf_headers(tester),
        },
    )

    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


async def test_a_problem_inside_one_locales_text_is_located_not_looped(
    client: AsyncClient,
) -> None:
    headers = await _as_client(client)
    definition = small_definition()
    definition["use_cases"][0]["title"] = {"en-GB": "Pay a bill", "fr-FR": "x" * 10_001}

    response = await client.post("/api/v1/campaigns", json=definition, headers=headers)

    assert response.status_code == 422
    assert "use_cases[0].title" in response.json()["detail"]
    assert "at most 10000 characters here" in response.json()["detail"]
